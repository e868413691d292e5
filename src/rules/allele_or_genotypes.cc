// KB0201 allele-or-genotypes. Why: a claim is about one allele or about a set of
// genotypes; with both (or neither) an interpreter cannot tell what a patient must carry.
#include "rules/record_rules.h"

namespace kb::rules {

void check_allele_or_genotypes(const RecordContext& ctx) {
  const yaml::Member* allele = ctx.doc.find_member("allele");
  const yaml::Member* genotypes = ctx.doc.find_member("genotypes");
  if (allele && genotypes) {
    ctx.report(Rule::kAlleleOrGenotypes, genotypes->key,
               "evidence gives both 'allele' and 'genotypes'; keep exactly one (split the "
               "record in two if it makes both claims)");
  } else if (!allele && !genotypes) {
    const yaml::Member* variant = ctx.doc.find_member("variant");
    ctx.report(Rule::kAlleleOrGenotypes, variant ? variant->key : ctx.doc,
               "evidence gives neither 'allele' nor 'genotypes'; add the allele (e.g. "
               "'allele: A') or the genotypes (e.g. 'genotypes: [\"A/A\"]') the claim is about");
  }
}

}  // namespace kb::rules
