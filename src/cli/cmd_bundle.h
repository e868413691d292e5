#pragma once
/// \file
/// `kbcheck bundle`, `kbcheck inspect` and `kbcheck diff` (docs/bundle-format.md,
/// docs/versioning.md).

#include <CLI/CLI.hpp>

#include <optional>
#include <set>
#include <string>

#include "bundle/diff.h"
#include "bundle/writer.h"
#include "kbbundle/bundle.h"

namespace kb::cli {

/// Registers bundle, inspect and diff on `app`; their exit status goes to `exit_code`.
void add_bundle_commands(CLI::App& app, int& exit_code);

/// One side of a diff: a bundle file, or a KB directory compiled in memory.
struct LoadedSide {
  std::optional<kbbundle::Bundle> bundle;
  /// KB2001 pairs when the side is a KB directory (the checker's own findings).
  std::optional<std::set<bundle::ContradictionPair>> contradictions;
  std::string error;  ///< non-empty: could not load (exit 2)
};

/// Loads `path` as a bundle (a file) or a KB directory (checked, then bundled).
LoadedSide load_side(const std::string& path, const bundle::BundleOptions& options);

/// Parses `--include` values ("submitted", "accepted") into bundle statuses.
std::optional<std::string> apply_includes(const std::vector<std::string>& includes,
                                          bundle::BundleOptions& options);

}  // namespace kb::cli
