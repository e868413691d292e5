#pragma once
// A programmatic KB with every field of the v1 model set, for round-trip tests.
#include <string>

#include "bundle/writer.h"
#include "kbbundle/bundle.h"
#include "model/records.h"

namespace kbtest {

inline kb::model::KnowledgeBase full_kb() {
  using namespace kb::model;
  KnowledgeBase kb;
  kb.root = "kb";
  kb.files = {"kb/kb.yaml"};
  Manifest m;
  m.id = "full-kb", m.name = "Full KB", m.version = "1.2.3", m.format = 1, m.license = "CC0-1.0";
  kb.records.manifests.push_back(m);
  Gene g;
  g.id = "CYP19A1", g.hgnc = "HGNC:2594", g.name = "aromatase", g.chromosome = "15";
  g.roles = {{{"anastrozole", {}}, "target"}, {{"letrozole", {}}, "metabolism"}};
  kb.records.genes.push_back(g);
  Gene g2;
  g2.id = "ABCB1";
  kb.records.genes.push_back(g2);
  Variant v;
  v.id = "rs4646", v.gene = {"CYP19A1", {}}, v.rsid = "rs4646", v.alleles = {"C", "A"};
  v.aliases = {"3'-UTR C>A", "c.*161C>A"};
  v.location = GenomicLocation{"GRCh38", "15", 51210647};
  v.functions = {{"A", "decreased", {}}};
  kb.records.variants.push_back(v);
  Variant v2;
  v2.id = "CYP19A1:c.-1G>T", v2.gene = {"CYP19A1", {}}, v2.alleles = {"G", "T", "-"};
  kb.records.variants.push_back(v2);
  Drug d;
  d.id = "anastrozole", d.name = "Anastrozole", d.drug_class = "aromatase inhibitor";
  d.xrefs = {"RxNorm:84857", "ATC:L02BG03"};
  kb.records.drugs.push_back(d);
  Phenotype p1, p2;
  p1.id = "outcome", p1.label = "Outcome", p1.category = "efficacy";
  p2.id = "time-to-progression", p2.label = "TTP", p2.category = "efficacy";
  p2.is_a = {{"outcome", {}}}, p2.xrefs = {"NCIT:C16873"};
  kb.records.phenotypes = {p2, p1};  // unsorted on purpose
  Evidence e;
  e.id = "EV0002", e.status = Status::kAccepted, e.variant = {"rs4646", {}};
  e.allele = Located<std::string>{"A", {}};
  e.compared_to = {{"C", {}}};
  e.drug = {"anastrozole", {}}, e.phenotype = {"time-to-progression", {}};
  e.category = "efficacy", e.direction = {Direction::kIncreased, {}};
  e.context = {"postmenopausal women", {"east-asian", "european"}, "female", "mBC", {}};
  e.study.design = "cohort", e.study.size = 272;
  e.study.statistic = Statistic{"HR", 0.61, std::pair{0.42, 0.88}, 0.049};
  e.level = {"3", {}};
  e.citation.pmid = Located<std::int64_t>{24065098, {}};
  e.citation.doi = Located<std::string>{"10.3390/ijms140918973", {}};
  e.citation.title = Located<std::string>{"A Polymorphism", {}};
  e.citation.journal = Located<std::string>{"Int J Mol Sci", {}};
  e.citation.year = Located<std::int64_t>{2013, {}};
  e.summary = "Carriers had longer TTP.";
  e.curation = {"jdoe", "2026-11-21", "a note"};
  Evidence e2;
  e2.id = "EV0001", e2.status = Status::kSubmitted, e2.variant = {"CYP19A1:c.-1G>T", {}};
  e2.genotypes = {{"T/T", {}}, {"G/T", {}}};
  e2.compared_to = {{"G/G", {}}}, e2.compared_to_is_list = true;
  e2.drug = {"anastrozole", {}}, e2.phenotype = {"outcome", {}};
  e2.category = "toxicity", e2.direction = {Direction::kNoAssociation, {}}, e2.level = {"4", {}};
  e2.citation.doi = Located<std::string>{"10.1000/xyz", {}};
  Evidence e3 = e2;
  e3.id = "EV0003", e3.status = Status::kDraft;
  kb.records.evidence = {e, e2, e3};
  return kb;
}

/// A small valid bundle (every section non-trivial) for robustness tests.
inline std::string small_bundle() {
  kb::bundle::BundleOptions o;
  o.statuses.insert(kb::model::Status::kSubmitted);
  return kb::bundle::build_bundle(full_kb(), o);
}

/// Walks every accessor of `b`: under ASan/UBSan any out-of-bounds read fails the test.
inline std::size_t walk(const kbbundle::Bundle& b) {
  std::size_t n = b.kb_id().size() + b.kb_version().size() + b.kb_name().size();
  for (std::uint32_t i = 0; i < b.genes().size(); ++i) {
    n += b.str(b.genes()[i].id).size() + b.list(b.genes()[i].roles).size();
    for (auto v : b.variants_of_gene(i)) n += b.str(b.variants()[v].id).size();
    n += b.evidence_of_gene(i).size();
    n += b.find(kbbundle::Kind::kGene, b.str(b.genes()[i].id)).has_value();
  }
  for (std::uint32_t i = 0; i < b.variants().size(); ++i) {
    const auto& v = b.variants()[i];
    for (const auto& a : b.alleles_of(i)) n += b.str(a.name).size() + b.str(a.effect).size();
    for (auto s : b.list(v.aliases)) n += b.str(s).size();
    for (auto e : b.evidence_of_variant(i)) n += b.str(b.evidence()[e].summary).size();
    n += b.variant_by_rsid(b.str(v.rsid)).has_value();
  }
  for (const auto& e : b.evidence()) {
    for (auto s : b.list(e.genotypes)) n += b.str(s).size();
    for (auto s : b.list(e.ctx_ancestry)) n += b.str(s).size();
    n += std::string_view(b.c_str(e.title)).size() + b.str(e.level).size();
  }
  for (std::uint32_t i = 0; i < b.drugs().size(); ++i) n += b.evidence_of_drug(i).size();
  for (std::uint32_t i = 0; i < b.phenotypes().size(); ++i)
    n += b.evidence_of_phenotype(i).size() + b.parents_of_phenotype(i).size();
  // Record format 1.1 content.
  for (std::uint32_t i = 0; i < b.variants().size(); ++i)
    n += kbbundle::system_name(b.variant_system(i)).size() + b.variant_gene(i).has_value();
  for (std::uint32_t i = 0; i < b.evidence().size(); ++i) {
    if (auto gp = b.gene_phenotype(i)) n += gp->gene.size() + gp->value.size();
    for (const auto& [k, v] : b.qualifiers(i)) n += k.size() + v.size();
  }
  for (std::uint32_t i = 0; i < b.drugs().size(); ++i) {
    for (auto m : b.members_of_drug(i)) n += b.str(b.drugs()[m].id).size();
    for (auto id : b.member_ids(i)) n += b.str(id).size();
    n += b.groups_of_drug(i).size();
  }
  return n;
}

/// full_kb() plus every record format 1.1 form: a star variant, a variant without a
/// gene, a drug group (one member not in the KB), and a gene-phenotype record with
/// qualifiers and `direction: associated` filed under the group.
inline kb::model::KnowledgeBase format11_kb() {
  using namespace kb::model;
  KnowledgeBase kb = full_kb();
  kb.records.manifests[0].format_minor = 1;
  Variant star;
  star.id = "CYP19A1:star", star.gene = {"CYP19A1", {}}, star.system = AlleleSystem::kStar;
  star.system_text = "star", star.alleles = {"*1", "*4"};
  Variant intergenic;
  intergenic.id = "rs2891356", intergenic.rsid = "rs2891356", intergenic.alleles = {"A", "G"};
  kb.records.variants.push_back(star);
  kb.records.variants.push_back(intergenic);
  Drug group;
  group.id = "aromatase-inhibitors", group.name = "Aromatase inhibitors";
  group.members = {{"anastrozole", {}}, {"letrozole", {}}};  // letrozole: not in the KB
  kb.records.drugs.push_back(group);
  Evidence gp = kb.records.evidence[0];
  gp.id = "EV0004", gp.variant = {}, gp.allele.reset(), gp.compared_to = {};
  gp.gene_phenotype = Evidence::GenePhenotype{{"CYP19A1", {}}, {"poor metabolizer", {}}, {}};
  gp.drug = {"aromatase-inhibitors", {}}, gp.direction = {Direction::kAssociated, {}};
  gp.context.qualifiers = {{"disease-stage", {"early", {}}}, {"menopausal-status", {"postmenopausal", {}}}};
  kb.records.evidence.push_back(gp);
  return kb;
}

inline std::string format11_bundle() {
  return kb::bundle::build_bundle(format11_kb(), kb::bundle::BundleOptions{});
}

}  // namespace kbtest
