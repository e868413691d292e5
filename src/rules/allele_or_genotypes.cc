// KB0201 allele-or-genotypes. Why: a claim is about one allele or about a set of
// genotypes; with both (or neither) an interpreter cannot tell what a patient must carry.
#include "rules/record_rules.h"

namespace kb::rules {

void check_allele_or_genotypes(const RecordContext& ctx) {
  const yaml::Member* allele = ctx.doc.find_member("allele");
  const yaml::Member* genotypes = ctx.doc.find_member("genotypes");
  const yaml::Member* gene_phenotype = ctx.doc.find_member("gene_phenotype");  // format 1.1
  int given = (allele ? 1 : 0) + (genotypes ? 1 : 0) + (gene_phenotype ? 1 : 0);
  if (given > 1) {
    const yaml::Member* second = gene_phenotype ? gene_phenotype : genotypes;
    ctx.report(Rule::kAlleleOrGenotypes, second->key,
               "evidence gives more than one of 'allele', 'genotypes' and 'gene_phenotype'; keep "
               "exactly one (split the record if it makes several claims)");
  } else if (given == 0) {
    const yaml::Member* variant = ctx.doc.find_member("variant");
    ctx.report(Rule::kAlleleOrGenotypes, variant ? variant->key : ctx.doc,
               "evidence gives none of 'allele', 'genotypes' or 'gene_phenotype'; add the allele (e.g. "
               "'allele: A'), the genotypes (e.g. 'genotypes: [\"A/A\"]') or the gene phenotype the "
               "claim is about");
  }
}

}  // namespace kb::rules
