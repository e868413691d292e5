// Format 1.1 (record-format.md, "Format 1.1"): the claims index for associated,
// gene-phenotype, qualifier and drug-group claims, and rules KB1007-KB1010 and KB2004.
#include <catch2/catch.hpp>

#include "fixture.h"

using kbgraph::Ev;
using kbgraph::KbBuilder;

namespace {

const char* kGroup = R"(kind: drug
id: aromatase-inhibitors
name: Aromatase inhibitors (class)
members: [anastrozole, letrozole]
)";

const char* kGenes = R"(kind: gene
id: CYP2D6
---
kind: drug
id: tamoxifen
name: Tamoxifen
---
kind: phenotype
id: endoxifen-concentration
label: Endoxifen concentration
)";

Ev gp(std::string id, std::string value, std::string direction) {
  return {.id = std::move(id), .direction = std::move(direction),
          .claim = "gene_phenotype: {gene: CYP2D6, value: " + value + "}",
          .phenotype = "endoxifen-concentration", .drug = "tamoxifen", .variant = "x"};
}

std::string qualifier(const std::string& key, const std::string& value) {
  return "context:\n  qualifiers:\n    " + key + ": " + value + "\n";
}

}  // namespace

TEST_CASE("associated vs increased or decreased is compatible", "[graph][format11]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .direction = "associated"});
  b.evidence({.id = "EV0002", .direction = "increased"});
  b.evidence({.id = "EV0003", .direction = "decreased", .claim = "allele: C"});  // A increased
  b.evidence({.id = "EV0004", .direction = "associated"});
  REQUIRE(b.load_errors() == 0);
  CHECK(b.run("KB2001").empty());
  CHECK(b.run("KB2002").empty());
  CHECK(b.run("KB2003").empty());
}

TEST_CASE("associated vs no-association is conflicting evidence", "[graph][format11]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .direction = "associated"});
  b.evidence({.id = "EV0002", .direction = "no-association"});
  auto ds = b.run("KB2002");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0002");
  CHECK_THAT(ds[0].message, Catch::Contains("is associated with"));
  CHECK(b.run("KB2001").empty());
}

TEST_CASE("associated on one allele says the other is associated too", "[graph][format11]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .direction = "associated"});                // A
  b.evidence({.id = "EV0002", .direction = "increased", .claim = "allele: C"});  // C
  CHECK(b.run("KB2001").empty());
  CHECK(b.run("KB2002").empty());
  KbBuilder c;
  c.base().evidence({.id = "EV0001", .direction = "associated"});
  c.evidence({.id = "EV0003", .direction = "no-association", .claim = "allele: C"});
  auto ds = c.run("KB2002");  // C associated (from EV0001) vs C no-association
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0003");
}

TEST_CASE("gene phenotypes: same value contradicts, different values never", "[graph][format11]") {
  KbBuilder b;
  b.base().file("kb/cyp2d6.yaml", kGenes);
  b.evidence(gp("EV0001", "poor metabolizer", "decreased"));
  b.evidence(gp("EV0002", "normal metabolizer", "increased"));
  REQUIRE(b.load_errors() == 0);
  CHECK(b.run("KB2001").empty());  // poor vs normal metabolizer: never
  b.evidence(gp("EV0003", "poor metabolizer", "increased"));
  auto ds = b.run("KB2001");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0003");
  CHECK(ds[0].related.at(0).record == "EV0001");
  CHECK_THAT(ds[0].message, Catch::Contains("CYP2D6 poor metabolizer"));
  for (const auto& d : b.run("KB1005")) CHECK(d.record != "CYP2D6");  // referred to by gene_phenotype
}

TEST_CASE("gene phenotypes on another drug or disjoint context do not contradict", "[graph][format11]") {
  KbBuilder b;
  b.base().file("kb/cyp2d6.yaml", kGenes);
  auto male = gp("EV0001", "poor metabolizer", "decreased");
  male.extra = "context:\n  sex: male\n";
  auto other_drug = gp("EV0002", "poor metabolizer", "increased");
  other_drug.drug = "anastrozole";
  auto female = gp("EV0003", "poor metabolizer", "increased");
  female.extra = "context:\n  sex: female\n";
  b.evidence(male).evidence(other_drug).evidence(female);
  CHECK(b.run("KB2001").empty());
  b.evidence(gp("EV0004", "poor metabolizer", "increased"));  // no context: overlaps EV0001
  auto ds = b.run("KB2001");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0004");
  CHECK(ds[0].related.at(0).record == "EV0001");
}

