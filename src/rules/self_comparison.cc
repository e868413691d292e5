// KB0204 self-comparison. Why: "allele A compared to allele A" or a genotype listed on
// both sides of a comparison states nothing; it is usually a typo for the other allele.
#include "rules/record_rules.h"

namespace kb::rules {
namespace {

/// "A/C" and "C/A" are the same unphased genotype.
std::string canonical_genotype(std::string_view g) {
  std::string_view a, b;
  if (!split_genotype(g, a, b)) return std::string(g);
  if (b < a) std::swap(a, b);
  return std::string(a) + "/" + std::string(b);
}

}  // namespace

void check_self_comparison(const RecordContext& ctx) {
  const yaml::Node* ct = ctx.doc.find("compared_to");
  if (!ct) return;
  const yaml::Node* allele = ctx.doc.find("allele");
  if (allele && allele->is_scalar() && ct->is_scalar() && ct->text == allele->text) {
    ctx.report(Rule::kSelfComparison, *ct, "compared_to is the claim's own allele '" + allele->text +
                                  "'; name the comparison allele");
    return;
  }
  const yaml::Node* gs = ctx.doc.find("genotypes");
  if (!gs || !gs->is_seq() || !ct->is_seq()) return;
  for (const auto& c : ct->items) {
    if (!c.is_scalar()) continue;
    for (const auto& g : gs->items)
      if (g.is_scalar() && canonical_genotype(g.text) == canonical_genotype(c.text)) {
        ctx.report(Rule::kSelfComparison, c, "genotype '" + c.text + "' is on both sides of the comparison (genotypes and compared_to)");
        break;
      }
  }
}

}  // namespace kb::rules
