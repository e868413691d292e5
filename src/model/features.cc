#include "model/features.h"

namespace kb::model {

std::vector<FeatureUse> format11_features(const RecordSet& r) {
  std::vector<FeatureUse> out;
  for (const auto& v : r.variants) {
    if (!v.system_text.empty() && v.system != AlleleSystem::kLocus)
      out.push_back({"variant", v.id, "system: " + v.system_text, v.pos});
    if (v.gene.id.empty()) out.push_back({"variant", v.id, "a variant without a gene", v.pos});
    for (std::size_t i = 0; i < v.alleles.size(); ++i)
      if (v.alleles[i].starts_with("(")) {
        out.push_back({"variant", v.id, "a short-tandem-repeat allele (" + v.alleles[i] + ")",
                       i < v.allele_pos.size() ? v.allele_pos[i] : v.pos});
        break;
      }
  }
  for (const auto& d : r.drugs)
    if (!d.members.empty()) out.push_back({"drug", d.id, "a drug group (members)", d.members_pos});
  for (const auto& e : r.evidence) {
    if (e.gene_phenotype)
      out.push_back({"evidence", e.id, "gene_phenotype evidence", e.gene_phenotype->pos});
    if (e.direction.value == Direction::kAssociated && e.claim_valid)
      out.push_back({"evidence", e.id, "direction: associated", e.direction.pos});
    if (!e.context.qualifiers.empty())
      out.push_back({"evidence", e.id, "context.qualifiers", e.context.qualifiers.front().second.pos});
    // A record whose status does not require a level may leave it out.
    if (e.level.value.empty() && !is_active(e.status) && !e.id.empty())
      out.push_back({"evidence", e.id, "a draft/rejected/retracted record without level", e.pos});
  }
  return out;
}

}  // namespace kb::model
