// KB3001 (records agree on a citation) and KB3002–KB3005 (against the PubMed cache).
#include <catch2/catch.hpp>

#include "fixture.h"
#include "pubmed_fixture.h"
#include "support/text.h"
#include "test_support.h"

using kbgraph::Ev;
using kbgraph::KbBuilder;

namespace {

/// Citation lines: 11 citation, 12 pmid, 13 title, 14 year (value at column 9), 15 journal.
std::string cite(long pmid, const std::string& title, int year, const std::string& journal = "Int J Mol Sci") {
  return "citation:\n  pmid: " + std::to_string(pmid) + "\n  title: \"" + title + "\"\n  year: " +
         std::to_string(year) + "\n  journal: " + journal + "\n";
}

}  // namespace

TEST_CASE("KB3001 good: same publication described alike (after normalisation)", "[graph][KB3001]") {
  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .extra = cite(1, "A study of CYP19A1.", 2013)})
      .evidence({.id = "EV0002", .extra = cite(1, "a study of cyp19a1", 2013, "Int. J. Mol. Sci.")});
  CHECK(b.run("KB3001").empty());
}

TEST_CASE("KB3001 bad: the minority value is reported against the majority", "[graph][KB3001]") {
  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .extra = cite(1, "A study", 2014)})
      .evidence({.id = "EV0002", .extra = cite(1, "A study", 2013)})
      .evidence({.id = "EV0003", .extra = cite(1, "A study", 2013)});
  auto ds = b.run("KB3001");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0001");
  CHECK(ds[0].location == kb::SourceLocation{"kb/evidence/EV0001.yaml", 14, 9});
  CHECK_THAT(ds[0].message, Catch::Contains("PMID 1 with year 2014") && Catch::Contains("EV0002"));
  REQUIRE(ds[0].related.size() == 1);
  CHECK(ds[0].related[0].location == kb::SourceLocation{"kb/evidence/EV0002.yaml", 14, 9});
}

TEST_CASE("KB3001 bad: one DOI, two titles", "[graph][KB3001]") {
  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .extra = "citation:\n  doi: 10.1000/X\n  title: One\n"})
      .evidence({.id = "EV0002", .extra = "citation:\n  doi: 10.1000/x\n  title: Two\n"});
  auto ds = b.run("KB3001");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0002");
  CHECK(ds[0].location == kb::SourceLocation{"kb/evidence/EV0002.yaml", 13, 10});
}

TEST_CASE("KB3002–KB3005 against a PubMed cache", "[graph][KB3002][KB3003][KB3004][KB3005]") {
  kbtest::TempDir cache;
  cache.write("a.xml", kbgraph::pubmed_set(
                           kbgraph::pubmed_article(1, "A study of <i>CYP19A1</i>.", "<Year>2013</Year>") +
                           kbgraph::pubmed_article(2, "Retracted work.", "<Year>2010</Year>", kbgraph::kRetracted)));
  cache.write("b.xml", "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<PubmedArticle>\n</Oops>\n");
  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .extra = cite(1, "A Study of CYP19A1", 2013)})
      .evidence({.id = "EV0002", .extra = cite(1, "Another study", 2012)})
      .evidence({.id = "EV0003", .extra = cite(3, "Unknown", 2013)})
      .evidence({.id = "EV0004", .extra = cite(2, "Retracted work", 2010)})
      .evidence({.id = "EV0005", .status = "submitted", .extra = cite(2, "Retracted work", 2010)});
  auto ds = kbgraph::with_prefix(b.run({}, cache.path().string()), "KB300");
  std::erase_if(ds, [](const kb::Diagnostic& d) { return d.rule == "KB3001"; });
  std::stable_sort(ds.begin(), ds.end(), kb::diagnostic_less);
  for (const auto& d : ds) UNSCOPED_INFO(d.rule << " " << d.location.file << ":" << d.location.line << " " << d.message);
  REQUIRE(ds.size() == 5);
  // The cache file that does not parse (temp paths sort first).
  CHECK(ds[0].rule == "KB3005");
  CHECK(ds[0].location.file == (cache.path() / "b.xml").string());
  CHECK(ds[0].location.line == 4);
  CHECK(ds[1].rule == "KB3003");
  CHECK(ds[1].record == "EV0002");
  CHECK(ds[1].location == kb::SourceLocation{"kb/evidence/EV0002.yaml", 13, 10});
  REQUIRE(ds[1].related.size() == 1);
  CHECK(ds[1].related[0].location == kb::SourceLocation{(cache.path() / "a.xml").string(), 4, 0});
  CHECK(ds[2].rule == "KB3003");
  CHECK(ds[2].location == kb::SourceLocation{"kb/evidence/EV0002.yaml", 14, 9});
  CHECK(ds[3].rule == "KB3002");
  CHECK(ds[3].severity == kb::Severity::kWarning);
  CHECK(ds[3].location == kb::SourceLocation{"kb/evidence/EV0003.yaml", 12, 9});
  CHECK(ds[4].rule == "KB3004");
  CHECK(ds[4].record == "EV0004");  // EV0005 is only submitted
  CHECK(ds[4].location == kb::SourceLocation{"kb/evidence/EV0004.yaml", 12, 9});
}