TEST_CASE("opposite findings differing only by menopausal-status: no contradiction", "[graph][format11]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .direction = "increased", .extra = qualifier("menopausal-status", "premenopausal")});
  b.evidence({.id = "EV0002", .direction = "decreased", .extra = qualifier("menopausal-status", "postmenopausal")});
  REQUIRE(b.load_errors() == 0);
  CHECK(b.run("KB2001").empty());
  // What the qualifier silenced stays countable (KB2004, info).
  auto ds = b.run("KB2004");
  REQUIRE(ds.size() == 1);
  kbtest::expect_rule(ds, "KB2004");
  CHECK(ds[0].severity == kb::Severity::kInfo);
  CHECK(ds[0].record == "EV0002");
  CHECK(ds[0].related.at(0).record == "EV0001");
  CHECK_THAT(ds[0].message, Catch::Contains("menopausal-status"));
}

TEST_CASE("qualifiers: one side only, or equal values, still overlap", "[graph][format11]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .direction = "increased", .extra = qualifier("menopausal-status", "postmenopausal")});
  b.evidence({.id = "EV0002", .direction = "decreased"});
  CHECK(b.run("KB2001").size() == 1);
  b.evidence({.id = "EV0003", .direction = "decreased", .extra = qualifier("menopausal-status", "postmenopausal")});
  CHECK(b.run("KB2001").size() == 2);
  CHECK(b.run("KB2004").empty());
  b.evidence({.id = "EV0004", .direction = "decreased", .extra = qualifier("disease-stage", "early")});
  CHECK(b.run("KB2001").size() == 3);  // different keys: not disjoint
}

TEST_CASE("KB2004 counts every silenced pair of a group", "[graph][format11][KB2004]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .direction = "increased", .extra = qualifier("age-group", "adult")});
  b.evidence({.id = "EV0002", .direction = "decreased", .extra = qualifier("age-group", "pediatric")});
  b.evidence({.id = "EV0003", .direction = "decreased", .extra = qualifier("age-group", "older-adult")});
  auto ds = b.run("KB2004");
  REQUIRE(ds.size() == 1);
  CHECK_THAT(ds[0].message, Catch::Contains("2 such pairs"));
}

TEST_CASE("group vs member disagreement is a possible contradiction", "[graph][format11]") {
  KbBuilder b;
  b.base().file("kb/group.yaml", kGroup);
  b.evidence({.id = "EV0001", .direction = "increased", .drug = "aromatase-inhibitors"});
  b.evidence({.id = "EV0002", .direction = "decreased", .drug = "anastrozole"});
  REQUIRE(b.load_errors() == 0);
  CHECK(b.run("KB2001").empty());
  auto ds = b.run("KB2003");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0002");
  CHECK(ds[0].related.at(0).record == "EV0001");
  CHECK_THAT(ds[0].message, Catch::Contains("drug group aromatase-inhibitors"));
  CHECK(b.run("KB1008").empty());
}

TEST_CASE("two members disagreeing: nothing, two group records: a contradiction", "[graph][format11]") {
  KbBuilder b;
  b.base().file("kb/group.yaml", kGroup);
  b.evidence({.id = "EV0001", .direction = "increased", .drug = "anastrozole"});
  b.evidence({.id = "EV0002", .direction = "decreased", .drug = "letrozole"});
  CHECK(b.run("KB2001").empty());
  CHECK(b.run("KB2003").empty());
  b.evidence({.id = "EV0003", .direction = "increased", .drug = "aromatase-inhibitors"});
  b.evidence({.id = "EV0004", .direction = "decreased", .drug = "aromatase-inhibitors"});
  auto ds = b.run("KB2001");
  REQUIRE(ds.size() == 1);  // once, under the group, never again under each member
  CHECK(ds[0].record == "EV0004");
}

TEST_CASE("KB1007 good: alleles fit their systems", "[graph][KB1007]") {
  KbBuilder b;
  b.base().file("kb/v.yaml", R"(kind: variant
id: CYP2D6:star
gene: CYP19A1
system: star
alleles: ["*1", "*2A", "*2.001", "*1x2", "*2xN", "*10"]
---
kind: variant
id: HLA-B:hla
system: hla
alleles: ["*58:01", "*57:01:01", "*15:02N"]
---
kind: variant
id: SLC6A4:5-HTTLPR
system: named
alleles: [L, S, "null"]
---
kind: variant
id: UGT1A1:TA
alleles: ["(TA)6", "(TA)7"]
)");
  REQUIRE(b.load_errors() == 0);
  CHECK(b.run("KB1007").empty());
}

TEST_CASE("KB1007 bad: an allele outside its system", "[graph][KB1007]") {
  KbBuilder b;
  b.base().file("kb/v.yaml", R"(kind: variant
id: CYP2D6:star
system: star
alleles: ["*1", "*58:01"]
---
kind: variant
id: HLA-B:hla
system: hla
alleles: ["*58", "*58:01"]
---
kind: variant
id: rs9
alleles: [A, L]
)");
  auto ds = b.run("KB1007");
  REQUIRE(ds.size() == 3);
  kbtest::expect_rule(ds, "KB1007");
  CHECK(ds[0].record == "CYP2D6:star");
  CHECK(ds[0].location.line == 4);
  CHECK_THAT(ds[0].message, Catch::Contains("'*58:01' is not an allele of system star"));
  CHECK(ds[1].record == "HLA-B:hla");
  CHECK_THAT(ds[2].message, Catch::Contains("system locus (the default)"));
}

