// Record format 1.1 content in the bundle (format 1.2): the writer carries it in
// required sections, the C++ reader exposes it, a bundle without it is what 1.1 wrote
// (and readers before 1.2 read it), a bundle with it is refused by them naming both
// versions, and damaged 1.2 sections are refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "bundle_fixture.h"
#include "kbbundle/bundle.h"

namespace f = kbbundle::format;
using kbbundle::Bundle;
using kbbundle::Kind;

namespace {

Bundle open_bytes(const std::string& bytes, std::uint16_t reader_minor = f::kMinor) {
  auto r = Bundle::from_bytes(bytes, {.verify_checksum = true, .reader_minor = reader_minor});
  INFO((r ? "" : r.error()));
  REQUIRE(r);
  return std::move(r.value());
}

std::string open_error(const std::string& bytes, std::uint16_t reader_minor = f::kMinor) {
  auto r = Bundle::from_bytes(bytes, {.verify_checksum = true, .reader_minor = reader_minor});
  return r ? std::string() : r.error();
}

std::vector<std::uint32_t> ids(std::span<const f::SectionEntry> secs) {
  std::vector<std::uint32_t> out;
  for (const auto& s : secs) out.push_back(s.id);
  return out;
}

const f::SectionEntry& section(const std::string& bytes, f::SectionId id) {
  f::FileHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  auto* secs = reinterpret_cast<const f::SectionEntry*>(bytes.data() + h.section_table_offset);
  for (std::uint32_t i = 0; i < h.section_count; ++i)
    if (secs[i].id == static_cast<std::uint32_t>(id)) return secs[i];
  FAIL("section not found");
  return secs[0];
}

/// Recomputes both checksums after a test edited the bytes.
void fix_checksums(std::string& b) {
  f::FileHeader h;
  std::memcpy(&h, b.data(), sizeof h);
  h.checksum = kbbundle::content_checksum(b.data() + h.header_size, b.size() - h.header_size);
  h.file_checksum = 0;
  std::memcpy(b.data(), &h, sizeof h);
  h.file_checksum = kbbundle::file_checksum(b.data(), b.size());
  std::memcpy(b.data(), &h, sizeof h);
}

std::uint32_t find(const Bundle& b, Kind k, std::string_view id) {
  auto i = b.find(k, id);
  INFO(id);
  REQUIRE(i);
  return *i;
}

}  // namespace

TEST_CASE("format 1.1 content: a 1.2 bundle with required sections, only when used", "[bundle][format11]") {
  std::string bytes = kbtest::format11_bundle();
  Bundle b = open_bytes(bytes);
  CHECK(b.header().minor == 2);
  auto got = ids(b.sections());
  for (std::uint32_t id : {0x16u, 0x17u, 0x18u, 0x36u, 0x37u})
    CHECK(std::count(got.begin(), got.end(), id) == 1);
  for (const auto& s : b.sections()) CHECK((s.flags & f::kSectionRequired) != 0);
  // Without 1.1 content: minor 1 and the sixteen 1.1 sections, none of 1.2.
  Bundle old = open_bytes(kbtest::small_bundle());
  CHECK(old.header().minor == 1);
  CHECK(old.sections().size() == 16);
  for (auto id : ids(old.sections())) CHECK(id != 0x16u);
}

TEST_CASE("format 1.1 content: only the sections that are used are written", "[bundle][format11]") {
  auto kb = kbtest::full_kb();
  kb.records.evidence[0].direction.value = kb::model::Direction::kAssociated;
  Bundle b = open_bytes(kb::bundle::build_bundle(kb, {}));
  CHECK(b.header().minor == 2);
  CHECK(ids(b.sections()).size() == 17);
  CHECK(ids(b.sections()).back() == 0x17u);
  CHECK(kbbundle::direction_name(b.evidence()[*b.find(Kind::kEvidence, "EV0002")].direction) ==
        "associated");
}

