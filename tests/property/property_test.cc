// Issue 17's property test: seeded random KBs, checked by the real kbcheck and by the
// spec checker (spec_checker.cc); every disagreement is printed with the seed and the KB.
//   KB_PROPERTY_SEEDS=N   run seeds 1..N (default 200)
//   KB_PROPERTY_SEED=S    run seed S only (to reproduce a failure)
//   KBCHECK=PATH          check another kbcheck build (default: this build's)
// The 1.1 comparison is tagged hidden ([.format11]) until format 1.1 is in the engine:
//   build/tests/property/property_test "[format11]"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <sstream>
#include <vector>

#include "generator.h"
#include "spec_checker.h"
#include "test_support.h"

using kbprop::Finding;

namespace {

/// Seeds 1..n: `n` by default (KB_PROPERTY_SEEDS overrides it), or the one KB_PROPERTY_SEED.
std::vector<std::uint32_t> seeds(std::uint32_t n) {
  if (const char* one = std::getenv("KB_PROPERTY_SEED")) return {static_cast<std::uint32_t>(std::stoul(one))};
  if (const char* many = std::getenv("KB_PROPERTY_SEEDS")) n = static_cast<std::uint32_t>(std::stoul(many));
  std::vector<std::uint32_t> out;
  for (std::uint32_t s = 1; s <= n; ++s) out.push_back(s);
  return out;
}

std::string kb_text(const std::map<std::string, std::string>& files) {
  std::string out;
  for (const auto& [path, text] : files) out += "==> " + path + " <==\n" + text;
  return out;
}

std::string show(const Finding& f) { return f.rule + " " + f.a + " " + f.b; }

/// What kbcheck said: the contradiction-family pairs, and anything that means the
/// generated KB was not valid input (a generator or engine bug).
struct EngineResult {
  std::set<Finding> findings;
  std::vector<std::string> problems;
};

bool is_family(const std::string& rule) { return rule == "KB2001" || rule == "KB2002" || rule == "KB2003"; }

EngineResult run_engine(const kbtest::TempDir& dir) {
  EngineResult r;
  auto run = kbtest::run("'" + kbtest::binary("KBCHECK", KBCHECK_PATH) + "' check '" + dir.path().string() +
                         "' --format json --fail-on none 2>/dev/null");
  auto j = nlohmann::json::parse(run.out, nullptr, false);
  if (run.status != 0 || j.is_discarded() || !j.contains("diagnostics")) {
    r.problems.push_back("kbcheck exit " + std::to_string(run.status) + ", output:\n" + run.out);
    return r;
  }
  for (const auto& d : j["diagnostics"]) {
    std::string rule = d.value("rule", "");
    if (is_family(rule)) {
      std::string a = d.value("record", ""), b;
      if (!d["related"].empty()) b = d["related"][0].value("record", "");
      Finding f{rule, std::min(a, b), std::max(a, b)};
      if (!r.findings.insert(f).second) r.problems.push_back("reported twice: " + show(f));
    } else if (rule.rfind("KB0", 0) == 0 || (rule.rfind("KB1", 0) == 0 && rule != "KB1005") ||
               d.value("severity", "") == "error") {
      // Load, schema, per-record and reference findings: the input was not valid.
      r.problems.push_back("invalid input? " + d.dump());
    }
  }
  return r;
}

/// Totals over a run, so that a generator that stops reaching a table row is noticed.
struct Totals {
  std::map<std::string, int> expected;
  int seeds = 0, disagreeing = 0;
};

void compare_seed(std::uint32_t seed, bool format11, Totals& totals) {
  kbprop::Kb kb = kbprop::generate_kb(seed, format11);
  auto files = kbprop::kb_files(kb);
  kbtest::TempDir dir;
  for (const auto& [path, text] : files) dir.write(path, text);
  std::set<Finding> expected = kbprop::spec_findings(kb);
  EngineResult actual = run_engine(dir);
  ++totals.seeds;
  for (const auto& f : expected) ++totals.expected[f.rule];
  std::ostringstream why;
  for (const auto& p : actual.problems) why << "  " << p << "\n";
  for (const auto& f : expected)
    if (!actual.findings.count(f)) why << "  expected " << show(f) << ", kbcheck did not report it\n";
  for (const auto& f : actual.findings)
    if (!expected.count(f)) why << "  kbcheck reported " << show(f) << ", the spec checker does not expect it\n";
  if (why.str().empty()) return;
  ++totals.disagreeing;
  FAIL_CHECK("seed " << seed << (format11 ? " (format 1.1)" : " (format 1.0)")
                     << ": kbcheck and the spec checker disagree (reproduce: KB_PROPERTY_SEED=" << seed
                     << ")\n" << why.str() << kb_text(files));
}

// Why 500 for 1.1: its KBs spread over more subject forms, so at 200 seeds KB2001 is
// expected only 9 times; 500 reach every row of the table at least 20 times.
void compare_all(bool format11) {
  Totals totals;
  for (auto seed : seeds(format11 ? 500 : 200)) compare_seed(seed, format11, totals);
  INFO("seeds " << totals.seeds << ", disagreeing " << totals.disagreeing << ", expected KB2001 "
                << totals.expected["KB2001"] << ", KB2002 " << totals.expected["KB2002"] << ", KB2003 "
                << totals.expected["KB2003"]);
  CHECK(totals.disagreeing == 0);
  // Not vacuous: over the default seeds every finding of the table is reached often.
  if (totals.seeds >= 200)
    for (const char* rule : {"KB2001", "KB2002", "KB2003"}) CHECK(totals.expected[rule] >= 20);
}

}  // namespace

TEST_CASE("format 1.0: kbcheck's contradiction findings equal the spec checker's on seeded KBs", "[property]") {
  compare_all(false);
}

TEST_CASE("format 1.1: kbcheck's contradiction findings equal the spec checker's on seeded KBs",
          "[property][format11]") {
  compare_all(true);
}
