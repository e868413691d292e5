// The check pipeline: find files, load + validate them in parallel, per-record rules,
// assemble the model, cross-record graph rules. Reads top to bottom like mold's main.
#include "cli/pipeline.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <unordered_set>

#include "cli/file_cache.h"
#include "cli/kb_paths.h"
#include "cli/options.h"
#include "cli/version.h"
#include "model/from_yaml.h"
#include "model/record_io.h"
#include "rules/cross/run.h"
#include "rules/record_rules.h"
#include "schema/embedded.h"
#include "schema/validator.h"
#include "support/files.h"
#include "support/parallel.h"
#include "support/text.h"

namespace kb::cli {
namespace {

/// What checking one file produced.
struct FileResult {
  model::RecordSet records;
  std::size_t record_count = 0;
  std::vector<Diagnostic> diagnostics;
  bool cache_hit = false;
};

/// Loads one file's content, validates each document and turns it into records.
void check_content(const std::string& content, const FoundFile& f, model::FileId file_id,
                   const PipelineOptions& opt, schema::Validator& validator, FileResult& r) {
  std::vector<Diagnostic>& diags = r.diagnostics;
  yaml::LoadedFile loaded = yaml::load_yaml(content, f.display, opt.limits, diags);
  for (const auto& doc : loaded.documents) {
    const yaml::Node& root = doc.root;
    if (!root.is_map()) {
      diags.push_back(make_diagnostic(
          Rule::kNotAMapping, {f.display, root.mark.line, root.mark.column},
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
      diags.push_back(make_diagnostic(Rule::kUnknownKind, {f.display, at.mark.line, at.mark.column},
                                              msg + " (expected " + join_alternatives(kinds) + ")",
                                              record_id));
      continue;
    }
    validator.validate(root, kind->value.text, f.display, record_id, r.diagnostics);
    rules::check_record({root, kind->value.text, f.display, record_id, r.diagnostics});
    ++r.record_count;
    if (opt.build_model) model::add_record(root, kind->value.text, file_id, r.records);
  }
}

/// Checks one file, through the cache when there is one: a hit skips parsing, validation
/// and per-record rules (for `check`, the entry's model records are used).
FileResult check_file(const FoundFile& f, model::FileId file_id, const PipelineOptions& opt,
                      schema::Validator& validator, const FileCache* cache) {
  FileResult r;
  ReadResult read = read_file(f.path, opt.max_file_bytes);
  if (!read.ok()) {
    r.diagnostics.push_back(make_diagnostic(read.too_large ? Rule::kInputLimit : Rule::kUnreadableFile, {f.display, 0, 0},
                                            "cannot load file: " + read.error));
    return r;
  }
  if (cache) {
    if (std::optional<CachedFile> hit = cache->lookup(f.display, read.content)) {
      // A `lint` entry has no records, and records that do not decode are a miss.
      if (!opt.build_model || (hit->has_records &&
                               model::decode_records(hit->records, file_id, r.records))) {
        r.record_count = hit->record_count;
        r.diagnostics = std::move(hit->diagnostics);
        r.cache_hit = true;
        return r;
      }
    }
  }
  check_content(read.content, f, file_id, opt, validator, r);
  if (cache) {
    CachedFile entry{r.record_count, r.diagnostics, opt.build_model, {}};
    if (opt.build_model) model::encode_records(r.records, entry.records);
    cache->store(f.display, read.content, entry);
  }
  return r;
}

/// The run key of --cache: everything besides a file's path and content that changes
/// its per-file findings (kbcheck's version, the schemas' text, the input limits).
std::uint64_t cache_run_key(const PipelineOptions& opt) {
  std::vector<std::string> parts{kVersion, "schemas"};
  if (opt.schema_dir.empty()) {
    for (const auto& f : schema::embedded_schemas()) {  // a build's own schemas, not just its version
      parts.emplace_back(f.name);
      parts.emplace_back(f.text);
    }
  } else {
    std::error_code ec;
    std::vector<std::filesystem::path> names;
    for (const auto& e : std::filesystem::directory_iterator(opt.schema_dir, ec))
      if (e.path().extension() == ".json") names.push_back(e.path());
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
      ReadResult r = read_file(n, opt.max_file_bytes);
      parts.push_back(n.filename().string());
      parts.push_back(r.ok() ? r.content : "unreadable: " + r.error);
    }
  }
  for (std::size_t v : {opt.max_file_bytes, opt.limits.max_depth, opt.limits.max_documents,
                        opt.limits.max_scalar_bytes, opt.limits.max_nodes})
    parts.push_back(std::to_string(v));
  return make_run_key(parts);
}

/// Runs check_file over every file on `jobs` threads; results stay in file order. The
/// largest files are taken first, so one big file does not leave the other cores idle
/// at the end.
std::vector<FileResult> check_files(const std::vector<FoundFile>& files, const PipelineOptions& opt,
                                    const schema::SchemaSet& schemas, const FileCache* cache) {
  std::vector<FileResult> results(files.size());
  std::vector<std::size_t> order(files.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return files[a].size > files[b].size; });
  unsigned jobs = resolve_jobs(opt.jobs);
  std::vector<std::unique_ptr<schema::Validator>> validators(jobs);  // one per thread
  parallel_for(files.size(), jobs, [&](std::size_t k, unsigned worker) {
    auto& validator = validators[worker];
    if (!validator) validator = std::make_unique<schema::Validator>(schemas);
    std::size_t i = order[k];
    results[i] = check_file(files[i], static_cast<model::FileId>(i), opt, *validator, cache);
  });
  return results;
}

/// Reserves room for every file's records, so appending them never reallocates: a
/// growing vector of ~1 KB records would briefly hold two copies of the model.
void reserve_records(model::RecordSet& to, const std::vector<FileResult>& results) {
  std::size_t m = 0, g = 0, v = 0, d = 0, p = 0, e = 0;
  for (const auto& r : results) {
    m += r.records.manifests.size();
    g += r.records.genes.size();
    v += r.records.variants.size();
    d += r.records.drugs.size();
    p += r.records.phenotypes.size();
    e += r.records.evidence.size();
  }
  to.manifests.reserve(m);
  to.genes.reserve(g);
  to.variants.reserve(v);
  to.drugs.reserve(d);
  to.phenotypes.reserve(p);
  to.evidence.reserve(e);
}

/// Appends the wall time since the last lap to `phases` under `name`.
class PhaseClock {
 public:
  explicit PhaseClock(std::vector<PhaseTime>& phases) : phases_(phases) {}
  void lap(std::string name) {
    auto now = std::chrono::steady_clock::now();
    phases_.push_back({std::move(name), std::chrono::duration<double>(now - last_).count()});
    last_ = now;
  }

