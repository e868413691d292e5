#pragma once
/// \file
/// Options every kbcheck subcommand shares (../../docs/cli.md), and exit statuses.

#include <CLI/CLI.hpp>

#include <string>

#include "diag/diagnostic.h"

namespace kb::cli {

/// Exit statuses of the CLI contract.
inline constexpr int kExitOk = 0;        ///< nothing at or above --fail-on
inline constexpr int kExitFindings = 1;  ///< findings at or above --fail-on
inline constexpr int kExitFailure = 2;   ///< the run itself failed

struct CommonOptions {
  std::string format = "text";  ///< text | json | sarif | junit | github
  std::string fail_on = "error";  ///< error | warning | none
  unsigned jobs = 0;              ///< 0: one per core
  bool quiet = false;
  std::string color = "auto";  ///< auto | always | never
};

/// Adds --format, --fail-on, -j/--jobs, -q/--quiet and --color to `sub`.
void add_common_options(CLI::App& sub, CommonOptions& o);

/// Exit status for a run whose diagnostics are counted in `sink`, per --fail-on.
int exit_status_for(const CommonOptions& o, std::size_t errors, std::size_t warnings,
                    std::size_t infos);

/// Whether to colour output written to stdout (honours NO_COLOR and --color).
bool use_color(const CommonOptions& o);

/// The number of worker threads to use for `jobs` (0 means one per core).
unsigned resolve_jobs(unsigned jobs);

}  // namespace kb::cli
