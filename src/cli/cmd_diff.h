#pragma once
/// \file
/// `kbcheck diff OLD NEW`: what changed between two bundles or KB directories
/// (docs/bundle-format.md, docs/versioning.md).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "bundle/writer.h"
#include "kbbundle/bundle.h"
#include "model/records.h"

namespace kb::cli {

/// Adds diff's options and callback to `sub`; its exit status goes to `exit_code`.
void setup_diff(CLI::App& sub, int& exit_code);

/// One side of a diff: a bundle file, or a KB directory compiled in memory.
struct LoadedSide {
  std::optional<kbbundle::Bundle> bundle;
  model::KnowledgeBase kb;  ///< what the claims index reads (bundle::DiffSide::kb)
  std::string error;        ///< non-empty: could not load (exit 2)
};

/// Loads `path` as a bundle (a file) or a KB directory (loaded, then bundled). A
/// directory with load errors (KB00xx) is an error; its first errors go to stderr.
LoadedSide load_side(const std::string& path, const bundle::BundleOptions& options);

}  // namespace kb::cli
