// KB1001–KB1006: references, duplicate ids, the manifest, is_a cycles, orphans, alleles.
#include <catch2/catch.hpp>

#include "fixture.h"

using kbgraph::Ev;
using kbgraph::KbBuilder;

TEST_CASE("KB1001 good: every reference resolves", "[graph][KB1001]") {
  KbBuilder b;
  b.base().evidence({"EV0001"});
  REQUIRE(b.load_errors() == 0);
  CHECK(b.run("KB1001").empty());
}

TEST_CASE("KB1001 bad: dangling references name the id and suggest the closest", "[graph][KB1001]") {
  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .phenotype = "time-to-progresion", .drug = "anastrozol"})
      .file("kb/variants/rs9.yaml", "kind: variant\nid: rs9\ngene: CYP19A2\nalleles: [C, T]\n")
      .file("kb/phenotypes/x.yaml", "kind: phenotype\nid: x\nlabel: X\nis_a: [nothing-like-it]\n");
  kbtest::expect_rule(b.run(), "KB1001");
  auto ds = b.run("KB1001");
  REQUIRE(ds.size() == 4);
  // Reported in rule order: variants, genes' roles, phenotypes, evidence.
  CHECK(ds[0].location == kb::SourceLocation{"kb/variants/rs9.yaml", 3, 7});
  CHECK(ds[0].record == "rs9");
  CHECK_THAT(ds[0].message, Catch::Contains("'CYP19A2'") && Catch::Contains("did you mean 'CYP19A1'"));
  CHECK(ds[1].location == kb::SourceLocation{"kb/phenotypes/x.yaml", 4, 8});
  CHECK_THAT(ds[1].message, !Catch::Contains("did you mean"));
  CHECK(ds[2].location == kb::SourceLocation{"kb/evidence/EV0001.yaml", 6, 7});
  CHECK_THAT(ds[2].message, Catch::Contains("drug 'anastrozol'") && Catch::Contains("did you mean 'anastrozole'"));
  CHECK(ds[3].location == kb::SourceLocation{"kb/evidence/EV0001.yaml", 7, 12});
  CHECK_THAT(ds[3].message, Catch::Contains("did you mean 'time-to-progression'"));
  CHECK(ds[3].record == "EV0001");
}

TEST_CASE("KB1001 bad: a gene role naming an unknown drug", "[graph][KB1001]") {
  KbBuilder b;
  b.base().file("kb/genes/G.yaml", "kind: gene\nid: G\nroles:\n  - drug: letrozol\n    role: target\n");
  auto ds = b.run("KB1001");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].location == kb::SourceLocation{"kb/genes/G.yaml", 4, 11});
  CHECK_THAT(ds[0].message, Catch::Contains("did you mean 'letrozole'"));
}

TEST_CASE("KB1002: duplicate ids per kind, the second points at the first", "[graph][KB1002]") {
  KbBuilder good;
  good.base().file("kb/genes/other.yaml", "kind: drug\nid: CYP19A1\nname: same id, other kind\n");
  CHECK(good.run("KB1002").empty());

  KbBuilder b;
  b.base().evidence({"EV0001"}).file("kb/evidence/copy.yaml", kbgraph::yaml_of({"EV0001"}));
  kbtest::expect_rule(b.run(), "KB1002");
  auto ds = b.run("KB1002");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].location == kb::SourceLocation{"kb/evidence/copy.yaml", 2, 5});
  CHECK(ds[0].record == "EV0001");
  REQUIRE(ds[0].related.size() == 1);
  CHECK(ds[0].related[0].location == kb::SourceLocation{"kb/evidence/EV0001.yaml", 2, 5});
}

TEST_CASE("KB1003: exactly one manifest of format 1", "[graph][KB1003]") {
  KbBuilder good;
  good.base();
  CHECK(good.run("KB1003").empty());

  KbBuilder none;
  none.file("kb/genes/g.yaml", "kind: gene\nid: G\n");
  kbtest::expect_rule(none.run(), "KB1003");
  auto ds = none.run("KB1003");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].location == kb::SourceLocation{"kb", 0, 0});

  KbBuilder two;
  two.base().file("kb/other.yaml", "kind: knowledge-base\nid: other\nname: O\nversion: 1.0.0\nformat: 1\n");
  ds = two.run("KB1003");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].location == kb::SourceLocation{"kb/other.yaml", 2, 5});
  REQUIRE(ds[0].related.size() == 1);
  CHECK(ds[0].related[0].location == kb::SourceLocation{"kb/base.yaml", 2, 5});

  KbBuilder newer;
  newer.file("kb/kb.yaml", "kind: knowledge-base\nid: n\nname: N\nversion: 1.0.0\nformat: 2\n");
  ds = newer.run("KB1003");
  REQUIRE(ds.size() == 1);
  CHECK_THAT(ds[0].message, Catch::Contains("format 2") && Catch::Contains("upgrade kbcheck"));
}

