#pragma once
/// \file
/// `kbcheck graph [KB_DIR] --format dot|graphml [-o FILE] [--force]`.

#include <CLI/CLI.hpp>

namespace kb::cli {

/// Adds graph's options and callback to `sub`; its exit status goes to `exit_code`.
void setup_graph(CLI::App& sub, int& exit_code);

}  // namespace kb::cli
