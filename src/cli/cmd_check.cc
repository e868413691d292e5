#include "cli/cmd_check.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/options.h"
#include "cli/pipeline.h"
#include "cli/version.h"
#include "diag/rule_docs.h"
#include "report/report.h"

namespace kb::cli {
namespace {

struct CheckOptions {
  CommonOptions common;
  PipelineOptions pipeline;
  std::vector<std::string> paths;
  bool stats = false;
};

/// --stats: wall time per phase on stderr, so a slow run says where its time went.
void print_stats(const std::vector<PhaseTime>& phases, const report::Summary& s) {
  double total = 0;
  for (const auto& p : phases) total += p.seconds;
  std::fprintf(stderr, "kbcheck: stats: %zu files, %zu records, %zu findings\n", s.files, s.records,
               s.errors + s.warnings + s.infos);
  for (const auto& p : phases)
    std::fprintf(stderr, "  %-34s %8.3f s %5.1f%%\n", p.name.c_str(), p.seconds,
                 total > 0 ? 100 * p.seconds / total : 0.0);
  std::fprintf(stderr, "  %-34s %8.3f s\n", "total", total);
}

int run_check(const CheckOptions& o) {
  PipelineOptions popt = o.pipeline;
  popt.paths = o.paths.empty() ? std::vector<std::string>{"kb"} : o.paths;
  popt.jobs = o.common.jobs;
  PipelineResult result = run_pipeline(popt);
  if (!result.failure.empty()) {
    print_error(result.failure);
    return kExitFailure;
  }
  report::Summary summary;
  summary.files = result.files;
  summary.records = result.records;
  for (const auto& d : result.diagnostics) {
    if (d.severity == Severity::kError) ++summary.errors;
    else if (d.severity == Severity::kWarning) ++summary.warnings;
    else ++summary.infos;
  }
  // Filtered in place once counted: a copy of a million findings costs half a gigabyte.
  std::vector<Diagnostic>& shown = result.diagnostics;
  if (o.common.quiet) {
    Severity floor = o.common.fail_on == FailOn::kWarning ? Severity::kWarning : Severity::kError;
    std::erase_if(shown, [&](const Diagnostic& d) { return d.severity < floor; });
  }
  auto report_start = std::chrono::steady_clock::now();
  report::Format format = o.common.format;
  // -q with nothing to say prints nothing in text and github formats; the machine formats
  // always write a complete document (CI jobs redirect them into files).
  bool silent = o.common.quiet && shown.empty() &&
                (format == report::Format::kText || format == report::Format::kGithub);
  if (!silent) {
    report::ReportInput in;
    in.tool_version = kVersion;
    in.diagnostics = &shown;
    in.summary = summary;
    in.files = result.kb.files;
    in.color = format == report::Format::kText && use_color(o.common);
    in.source_line = report::make_disk_source_reader();
    in.rule_help = rule_doc;
    in.rule_docs_url = rule_docs_url();
    try {
      report::write_report(format, in, std::cout);
    } catch (const std::exception& e) {
      print_error(std::string("cannot write the report: ") + e.what());
      return kExitFailure;
    }
  }
  std::cout.flush();
  if (o.stats) {
    result.phases.push_back({"write the report", std::chrono::duration<double>(
                                                     std::chrono::steady_clock::now() - report_start)
                                                     .count()});
    print_stats(result.phases, summary);
  }
  return exit_status_for(o.common, summary.errors, summary.warnings, summary.infos);
}

void setup(CLI::App& cmd, int& exit_code, bool cross) {
  auto opts = std::make_shared<CheckOptions>();
  opts->pipeline.cross_record = cross;
  opts->pipeline.build_model = cross;  // lint reports per-record findings only
  CLI::App* sub = &cmd;
  sub->add_option("PATH", opts->paths, "KB directories or files inside one (default: kb)");
  add_common_options(*sub, opts->common);
  if (cross)
    sub->add_option("--pubmed-cache", opts->pipeline.pubmed_cache,
                    "Directory of PubMed efetch XML (default: KB/citations/pubmed)");
  sub->add_option("--schema-dir", opts->pipeline.schema_dir,
                  "Validate with the *.schema.json files of DIR instead of the built-in schemas");
  sub->add_option("--max-file-size", opts->pipeline.max_file_bytes, "Largest file read, in bytes")
      ->capture_default_str();
  sub->add_option("--max-depth", opts->pipeline.limits.max_depth, "Deepest YAML nesting")
      ->capture_default_str();
  sub->add_option("--max-documents", opts->pipeline.limits.max_documents,
                  "Most YAML documents in one file")
      ->capture_default_str();
  sub->add_option("--max-scalar-size", opts->pipeline.limits.max_scalar_bytes,
                  "Largest single YAML scalar, in bytes")
      ->capture_default_str();
  sub->add_option("--max-nodes", opts->pipeline.limits.max_nodes, "Most YAML nodes in one file")
      ->capture_default_str();
  sub->add_flag("--stats", opts->stats, "Print the wall time of each phase to stderr");
  sub->callback([opts, &exit_code] { exit_code = run_check(*opts); });
}

}  // namespace

void setup_check(CLI::App& sub, int& exit_code) { setup(sub, exit_code, true); }

void setup_lint(CLI::App& sub, int& exit_code) { setup(sub, exit_code, false); }

}  // namespace kb::cli
