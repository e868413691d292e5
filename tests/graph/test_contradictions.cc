// KB2001–KB2003: every row of the spec's contradiction table, normalisation, scale cap.
#include <catch2/catch.hpp>

#include "fixture.h"

using kbgraph::Ev;
using kbgraph::KbBuilder;

namespace {

/// Contradiction findings (KB20xx) of a KB made of the base and `records`.
std::vector<kb::Diagnostic> conflicts(const std::vector<Ev>& records) {
  KbBuilder b;
  b.base();
  for (const auto& e : records) b.evidence(e);
  REQUIRE(b.load_errors() == 0);
  return kbgraph::with_prefix(b.run(), "KB20");
}

}  // namespace

TEST_CASE("KB2001: increased vs decreased names both records and locations", "[graph][KB2001]") {
  auto ds = conflicts({{"EV0001", "increased"}, {"EV0002", "decreased"}});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].rule == "KB2001");
  CHECK(ds[0].severity == kb::Severity::kError);
  CHECK(ds[0].record == "EV0002");
  CHECK(ds[0].location == kb::SourceLocation{"kb/evidence/EV0002.yaml", 9, 12});
  CHECK(ds[0].message ==
        "EV0002 says allele A of rs4646 decreases time-to-progression on anastrozole, but EV0001 "
        "says it increases it");
  REQUIRE(ds[0].related.size() == 1);
  CHECK(ds[0].related[0].record == "EV0001");
  CHECK(ds[0].related[0].location == kb::SourceLocation{"kb/evidence/EV0001.yaml", 9, 12});
}

TEST_CASE("KB2001 good: agreeing records", "[graph][KB2001]") {
  CHECK(conflicts({{"EV0001", "increased"}, {"EV0002", "increased"}}).empty());
}

TEST_CASE("KB2002: an association vs no-association is a warning", "[graph][KB2002]") {
  auto ds = conflicts({{"EV0001", "no-association"}, {"EV0002", "decreased"}});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].rule == "KB2002");
  CHECK(ds[0].severity == kb::Severity::kWarning);
  CHECK(ds[0].record == "EV0002");
  CHECK(ds[0].related[0].record == "EV0001");
  // No-association on one allele of a biallelic variant also covers the other allele.
  ds = conflicts({{"EV0001", "no-association"}, {.id = "EV0002", .direction = "decreased", .claim = "allele: C"}});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].rule == "KB2002");
}

TEST_CASE("nothing: disjoint sex, but any overlaps everything", "[graph][KB2001]") {
  std::string female = "context:\n  sex: female\n", male = "context:\n  sex: male\n",
              any = "context:\n  sex: any\n";
  CHECK(conflicts({{.id = "EV0001", .extra = female}, {.id = "EV0002", .direction = "decreased", .extra = male}})
            .empty());
  CHECK(conflicts({{.id = "EV0001", .extra = any}, {.id = "EV0002", .direction = "decreased", .extra = male}})
            .size() == 1);
  CHECK(conflicts({{.id = "EV0001"}, {.id = "EV0002", .direction = "decreased", .extra = male}}).size() == 1);
}

TEST_CASE("nothing: disjoint ancestry, while shared ancestry overlaps", "[graph][KB2001]") {
  std::string eur = "context:\n  ancestry: [european]\n", eas = "context:\n  ancestry: [east-asian]\n",
              both = "context:\n  ancestry: [east-asian, european]\n";
  CHECK(conflicts({{.id = "EV0001", .extra = eur}, {.id = "EV0002", .direction = "decreased", .extra = eas}})
            .empty());
  CHECK(conflicts({{.id = "EV0001", .extra = both}, {.id = "EV0002", .direction = "decreased", .extra = eas}})
            .size() == 1);
}

TEST_CASE("nothing: other drug, other phenotype", "[graph][KB2001]") {
  CHECK(conflicts({{"EV0001"}, {.id = "EV0002", .direction = "decreased", .drug = "letrozole"}}).empty());
  CHECK(conflicts({{"EV0001"}, {.id = "EV0002", .direction = "decreased", .phenotype = "arthralgia"}}).empty());
}

TEST_CASE("nothing: draft, rejected and retracted records, while submitted ones count", "[graph][KB2001]") {
  for (const char* status : {"draft", "rejected", "retracted"})
    CHECK(conflicts({{"EV0001"}, {.id = "EV0002", .direction = "decreased", .status = status}}).empty());
  CHECK(conflicts({{"EV0001"}, {.id = "EV0002", .direction = "decreased", .status = "submitted"}}).size() == 1);
}

TEST_CASE("a genotype claim that agrees with an allele claim is not a contradiction", "[graph][KB2001]") {
  CHECK(conflicts({{"EV0001", "increased"}, {"EV0002", "increased", R"(genotypes: ["A/A", "A/C"])"}}).empty());
  auto ds = conflicts({{"EV0001", "increased"}, {"EV0002", "decreased", R"(genotypes: ["A/A", "A/C"])"}});
  REQUIRE(ds.size() == 1);
  CHECK_THAT(ds[0].message, Catch::Contains("(from its genotypes A/A, A/C)"));
}

