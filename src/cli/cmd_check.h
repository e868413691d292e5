#pragma once
/// \file
/// `kbcheck check` and `kbcheck lint`.

#include <CLI/CLI.hpp>

namespace kb::cli {

/// Registers `check` (every rule) and `lint` (per-record rules only) on `app`.
void add_check_commands(CLI::App& app, int& exit_code);

}  // namespace kb::cli
