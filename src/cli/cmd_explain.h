#pragma once
/// \file
/// `kbcheck explain [RULE...]`: a rule's documentation page, or the table of all rules.

#include <CLI/CLI.hpp>

namespace kb::cli {

/// Registers `explain` on `app`; its result goes to `exit_code`.
void add_explain_command(CLI::App& app, int& exit_code);

}  // namespace kb::cli