TEST_CASE("KB1008 good: members are single drugs", "[graph][KB1008]") {
  KbBuilder b;
  b.base().file("kb/group.yaml", kGroup);
  CHECK(b.run("KB1008").empty());
}

TEST_CASE("KB1008 bad: unknown, group and self members", "[graph][KB1008]") {
  KbBuilder b;
  b.base().file("kb/group.yaml", kGroup);
  b.file("kb/bad.yaml", R"(kind: drug
id: pooled
name: Pooled
members: [anastrozol, aromatase-inhibitors, pooled]
)");
  auto ds = b.run("KB1008");
  REQUIRE(ds.size() == 3);
  kbtest::expect_rule(ds, "KB1008");
  CHECK_THAT(ds[0].message, Catch::Contains("did you mean 'anastrozole'"));
  CHECK_THAT(ds[1].message, Catch::Contains("is itself a drug group"));
  CHECK_THAT(ds[2].message, Catch::Contains("cannot be its own member"));
  CHECK(b.run("KB1001").empty());  // reported once, by KB1008
}

TEST_CASE("KB1009 good: recommended values and free keys", "[graph][KB1009]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .extra = qualifier("menopausal-status", "postmenopausal")});
  b.evidence({.id = "EV0002", .extra = qualifier("tumour-grade", "g3")});  // not a recommended key
  CHECK(b.run("KB1009").empty());
}

TEST_CASE("KB1009 bad: a value outside the key's list, with did-you-mean", "[graph][KB1009]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .extra = qualifier("menopausal-status", "post-menopausal")});
  b.evidence({.id = "EV0002", .extra = qualifier("disease-stage", "stage IV")});
  b.evidence({.id = "EV0003", .extra = qualifier("Disease_Stage", "early")});
  auto ds = b.run("KB1009");
  REQUIRE(ds.size() == 3);
  CHECK_THAT(ds[2].message, Catch::Contains("qualifier key 'Disease_Stage'"));
  kbtest::expect_rule(ds, "KB1009");
  CHECK(ds[0].severity == kb::Severity::kWarning);
  CHECK(ds[0].location.line == 13);
  CHECK_THAT(ds[0].message, Catch::Contains("did you mean 'postmenopausal'"));
  CHECK_THAT(ds[1].message, !Catch::Contains("did you mean"));
}

TEST_CASE("KB1010 good: 1.1 features under format 1.1, none under 1.0", "[graph][KB1010]") {
  KbBuilder plain;
  plain.base().evidence({.id = "EV0001"});
  CHECK(plain.run("KB1010").empty());
  KbBuilder b;
  b.file("kb/kb.yaml", "kind: knowledge-base\nid: t\nname: T\nversion: 0.1.0\nformat: \"1.1\"\n");
  b.file("kb/e.yaml", kbgraph::yaml_of({.id = "EV0001", .direction = "associated"}));
  CHECK(b.run("KB1010").empty());
  CHECK(b.run("KB1003").empty());
}

TEST_CASE("KB1010 bad: a 1.1 feature under a 1.0 manifest", "[graph][KB1010]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .direction = "associated"});
  b.file("kb/group.yaml", kGroup);
  auto ds = b.run("KB1010");
  REQUIRE(ds.size() == 2);
  kbtest::expect_rule(ds, "KB1010");
  CHECK(ds[0].record == "aromatase-inhibitors");
  CHECK_THAT(ds[1].message, Catch::Contains("direction: associated"));
  CHECK_THAT(ds[1].message, Catch::Contains("format: \"1.1\""));
}


TEST_CASE("manifest format: 1.0 is 1.0, 1.2 is newer than this kbcheck", "[graph][format11][KB1003]") {
  auto manifest = [](const std::string& format) {
    return "kind: knowledge-base\nid: t\nname: T\nversion: 0.1.0\nformat: " + format + "\n";
  };
  KbBuilder ten;
  ten.file("kb/kb.yaml", manifest("\"1.0\""));
  ten.file("kb/e.yaml", kbgraph::yaml_of({.id = "EV0001", .direction = "associated"}));
  CHECK(ten.run("KB1003").empty());
  CHECK(ten.run("KB1010").size() == 1);
  KbBuilder newer;
  newer.file("kb/kb.yaml", manifest("\"1.2\""));
  auto ds = newer.run("KB1003");
  REQUIRE(ds.size() == 1);
  CHECK_THAT(ds[0].message, Catch::Contains("record format 1.2, newer than format 1.1"));
}
