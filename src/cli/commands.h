#pragma once
/// \file
/// Subcommands beyond check/lint (graph, bundle, inspect, diff), registered by main.

#include <CLI/CLI.hpp>

namespace kb::cli {

/// Registers every subcommand other than check and lint.
void add_more_commands(CLI::App& app, int& exit_code);

}  // namespace kb::cli
