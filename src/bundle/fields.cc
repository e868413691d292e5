#include "bundle/fields.h"

#include <charconv>

namespace kb::bundle {

namespace f = kbbundle::format;
using kbbundle::Kind;

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::kGene: return "gene";
    case Kind::kVariant: return "variant";
    case Kind::kAllele: return "allele";
    case Kind::kDrug: return "drug";
    case Kind::kPhenotype: return "phenotype";
    case Kind::kEvidence: return "evidence";
  }
  return "?";
}

std::string_view record_id(const kbbundle::Bundle& b, Kind k, std::uint32_t i) {
  switch (k) {
    case Kind::kGene: return b.str(b.genes()[i].id);
    case Kind::kVariant: return b.str(b.variants()[i].id);
    case Kind::kDrug: return b.str(b.drugs()[i].id);
    case Kind::kPhenotype: return b.str(b.phenotypes()[i].id);
    case Kind::kEvidence: return b.str(b.evidence()[i].id);
    case Kind::kAllele: return b.str(b.alleles()[i].name);
  }
  return {};
}

std::string number_text(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

namespace {

std::string joined(const kbbundle::Bundle& b, f::ListRef r, std::size_t stride = 1,
                   const char* pair_sep = ": ") {
  std::string out;
  auto items = b.list(r);
  for (std::size_t i = 0; i < items.size(); i += stride) {
    if (!out.empty()) out += ", ";
    out += b.str(items[i]);
    if (stride == 2 && i + 1 < items.size()) (out += pair_sep) += b.str(items[i + 1]);
  }
  return out;
}

std::vector<Field> variant_fields(const kbbundle::Bundle& b, std::uint32_t i) {
  const auto& v = b.variants()[i];
  std::string alleles;
  for (const auto& a : b.alleles_of(i)) (alleles += alleles.empty() ? "" : ", ") += b.str(a.name);
  std::string loc;
  if (v.flags & f::kVariantHasLocation)
    loc = std::string(b.str(v.location_assembly)) + " " + std::string(b.str(v.location_chrom)) +
          ":" + std::to_string(v.location_pos);
  return {{"id", std::string(b.str(v.id))}, {"gene", std::string(b.str(v.gene))},
          {"rsid", std::string(b.str(v.rsid))}, {"alleles", alleles},
          {"aliases", joined(b, v.aliases)}, {"location", loc},
          {"function", joined(b, v.functions, 2)},
          {"system", std::string(kbbundle::system_name(b.variant_system(i)))}};
}

std::string opt_num(bool has, double v) { return has ? number_text(v) : std::string(); }
std::string opt_int(bool has, std::int64_t v) { return has ? std::to_string(v) : std::string(); }

std::vector<Field> evidence_fields(const kbbundle::Bundle& b, std::uint32_t i) {
  const auto& e = b.evidence()[i];
  auto s = [&](std::uint32_t id) { return std::string(b.str(id)); };
  auto has = [&](std::uint32_t flag) { return (e.flags & flag) != 0; };
  auto gp = b.gene_phenotype(i);
  std::string qualifiers;
  for (const auto& [k, v] : b.qualifiers(i))
    ((qualifiers += qualifiers.empty() ? "" : ", ") += k) += ": " + std::string(v);
  std::string ci = has(f::kEvHasStatCi)
                       ? "[" + number_text(e.stat_ci_low) + ", " + number_text(e.stat_ci_high) + "]"
                       : std::string();
  return {{"id", s(e.id)},
          {"status", std::string(kbbundle::status_name(e.status))},
          {"variant", s(e.variant)},
          {"gene_phenotype.gene", gp ? std::string(gp->gene) : std::string()},
          {"gene_phenotype.value", gp ? std::string(gp->value) : std::string()},
          {"allele", has(f::kEvHasAllele) ? s(e.allele) : std::string()},
          {"genotypes", joined(b, e.genotypes)},
          {"compared_to", joined(b, e.compared_to)},
          {"drug", s(e.drug)},
          {"phenotype", s(e.phenotype)},
          {"category", s(e.category)},
          {"direction", std::string(kbbundle::direction_name(e.direction))},
          {"context.population", s(e.ctx_population)},
          {"context.ancestry", joined(b, e.ctx_ancestry)},
          {"context.sex", s(e.ctx_sex)},
          {"context.condition", s(e.ctx_condition)},
          {"context.qualifiers", qualifiers},
          {"study.design", s(e.study_design)},
          {"study.size", opt_int(has(f::kEvHasStudySize), e.study_size)},
          {"study.statistic.measure", s(e.stat_measure)},
          {"study.statistic.value", opt_num(has(f::kEvHasStatValue), e.stat_value)},
          {"study.statistic.ci", ci},
          {"study.statistic.p", opt_num(has(f::kEvHasStatP), e.stat_p)},
          {"level", s(e.level)},
          {"citation.pmid", opt_int(has(f::kEvHasPmid), e.pmid)},
          {"citation.doi", s(e.doi)},
          {"citation.title", s(e.title)},
          {"citation.journal", s(e.journal)},
          {"citation.year", opt_int(has(f::kEvHasYear), e.year)},
          {"summary", s(e.summary)},
          {"curation.curator", s(e.curator)},
          {"curation.created", s(e.created)},
          {"curation.note", s(e.note)}};
}

}  // namespace

std::vector<Field> record_fields(const kbbundle::Bundle& b, Kind k, std::uint32_t i) {
  auto s = [&](std::uint32_t id) { return std::string(b.str(id)); };
  switch (k) {
    case Kind::kGene: {
      const auto& g = b.genes()[i];
      return {{"id", s(g.id)}, {"hgnc", s(g.hgnc)}, {"name", s(g.name)},
              {"chromosome", s(g.chromosome)}, {"roles", joined(b, g.roles, 2)}};
    }
    case Kind::kVariant: return variant_fields(b, i);
    case Kind::kDrug: {
      const auto& d = b.drugs()[i];
      std::string members;
      for (auto m : b.member_ids(i)) (members += members.empty() ? "" : ", ") += b.str(m);
      return {{"id", s(d.id)}, {"name", s(d.name)}, {"class", s(d.drug_class)},
              {"xrefs", joined(b, d.xrefs)}, {"members", members}};
    }
    case Kind::kPhenotype: {
      const auto& p = b.phenotypes()[i];
      return {{"id", s(p.id)}, {"label", s(p.label)}, {"category", s(p.category)},
              {"is_a", joined(b, p.is_a)}, {"xrefs", joined(b, p.xrefs)}};
    }
    case Kind::kEvidence: return evidence_fields(b, i);
    case Kind::kAllele: break;
  }
  return {};
}

}  // namespace kb::bundle
