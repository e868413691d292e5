// The check pipeline: find files, load + validate them in parallel, per-record rules,
// assemble the model, cross-record graph rules. Reads top to bottom like mold's main.
#include "cli/pipeline.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <unordered_set>

#include "cli/kb_paths.h"
#include "cli/options.h"
#include "graph/cross_check.h"
#include "model/from_yaml.h"
#include "rules/record_rules.h"
#include "schema/validator.h"
#include "support/files.h"
#include "support/text.h"

namespace kb::cli {
namespace {

/// What checking one file produced.
struct FileResult {
  model::RecordSet records;
  std::vector<Diagnostic> diagnostics;
};

/// Loads one file, validates each document and turns it into records.
FileResult check_file(const FoundFile& f, model::FileId file_id, const PipelineOptions& opt,
                      schema::Validator& validator) {
  FileResult r;
  ReadResult read = read_file(f.path, opt.max_file_bytes);
  if (!read.ok()) {
    r.diagnostics.push_back(make_diagnostic(read.too_large ? "KB0007" : "KB0008", {f.display, 0, 0},
                                            "cannot load file: " + read.error));
    return r;
  }
  yaml::LoadedFile loaded = yaml::load_yaml(read.content, f.display, opt.limits, r.diagnostics);
  for (const auto& doc : loaded.documents) {
    const yaml::Node& root = doc.root;
    if (!root.is_map()) {
      r.diagnostics.push_back(make_diagnostic(
          "KB0004", {f.display, root.mark.line, root.mark.column},
          "a document must be a mapping with a 'kind' field, not " + yaml::describe(root)));
      continue;
    }
    const yaml::Member* kind = root.find_member("kind");
    const yaml::Node* id = root.find("id");
    std::string record_id = (id && id->is_scalar()) ? id->text : std::string();
    if (!kind || !kind->value.is_scalar() || !model::is_known_kind(kind->value.text)) {
      const yaml::Node& at = kind ? kind->value : root;
      std::vector<std::string> kinds(std::begin(model::kKinds), std::end(model::kKinds));
      std::string msg = kind ? yaml::describe(kind->value) + " is not a known kind"
                             : std::string("document has no 'kind' field");
      r.diagnostics.push_back(make_diagnostic("KB0005", {f.display, at.mark.line, at.mark.column},
                                              msg + " (expected " + join_alternatives(kinds) + ")",
                                              record_id));
      continue;
    }
    validator.validate(root, kind->value.text, f.display, record_id, r.diagnostics);
    rules::check_record({root, kind->value.text, f.display, record_id, r.diagnostics});
    model::add_record(root, kind->value.text, file_id, r.records);
  }
  return r;
}

/// Runs check_file over every file on `jobs` threads; results stay in file order.
std::vector<FileResult> check_files(const std::vector<FoundFile>& files, const PipelineOptions& opt,
                                    const schema::SchemaSet& schemas) {
  std::vector<FileResult> results(files.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    schema::Validator validator(schemas);
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();)
      results[i] = check_file(files[i], static_cast<model::FileId>(i), opt, validator);
  };
  unsigned jobs = std::min<unsigned>(resolve_jobs(opt.jobs), std::max<std::size_t>(1, files.size()));
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < jobs; ++t) pool.emplace_back(worker);
  worker();
  return results;
}

}  // namespace

PipelineResult run_pipeline(const PipelineOptions& opt) {
  PipelineResult out;
  KbSelection sel;
  if (out.failure = resolve_kb(opt.paths, sel); !out.failure.empty()) return out;

  std::unique_ptr<schema::SchemaSet> schemas;
  if (opt.schema_dir.empty()) schemas = schema::SchemaSet::embedded();
  else if (schemas = schema::SchemaSet::from_directory(opt.schema_dir, out.failure); !schemas)
    return out;

  // 1. Find the files. `lint` of named files reads only those; `check` reads the whole KB
  //    (references need it) and reports only on the selection.
  std::vector<WalkProblem> problems;
  std::vector<FoundFile> files = find_yaml_files(sel.root, sel.root_display, problems);
  if (!opt.cross_record)
    std::erase_if(files, [&](const FoundFile& f) { return !is_selected(sel, f.display); });
  std::vector<Diagnostic> diags;
  for (const auto& p : problems)
    diags.push_back(make_diagnostic("KB0008", {p.display, 0, 0}, p.message));

  // 2. Load, validate and convert every file in parallel.
  std::vector<FileResult> results = check_files(files, opt, *schemas);

  // 3. Assemble the model in file order (deterministic whatever the thread timing).
  out.kb.root = sel.root_display;
  for (std::size_t i = 0; i < files.size(); ++i) {
    out.kb.files.push_back(files[i].display);
    out.kb.records.append(std::move(results[i].records));
    for (auto& d : results[i].diagnostics) diags.push_back(std::move(d));
  }

  // 4. Cross-record rules on the whole model.
  if (opt.cross_record) {
    graph::CrossCheckOptions cross;
    cross.pubmed_cache_dir = opt.pubmed_cache;
    if (cross.pubmed_cache_dir.empty() && std::filesystem::is_directory(sel.root / "citations" / "pubmed"))
      cross.pubmed_cache_dir = (sel.root / "citations" / "pubmed").string();
    graph::run_cross_record_rules(out.kb, cross, diags);
  }

  // 5. Report only on what the user named.
  //    Findings in the KB's own YAML files outside the selection are dropped; findings
  //    elsewhere (the KB root, a --pubmed-cache file) are kept.
  if (!sel.whole_kb) {
    std::unordered_set<std::string> kb_files(out.kb.files.begin(), out.kb.files.end());
    std::erase_if(diags, [&](const Diagnostic& d) {
      return kb_files.contains(d.location.file) && !is_selected(sel, d.location.file);
    });
  }
  std::stable_sort(diags.begin(), diags.end(), diagnostic_less);
  out.diagnostics = std::move(diags);
  out.files = sel.whole_kb ? files.size()
                           : static_cast<std::size_t>(std::count_if(files.begin(), files.end(),
                                 [&](const FoundFile& f) { return is_selected(sel, f.display); }));
  return out;
}

}  // namespace kb::cli
