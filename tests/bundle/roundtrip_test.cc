// KB -> bundle -> reader gives back every field; builds are reproducible.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "bundle_fixture.h"

namespace f = kbbundle::format;
using kbbundle::Bundle;
using kbbundle::Kind;

namespace {
Bundle open_bytes(std::string bytes) {
  auto r = Bundle::from_bytes(std::move(bytes));
  INFO((r ? std::string() : r.error()));
  REQUIRE(r);
  return std::move(r.value());
}

std::vector<std::string> strs(const Bundle& b, f::ListRef r) {
  std::vector<std::string> out;
  for (auto s : b.list(r)) out.emplace_back(b.str(s));
  return out;
}
}  // namespace

TEST_CASE("round trip: header, genes, variants, drugs, phenotypes", "[bundle]") {
  kb::bundle::BundleOptions o;
  o.statuses.insert(kb::model::Status::kSubmitted);
  o.source_date_epoch = 1700000000;
  Bundle b = open_bytes(kb::bundle::build_bundle(kbtest::full_kb(), o));
  CHECK(b.kb_id() == "full-kb");
  CHECK(b.kb_version() == "1.2.3");
  CHECK(b.kb_name() == "Full KB");
  CHECK(b.kb_license() == "CC0-1.0");
  CHECK(b.header().record_format == 1);
  CHECK(b.build_time() == 1700000000);
  CHECK(b.header().major == 1);
  CHECK(b.header().minor == 1);

  REQUIRE(b.genes().size() == 2);
  CHECK(b.str(b.genes()[0].id) == "ABCB1");  // sorted by id
  const auto& g = b.genes()[1];
  CHECK(b.str(g.hgnc) == "HGNC:2594");
  CHECK(b.str(g.name) == "aromatase");
  CHECK(b.str(g.chromosome) == "15");
  CHECK(strs(b, g.roles) == std::vector<std::string>{"anastrozole", "target", "letrozole", "metabolism"});

  auto vi = b.find_variant("rs4646");
  REQUIRE(vi);
  const auto& v = b.variants()[*vi];
  CHECK(b.str(v.gene) == "CYP19A1");
  CHECK(v.gene_index == 1);
  CHECK(b.str(v.rsid) == "rs4646");
  auto al = b.alleles_of(*vi);
  REQUIRE(al.size() == 2);
  CHECK(b.str(al[0].name) == "C");
  CHECK(b.str(al[1].name) == "A");
  CHECK(b.str(al[1].effect) == "decreased");
  CHECK(al[1].ordinal == 1);
  CHECK(strs(b, v.aliases) == std::vector<std::string>{"3'-UTR C>A", "c.*161C>A"});
  CHECK(strs(b, v.functions) == std::vector<std::string>{"A", "decreased"});
  CHECK((v.flags & f::kVariantHasLocation));
  CHECK(b.str(v.location_assembly) == "GRCh38");
  CHECK(b.str(v.location_chrom) == "15");
  CHECK(v.location_pos == 51210647);
  auto v2 = b.find(Kind::kVariant, "CYP19A1:c.-1G>T");
  REQUIRE(v2);
  CHECK(b.alleles_of(*v2).size() == 3);
  CHECK(!(b.variants()[*v2].flags & f::kVariantHasLocation));
  CHECK(b.str(b.variants()[*v2].rsid).empty());

  const auto& d = b.drugs()[0];
  CHECK(b.str(d.name) == "Anastrozole");
  CHECK(b.str(d.drug_class) == "aromatase inhibitor");
  CHECK(strs(b, d.xrefs) == std::vector<std::string>{"RxNorm:84857", "ATC:L02BG03"});

  auto ttp = b.find(Kind::kPhenotype, "time-to-progression");
  REQUIRE(ttp);
  const auto& p = b.phenotypes()[*ttp];
  CHECK(b.str(p.label) == "TTP");
  CHECK(b.str(p.category) == "efficacy");
  CHECK(strs(b, p.is_a) == std::vector<std::string>{"outcome"});
  CHECK(strs(b, p.xrefs) == std::vector<std::string>{"NCIT:C16873"});
  auto parents = b.parents_of_phenotype(*ttp);
  REQUIRE(parents.size() == 1);
  CHECK(b.str(b.phenotypes()[parents[0]].id) == "outcome");
}