TEST_CASE("reader: variant systems and variants without a gene", "[bundle][format11]") {
  Bundle b = open_bytes(kbtest::format11_bundle());
  auto star = find(b, Kind::kVariant, "CYP19A1:star");
  CHECK(b.variant_system(star) == f::AlleleSystem::kStar);
  CHECK(kbbundle::system_name(b.variant_system(star)) == "star");
  CHECK(b.variant_gene(star) == "CYP19A1");
  auto intergenic = find(b, Kind::kVariant, "rs2891356");
  CHECK(b.variant_system(intergenic) == f::AlleleSystem::kLocus);
  CHECK_FALSE(b.variant_gene(intergenic));
  CHECK(b.variants()[intergenic].gene_index == f::kNoIndex);
  CHECK(b.variant_by_rsid("rs2891356") == intergenic);
  // A bundle without the section: every variant is a locus.
  Bundle old = open_bytes(kbtest::small_bundle());
  CHECK(old.variant_system(0) == f::AlleleSystem::kLocus);
  CHECK(old.variant_system(99) == f::AlleleSystem::kLocus);
  CHECK(old.variant_gene(0) == "CYP19A1");
}

TEST_CASE("reader: subject kinds, gene phenotypes, qualifiers, direction associated", "[bundle][format11]") {
  Bundle b = open_bytes(kbtest::format11_bundle());
  auto gp = find(b, Kind::kEvidence, "EV0004");
  auto allele = find(b, Kind::kEvidence, "EV0002");
  CHECK(b.subject_kind(gp) == kbbundle::SubjectKind::kGenePhenotype);
  CHECK(kbbundle::subject_kind_name(b.subject_kind(gp)) == "gene_phenotype");
  CHECK(b.subject_kind(allele) == kbbundle::SubjectKind::kAlleles);
  auto g = b.gene_phenotype(gp);
  REQUIRE(g);
  CHECK(g->gene == "CYP19A1");
  CHECK(g->value == "poor metabolizer");
  CHECK(g->gene_index == find(b, Kind::kGene, "CYP19A1"));
  CHECK_FALSE(b.gene_phenotype(allele));
  CHECK(b.str(b.evidence()[gp].variant).empty());
  // The gene's evidence includes the gene-phenotype record.
  auto ge = b.evidence_for_gene("CYP19A1");
  CHECK(std::find(ge.begin(), ge.end(), gp) != ge.end());
  auto q = b.qualifiers(gp);
  REQUIRE(q.size() == 2);
  CHECK(q[0] == kbbundle::Qualifier{"disease-stage", "early"});
  CHECK(q[1] == kbbundle::Qualifier{"menopausal-status", "postmenopausal"});
  CHECK(b.qualifiers(allele).empty());
  CHECK(b.evidence()[gp].direction == static_cast<std::uint8_t>(f::Direction::kAssociated));
  CHECK(kbbundle::direction_name(b.evidence()[gp].direction) == "associated");
  // Genotype subjects, and a bundle without the section.
  Bundle old = open_bytes(kbtest::small_bundle());
  auto gt = find(old, Kind::kEvidence, "EV0001");
  CHECK(old.subject_kind(gt) == kbbundle::SubjectKind::kGenotypes);
  CHECK_FALSE(old.gene_phenotype(gt));
  CHECK(old.qualifiers(gt).empty());
}

TEST_CASE("reader: drug groups, members and the groups of a member", "[bundle][format11]") {
  Bundle b = open_bytes(kbtest::format11_bundle());
  auto group = find(b, Kind::kDrug, "aromatase-inhibitors");
  auto member = find(b, Kind::kDrug, "anastrozole");
  CHECK(b.is_group(group));
  CHECK_FALSE(b.is_group(member));
  std::vector<std::string> written;
  for (auto id : b.member_ids(group)) written.emplace_back(b.str(id));
  CHECK(written == std::vector<std::string>{"anastrozole", "letrozole"});
  // letrozole is not in the KB: named as written, left out of the resolved members.
  auto members = b.members_of_drug(group);
  CHECK(std::vector<std::uint32_t>(members.begin(), members.end()) == std::vector<std::uint32_t>{member});
  auto groups = b.groups_of_drug(member);
  CHECK(std::vector<std::uint32_t>(groups.begin(), groups.end()) == std::vector<std::uint32_t>{group});
  CHECK(b.groups_of_drug(group).empty());
  CHECK(b.evidence_for_drug("aromatase-inhibitors").size() == 1);
  Bundle old = open_bytes(kbtest::small_bundle());
  CHECK_FALSE(old.is_group(0));
  CHECK(old.members_of_drug(0).empty());
  CHECK(old.groups_of_drug(0).empty());
  CHECK(old.member_ids(0).empty());
}

