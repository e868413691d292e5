// kbcheck: lint, cross-check and compile a pharmacogenomics knowledge base.
// Every subcommand registers itself; main only parses and maps failures to exit 2.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli/cmd_check.h"
#include "cli/options.h"
#include "cli/version.h"
#include "cli/commands.h"
#include "support/atomic_write.h"

int main(int argc, char** argv) {
  kb::install_interrupt_cleanup("kbcheck");  // docs/security.md: interrupted writes
  CLI::App app{"kbcheck: lint, cross-check and compile a pharmacogenomics knowledge base"};
  app.set_version_flag("--version", std::string("kbcheck ") + kb::cli::kVersion);
  app.require_subcommand(1);
  int exit_code = kb::cli::kExitOk;
  kb::cli::add_check_commands(app, exit_code);
  kb::cli::add_more_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kb::cli::kExitOk : kb::cli::kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "kbcheck: internal error: " << e.what()
              << "\nplease report this with the command line and input\n";
    return kb::cli::kExitFailure;
  }
  return exit_code;
}
