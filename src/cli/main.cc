// kbcheck: lint, cross-check and compile a pharmacogenomics knowledge base.
// main holds the one table of subcommands; it parses and maps failures to exit 2.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli/cmd_bundle.h"
#include "cli/cmd_check.h"
#include "cli/cmd_diff.h"
#include "cli/cmd_explain.h"
#include "cli/cmd_graph.h"
#include "cli/cmd_inspect.h"
#include "cli/options.h"
#include "cli/version.h"
#include "support/atomic_write.h"

namespace {

/// A subcommand: its name, its line of `--help`, and the function that adds its options
/// and the callback that stores its exit status (ninja's kTools[] is the model).
struct Subcommand {
  const char* name;
  const char* help;
  void (*setup)(CLI::App& sub, int& exit_code);
};

/// Every subcommand, in `kbcheck --help` order. Adding one is a row here and its
/// cmd_NAME.h/.cc (docs/cli.md).
constexpr Subcommand kSubcommands[] = {
    {"check", "Every check: schema, per-record rules, cross-record graph", kb::cli::setup_check},
    {"lint", "Per-record checks only (fast path for editors and pre-commit)", kb::cli::setup_lint},
    {"bundle", "Check the KB, then compile the versioned binary bundle", kb::cli::setup_bundle},
    {"inspect", "Verify a bundle and print its header, version and counts", kb::cli::setup_inspect},
    {"diff", "What changed between two bundles (or KB directories)", kb::cli::setup_diff},
    {"graph", "Export the gene-variant-allele-drug-phenotype-evidence graph (DOT or GraphML)",
     kb::cli::setup_graph},
    {"explain", "Print a rule's documentation, or list every rule", kb::cli::setup_explain},
};

}  // namespace

int main(int argc, char** argv) {
  kb::install_interrupt_cleanup("kbcheck");  // docs/security.md: interrupted writes
#if defined(__GLIBC__)
  // Each file's records (~100 evidence records, ~120 KB) are moved into the model and
  // freed; blocks this large are mapped on their own, so freeing one returns its pages
  // instead of leaving them resident in an arena. check's peak RSS at 100k records drops
  // from ~310 MB to ~240 MB, and fewer fresh pages are faulted in (docs/performance.md).
  mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif
  CLI::App app{"kbcheck: lint, cross-check and compile a pharmacogenomics knowledge base"};
  app.set_version_flag("--version", std::string("kbcheck ") + kb::cli::kVersion);
  app.require_subcommand(1);
  int exit_code = kb::cli::kExitOk;
  for (const Subcommand& c : kSubcommands) c.setup(*app.add_subcommand(c.name, c.help), exit_code);
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
