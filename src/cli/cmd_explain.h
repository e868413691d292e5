#pragma once
/// \file
/// `kbcheck explain [RULE...]`: a rule's documentation page, or the table of all rules.

#include <CLI/CLI.hpp>

namespace kb::cli {

/// Adds explain's options and callback to `sub`; its exit status goes to `exit_code`.
void setup_explain(CLI::App& sub, int& exit_code);

}  // namespace kb::cli
