#include "cli/cmd_check.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/baseline.h"
#include "cli/kb_paths.h"
#include "cli/options.h"
#include "cli/pipeline.h"
#include "cli/since.h"
#include "cli/version.h"
#include "diag/rule_docs.h"
#include "report/report.h"
#include "support/atomic_write.h"

namespace kb::cli {
namespace {

struct CheckOptions {
  CommonOptions common;
  PipelineOptions pipeline;
  std::vector<std::string> paths;
  bool stats = false;
  std::string since;           ///< --since REF (check only)
  std::string baseline;        ///< --baseline FILE (check only)
  std::string write_baseline;  ///< --write-baseline FILE (check only)
};

/// What --since and --baseline need before the pipeline runs, read up front so a bad
/// REF or baseline fails in a second, not after checking the whole KB.
struct Gate {
  bool since = false;
  ChangedFiles changed;
  bool baseline = false;
  Baseline entries;
  std::string baseline_display;
  bool whole_kb = true;
};

/// Fills `g` from the options; returns an error message (exit 2) or "".
std::string prepare_gate(const CheckOptions& o, const std::vector<std::string>& paths, Gate& g) {
  if (o.since.empty() && o.baseline.empty() && o.write_baseline.empty()) return {};
  KbSelection sel;
  if (std::string e = resolve_kb(paths, sel); !e.empty()) return e;
  g.whole_kb = sel.whole_kb;
  if (!o.write_baseline.empty()) {
    if (!o.since.empty())
      return "--write-baseline records every finding of the KB, and --since would leave some "
             "out; drop --since";
    if (!sel.whole_kb)
      return "--write-baseline records every finding of the KB; name the KB directory, not "
             "files inside it";
  }
  if (!o.since.empty()) {
    g.since = true;
    if (std::string e = g.changed.load(sel.root, o.since); !e.empty()) return e;
  }
  if (!o.baseline.empty() && o.write_baseline.empty()) {
    g.baseline = true;
    g.baseline_display = o.baseline;
    if (std::string e = load_baseline(o.baseline, g.entries); !e.empty()) return e;
  }
  return {};
}

/// --write-baseline: writes every finding to the file, then uses that baseline for this
/// run (so it passes). Returns an error message (exit 2) or "".
std::string write_baseline_file(const CheckOptions& o, const PipelineResult& r, Gate& g) {
  g.entries = make_baseline(r.diagnostics, r.kb.root);
  WriteResult w = write_file(o.write_baseline, baseline_text(g.entries, kVersion));
  if (!w.ok()) return "cannot write the baseline: " + w.error;
  g.baseline = true;
  g.baseline_display = o.write_baseline;
  return {};
}

/// Drops the findings --since and --baseline leave out, adds the baseline's fixed
/// entries (KB5001), and returns how many the baseline suppressed (nothing without one).
std::optional<std::size_t> apply_gate(const Gate& g, const std::string& kb_root,
                                      std::vector<Diagnostic>& diags) {
  if (!g.since && !g.baseline) return std::nullopt;
  BaselineMatch m;
  if (g.baseline) m = match_baseline(g.entries, g.baseline_display, diags, kb_root);
  std::size_t suppressed = 0, kept = 0;
  for (std::size_t i = 0; i < diags.size(); ++i) {
    if (g.since && !g.changed.touches(diags[i])) continue;
    if (g.baseline && m.suppressed[i]) {
      ++suppressed;
      continue;
    }
    if (kept != i) diags[kept] = std::move(diags[i]);
    ++kept;
  }
  diags.resize(kept);
  if (!g.baseline) return std::nullopt;
  // Entries of files a selection left out would look fixed: only a whole-KB run says.
  if (g.whole_kb) {
    for (auto& d : m.fixed) diags.push_back(std::move(d));
    std::stable_sort(diags.begin(), diags.end(), diagnostic_less);
  }
  return suppressed;
}

/// --stats: wall time per phase on stderr, so a slow run says where its time went.
void print_stats(const std::vector<PhaseTime>& phases, const report::Summary& s,
                 const PipelineResult& r, bool cached) {
  if (cached) std::fprintf(stderr, "kbcheck: stats: --cache: %zu of %zu files reused\n", r.cache_hits, r.kb.files.size());
  double total = 0;
  for (const auto& p : phases) total += p.seconds;
  std::fprintf(stderr, "kbcheck: stats: %zu files, %zu records, %zu findings\n", s.files, s.records,
               s.errors + s.warnings + s.infos);
  for (const auto& p : phases)
    std::fprintf(stderr, "  %-34s %8.3f s %5.1f%%\n", p.name.c_str(), p.seconds,
                 total > 0 ? 100 * p.seconds / total : 0.0);
  std::fprintf(stderr, "  %-34s %8.3f s\n", "total", total);
}

/// The model and the findings are millions of small blocks, and the process ends once
/// the report is out: they are left to the exit instead of freed one by one (~30 ms at
/// 100k records). Held by a static pointer, so leak checkers see them as reachable.
void keep_until_exit(PipelineResult&& result) {
  static PipelineResult* kept = nullptr;
  if (!kept) kept = new PipelineResult(std::move(result));
}

int run_check(const CheckOptions& o) {
  PipelineOptions popt = o.pipeline;
  popt.paths = o.paths.empty() ? std::vector<std::string>{"kb"} : o.paths;
  popt.jobs = o.common.jobs;
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  auto gate_start = std::chrono::steady_clock::now();
  Gate gate;
  if (std::string e = prepare_gate(o, popt.paths, gate); !e.empty()) {
    print_error(e);
    return kExitFailure;
  }
  double gate_seconds = since(gate_start);
  PipelineResult result = run_pipeline(popt);
  if (!result.failure.empty()) {
    print_error(result.failure);
    return kExitFailure;
  }
  if (!result.cache_problem.empty()) print_warning(result.cache_problem + "; running without the cache");
  gate_start = std::chrono::steady_clock::now();
  if (!o.write_baseline.empty())
    if (std::string e = write_baseline_file(o, result, gate); !e.empty()) {
      print_error(e);
      return kExitFailure;
    }
  report::Summary summary;
  summary.suppressed = apply_gate(gate, result.kb.root, result.diagnostics);
  if (gate.since || gate.baseline)
    result.phases.push_back({"--since, --baseline", gate_seconds + since(gate_start)});
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
  if (summary.suppressed && format == report::Format::kGitlab)  // its JSON has no summary
    std::cerr << "kbcheck: " << *summary.suppressed << " finding(s) suppressed by the baseline\n";
  if (o.stats) {
    result.phases.push_back({"write the report", std::chrono::duration<double>(
                                                     std::chrono::steady_clock::now() - report_start)
                                                     .count()});
    print_stats(result.phases, summary, result, !popt.cache_dir.empty());
  }
  keep_until_exit(std::move(result));
  return exit_status_for(o.common, summary.errors, summary.warnings, summary.infos);
}

void setup(CLI::App& cmd, int& exit_code, bool cross) {
  auto opts = std::make_shared<CheckOptions>();
  opts->pipeline.cross_record = cross;
  opts->pipeline.build_model = cross;  // lint reports per-record findings only
  CLI::App* sub = &cmd;
  sub->add_option("PATH", opts->paths, "KB directories or files inside one (default: kb)");
  add_common_options(*sub, opts->common);
  if (cross) {
    sub->add_option("--pubmed-cache", opts->pipeline.pubmed_cache,
                    "Directory of PubMed efetch XML (default: KB/citations/pubmed)");
    sub->add_option("--since", opts->since,
                    "Report only findings touching a file changed since git revision REF")
        ->type_name("REF");
    sub->add_option("--baseline", opts->baseline,
                    "Suppress the findings listed in FILE (from --write-baseline)")
        ->type_name("FILE");
    sub->add_option("--write-baseline", opts->write_baseline,
                    "Write every finding to FILE as a baseline, then pass")
        ->type_name("FILE");
  }
  sub->add_option("--cache", opts->pipeline.cache_dir,
                  "Reuse the per-file results of unchanged files from DIR (created if missing)")
      ->type_name("DIR")
      ->envname("KBCHECK_CACHE");
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