TEST_CASE("KB3003: journal (ISO abbreviation or title) and DOI against PubMed", "[graph][KB3003]") {
  kbtest::TempDir cache;
  // The fixture article: journal "International journal of molecular sciences", ISO
  // abbreviation "Int J Mol Sci", DOI 10.1000/<pmid>; print year 2013, e-pub year 2012.
  cache.write("a.xml", kbgraph::pubmed_set(kbgraph::pubmed_article(
                           1, "A study.", "<Year>2013</Year>",
                           "<ArticleDate DateType=\"Electronic\"><Year>2012</Year></ArticleDate>\n")));
  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .extra = cite(1, "A study", 2013) + "  doi: 10.1000/1\n"})
      .evidence({.id = "EV0002", .extra = cite(1, "A study", 2012, "International Journal of Molecular Sciences") +
                                          "  doi: 10.1000/1\n"})
      .evidence({.id = "EV0003", .extra = cite(1, "A study", 2013, "Nature")})
      .evidence({.id = "EV0004", .extra = cite(1, "A study", 2013) + "  doi: 10.1000/2\n"});
  auto ds = kbgraph::with_prefix(b.run({}, cache.path().string()), "KB3003");
  std::stable_sort(ds.begin(), ds.end(), kb::diagnostic_less);
  for (const auto& d : ds) UNSCOPED_INFO(d.rule << " " << d.location.file << ":" << d.location.line << " " << d.message);
  // EV0001 (ISO abbreviation, same DOI) and EV0002 (full title in other case, e-pub year) pass.
  REQUIRE(ds.size() == 2);
  CHECK(ds[0].record == "EV0003");
  CHECK(ds[0].location.line == 15);  // the journal line
  CHECK(ds[0].message == "EV0003 gives PMID 1 the journal \"Nature\", but PubMed's is \"Int J Mol Sci\"");
  CHECK(ds[1].record == "EV0004");
  CHECK(ds[1].location.line == 16);  // the doi line
  CHECK(ds[1].message == "EV0004 gives PMID 1 the DOI 10.1000/2, but PubMed's DOI is 10.1000/1");
  REQUIRE(ds[1].related.size() == 1);
}

TEST_CASE("KB3002 good: no cache, no unverified-citation warnings", "[graph][KB3002]") {
  KbBuilder b;
  b.base().evidence({.id = "EV0001", .extra = cite(3, "Unknown", 2013)});
  auto no_cache = kbgraph::with_prefix(b.run(), "KB300");
  REQUIRE(no_cache.size() == 1);  // only KB3006, which says the citations went unchecked
  CHECK(no_cache[0].rule == "KB3006");
  CHECK(kbgraph::with_prefix(b.run({}, "/nonexistent/pubmed"), "KB300").empty());
}

TEST_CASE("KB3001 good: typographic punctuation and Latin-1 case do not make titles differ",
          "[graph][KB3001]") {
  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .extra = cite(1, "Patients\xE2\x80\x99 response \xE2\x80\x93 \xC3\x89tude", 2013)})
      .evidence({.id = "EV0002", .extra = cite(1, "Patients' response - \xC3\xA9tude", 2013)});
  CHECK(b.run("KB3001").empty());
  CHECK(kb::normalize_for_compare("\xE2\x80\x9C" "CYP19A1\xE2\x80\x9D \xC2\xAB" "A\xC2\xBB") == "cyp19a1a");
  CHECK(kb::normalize_for_compare("\xC3\x89") == "\xC3\xA9");
}

TEST_CASE("KB3001: integers in any core-schema spelling are the same PMID", "[graph][KB3001]") {
  KbBuilder b;
  b.base()
      .evidence({.id = "EV0001", .extra = "citation:\n  pmid: 16\n  year: 2013\n"})
      .evidence({.id = "EV0002", .extra = "citation:\n  pmid: 0x10\n  year: 2014\n"});
  REQUIRE(b.load_errors() == 0);
  kbtest::expect_rule(b.run(), "KB3001");
  CHECK(b.run("KB3001").size() == 1);  // used to be lost: the model read 0x10 as nothing
}
