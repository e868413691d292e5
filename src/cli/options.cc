#include "cli/options.h"

#include <unistd.h>

#include <cstdlib>
#include <thread>

namespace kb::cli {

void add_common_options(CLI::App& sub, CommonOptions& o) {
  sub.add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}))
      ->capture_default_str();
  sub.add_option("--fail-on", o.fail_on, "Lowest severity that makes the exit status 1")
      ->check(CLI::IsMember({"error", "warning", "none"}))
      ->capture_default_str();
  sub.add_option("-j,--jobs", o.jobs, "Worker threads (0: one per core)")->capture_default_str();
  sub.add_flag("-q,--quiet", o.quiet, "Only diagnostics at or above --fail-on; no summary");
  sub.add_option("--color", o.color, "Colour text output (honours NO_COLOR)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

int exit_status_for(const CommonOptions& o, std::size_t errors, std::size_t warnings,
                    std::size_t infos) {
  (void)infos;
  if (o.fail_on == "none") return kExitOk;
  if (errors > 0) return kExitFindings;
  if (o.fail_on == "warning" && warnings > 0) return kExitFindings;
  return kExitOk;
}

bool use_color(const CommonOptions& o) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

unsigned resolve_jobs(unsigned jobs) {
  if (jobs > 0) return std::min(jobs, 256u);
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace kb::cli
