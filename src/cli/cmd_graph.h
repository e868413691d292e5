#pragma once
/// \file
/// `kbcheck graph [KB_DIR] --format dot|graphml [-o FILE] [--force]`.

#include <CLI/CLI.hpp>

namespace kb::cli {

/// Registers `graph` on `app`; its result goes to `exit_code`.
void add_graph_command(CLI::App& app, int& exit_code);

}  // namespace kb::cli
