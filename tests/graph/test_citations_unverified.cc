// KB3006 citations-unverified: without a PubMed cache, one info finding counts the
// citations that went unchecked; with a cache (even an empty one), KB3002 takes over.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "pubmed_fixture.h"
#include "test_support.h"

using kbgraph::KbBuilder;

namespace {

KbBuilder with_citations() {
  KbBuilder b;
  b.base();
  b.evidence({.id = "EV0001", .extra = "citation:\n  pmid: 24065098\n"});
  b.evidence({.id = "EV0002", .claim = "allele: C", .extra = "citation:\n  pmid: 24065098\n"});
  b.evidence({.id = "EV0003", .phenotype = "arthralgia", .extra = "citation:\n  pmid: 27747906\n"});
  return b;
}

}  // namespace

TEST_CASE("KB3006 good: a PubMed cache, or no cited PMID, gives no KB3006", "[graph][KB3006]") {
  KbBuilder b = with_citations();
  REQUIRE(b.load_errors() == 0);
  kbtest::TempDir cache;
  cache.write("a.xml", kbgraph::pubmed_set(kbgraph::pubmed_article(24065098, "A study.", "<Year>2013</Year>")));
  CHECK(b.run("KB3006", cache.path().string()).empty());
  CHECK_FALSE(b.run("KB3002", cache.path().string()).empty());  // the cache rules run instead

  KbBuilder none;
  none.base().evidence({.id = "EV0001"});
  REQUIRE(none.load_errors() == 0);
  CHECK(none.run("KB3006").empty());
}

TEST_CASE("KB3006 bad: no PubMed cache, one info at kb.yaml counting PMIDs and records", "[graph][KB3006]") {
  KbBuilder b = with_citations();
  REQUIRE(b.load_errors() == 0);
  auto ds = b.run("KB3006");
  REQUIRE(ds.size() == 1);
  kbtest::expect_rule(ds, "KB3006");
  CHECK(ds[0].severity == kb::Severity::kInfo);
  CHECK(ds[0].location.file == "kb/base.yaml");
  CHECK(ds[0].record == "test-kb");
  CHECK(ds[0].message.starts_with("2 PMIDs cited by 3 records were not checked against PubMed"));
  CHECK(ds[0].message.find("citations/pubmed/") != std::string::npos);
  CHECK(ds[0].message.find("--pubmed-cache") != std::string::npos);
}
