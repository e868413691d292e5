// KB0202 genotype-syntax. Why: genotypes are matched against patient calls; "A|C" (phased),
// "AC" or "A/C/T" can never match and would silently make a record dead.
#include "rules/record_rules.h"

namespace kb::rules {
namespace {

void check_one(const RecordContext& ctx, const yaml::Node& g) {
  if (!g.is_scalar()) return;  // wrong types are the schema's business
  std::string_view a, b;
  if (split_genotype(g.text, a, b)) return;
  std::string msg = "'" + g.text + "' is not a genotype";
  if (g.text.find('|') != std::string::npos)
    msg += ": genotypes are unphased, write X/Y (e.g. \"A/C\") instead of X|Y";
  else if (g.text.find('/') == std::string::npos)
    msg += ": write the two alleles separated by '/', e.g. \"A/C\"";
  else
    msg += ": each side of '/' must be an allele (nucleotides, '-', a repeat such as (TA)7, a star or HLA "
           "allele such as *2, *1x2 or *58:01, or a name such as L)";
  ctx.report(Rule::kGenotypeSyntax, g, msg);
}

}  // namespace

void check_genotype_syntax(const RecordContext& ctx) {
  if (const yaml::Node* gs = ctx.doc.find("genotypes"); gs && gs->is_seq())
    for (const auto& g : gs->items) check_one(ctx, g);
  // With gene_phenotype (format 1.1), compared_to lists CPIC terms: the schema's business.
  if (const yaml::Node* ct = ctx.doc.find("compared_to"); ct && ct->is_seq() && !ctx.doc.find("gene_phenotype"))
    for (const auto& g : ct->items) check_one(ctx, g);
}

}  // namespace kb::rules