TEST_CASE("KB1004: an is_a cycle is reported once with its full path", "[graph][KB1004]") {
  KbBuilder good;
  good.base();
  CHECK(good.run("KB1004").empty());

  KbBuilder b;
  b.base().file("kb/phenotypes/cycle.yaml",
                "kind: phenotype\nid: a\nlabel: A\nis_a: [b]\n---\n"
                "kind: phenotype\nid: b\nlabel: B\nis_a: [c, time-to-progression]\n---\n"
                "kind: phenotype\nid: c\nlabel: C\nis_a: [a]\n---\n"
                "kind: phenotype\nid: self\nlabel: S\nis_a: [self]\n");
  kbtest::expect_rule(b.run(), "KB1004");
  auto ds = b.run("KB1004");
  REQUIRE(ds.size() == 2);
  CHECK(ds[0].message == "phenotype is_a cycle: a → b → c → a");
  CHECK(ds[0].record == "a");
  CHECK(ds[0].location == kb::SourceLocation{"kb/phenotypes/cycle.yaml", 4, 8});
  REQUIRE(ds[0].related.size() == 2);
  CHECK(ds[0].related[0].location == kb::SourceLocation{"kb/phenotypes/cycle.yaml", 9, 8});
  CHECK(ds[0].related[0].message == "b is_a c");
  CHECK(ds[0].related[1].location == kb::SourceLocation{"kb/phenotypes/cycle.yaml", 14, 8});
  CHECK(ds[1].message == "phenotype is_a cycle: self → self");
}

TEST_CASE("KB1005: orphan genes and variants are infos", "[graph][KB1005]") {
  KbBuilder b;
  b.base().evidence({"EV0001"}).file("kb/genes/lonely.yaml", "kind: gene\nid: LONELY\n");
  kbtest::expect_rule(b.run(), "KB1005");
  auto ds = b.run("KB1005");
  REQUIRE(ds.size() == 2);
  CHECK(ds[0].record == "LONELY");
  CHECK(ds[0].location == kb::SourceLocation{"kb/genes/lonely.yaml", 2, 5});
  CHECK(ds[0].severity == kb::Severity::kInfo);
  CHECK(ds[1].record == "rs3");  // no evidence refers to it

  KbBuilder good;
  good.base().evidence({"EV0001"}).evidence({.id = "EV0002", .variant = "rs3"});
  CHECK(good.run("KB1005").empty());
}

TEST_CASE("KB1006: alleles, genotypes and compared_to must be the variant's", "[graph][KB1006]") {
  KbBuilder good;
  good.base()
      .evidence({.id = "EV0001", .extra = "compared_to: C\n"})
      .evidence({.id = "EV0002", .claim = "genotypes: [\"A/A\", \"C/A\"]", .extra = "compared_to: [\"C/C\"]\n"})
      .evidence({.id = "EV0003", .claim = "genotypes: [\"A/A/A\", \"AA\"]"});  // KB0202's business
  CHECK(good.run("KB1006").empty());

  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .claim = "allele: G"})
      .evidence({.id = "EV0002", .claim = "genotypes: [\"A/A\", \"A/T\"]", .extra = "compared_to: [\"C/G\"]\n"})
      .file("kb/variants/rs5.yaml",
            "kind: variant\nid: rs5\ngene: CYP19A1\nalleles: [C, A]\nfunction:\n  - allele: T\n    effect: decreased\n");
  kbtest::expect_rule(b.run(), "KB1006");
  auto ds = b.run("KB1006");
  REQUIRE(ds.size() == 4);
  CHECK(ds[0].record == "rs5");
  CHECK(ds[0].location == kb::SourceLocation{"kb/variants/rs5.yaml", 6, 5});
  CHECK(ds[1].location == kb::SourceLocation{"kb/evidence/EV0001.yaml", 5, 9});
  CHECK_THAT(ds[1].message, Catch::Contains("'G' is not an allele of rs4646 (its alleles are C, A)"));
  CHECK(ds[2].location == kb::SourceLocation{"kb/evidence/EV0002.yaml", 5, 20});
  CHECK_THAT(ds[2].message, Catch::Contains("genotype A/T"));
  CHECK(ds[3].location == kb::SourceLocation{"kb/evidence/EV0002.yaml", 11, 15});

  KbBuilder scalar;  // `compared_to: X` names an allele
  scalar.base().evidence({.id = "EV0001", .extra = "compared_to: T\n"});
  ds = scalar.run("KB1006");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].location == kb::SourceLocation{"kb/evidence/EV0001.yaml", 11, 14});
}
