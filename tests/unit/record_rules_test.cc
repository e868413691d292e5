// Per-record rules KB0201-KB0205: a good and a bad case each.
#include <catch2/catch.hpp>

#include "rules/record_rules.h"
#include "yaml/loader.h"

using namespace kb;

namespace {

std::vector<Diagnostic> check(const std::string& extra) {
  std::string text = "kind: evidence\nid: EV0001\nvariant: rs4646\n" + extra;
  std::vector<Diagnostic> diags;
  auto loaded = yaml::load_yaml(text, "ev.yaml", {}, diags);
  REQUIRE(diags.empty());
  std::string id = "EV0001";
  rules::check_record({loaded.documents.at(0).root, "evidence", "ev.yaml", id, diags});
  return diags;
}

}  // namespace

TEST_CASE("KB0201 allele-or-genotypes", "[rules]") {
  CHECK(check("allele: A\n").empty());
  CHECK(check("genotypes: [\"A/A\"]\n").empty());
  auto both = check("allele: A\ngenotypes: [\"A/A\"]\n");
  REQUIRE(both.size() == 1);
  CHECK(both[0].rule == "KB0201");
  CHECK(both[0].location.line == 5);
  auto neither = check("drug: x\n");
  REQUIRE(neither.size() == 1);
  CHECK(neither[0].rule == "KB0201");
  CHECK(neither[0].location.line == 3);
}

TEST_CASE("KB0202 genotype-syntax", "[rules]") {
  CHECK(check("genotypes: [\"A/C\", \"*1/*3\", \"-/A\"]\n").empty());
  // Format 1.1: every system's alleles (their fit to the variant's system is KB1007's).
  CHECK(check("genotypes: [\"*1x2/*4\", \"*2.001/*1\", \"*2xN/*10\", \"*58:01/*15:02\", \"*57:01:01N/*44:03\"]\n").empty());
  CHECK(check("genotypes: [\"L/S\", \"null/present\", \"(TA)6/(TA)7\"]\n").empty());
  for (const char* bad : {"*/*1", "*1x/*1", "*58:/*1", "*58:01:01:01:01/*1", "(TA/(TA)7", "(TA)/*1", "a b/A", ".L/S"}) {
    INFO(bad);
    auto d = check(std::string("genotypes: [\"") + bad + "\"]\n");
    REQUIRE(d.size() == 1);
    CHECK(d[0].rule == "KB0202");
  }
  auto phased = check("genotypes: [\"A|C\"]\n");
  REQUIRE(phased.size() == 1);
  CHECK(phased[0].rule == "KB0202");
  CHECK(phased[0].location.column == 13);
  CHECK(phased[0].message.find("unphased") != std::string::npos);
  auto glued = check("genotypes: [AC]\n");
  REQUIRE(glued.size() == 1);
  CHECK(glued[0].message.find("separated by '/'") != std::string::npos);
  auto bad_ct = check("genotypes: [\"A/A\"]\ncompared_to: [\"C/?\"]\n");
  REQUIRE(bad_ct.size() == 1);
  CHECK(bad_ct[0].rule == "KB0202");
  CHECK(bad_ct[0].location.line == 5);
}

TEST_CASE("KB0203 value-outside-ci", "[rules]") {
  CHECK(check("allele: A\nstudy:\n  statistic:\n    value: 0.61\n    ci: [0.42, 0.88]\n").empty());
  auto out = check("allele: A\nstudy:\n  statistic:\n    value: 1.61\n    ci: [0.42, 0.88]\n");
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == "KB0203");
  CHECK(out[0].location.line == 7);
  CHECK(out[0].location.column == 12);
  auto swapped = check("allele: A\nstudy:\n  statistic:\n    value: 0.6\n    ci: [0.88, 0.42]\n");
  REQUIRE(swapped.size() == 1);
  CHECK(swapped[0].message.find("swapped") != std::string::npos);
}

TEST_CASE("KB0204 self-comparison", "[rules]") {
  CHECK(check("allele: A\ncompared_to: C\n").empty());
  auto same = check("allele: A\ncompared_to: A\n");
  REQUIRE(same.size() == 1);
  CHECK(same[0].rule == "KB0204");
  auto geno = check("genotypes: [\"A/C\"]\ncompared_to: [\"C/A\"]\n");
  REQUIRE(geno.size() == 1);
  CHECK(geno[0].rule == "KB0204");
}

TEST_CASE("KB0205 invalid-date", "[rules]") {
  CHECK(check("allele: A\ncuration:\n  created: 2024-02-29\n").empty());
  auto bad = check("allele: A\ncuration:\n  created: 2026-02-30\n");
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].rule == "KB0205");
  CHECK(bad[0].location.line == 6);
}

TEST_CASE("allele syntax", "[rules]") {
  CHECK(rules::is_allele_syntax("A"));
  CHECK(rules::is_allele_syntax("TTA"));
  CHECK(rules::is_allele_syntax("-"));
  CHECK(rules::is_allele_syntax("*28"));
  CHECK(rules::is_allele_syntax("*1B"));
  CHECK(rules::is_allele_syntax("*2.001"));
  CHECK(rules::is_allele_syntax("*58:01"));
  CHECK(rules::is_allele_syntax("(TA)7"));
  // Format 1.1 named alleles: any name, so "a" and "N" are alleles of a named site (and
  // KB1007 refuses them on a locus variant).
  CHECK(rules::is_allele_syntax("null"));
  CHECK(rules::is_allele_syntax("N"));
  CHECK_FALSE(rules::is_allele_syntax(""));
  CHECK_FALSE(rules::is_allele_syntax("*"));
  CHECK_FALSE(rules::is_allele_syntax("*N"));
  CHECK_FALSE(rules::is_allele_syntax("a b"));
  CHECK_FALSE(rules::is_allele_syntax("(TA)"));
  CHECK_FALSE(rules::is_allele_syntax("_x"));
}
