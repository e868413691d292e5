// kbcheck diff: what changed between two bundles or KB directories.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/cmd_diff.h"

#include "bundle/diff.h"
#include "cli/cmd_bundle.h"
#include "cli/options.h"
#include "cli/pipeline.h"
#include "cli/version.h"
#include "diag/rule_docs.h"
#include "diag/rules.h"
#include "report/report.h"

namespace kb::cli {
namespace {

/// `diff --format`.
enum class DiffFormat { kText, kJson, kMarkdown };

struct DiffOptions {
  std::string old_path, new_path;
  DiffFormat format = DiffFormat::kText;
  std::vector<std::string> includes;
};

/// Load errors shown when a KB directory does not load; the rest are counted.
constexpr std::size_t kShownLoadErrors = 5;

/// The first load errors of `r` on stderr, as `kbcheck check` prints them.
void print_load_errors(const PipelineResult& r, const std::vector<Diagnostic>& errors) {
  std::vector<Diagnostic> shown(errors.begin(),
                                errors.begin() + static_cast<std::ptrdiff_t>(std::min(errors.size(), kShownLoadErrors)));
  report::ReportInput in;
  in.tool_version = kVersion;
  in.diagnostics = &shown;
  in.summary.files = r.files;
  in.summary.records = r.records;
  in.summary.errors = errors.size();
  in.files = r.kb.files;
  in.source_line = report::make_disk_source_reader();
  in.rule_help = rule_doc;
  in.rule_docs_url = rule_docs_url();
  report::write_report(report::Format::kText, in, std::cerr);
}

/// Errors of the load phase (KB00xx): files or documents that did not become records.
std::vector<Diagnostic> load_errors(const PipelineResult& r) {
  std::vector<Diagnostic> out;
  for (const auto& d : r.diagnostics) {
    const RuleInfo* info = find_rule(d.rule);
    if (d.severity == Severity::kError && info && info->phase == RulePhase::kLoad) out.push_back(d);
  }
  return out;
}

int run_diff(const DiffOptions& c) {
  bundle::BundleOptions bo;
  if (auto e = apply_includes(c.includes, bo)) {
    print_error(*e);
    return kExitFailure;
  }
  LoadedSide o = load_side(c.old_path, bo);
  LoadedSide n = o.error.empty() ? load_side(c.new_path, bo) : LoadedSide{};
  for (const auto* side : {&o, &n})
    if (!side->error.empty()) {
      print_error(side->error);
      return kExitFailure;
    }
  auto d = bundle::diff_bundles(bundle::DiffSide{*o.bundle, o.kb}, bundle::DiffSide{*n.bundle, n.kb});
  if (c.format == DiffFormat::kJson) std::cout << bundle::render_json(d);
  else if (c.format == DiffFormat::kMarkdown) std::cout << bundle::render_markdown(d);
  else std::cout << bundle::render_text(d);
  return kExitOk;
}

}  // namespace

LoadedSide load_side(const std::string& path, const bundle::BundleOptions& options) {
  LoadedSide side;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    auto r = kbbundle::Bundle::open(path);
    if (!r) {
      side.error = r.error();
      return side;
    }
    side.bundle.emplace(std::move(r.value()));
    side.kb = bundle::model_of(*side.bundle);
    return side;
  }
  if (!std::filesystem::is_directory(path, ec)) {
    side.error = path + ": neither a bundle file nor a KB directory";
    return side;
  }
  PipelineOptions po;
  po.paths = {path};
  po.cross_record = false;  // contradictions come from the claims index below
  PipelineResult pr = run_pipeline(po);
  if (!pr.failure.empty()) {
    side.error = pr.failure;
    return side;
  }
  // Why: a file that does not load would read as records removed, or as "no changes".
  if (auto errors = load_errors(pr); !errors.empty()) {
    print_load_errors(pr, errors);
    side.error = path + ": the KB does not load (" + std::to_string(errors.size()) +
                 " error(s) above); fix them, then diff again";
    return side;
  }
  auto r = kbbundle::Bundle::from_bytes(bundle::build_bundle(pr.kb, options));
  if (!r) {
    side.error = path + ": internal error: " + r.error();
    return side;
  }
  side.bundle.emplace(std::move(r.value()));
  // The claims index reads the evidence the bundle holds, as the files say it.
  std::erase_if(pr.kb.records.evidence,
                [&](const model::Evidence& e) { return !options.statuses.count(e.status); });
  side.kb = std::move(pr.kb);
  return side;
}

void setup_diff(CLI::App& cmd, int& exit_code) {
  auto c = std::make_shared<DiffOptions>();
  CLI::App* sub = &cmd;
  sub->add_option("OLD", c->old_path, "The old bundle or KB directory")->required();
  sub->add_option("NEW", c->new_path, "The new bundle or KB directory")->required();
  static const Choices<DiffFormat> kFormats{
      {"text", DiffFormat::kText}, {"json", DiffFormat::kJson}, {"markdown", DiffFormat::kMarkdown}};
  sub->add_option("--format", c->format, "text, json or markdown (for CHANGELOG.md)")
      ->transform(one_of(kFormats))->type_name("")
      ->default_str("text");
  sub->add_option("--include", c->includes,
                  "For KB directories: also include evidence of this status (submitted)");
  sub->callback([c, &exit_code] { exit_code = run_diff(*c); });
}

}  // namespace kb::cli
