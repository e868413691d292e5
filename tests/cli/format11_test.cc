// Format 1.1 end to end: the fixture KB using every 1.1 feature gives exactly the
// findings record-format.md's tables imply, with no schema error; 1.1 under a 1.0
// manifest warns; the KB bundles (bundle format 1.2), inspect shows its 1.1 content and
// diff classifies changes to the new fields.
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
      {"KB3006", "format11-kb"},  // the fixture has no PubMed cache
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

TEST_CASE("bundle: the KB using every 1.1 feature bundles and inspect shows its 1.1 content", "[cli][format11][bundle]") {
  kbtest::TempDir t;
  copy_kb(t);
  auto r = kbtest::kbcheck("bundle kb -o out.kbb --include submitted", t.path());
  INFO(r.out);
  REQUIRE(r.status == 0);
  auto i = kbtest::kbcheck("inspect out.kbb --format json", t.path());
  INFO(i.out);
  REQUIRE(i.status == 0);
  auto j = nlohmann::json::parse(i.out);
  CHECK(j["format_version"] == "1.2");
  CHECK(j["counts"]["evidence"] == 13);  // 15 records, less a draft and a rejected one
  auto c = j["record_format_1_1"];
  CHECK(c["variants_by_system"] == nlohmann::json{{"star", 1}, {"hla", 1}, {"named", 1}});
  CHECK(c["variants_without_gene"] == 1);
  CHECK(c["gene_phenotype_evidence"] == 2);  // EV0007, EV0008
  CHECK(c["qualified_evidence"] == 3);       // EV0002, EV0003, EV0004
  CHECK(c["associated_evidence"] == 3);      // EV0002, EV0011, EV0013
  CHECK(c["drug_groups"] == 1);
  CHECK(c["group_members"] == 3);
  std::set<std::string> required;
  for (const auto& s : j["sections"])
    if (s["required"] == true) required.insert(s["name"].get<std::string>());
  for (const char* n : {"variant-systems", "evidence-subjects", "drug-members", "csr-drug-members",
                        "csr-drug-groups"})
    CHECK(required.count(n) == 1);
  auto text = kbtest::kbcheck("inspect out.kbb", t.path());
  CHECK(text.out.find("  format 1.1  1 star, 1 hla, 1 named variants, 1 without gene; 2 gene-phenotype, "
                      "3 qualified, 3 associated evidence; 1 drug groups (3 members)") != std::string::npos);
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
  // No 1.1 content: bundle format 1.1 as before, without the 1.2 summary.
  auto i = kbtest::kbcheck("inspect out.kbb --format json", t.path());
  auto j = nlohmann::json::parse(i.out);
  CHECK(j["format_version"] == "1.1");
  CHECK_FALSE(j.contains("record_format_1_1"));
}

TEST_CASE("diff: changed gene_phenotype value, qualifier and members are changed claims", "[cli][format11][diff]") {
  kbtest::TempDir t;
  auto kb = copy_kb(t);
  fs::copy(kb, t.path() / "new", fs::copy_options::recursive);
  auto same = kbtest::kbcheck("diff kb new", t.path());
  INFO(same.out);
  CHECK(same.status == 0);
  CHECK(same.out.find("no changes") != std::string::npos);
  auto edit = [&](const std::string& file, const std::string& from, const std::string& to) {
    auto p = t.path() / "new" / file;
    std::string s = kbtest::slurp(p);
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    std::ofstream(p) << s;
  };
  edit("evidence/EV0007.yaml", "value: poor metabolizer", "value: intermediate metabolizer");
  edit("evidence/EV0003.yaml", "disease-stage: early", "disease-stage: late");
  edit("drugs/drugs.yaml", "members: [anastrozole, letrozole, exemestane]", "members: [anastrozole, letrozole]");
  edit("variants/variants.yaml", "system: named", "system: star");
  auto r = kbtest::kbcheck("diff kb new --format json", t.path());
  INFO(r.out);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  std::set<std::pair<std::string, std::string>> changed;
  for (const auto& c : j["changed"])
    for (const auto& f : c["fields"]) changed.insert({c["id"].get<std::string>(), f["field"].get<std::string>()});
  CHECK(changed == std::set<std::pair<std::string, std::string>>{{"EV0007", "gene_phenotype.value"},
                                                                 {"EV0003", "context.qualifiers"},
                                                                 {"aromatase-inhibitors", "members"},
                                                                 {"SLC6A4:5-HTTLPR", "system"}});
}

TEST_CASE("release guard: a changed qualifier needs a major bump", "[cli][format11][diff]") {
  kbtest::TempDir t;
  auto kb = copy_kb(t);
  auto set_version = [&](const std::string& v) {
    std::string m = kbtest::slurp(kb / "kb.yaml");
    auto at = m.find("version: ");
    m.replace(at, m.find('\n', at) - at, "version: " + v);
    std::ofstream(kb / "kb.yaml") << m;
  };
  set_version("1.0.0");
  REQUIRE(kbtest::kbcheck("bundle kb -o old.kbb", t.path()).status == 0);
  std::string ev = kbtest::slurp(kb / "evidence/EV0003.yaml");
  ev.replace(ev.find("disease-stage: early"), 20, "disease-stage: late ");
  std::ofstream(kb / "evidence/EV0003.yaml") << ev;
  set_version("1.1.0");
  auto r = kbtest::kbcheck("bundle kb -o new.kbb --release --previous old.kbb", t.path());
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("release refused") != std::string::npos);
  CHECK(r.out.find("context.qualifiers") != std::string::npos);
  set_version("2.0.0");
  CHECK(kbtest::kbcheck("bundle kb -o new.kbb --release --previous old.kbb", t.path()).status == 0);
}