TEST_CASE("round trip: evidence, every field", "[bundle]") {
  kb::bundle::BundleOptions o;
  o.statuses.insert(kb::model::Status::kSubmitted);
  Bundle b = open_bytes(kb::bundle::build_bundle(kbtest::full_kb(), o));
  CHECK(!b.build_time());
  REQUIRE(b.evidence().size() == 2);  // EV0003 is a draft: left out
  auto ev = b.evidence_for_variant("rs4646");
  REQUIRE(ev.size() == 1);
  const auto& e = b.evidence()[ev[0]];
  CHECK(b.str(e.id) == "EV0002");
  CHECK(e.status == static_cast<std::uint8_t>(f::Status::kAccepted));
  CHECK(b.str(e.variant) == "rs4646");
  CHECK(b.str(b.variants()[e.variant_index].id) == "rs4646");
  CHECK((e.flags & f::kEvHasAllele));
  CHECK(b.str(e.allele) == "A");
  CHECK(strs(b, e.compared_to) == std::vector<std::string>{"C"});
  CHECK(!(e.flags & f::kEvComparedToIsList));
  CHECK(b.str(e.drug) == "anastrozole");
  CHECK(b.str(b.drugs()[e.drug_index].id) == "anastrozole");
  CHECK(b.str(e.phenotype) == "time-to-progression");
  CHECK(b.str(e.category) == "efficacy");
  CHECK(kbbundle::direction_name(e.direction) == "increased");
  CHECK(b.str(e.ctx_population) == "postmenopausal women");
  CHECK(strs(b, e.ctx_ancestry) == std::vector<std::string>{"east-asian", "european"});
  CHECK(b.str(e.ctx_sex) == "female");
  CHECK(b.str(e.ctx_condition) == "mBC");
  CHECK(b.str(e.study_design) == "cohort");
  CHECK(e.study_size == 272);
  CHECK(b.str(e.stat_measure) == "HR");
  CHECK(e.stat_value == 0.61);
  CHECK(e.stat_ci_low == 0.42);
  CHECK(e.stat_ci_high == 0.88);
  CHECK(e.stat_p == 0.049);
  CHECK((e.flags & (f::kEvHasStudySize | f::kEvHasStatistic | f::kEvHasStatValue | f::kEvHasStatCi |
                    f::kEvHasStatP | f::kEvHasPmid | f::kEvHasYear | f::kEvHasDoi | f::kEvHasTitle |
                    f::kEvHasJournal)) == 0xFFCu);
  CHECK(b.str(e.level) == "3");
  CHECK(e.pmid == 24065098);
  CHECK(b.str(e.doi) == "10.3390/ijms140918973");
  CHECK(b.str(e.title) == "A Polymorphism");
  CHECK(b.str(e.journal) == "Int J Mol Sci");
  CHECK(e.year == 2013);
  CHECK(b.str(e.summary) == "Carriers had longer TTP.");
  CHECK(b.str(e.curator) == "jdoe");
  CHECK(b.str(e.created) == "2026-11-21");
  CHECK(b.str(e.note) == "a note");

  auto g = b.find(Kind::kEvidence, "EV0001");
  REQUIRE(g);
  const auto& e2 = b.evidence()[*g];
  CHECK(kbbundle::status_name(e2.status) == "submitted");
  CHECK(!(e2.flags & f::kEvHasAllele));
  CHECK(strs(b, e2.genotypes) == std::vector<std::string>{"T/T", "G/T"});
  CHECK(strs(b, e2.compared_to) == std::vector<std::string>{"G/G"});
  CHECK((e2.flags & f::kEvComparedToIsList));
  CHECK(!(e2.flags & (f::kEvHasPmid | f::kEvHasStatistic | f::kEvHasStudySize)));
  CHECK(kbbundle::direction_name(e2.direction) == "no-association");
}

TEST_CASE("graph adjacency and lookups", "[bundle]") {
  Bundle b = open_bytes(kbtest::small_bundle());
  CHECK(b.evidence_for_gene("CYP19A1").size() == 2);
  CHECK(b.evidence_for_gene("ABCB1").empty());
  CHECK(b.evidence_for_drug("anastrozole").size() == 2);
  CHECK(b.evidence_for_phenotype("outcome").size() == 1);
  CHECK(b.evidence_for_variant("no-such").empty());
  CHECK(!b.variant_by_rsid("rs1"));
  CHECK(!b.variant_by_rsid(""));
  auto g = b.find(Kind::kGene, "CYP19A1");
  REQUIRE(g);
  CHECK(b.variants_of_gene(*g).size() == 2);
  CHECK(b.genes()[*g].variant_count == 2);
  CHECK(b.evidence_of_gene(99).empty());  // out of range: empty, not UB
}

TEST_CASE("accepted only by default", "[bundle]") {
  Bundle b = open_bytes(kb::bundle::build_bundle(kbtest::full_kb()));
  REQUIRE(b.evidence().size() == 1);
  CHECK(b.str(b.evidence()[0].id) == "EV0002");
}

TEST_CASE("reproducible: record order does not matter", "[bundle]") {
  auto kb1 = kbtest::full_kb();
  auto kb2 = kbtest::full_kb();
  std::mt19937 rng(7);
  auto& r = kb2.records;
  std::shuffle(r.genes.begin(), r.genes.end(), rng);
  std::reverse(r.variants.begin(), r.variants.end());
  std::reverse(r.phenotypes.begin(), r.phenotypes.end());
  std::reverse(r.evidence.begin(), r.evidence.end());
  kb2.files = {"somewhere/else.yaml", "x.yaml"};
  kb2.root = "/other/path";
  CHECK(kb::bundle::build_bundle(kb1) == kb::bundle::build_bundle(kb2));
  kb::bundle::BundleOptions o;
  o.source_date_epoch = 1;
  CHECK(kb::bundle::build_bundle(kb1, o) != kb::bundle::build_bundle(kb2));
}
