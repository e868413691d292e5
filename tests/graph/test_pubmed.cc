// The PubMed efetch reader: fields, safety (no DTD, no entities, no network), errors.
#include <catch2/catch.hpp>

#include <filesystem>

#include "pubmed/pubmed.h"
#include "pubmed_fixture.h"
#include "test_support.h"

using kb::pubmed::parse_pubmed_xml;
using kbgraph::pubmed_article;
using kbgraph::pubmed_set;

TEST_CASE("pubmed: reads PMID, title text, year, journal, DOI", "[pubmed]") {
  auto r = parse_pubmed_xml(pubmed_set(
      pubmed_article(24065098, "A Polymorphism of <i>CYP19A1</i>\n  and Anastrozole.", "<Year>2013</Year>") +
      pubmed_article(2, "Second.", "<MedlineDate>2009 Jul-Aug</MedlineDate>",
                     "<ArticleDate DateType=\"Electronic\"><Year>2008</Year></ArticleDate>\n")));
  REQUIRE(r.errors.empty());
  REQUIRE(r.articles.size() == 2);
  const auto& a = r.articles[0];
  CHECK(a.pmid == 24065098);
  CHECK(a.title == "A Polymorphism of CYP19A1 and Anastrozole.");
  CHECK(a.year == 2013);
  CHECK(a.journal == "International journal of molecular sciences");
  CHECK(a.iso_abbrev == "Int J Mol Sci");
  CHECK(a.doi == "10.1000/24065098");
  CHECK_FALSE(a.retracted);
  CHECK(a.line == 4);
  CHECK(r.articles[1].year == 2009);
  CHECK(r.articles[1].epub_year == 2008);
}

TEST_CASE("pubmed: retraction by publication type or RetractionIn", "[pubmed]") {
  auto r = parse_pubmed_xml(pubmed_set(
      pubmed_article(1, "Retracted.", "<Year>2010</Year>", kbgraph::kRetracted) +
      pubmed_article(2, "Also.", "<Year>2010</Year>", "",
                     "<CommentsCorrectionsList><CommentsCorrections RefType=\"RetractionIn\"><PMID>9</PMID>"
                     "</CommentsCorrections></CommentsCorrectionsList>\n") +
      pubmed_article(3, "Fine.", "<Year>2010</Year>")));
  REQUIRE(r.articles.size() == 3);
  CHECK(r.articles[0].retracted);
  CHECK(r.articles[1].retracted);
  CHECK_FALSE(r.articles[2].retracted);
}

TEST_CASE("pubmed: external entities and the DTD are never loaded", "[pubmed]") {
  kbtest::TempDir dir;
  auto secret = dir.write("secret.txt", "TOP-SECRET-MARKER");
  std::string subset = "<!ENTITY xxe SYSTEM \"file://" + secret.string() +
                       "\"><!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">";
  auto r = parse_pubmed_xml(pubmed_set(pubmed_article(1, "Leak &xxe; and &lol2;.", "<Year>2010</Year>"), subset));
  REQUIRE(r.articles.size() == 1);
  CHECK(r.articles[0].title.find("TOP-SECRET") == std::string::npos);
  CHECK(r.articles[0].title.find("lol") == std::string::npos);
  CHECK(r.articles[0].title == "Leak and .");
}

TEST_CASE("pubmed: malformed XML gives errors with a line, never a crash", "[pubmed]") {
  auto r = parse_pubmed_xml("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<PubmedArticle>\n</Oops>\n");
  CHECK(r.articles.empty());
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].line == 4);
  CHECK_FALSE(r.errors[0].message.empty());
  CHECK_FALSE(parse_pubmed_xml("").errors.empty());
  CHECK_FALSE(parse_pubmed_xml("<other/>").errors.empty());
  kb::pubmed::ParseOptions small;
  small.max_bytes = 10;
  auto big = parse_pubmed_xml(pubmed_set(""), small);
  REQUIRE(big.errors.size() == 1);
  CHECK_THAT(big.errors[0].message, Catch::Contains("exceeds the limit"));
}

TEST_CASE("pubmed: the cache indexes a directory by PMID", "[pubmed]") {
  kbtest::TempDir dir;
  dir.write("a.xml", pubmed_set(pubmed_article(1, "One.", "<Year>2001</Year>")));
  dir.write("b.xml", pubmed_set(pubmed_article(2, "Two.", "<Year>2002</Year>")));
  dir.write("c.xml", "<PubmedArticleSet><PubmedArticle>");
  dir.write("notes.txt", "ignored");
  auto cache = kb::pubmed::PubmedCache::load(dir.path());
  CHECK(cache.exists());
  CHECK(cache.size() == 2);
  REQUIRE(cache.find(2) != nullptr);
  CHECK(cache.find(2)->title == "Two.");
  CHECK(cache.file_of(2) == (dir.path() / "b.xml").string());
  CHECK(cache.find(3) == nullptr);
  REQUIRE(cache.errors().size() == 1);
  CHECK(cache.errors()[0].file == (dir.path() / "c.xml").string());
  CHECK_FALSE(kb::pubmed::PubmedCache::load(dir.path() / "missing").exists());
}

TEST_CASE("pubmed: every file of the shared PubMed sample parses", "[pubmed][shared]") {
  auto shared = kbtest::shared_dir();
  if (shared.empty()) {
    WARN("../shared is absent: skipping the PubMed sample test");
    return;
  }
  auto cache = kb::pubmed::PubmedCache::load(shared / "data" / "pubmed");
  for (const auto& fe : cache.errors())
    FAIL_CHECK(fe.file << ":" << fe.errors[0].line << ": " << fe.errors[0].message);
  CHECK(cache.errors().empty());
  CHECK(cache.size() >= 2000);
}
