#pragma once
/// \file
/// Options every kbcheck subcommand shares (../../docs/cli.md), and exit statuses.

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "report/report.h"

namespace kb::cli {

/// Exit statuses of the CLI contract.
inline constexpr int kExitOk = 0;        ///< nothing at or above --fail-on
inline constexpr int kExitFindings = 1;  ///< findings at or above --fail-on
inline constexpr int kExitFailure = 2;   ///< the run itself failed

/// `--fail-on`: the lowest severity that makes the exit status 1.
enum class FailOn { kError, kWarning, kNone };

/// `--color`.
enum class ColorMode { kAuto, kAlways, kNever };

struct CommonOptions {
  report::Format format = report::Format::kText;
  FailOn fail_on = FailOn::kError;
  unsigned jobs = 0;  ///< 0: one per core
  bool quiet = false;
  ColorMode color = ColorMode::kAuto;
};

/// The command-line names of an option's values.
template <class E>
using Choices = std::map<std::string, E>;

/// A checked transformer (CLI::CheckedTransformer without its numeric aliases): parses
/// an option's name into its enum; any other value, `--format 4` included, is refused
/// with the list of names (exit 2).
template <class E>
CLI::Validator one_of(const Choices<E>& choices) {
  std::string names;
  for (const auto& [name, value] : choices) names += (names.empty() ? "" : "|") + name;
  return CLI::Validator(
      [choices, names](std::string& text) -> std::string {
        auto it = choices.find(text);
        if (it == choices.end()) return "'" + text + "' is not one of " + names;
        text = std::to_string(static_cast<int>(it->second));
        return {};
      },
      names);
}

/// Prints `kbcheck: error: MESSAGE` on stderr, the one form every command uses.
void print_error(std::string_view message);

/// Prints `kbcheck: warning: MESSAGE` on stderr.
void print_warning(std::string_view message);

/// Adds --format, --fail-on, -j/--jobs, -q/--quiet and --color to `sub`.
void add_common_options(CLI::App& sub, CommonOptions& o);

/// Exit status for a run whose diagnostics are counted in `sink`, per --fail-on.
int exit_status_for(const CommonOptions& o, std::size_t errors, std::size_t warnings,
                    std::size_t infos);

/// Whether to colour output written to stdout (honours NO_COLOR and --color).
bool use_color(const CommonOptions& o);

/// The base URL of SARIF helpUri links: KBCHECK_RULE_DOCS_URL when set and non-empty
/// (a "/" is added when it lacks one), else report::kDefaultRuleDocsUrl.
std::string rule_docs_url();

/// The number of worker threads to use for `jobs` (0 means one per core).
unsigned resolve_jobs(unsigned jobs);

}  // namespace kb::cli
