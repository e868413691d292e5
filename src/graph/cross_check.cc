#include "graph/cross_check.h"

#include "pubmed/pubmed.h"
#include "rules/cross/cross_rules.h"

namespace kb::graph {

void run_cross_record_rules(const model::KnowledgeBase& kb, const CrossCheckOptions& opts,
                            std::vector<Diagnostic>& out) {
  using namespace kb::rules::cross;
  const KbIndex idx(kb);
  check_manifest(idx, out);
  check_duplicate_ids(idx, out);
  check_dangling_references(idx, out);
  check_is_a_cycles(idx, out);
  check_orphans(idx, out);
  check_unknown_alleles(idx, out);
  check_contradictions(idx, out);
  check_citation_consistency(idx, out);
  if (!opts.pubmed_cache_dir.empty()) {
    pubmed::ParseOptions po;
    po.max_bytes = opts.max_xml_bytes;
    check_pubmed_citations(idx, pubmed::PubmedCache::load(opts.pubmed_cache_dir, po), out);
  }
  check_levels(idx, out);
}

}  // namespace kb::graph
