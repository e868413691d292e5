#include "graph/cross_check.h"

#include <algorithm>
#include <functional>
#include <iterator>

#include "pubmed/pubmed.h"
#include "rules/cross/cross_rules.h"
#include "support/parallel.h"

namespace kb::graph {
namespace {

using Task = std::function<void(std::vector<Diagnostic>&)>;

/// Runs independent tasks on up to `jobs` threads; each writes its own list, and the
/// lists are appended in task order, so output does not depend on thread timing.
void run_tasks(const std::vector<Task>& tasks, unsigned jobs, std::vector<Diagnostic>& out) {
  std::vector<std::vector<Diagnostic>> found(tasks.size());
  parallel_for(tasks.size(), jobs, [&](std::size_t i, unsigned) { tasks[i](found[i]); });
  for (auto& f : found) std::move(f.begin(), f.end(), std::back_inserter(out));
}

}  // namespace

void run_cross_record_rules(const model::KnowledgeBase& kb, const CrossCheckOptions& opts,
                            std::vector<Diagnostic>& out) {
  using namespace kb::rules::cross;
  const KbIndex idx(kb);
  // The rules only read the index. The costly ones come first so that, on few cores,
  // the cheap ones fill in around them.
  std::vector<Task> tasks = {
      [&](auto& o) { check_contradictions(idx, o); },
      [&](auto& o) { check_levels(idx, o); },
      [&](auto& o) {
        check_citation_consistency(idx, o);
        if (opts.pubmed_cache_dir.empty()) return;
        pubmed::ParseOptions po;
        po.max_bytes = opts.max_xml_bytes;
        check_pubmed_citations(idx, pubmed::PubmedCache::load(opts.pubmed_cache_dir, po), o);
      },
      [&](auto& o) {
        check_manifest(idx, o);
        check_duplicate_ids(idx, o);
        check_dangling_references(idx, o);
        check_is_a_cycles(idx, o);
        check_orphans(idx, o);
        check_unknown_alleles(idx, o);
      },
  };
  run_tasks(tasks, opts.jobs, out);
}

}  // namespace kb::graph
