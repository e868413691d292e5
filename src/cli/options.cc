#include "cli/options.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <thread>

namespace kb::cli {

void add_common_options(CLI::App& sub, CommonOptions& o) {
  using report::Format;
  static const Choices<Format> kFormats{{"text", Format::kText}, {"json", Format::kJson},
                                        {"sarif", Format::kSarif}, {"junit", Format::kJunit},
                                        {"github", Format::kGithub}, {"gitlab", Format::kGitlab}};
  static const Choices<FailOn> kFailOn{
      {"error", FailOn::kError}, {"warning", FailOn::kWarning}, {"none", FailOn::kNone}};
  static const Choices<ColorMode> kColors{
      {"auto", ColorMode::kAuto}, {"always", ColorMode::kAlways}, {"never", ColorMode::kNever}};
  sub.add_option("--format", o.format, "Output format")
      ->transform(one_of(kFormats))->type_name("")
      ->default_str("text");
  sub.add_option("--fail-on", o.fail_on, "Lowest severity that makes the exit status 1")
      ->transform(one_of(kFailOn))->type_name("")
      ->default_str("error");
  sub.add_option("-j,--jobs", o.jobs, "Worker threads (0: one per core)")->capture_default_str();
  sub.add_flag("-q,--quiet", o.quiet, "Only diagnostics at or above --fail-on; no summary");
  sub.add_option("--color", o.color, "Colour text output (honours NO_COLOR)")
      ->transform(one_of(kColors))->type_name("")
      ->default_str("auto");
}

int exit_status_for(const CommonOptions& o, std::size_t errors, std::size_t warnings,
                    std::size_t infos) {
  (void)infos;
  if (o.fail_on == FailOn::kNone) return kExitOk;
  if (errors > 0) return kExitFindings;
  if (o.fail_on == FailOn::kWarning && warnings > 0) return kExitFindings;
  return kExitOk;
}

void print_error(std::string_view message) { std::cerr << "kbcheck: error: " << message << "\n"; }

void print_warning(std::string_view message) { std::cerr << "kbcheck: warning: " << message << "\n"; }

bool use_color(const CommonOptions& o) {
  if (o.color == ColorMode::kAlways) return true;
  if (o.color == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

std::string rule_docs_url() {
  const char* env = std::getenv("KBCHECK_RULE_DOCS_URL");
  if (!env || !*env) return std::string(report::kDefaultRuleDocsUrl);
  std::string url = env;
  if (url.back() != '/') url += '/';
  return url;
}

unsigned resolve_jobs(unsigned jobs) {
  if (jobs > 0) return std::min(jobs, 256u);
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace kb::cli
