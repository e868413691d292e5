#pragma once
/// \file
/// `kbcheck bundle`: check, then compile the KB into a bundle (docs/bundle-format.md,
/// docs/versioning.md).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "bundle/writer.h"

namespace kb::cli {

/// Adds bundle's options and callback to `sub`; its exit status goes to `exit_code`.
void setup_bundle(CLI::App& sub, int& exit_code);

/// Parses `--include` values ("submitted", "accepted") into bundle statuses (bundle, diff).
std::optional<std::string> apply_includes(const std::vector<std::string>& includes,
                                          bundle::BundleOptions& options);

}  // namespace kb::cli
