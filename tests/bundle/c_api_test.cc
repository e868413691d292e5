// The C API over a bundle on disk, including its failure paths.
#include <catch2/catch.hpp>

#include <string>

#include "bundle_fixture.h"
#include "kbbundle/kbbundle.h"
#include "test_support.h"

TEST_CASE("C API: open, header, lookups, records, adjacency", "[bundle][capi]") {
  kbtest::TempDir t;
  auto path = t.write("b.kbb", kbtest::small_bundle());
  kbb_bundle* b = kbb_open(path.c_str(), KBB_VERIFY_CHECKSUM);
  REQUIRE(b);
  REQUIRE(kbb_error(b) == nullptr);
  CHECK(std::string(kbb_kb_id(b)) == "full-kb");
  CHECK(std::string(kbb_kb_version(b)) == "1.2.3");
  CHECK(std::string(kbb_kb_name(b)) == "Full KB");
  uint16_t major = 0, minor = 9;
  kbb_format_version(b, &major, &minor);
  CHECK(major == 1);
  CHECK(minor == 1);
  CHECK(kbb_count(b, KBB_GENE) == 2);
  CHECK(kbb_count(b, KBB_VARIANT) == 2);
  CHECK(kbb_count(b, KBB_ALLELE) == 5);
  CHECK(kbb_count(b, KBB_EVIDENCE) == 2);
  CHECK(kbb_count(b, static_cast<kbb_kind>(42)) == 0);

  uint32_t v = 0;
  REQUIRE(kbb_variant_by_rsid(b, "rs4646", &v));
  CHECK_FALSE(kbb_variant_by_rsid(b, "rs1", &v));
  kbb_variant_info vi;
  REQUIRE(kbb_variant(b, v, &vi));
  CHECK(std::string(vi.id) == "rs4646");
  CHECK(vi.allele_count == 2);
  CHECK(vi.has_location == 1);
  CHECK(vi.pos == 51210647);
  CHECK(std::string(kbb_variant_allele(b, v, 1)) == "A");
  CHECK(kbb_variant_allele(b, v, 2) == nullptr);

  const uint32_t* items = nullptr;
  size_t n = 0;
  REQUIRE(kbb_evidence_of_variant(b, v, &items, &n));
  REQUIRE(n == 1);
  kbb_evidence_info e;
  REQUIRE(kbb_evidence(b, items[0], &e));
  CHECK(std::string(e.id) == "EV0002");
  CHECK(std::string(e.direction) == "increased");
  CHECK(std::string(e.status) == "accepted");
  CHECK(std::string(e.allele) == "A");
  CHECK(e.pmid == 24065098);
  CHECK(e.year == 2013);
  CHECK(e.has_size == 1);
  CHECK(e.size == 272);
  CHECK(std::string(e.level) == "3");

  uint32_t ev1 = 0;
  REQUIRE(kbb_find(b, KBB_EVIDENCE, "EV0001", &ev1));
  REQUIRE(kbb_evidence(b, ev1, &e));
  CHECK(std::string(e.allele).empty());
  CHECK(e.genotype_count == 2);
  CHECK(std::string(kbb_evidence_genotype(b, ev1, 0)) == "T/T");
  CHECK(e.pmid == 0);

  uint32_t g = 0;
  REQUIRE(kbb_find(b, KBB_GENE, "CYP19A1", &g));
  kbb_gene_info gi;
  REQUIRE(kbb_gene(b, g, &gi));
  CHECK(std::string(gi.hgnc) == "HGNC:2594");
  REQUIRE(kbb_variants_of_gene(b, g, &items, &n));
  CHECK(n == 2);
  REQUIRE(kbb_evidence_of_gene(b, g, &items, &n));
  CHECK(n == 2);
  CHECK_FALSE(kbb_evidence_of_gene(b, 1000, &items, &n));
  CHECK_FALSE(kbb_gene(b, 1000, &gi));
  CHECK_FALSE(kbb_find(b, KBB_DRUG, "nope", &g));
  kbb_close(b);
}

