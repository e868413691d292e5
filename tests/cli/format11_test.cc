// Format 1.1 end to end: the fixture KB using every 1.1 feature gives exactly the
// findings record-format.md's tables imply, with no schema error; 1.1 under a 1.0
// manifest warns; the bundle refuses 1.1 content it cannot carry yet.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path kFixture = fs::path(KB_SOURCE_DIR) / "tests/cli/fixtures/format11-kb";

fs::path copy_kb(const kbtest::TempDir& t) {
  fs::copy(kFixture, t.path() / "kb", fs::copy_options::recursive);
  return t.path() / "kb";
}

/// (rule, record) of every finding of `kbcheck check --format json`.
std::multiset<std::pair<std::string, std::string>> findings(const kbtest::RunResult& r) {
  INFO(r.out);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  std::multiset<std::pair<std::string, std::string>> out;
  for (const auto& d : j.at("diagnostics")) out.emplace(d.at("rule").get<std::string>(), d.value("record", ""));
  return out;
}

}  // namespace

TEST_CASE("format 1.1 fixture: exactly the findings the spec's tables give", "[cli][format11]") {
  kbtest::TempDir t;
  copy_kb(t);
  auto r = kbtest::kbcheck("check kb --format json", t.path());
  auto got = findings(r);
  std::multiset<std::pair<std::string, std::string>> want{
      {"KB2002", "EV0014"},  // G associated vs G no-association
      {"KB2003", "EV0006"},  // class record (aromatase-inhibitors) vs member record EV0004
      {"KB2004", "EV0004"},  // EV0004 vs EV0003 kept apart by menopausal-status
  };
  CHECK(got == want);
  CHECK(r.status == 0);  // warnings and info only
}

TEST_CASE("format 1.1 features under a 1.0 manifest warn, naming the fix", "[cli][format11]") {
  kbtest::TempDir t;
  auto kb = copy_kb(t);
  std::ofstream(kb / "kb.yaml") << "kind: knowledge-base\nid: format11-kb\nname: F\nversion: 0.1.0\nformat: 1\n";
  auto r = kbtest::kbcheck("check kb --color never", t.path());
  INFO(r.out);
  CHECK(r.out.find("evidence EV0002 uses direction: associated, a format 1.1 feature, but the manifest "
                   "says format 1.0; set 'format: \"1.1\"' in the manifest [KB1010]") != std::string::npos);
  CHECK(r.out.find("variant CYP2D6:star uses system: star") != std::string::npos);
  CHECK(r.out.find("[KB01") == std::string::npos);  // still no schema error
}

TEST_CASE("format 1.1 schema: bad 1.1 input is refused", "[cli][format11]") {
  kbtest::TempDir t;
  auto kb = copy_kb(t);
  // An accepted record must have a level; gene_phenotype values are CPIC terms;
  // gene_phenotype excludes variant.
  std::ofstream(kb / "evidence/EV0099.yaml")
      << "kind: evidence\nid: EV0099\nstatus: accepted\nvariant: rs4646\ngene_phenotype:\n  gene: CYP2D6\n"
         "  value: extensive metabolizer\ndrug: tamoxifen\nphenotype: endoxifen-concentration\n"
         "category: other\ndirection: decreased\ncitation:\n  pmid: 24065098\n";
  auto r = kbtest::kbcheck("check kb --format json", t.path());
  auto got = findings(r);
  CHECK(r.status == 1);
  CHECK(got.count({"KB0102", "EV0099"}) >= 1);  // level missing
  CHECK(got.count({"KB0103", "EV0099"}) == 1);  // extensive metabolizer is no CPIC term
  CHECK(got.count({"KB0201", "EV0099"}) == 0);
}

TEST_CASE("bundle refuses format 1.1 content it cannot carry, naming record and feature", "[cli][format11][bundle]") {
  kbtest::TempDir t;
  copy_kb(t);
  auto r = kbtest::kbcheck("bundle kb -o out.kbb", t.path());
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find("evidence EV0007 uses gene_phenotype evidence, which needs bundle format support") !=
        std::string::npos);
  CHECK(r.out.find("drug aromatase-inhibitors uses a drug group (members)") != std::string::npos);
  CHECK(r.out.find("evidence EV0002 uses context.qualifiers") != std::string::npos);
  CHECK(r.out.find("variant HLA-B:hla uses system: hla") != std::string::npos);
  CHECK(r.out.find("evidence EV0011 uses direction: associated") != std::string::npos);
  CHECK(r.out.find("bundle not written") != std::string::npos);
  CHECK_FALSE(fs::exists(t.path() / "out.kbb"));
}

TEST_CASE("bundle: a format 1.1 manifest with only 1.0 content bundles", "[cli][format11][bundle]") {
  kbtest::TempDir t;
  auto kb = fs::path(KB_SOURCE_DIR) / "tests/bundle/fixtures/mini-kb";
  fs::copy(kb, t.path() / "kb", fs::copy_options::recursive);
  std::string m = kbtest::slurp(t.path() / "kb/kb.yaml");
  auto at = m.find("format: 1");
  REQUIRE(at != std::string::npos);
  m.replace(at, 9, "format: \"1.1\"");
  std::ofstream(t.path() / "kb/kb.yaml") << m;
  auto r = kbtest::kbcheck("bundle kb -o out.kbb", t.path());
  INFO(r.out);
  CHECK(r.status == 0);
}

TEST_CASE("diff refuses 1.1 content it cannot compare yet, never reporting no change", "[cli][format11][diff]") {
  kbtest::TempDir t;
  copy_kb(t);
  fs::copy(t.path() / "kb", t.path() / "new", fs::copy_options::recursive);
  auto r = kbtest::kbcheck("diff kb new", t.path());
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find("which kbcheck diff cannot compare until the bundle format carries it") != std::string::npos);
}
