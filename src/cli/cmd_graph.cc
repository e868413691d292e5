#include "cli/cmd_graph.h"

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/options.h"
#include "cli/pipeline.h"
#include "graph/export.h"
#include "support/files.h"

namespace kb::cli {
namespace {

struct GraphOptions {
  std::string kb_dir = "kb";
  graph::ExportFormat format = graph::ExportFormat::kDot;
  std::string output;  ///< empty: stdout
  bool force = false;
  unsigned jobs = 0;
};

int run_graph(const GraphOptions& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!o.output.empty() && !o.force && fs::exists(o.output, ec)) {
    print_error(o.output + " exists (use --force to overwrite)");
    return kExitFailure;
  }
  PipelineOptions popt;
  popt.paths = {o.kb_dir};
  popt.jobs = o.jobs;
  popt.cross_record = false;  // the export finds contradictions itself
  PipelineResult result = run_pipeline(popt);
  if (!result.failure.empty()) {
    print_error(result.failure);
    return kExitFailure;
  }
  std::size_t errors = 0;
  for (const auto& d : result.diagnostics) errors += d.severity == Severity::kError;
  if (errors > 0)
    print_warning("the KB has " + std::to_string(errors) +
                  " error(s); the graph shows what loaded (run `kbcheck check` for details)");
  std::ostringstream text;
  graph::export_graph(result.kb, o.format, text);
  if (o.output.empty()) {
    std::cout << text.str();
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailure;
  }
  // Also removes stale `.NAME.tmpPID` files that a killed run left beside the output.
  if (auto w = write_file(o.output, text.str()); !w.ok()) {
    print_error(w.error);  // names the file and what to do
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void setup_graph(CLI::App& cmd, int& exit_code) {
  auto opts = std::make_shared<GraphOptions>();
  CLI::App* sub = &cmd;
  sub->add_option("KB_DIR", opts->kb_dir, "The knowledge base directory")->capture_default_str();
  static const Choices<graph::ExportFormat> kFormats{{"dot", graph::ExportFormat::kDot},
                                                     {"graphml", graph::ExportFormat::kGraphml}};
  sub->add_option("--format", opts->format, "dot (Graphviz) or graphml")
      ->transform(one_of(kFormats))->type_name("")
      ->default_str("dot");
  sub->add_option("-o,--output", opts->output, "Write to FILE (atomically) instead of stdout");
  sub->add_flag("--force", opts->force, "Overwrite FILE if it exists");
  sub->add_option("-j,--jobs", opts->jobs, "Worker threads for loading (0: one per core)");
  sub->callback([opts, &exit_code] { exit_code = run_graph(*opts); });
}

}  // namespace kb::cli