 private:
  std::vector<PhaseTime>& phases_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

PipelineResult run_pipeline(const PipelineOptions& opt) {
  PipelineResult out;
  PhaseClock clock(out.phases);
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
    diags.push_back(make_diagnostic(Rule::kUnreadableFile, {p.display, 0, 0}, p.message));
  clock.lap("find files");

  // 2. Load, validate and convert every file in parallel (through --cache when given).
  std::optional<FileCache> cache;
  if (!opt.cache_dir.empty()) {
    if (std::string e = prepare_cache_dir(opt.cache_dir); !e.empty()) out.cache_problem = e;
    else cache.emplace(opt.cache_dir, cache_run_key(opt));
  }
  std::vector<FileResult> results = check_files(files, opt, *schemas, cache ? &*cache : nullptr);
  clock.lap("load, validate, per-record rules");

  // 3. Assemble the model in file order (deterministic whatever the thread timing).
  out.kb.root = sel.root_display;
  reserve_records(out.kb.records, results);
  for (std::size_t i = 0; i < files.size(); ++i) {
    out.kb.files.push_back(files[i].display);
    out.kb.records.append(std::move(results[i].records));
    out.records += results[i].record_count;
    out.cache_hits += results[i].cache_hit;
    for (auto& d : results[i].diagnostics) diags.push_back(std::move(d));
    results[i] = {};
  }
  clock.lap("assemble the model");

  // 4. Cross-record rules on the whole model.
  if (opt.cross_record) {
    rules::cross::CrossCheckOptions cross;
    cross.pubmed_cache_dir = opt.pubmed_cache;
    cross.jobs = resolve_jobs(opt.jobs);
    if (cross.pubmed_cache_dir.empty() && std::filesystem::is_directory(sel.root / "citations" / "pubmed")) {
      cross.pubmed_cache_dir = (sel.root / "citations" / "pubmed").string();
      if (!is_inside_real(cross.pubmed_cache_dir, sel.root)) {  // a link out of the KB: not read
        diags.push_back(make_diagnostic(Rule::kUnreadableFile, {display_join(sel.root_display, "citations/pubmed"), 0, 0},
                                        "directory whose real path is outside the KB root; not read (a "
                                        "symlink on the way leads out of the KB)"));
        cross.pubmed_cache_dir.clear();
      }
    }
    rules::cross::run_cross_record_rules(out.kb, cross, diags);
    clock.lap("cross-record rules");
  }

  // 5. Report only on what the user named.
  //    A finding is kept when it, or one of its related locations, is in a named file
  //    (a contradiction found at the later record also concerns the earlier one's file),
  //    or when it is outside the KB's YAML files (the KB root, a --pubmed-cache file).
  if (!sel.whole_kb) {
    std::unordered_set<std::string> kb_files(out.kb.files.begin(), out.kb.files.end());
    auto shown = [&](const SourceLocation& loc) {
      return !kb_files.contains(loc.file) || is_selected(sel, loc.file);
    };
    std::erase_if(diags, [&](const Diagnostic& d) {
      return !shown(d.location) &&
             std::none_of(d.related.begin(), d.related.end(), [&](const RelatedNote& n) {
               return kb_files.contains(n.location.file) && is_selected(sel, n.location.file);
             });
    });
  }
  std::stable_sort(diags.begin(), diags.end(), diagnostic_less);
  out.diagnostics = std::move(diags);
  clock.lap("select and sort findings");
  out.files = sel.whole_kb ? files.size()
                           : static_cast<std::size_t>(std::count_if(files.begin(), files.end(),
                                 [&](const FoundFile& f) { return is_selected(sel, f.display); }));
  return out;
}

}  // namespace kb::cli
