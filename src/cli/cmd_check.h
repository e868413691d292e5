#pragma once
/// \file
/// `kbcheck check` (every rule) and `kbcheck lint` (per-record rules only).

#include <CLI/CLI.hpp>

namespace kb::cli {

/// Adds check's options and callback to `sub`; its exit status goes to `exit_code`.
void setup_check(CLI::App& sub, int& exit_code);

/// Adds lint's options and callback to `sub`; its exit status goes to `exit_code`.
void setup_lint(CLI::App& sub, int& exit_code);

}  // namespace kb::cli