TEST_CASE("biallelic: an allele claim also speaks for the other allele", "[graph][KB2001]") {
  // C increased on [C, A] means A decreased.
  auto ds = conflicts({{"EV0001", "increased"}, {"EV0002", "increased", "allele: C"}});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].rule == "KB2001");
  CHECK_THAT(ds[0].message, Catch::Contains("EV0002 says allele A of rs4646 decreases") &&
                                Catch::Contains("(it says allele C increases it)"));
  CHECK(conflicts({{"EV0001", "increased"}, {"EV0002", "decreased", "allele: C"}}).empty());
  // A genotype claim about C against an allele claim about A.
  ds = conflicts({{"EV0001", "increased"}, {"EV0002", "increased", R"(genotypes: ["C/C"])"}});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].rule == "KB2001");
  // Not on a triallelic variant: C increased says nothing about A.
  CHECK(conflicts({{.id = "EV0001", .variant = "rs3"},
                   {.id = "EV0002", .claim = "allele: C", .variant = "rs3"}})
            .empty());
  CHECK(conflicts({{.id = "EV0001", .variant = "rs3"},
                   {.id = "EV0002", .direction = "decreased", .variant = "rs3"}})
            .size() == 1);
}

TEST_CASE("genotypes: A/C == C/A, and ambiguous genotype claims do not normalise", "[graph][KB2001]") {
  auto ds = conflicts({{.id = "EV0001", .direction = "increased", .claim = R"(genotypes: ["C/A"])", .extra = "compared_to: [\"C/C\"]\n"},
                       {.id = "EV0002", .direction = "decreased", .claim = R"(genotypes: ["A/C"])", .extra = "compared_to: [\"C/C\"]\n"}});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].rule == "KB2001");
  // A heterozygote against both homozygotes names no single allele: skipped.
  CHECK(conflicts({{"EV0001", "increased"}, {"EV0002", "decreased", R"(genotypes: ["A/C"])"}}).empty());
  // Homozygotes at either end may both be "increased" (a U-shaped effect): not compared.
  CHECK(conflicts({{"EV0001", "increased", R"(genotypes: ["C/C"])"},
                   {"EV0002", "increased", R"(genotypes: ["A/A"])"}})
            .empty());
}

TEST_CASE("KB2003: opposite directions for a phenotype and its is_a ancestor", "[graph][KB2003]") {
  auto ds = conflicts({{.id = "EV0001", .phenotype = "musculoskeletal-adverse-event"},
                       {.id = "EV0002", .direction = "decreased", .phenotype = "arthralgia"}});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].rule == "KB2003");
  CHECK(ds[0].severity == kb::Severity::kWarning);
  CHECK(ds[0].record == "EV0002");
  CHECK_THAT(ds[0].message, Catch::Contains("musculoskeletal-adverse-event is an is_a ancestor of arthralgia"));
  CHECK(conflicts({{.id = "EV0001", .phenotype = "musculoskeletal-adverse-event"},
                   {.id = "EV0002", .phenotype = "arthralgia"}})
            .empty());
  CHECK(conflicts({{.id = "EV0001", .direction = "no-association", .phenotype = "musculoskeletal-adverse-event"},
                   {.id = "EV0002", .phenotype = "arthralgia"}})
            .empty());
}

TEST_CASE("each pair is reported once, on the later record", "[graph][KB2001]") {
  auto ds = conflicts({{"EV0001", "increased"}, {"EV0002", "decreased"}, {"EV0003", "decreased"}});
  REQUIRE(ds.size() == 2);
  CHECK(ds[0].record == "EV0002");
  CHECK(ds[1].record == "EV0003");
  CHECK(ds[1].related[0].record == "EV0001");
}

TEST_CASE("findings per (variant, drug) are capped with a count of the rest", "[graph][KB2001]") {
  std::vector<Ev> records;
  for (int i = 0; i < 120; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "EV%04d", i);
    records.push_back({id, i % 2 ? "decreased" : "increased"});
  }
  auto ds = conflicts(records);
  REQUIRE(ds.size() == 50);
  CHECK_THAT(ds.back().message, Catch::Contains("and 3550 more conflicting pairs for rs4646 and anastrozole"));
}

TEST_CASE("nothing: a variant listing one allele twice does not make a record contradict itself",
          "[graph][KB2001]") {
  KbBuilder b;
  b.base()
      .file("kb/variants/rs9.yaml", "kind: variant\nid: rs9\ngene: CYP19A1\nalleles: [C, C]\n")
      .evidence({.id = "EV0001", .claim = "allele: C", .variant = "rs9"});
  CHECK(kbgraph::with_prefix(b.run(), "KB20").empty());
}
