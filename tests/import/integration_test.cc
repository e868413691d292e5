// Imports the real PharmGKB TSV (../shared/data) and checks the result with kbcheck.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

// 8,382 rows; 97.2% are expressible in format 1.1 (docs/import-pharmgkb.md counts the
// rest by reason). The floor catches regressions in the sentence parser.
constexpr double kMinConversion = 97.0;
constexpr std::size_t kRows = 8382;

struct ReportCounts {
  std::size_t rows = 0;
  std::map<std::string, std::size_t> outcomes;
};

ReportCounts read_report(const fs::path& p) {
  ReportCounts c;
  std::istringstream in(kbtest::slurp(p));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    ++c.rows;
    auto a = line.find('\t'), b = line.find('\t', a + 1), e = line.find('\t', b + 1);
    ++c.outcomes[line.substr(b + 1, e - b - 1)];
  }
  return c;
}

}  // namespace

TEST_CASE("the PharmGKB TSV imports and passes kbcheck's schema checks", "[import][integration]") {
  fs::path shared = kbtest::shared_dir();
  fs::path tsv = shared / "data/pharmgkb/var_drug_ann.tsv";
  if (shared.empty() || !fs::exists(tsv)) {
    WARN("skipped: ../shared/data/pharmgkb/var_drug_ann.tsv is not present");
    return;
  }
  kbtest::TempDir tmp;
  fs::path out = tmp.path() / "kb";
  auto imp = kbtest::run("'" + std::string(KBIMPORT_PATH) + "' pharmgkb '" + tsv.string() + "' -o '" +
                         out.string() + "' -q 2>&1");
  INFO(imp.out);
  REQUIRE(imp.status == 0);
  auto counts = read_report(out / "import-report.tsv");
  CHECK(counts.rows == kRows);
  std::size_t converted = counts.outcomes["converted"] + counts.outcomes["split"];
  CHECK(converted + counts.outcomes["skipped"] == kRows);
  double rate = 100.0 * static_cast<double>(converted) / kRows;
  CHECK(rate >= kMinConversion);

  // A second import into the same directory needs --force.
  auto again = kbtest::run("'" + std::string(KBIMPORT_PATH) + "' pharmgkb '" + tsv.string() + "' -o '" +
                           out.string() + "' -q 2>&1");
  CHECK(again.status == 2);
  CHECK(again.out.find("--force") != std::string::npos);

  // CTest names the built kbcheck (tests/CMakeLists.txt); its absence is a failure.
  std::string kbcheck = kbtest::binary("KBCHECK", "");
  REQUIRE(fs::exists(kbcheck));
  fs::path json = tmp.path() / "check.json", err = tmp.path() / "check.err";
  std::string base = "'" + kbcheck + "' check '" + out.string() + "' --format json";
  std::string cache = " --pubmed-cache '" + (shared / "data/pubmed").string() + "'";
  auto chk = kbtest::run(base + cache + " > '" + json.string() + "' 2> '" + err.string() + "'");
  std::string err_text = kbtest::slurp(err);
  INFO(err_text);
  REQUIRE((chk.status == 0 || chk.status == 1));
  auto report = nlohmann::json::parse(kbtest::slurp(json), nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  std::map<std::string, std::size_t> by_rule;
  for (const auto& d : report["diagnostics"]) ++by_rule[d.value("rule", "")];
  std::size_t load_or_schema = 0, cross = 0;
  for (const auto& [rule, n] : by_rule) {
    UNSCOPED_INFO(rule << ": " << n);
    if (rule.starts_with("KB00") || rule.starts_with("KB01")) load_or_schema += n;
    if (rule.starts_with("KB2") || rule.starts_with("KB3")) cross += n;
  }
  CHECK(load_or_schema == 0);
  CHECK(cross > 0);  // PharmGKB does hold conflicting annotations
  // No format 1.1 record the import writes is refused (KB1007-KB1010).
  for (const char* rule : {"KB1007", "KB1008", "KB1009", "KB1010"}) CHECK(by_rule[rule] == 0);

  // The examples: CYP3A5 *1 carriers and tacrolimus dose still contradict
  // (annotations 1448285878 and 1447674199); rs4646 in one study's pre- and postmenopausal
  // women (1444702623, 1444702613) is kept apart by the menopausal-status qualifier.
  auto pair_of = [&](const std::string& rule, const std::string& a, const std::string& b) {
    for (const auto& d : report["diagnostics"]) {
      if (d.value("rule", "") != rule || d["related"].empty()) continue;
      std::string x = d.value("record", ""), y = d["related"][0].value("record", "");
      if ((x.starts_with("EV" + a) && y.starts_with("EV" + b)) || (x.starts_with("EV" + b) && y.starts_with("EV" + a)))
        return true;
    }
    return false;
  };
  CHECK(pair_of("KB2001", "1448285878", "1447674199"));
  CHECK_FALSE(pair_of("KB2001", "1444702623", "1444702613"));
  CHECK(pair_of("KB2004", "1444702623", "1444702613"));
  // rs5065 and bumetanide: potassium vs sodium chloride excretion (982045366, 982045356).
  CHECK_FALSE(pair_of("KB2001", "982045366", "982045356"));
  CHECK(pair_of("KB2004", "982045366", "982045356"));
}