TEST_CASE("C API: a bad file gives an error, not a crash", "[bundle][capi]") {
  kbtest::TempDir t;
  auto path = t.write("bad.kbb", "KBBUNDLE garbage");
  kbb_bundle* b = kbb_open(path.c_str(), KBB_VERIFY_CHECKSUM);
  REQUIRE(b);
  REQUIRE(kbb_error(b) != nullptr);
  CHECK(std::string(kbb_error(b)).find("bad.kbb") != std::string::npos);
  CHECK(std::string(kbb_kb_id(b)).empty());
  CHECK(kbb_count(b, KBB_GENE) == 0);
  uint32_t i;
  CHECK_FALSE(kbb_find(b, KBB_GENE, "x", &i));
  kbb_close(b);
  kbb_bundle* n = kbb_open(nullptr, 0);
  REQUIRE(kbb_error(n) != nullptr);
  kbb_close(n);
  kbb_close(nullptr);
}

TEST_CASE("C API: record format 1.1 content (bundle format 1.2)", "[bundle][capi][format11]") {
  kbtest::TempDir t;
  auto path = t.write("b.kbb", kbtest::format11_bundle());
  kbb_bundle* b = kbb_open(path.c_str(), KBB_VERIFY_CHECKSUM);
  REQUIRE(b);
  REQUIRE(kbb_error(b) == nullptr);
  uint16_t major = 0, minor = 0;
  kbb_format_version(b, &major, &minor);
  CHECK(minor == 2);
  uint32_t v = 0;
  REQUIRE(kbb_find(b, KBB_VARIANT, "CYP19A1:star", &v));
  CHECK(std::string(kbb_variant_system(b, v)) == "star");
  CHECK(kbb_variant_has_gene(b, v) == 1);
  REQUIRE(kbb_find(b, KBB_VARIANT, "rs2891356", &v));
  CHECK(std::string(kbb_variant_system(b, v)) == "locus");
  CHECK(kbb_variant_has_gene(b, v) == 0);
  kbb_variant_info vi;
  REQUIRE(kbb_variant(b, v, &vi));
  CHECK(std::string(vi.gene).empty());
  CHECK(kbb_variant_system(b, 1000) == nullptr);
  CHECK(kbb_variant_has_gene(b, 1000) == 0);

  uint32_t e = 0, allele_ev = 0;
  REQUIRE(kbb_find(b, KBB_EVIDENCE, "EV0004", &e));
  REQUIRE(kbb_find(b, KBB_EVIDENCE, "EV0002", &allele_ev));
  CHECK(std::string(kbb_evidence_subject(b, e)) == "gene_phenotype");
  CHECK(std::string(kbb_evidence_subject(b, allele_ev)) == "alleles");
  CHECK(kbb_evidence_subject(b, 1000) == nullptr);
  const char* gene = nullptr;
  const char* value = nullptr;
  uint32_t gene_index = 0, g = 0;
  REQUIRE(kbb_evidence_gene_phenotype(b, e, &gene, &gene_index, &value));
  CHECK(std::string(gene) == "CYP19A1");
  CHECK(std::string(value) == "poor metabolizer");
  REQUIRE(kbb_find(b, KBB_GENE, "CYP19A1", &g));
  CHECK(gene_index == g);
  CHECK_FALSE(kbb_evidence_gene_phenotype(b, allele_ev, &gene, nullptr, nullptr));
  CHECK(kbb_evidence_qualifier_count(b, e) == 2);
  CHECK(kbb_evidence_qualifier_count(b, allele_ev) == 0);
  const char* key = nullptr;
  REQUIRE(kbb_evidence_qualifier(b, e, 1, &key, &value));
  CHECK(std::string(key) == "menopausal-status");
  CHECK(std::string(value) == "postmenopausal");
  CHECK_FALSE(kbb_evidence_qualifier(b, e, 2, &key, &value));
  kbb_evidence_info ei;
  REQUIRE(kbb_evidence(b, e, &ei));
  CHECK(std::string(ei.direction) == "associated");
  CHECK(std::string(ei.variant).empty());

  uint32_t group = 0, member = 0;
  REQUIRE(kbb_find(b, KBB_DRUG, "aromatase-inhibitors", &group));
  REQUIRE(kbb_find(b, KBB_DRUG, "anastrozole", &member));
  CHECK(kbb_drug_is_group(b, group) == 1);
  CHECK(kbb_drug_is_group(b, member) == 0);
  const uint32_t* items = nullptr;
  size_t n = 0;
  REQUIRE(kbb_members_of_drug(b, group, &items, &n));
  REQUIRE(n == 1);
  CHECK(items[0] == member);
  REQUIRE(kbb_groups_of_drug(b, member, &items, &n));
  REQUIRE(n == 1);
  CHECK(items[0] == group);
  CHECK_FALSE(kbb_members_of_drug(b, 1000, &items, &n));
  kbb_close(b);
}