TEST_CASE("compatibility: a bundle without 1.1 content is read by a 1.1 and a 1.0 reader", "[bundle][format11]") {
  std::string bytes = kbtest::small_bundle();
  for (std::uint16_t minor : {0, 1}) {
    INFO("reader minor " << minor);
    Bundle b = open_bytes(bytes, minor);
    CHECK(b.count(Kind::kEvidence) == 2);
  }
}

TEST_CASE("compatibility: a bundle with 1.1 content is refused by older readers, naming both versions", "[bundle][format11]") {
  std::string bytes = kbtest::format11_bundle();
  CHECK(open_error(bytes, 1) ==
        "bundle format 1.2 requires section 0x16, unknown to this reader (format 1.1); upgrade kbbundle");
  CHECK(open_error(bytes, 0) ==
        "bundle format 1.2 requires section 0x16, unknown to this reader (format 1.0); upgrade kbbundle");
  // Each 1.2 section on its own is refused, not only the first.
  auto kb = kbtest::full_kb();
  kb.records.drugs[0].members = {{"anastrozole", {}}};
  CHECK(open_error(kb::bundle::build_bundle(kb, {}), 1).find("requires section 0x18") != std::string::npos);
}

TEST_CASE("damaged 1.2 sections are refused", "[bundle][format11]") {
  std::string good = kbtest::format11_bundle();
  SECTION("an allele system out of range") {
    std::string b = good;
    b[section(b, f::SectionId::kVariantExt).offset] = 9;
    fix_checksums(b);
    CHECK(open_error(b).find("allele system") != std::string::npos);
  }
  SECTION("a gene-phenotype string id out of range") {
    std::string b = good;
    auto at = section(b, f::SectionId::kEvidenceExt).offset + 4;  // gp_gene of the first record
    std::uint32_t huge = 0x7fffffff;
    std::memcpy(b.data() + at, &huge, 4);
    fix_checksums(b);
    CHECK(open_error(b).find("gene phenotype") != std::string::npos);
  }
  SECTION("an odd qualifier list") {
    std::string b = good;
    auto at = section(b, f::SectionId::kEvidenceExt).offset + 20;  // qualifiers.count
    std::uint32_t one = 1;
    std::memcpy(b.data() + at, &one, 4);
    fix_checksums(b);
    CHECK(open_error(b).find("qualifiers") != std::string::npos);
  }
  SECTION("direction associated without the evidence section") {
    std::string b = good;
    // Rename the section to an unknown optional one: the direction is then unexplained.
    f::FileHeader h;
    std::memcpy(&h, b.data(), sizeof h);
    auto* secs = reinterpret_cast<f::SectionEntry*>(b.data() + h.section_table_offset);
    for (std::uint32_t i = 0; i < h.section_count; ++i)
      if (secs[i].id == 0x17u) secs[i].id = 0x7777, secs[i].flags = 0;
    fix_checksums(b);
    CHECK(open_error(b).find("associated without the evidence section") != std::string::npos);
  }
  SECTION("drug sections that do not come together") {
    std::string b = good;
    f::FileHeader h;
    std::memcpy(&h, b.data(), sizeof h);
    auto* secs = reinterpret_cast<f::SectionEntry*>(b.data() + h.section_table_offset);
    for (std::uint32_t i = 0; i < h.section_count; ++i)
      if (secs[i].id == 0x37u) secs[i].id = 0x7777, secs[i].flags = 0;
    fix_checksums(b);
    CHECK(open_error(b).find("must appear together") != std::string::npos);
  }
  SECTION("a section of the wrong size") {
    std::string b = good;
    f::FileHeader h;
    std::memcpy(&h, b.data(), sizeof h);
    auto* secs = reinterpret_cast<f::SectionEntry*>(b.data() + h.section_table_offset);
    for (std::uint32_t i = 0; i < h.section_count; ++i)
      if (secs[i].id == 0x16u) secs[i].size -= 8;
    fix_checksums(b);
    CHECK(open_error(b).find("section variant systems has") != std::string::npos);
  }
}
