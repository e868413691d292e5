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
  model::KnowledgeBase kb;  ///< what the claims index reads (bundle::DiffSide::kb)
  std::string error;  ///< non-empty: could not load (exit 2)
};

/// Loads `path` as a bundle (a file) or a KB directory (loaded, then bundled). A
/// directory with load errors (KB00xx) is an error; its first errors go to stderr.
LoadedSide load_side(const std::string& path, const bundle::BundleOptions& options);

/// Parses `--include` values ("submitted", "accepted") into bundle statuses.
std::optional<std::string> apply_includes(const std::vector<std::string>& includes,
                                          bundle::BundleOptions& options);

}  // namespace kb::cli
