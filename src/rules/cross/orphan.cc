#include <string>
#include <unordered_set>

#include "rules/cross/run.h"

namespace kb::rules::cross {

// Why: a gene no variant refers to, or a variant no evidence refers to, carries no
// knowledge; often a typo in the referring record or an unfinished curation.
void check_orphans(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& r = idx.records();
  std::unordered_set<std::string_view> used_genes, used_variants;
  for (const auto& v : r.variants) used_genes.insert(v.gene.id);
  for (const auto& e : r.evidence) {
    used_variants.insert(e.variant.id);
    if (e.gene_phenotype) used_genes.insert(e.gene_phenotype->gene.id);
  }
  for (std::size_t i = 0; i < r.genes.size(); ++i) {
    const auto& g = r.genes[i];
    if (g.id.empty() || used_genes.count(g.id) || idx.genes().at(g.id) != i) continue;
    out.push_back(make_diagnostic(Rule::kOrphan, idx.where(g.pos),
                                  "gene " + g.id + " has no variant or gene_phenotype evidence referring to it", g.id));
  }
  for (std::size_t i = 0; i < r.variants.size(); ++i) {
    const auto& v = r.variants[i];
    if (v.id.empty() || used_variants.count(v.id) || idx.variants().at(v.id) != i) continue;
    out.push_back(make_diagnostic(Rule::kOrphan, idx.where(v.pos),
                                  "variant " + v.id + " has no evidence referring to it", v.id));
  }
}

KB_CROSS_RULE(kOrphan, kCheap, check_orphans);

}  // namespace kb::rules::cross
