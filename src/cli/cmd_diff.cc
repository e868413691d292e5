// kbcheck diff: what changed between two bundles or KB directories.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/cmd_bundle.h"
#include "cli/options.h"
#include "cli/pipeline.h"

namespace kb::cli {
namespace {

struct DiffCmd {
  std::string old_path, new_path;
  std::string format = "text";
  std::vector<std::string> includes;
};

int run_diff(const DiffCmd& c) {
  bundle::BundleOptions bo;
  if (auto e = apply_includes(c.includes, bo)) {
    std::cerr << "kbcheck: error: " << *e << "\n";
    return kExitFailure;
  }
  LoadedSide o = load_side(c.old_path, bo);
  LoadedSide n = o.error.empty() ? load_side(c.new_path, bo) : LoadedSide{};
  for (const auto* side : {&o, &n})
    if (!side->error.empty()) {
      std::cerr << "kbcheck: error: " << side->error << "\n";
      return kExitFailure;
    }
  // Why: KB2001 is the authority when both sides were checked; a bundle has no findings,
  // so a mixed pair uses the bundle-level check on both sides to compare like with like.
  bool both_dirs = o.contradictions && n.contradictions;
  auto d = bundle::diff_bundles(*o.bundle, *n.bundle, both_dirs ? o.contradictions : std::nullopt,
                                both_dirs ? n.contradictions : std::nullopt);
  if (c.format == "json") std::cout << bundle::render_json(d);
  else if (c.format == "markdown") std::cout << bundle::render_markdown(d);
  else std::cout << bundle::render_text(d);
  return kExitOk;
}

}  // namespace

LoadedSide load_side(const std::string& path, const bundle::BundleOptions& options) {
  LoadedSide side;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    auto r = kbbundle::Bundle::open(path);
    if (r) side.bundle.emplace(std::move(r.value()));
    else side.error = r.error();
    return side;
  }
  if (!std::filesystem::is_directory(path, ec)) {
    side.error = path + ": neither a bundle file nor a KB directory";
    return side;
  }
  PipelineOptions po;
  po.paths = {path};
  PipelineResult pr = run_pipeline(po);
  if (!pr.failure.empty()) {
    side.error = pr.failure;
    return side;
  }
  std::set<bundle::ContradictionPair> pairs;
  for (const auto& d : pr.diagnostics)
    if (d.rule == "KB2001" && !d.related.empty() && !d.record.empty() && !d.related[0].record.empty())
      pairs.emplace(std::min(d.record, d.related[0].record), std::max(d.record, d.related[0].record));
  side.contradictions = std::move(pairs);
  auto r = kbbundle::Bundle::from_bytes(bundle::build_bundle(pr.kb, options));
  if (r) side.bundle.emplace(std::move(r.value()));
  else side.error = path + ": internal error: " + r.error();
  return side;
}

void add_diff_command(CLI::App& app, int& exit_code) {
  auto c = std::make_shared<DiffCmd>();
  CLI::App* sub = app.add_subcommand("diff", "What changed between two bundles (or KB directories)");
  sub->add_option("OLD", c->old_path, "The old bundle or KB directory")->required();
  sub->add_option("NEW", c->new_path, "The new bundle or KB directory")->required();
  sub->add_option("--format", c->format, "text, json or markdown (for CHANGELOG.md)")
      ->check(CLI::IsMember({"text", "json", "markdown"}))->capture_default_str();
  sub->add_option("--include", c->includes,
                  "For KB directories: also include evidence of this status (submitted)");
  sub->callback([c, &exit_code] { exit_code = run_diff(*c); });
}

}  // namespace kb::cli
