#include <string>

#include "rules/cross/run.h"

namespace kb::rules::cross {
namespace {

/// Checks one reference against the ids of `kind`; empty ids are the schema's business.
class RefChecker {
 public:
  RefChecker(const KbIndex& idx, const IdMap& ids, std::string kind, std::vector<Diagnostic>& out)
      : idx_(idx), ids_(ids), suggester_(ids), kind_(std::move(kind)), out_(out) {}

  void check(const model::Ref& ref, const std::string& from_kind, const std::string& from_id,
             const char* field) {
    if (ref.id.empty() || ids_.count(ref.id)) return;
    std::string msg = from_kind + " " + from_id + ": " + field + " '" + ref.id + "' is not the id of any " +
                      kind_ + " record" + suggester_.suggest(ref.id);
    out_.push_back(make_diagnostic(Rule::kDanglingReference, idx_.where(ref.pos), std::move(msg), from_id));
  }

 private:
  const KbIndex& idx_;
  const IdMap& ids_;
  Suggester suggester_;
  std::string kind_;
  std::vector<Diagnostic>& out_;
};

}  // namespace

// Why: a reference to an id nothing defines silently drops the record from the graph,
// the bundle and every interpretation that should have used it.
void check_dangling_references(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& r = idx.records();
  RefChecker genes(idx, idx.genes(), "gene", out), variants(idx, idx.variants(), "variant", out),
      drugs(idx, idx.drugs(), "drug", out), phenotypes(idx, idx.phenotypes(), "phenotype", out);
  for (const auto& v : r.variants) genes.check(v.gene, "variant", v.id, "gene");
  // Drug group members: KB1008, which also refuses groups and self-membership.
  for (const auto& g : r.genes)
    for (const auto& role : g.roles) drugs.check(role.drug, "gene", g.id, "roles drug");
  for (const auto& p : r.phenotypes)
    for (const auto& parent : p.is_a) phenotypes.check(parent, "phenotype", p.id, "is_a");
  for (const auto& e : r.evidence) {
    variants.check(e.variant, "evidence", e.id, "variant");
    drugs.check(e.drug, "evidence", e.id, "drug");
    if (e.gene_phenotype) genes.check(e.gene_phenotype->gene, "evidence", e.id, "gene_phenotype gene");
    phenotypes.check(e.phenotype, "evidence", e.id, "phenotype");
  }
}

KB_CROSS_RULE(kDanglingReference, kCheap, check_dangling_references);

}  // namespace kb::rules::cross
