#pragma once
/// \file
/// `kbcheck inspect FILE`: verify a bundle, print its header, version and counts
/// (docs/bundle-format.md).

#include <CLI/CLI.hpp>

namespace kb::cli {

/// Adds inspect's options and callback to `sub`; its exit status goes to `exit_code`.
void setup_inspect(CLI::App& sub, int& exit_code);

}  // namespace kb::cli
