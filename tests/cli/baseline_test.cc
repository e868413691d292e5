// `kbcheck check --baseline FILE` / `--write-baseline FILE` (cli-contract.md, "kbcheck in a
// pull request"): old findings suppressed through line moves and renames, new ones fail,
// entries that match nothing listed as fixed (KB5001), bad baseline files refused.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "gate_fixtures.h"

using gatetest::evidence;
using kbtest::TempDir;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json json_of(const kbtest::RunResult& r) {
  INFO(r.out);
  auto j = json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

/// A KB with two old findings (KB0103 on EV0002, KB2001 EV0003/EV0001) and a baseline
/// of them in `d`/baseline.json.
void write_adopted_kb(const TempDir& d) {
  gatetest::write_kb(d);
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "up"));
  d.write("kb/evidence/EV0003.yaml", evidence("EV0003", "decreased"));
  auto w = kbtest::kbcheck("check kb --write-baseline baseline.json", d.path());
  INFO(w.out);
  REQUIRE(w.status == 0);  // written: every finding is in it, so the run passes
  REQUIRE(w.out.find("2 suppressed by the baseline") != std::string::npos);
}

}  // namespace

TEST_CASE("baseline: --write-baseline writes the documented, versioned shape", "[cli][baseline]") {
  TempDir d;
  write_adopted_kb(d);
  json b = json::parse(kbtest::slurp(d.path() / "baseline.json"));
  CHECK(b["kbcheck_baseline"] == 1);
  CHECK(b["tool"]["name"] == "kbcheck");
  REQUIRE(b["findings"].size() == 2);
  const json& e = b["findings"][0];
  CHECK(e["rule"] == "KB0103");
  CHECK(e["record"] == "EV0002");
  CHECK(e["file"] == "kb/evidence/EV0002.yaml");
  CHECK(e["fingerprint"].get<std::string>().size() == 16);
  CHECK(b["findings"][1]["rule"] == "KB2001");
  CHECK(b["findings"][1]["related"] == json::array({"EV0001"}));
  CHECK(kbtest::kbcheck("check kb", d.path()).status == 1);  // without it the KB fails
  // The file is replaced atomically: no temporary is left beside it.
  for (const auto& entry : fs::directory_iterator(d.path()))
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("baseline: old findings are suppressed and counted, and the run passes",
          "[cli][baseline]") {
  TempDir d;
  write_adopted_kb(d);
  auto text = kbtest::kbcheck("check kb --baseline baseline.json --color never", d.path());
  CHECK(text.status == 0);
  CHECK(text.out ==
        "8 files, 8 records: 0 errors, 0 warnings, 0 infos; 2 suppressed by the baseline\n");
  auto j = json_of(kbtest::kbcheck("check kb --baseline baseline.json --format json", d.path()));
  CHECK(j["diagnostics"].empty());
  CHECK(j["summary"]["suppressed"] == 2);
  // --stats times the gate as a phase of its own.
  auto stats = kbtest::kbcheck("check kb --baseline baseline.json -q --stats", d.path());
  CHECK(stats.out.find("--since, --baseline") != std::string::npos);
  CHECK(kbtest::kbcheck("check kb -q --stats", d.path()).out.find("--since, --baseline") == std::string::npos);
  // Without a baseline the contract's summary has no such key.
  CHECK_FALSE(json_of(kbtest::kbcheck("check kb --format json", d.path()))["summary"].contains(
      "suppressed"));
}

TEST_CASE("baseline: a line move and a rename keep a finding suppressed", "[cli][baseline]") {
  TempDir d;
  write_adopted_kb(d);
  d.write("kb/evidence/EV0002.yaml",
          evidence("EV0002", "up", "# a comment\n\n# moves every line\n"));
  fs::rename(d.path() / "kb/evidence/EV0003.yaml", d.path() / "kb/evidence/EV0003-moved.yaml");
  // EV0001 now comes after EV0003 in file order: the contradiction is reported at EV0001,
  // with EV0003 as its related record and a message from EV0001's side.
  fs::create_directories(d.path() / "kb/evidence/old");
  fs::rename(d.path() / "kb/evidence/EV0001.yaml", d.path() / "kb/evidence/old/EV0001.yaml");
  auto swapped = json_of(kbtest::kbcheck("check kb --format json", d.path()));
  bool seen = false;
  for (const auto& x : swapped["diagnostics"])
    if (x["rule"] == "KB2001")
      seen = x["record"] == "EV0001" && x["related"][0]["record"] == "EV0003";
  CHECK(seen);
  auto r = kbtest::kbcheck("check kb --baseline baseline.json --format json", d.path());
  CHECK(r.status == 0);
  auto j = json_of(r);
  CHECK(j["diagnostics"].empty());
  CHECK(j["summary"]["suppressed"] == 2);
}

TEST_CASE("baseline: a new finding fails, and only it is reported", "[cli][baseline]") {
  TempDir d;
  write_adopted_kb(d);
  d.write("kb/evidence/EV0004.yaml", evidence("EV0004", "sideways"));
  auto r = kbtest::kbcheck("check kb --baseline baseline.json --format json", d.path());
  CHECK(r.status == 1);
  auto j = json_of(r);
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["record"] == "EV0004");
  CHECK(j["summary"]["errors"] == 1);
  CHECK(j["summary"]["suppressed"] == 2);
  // The same finding a second time is new: an entry suppresses one finding.
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "up") + "---\n" + evidence("EV0002", "up"));
  auto twice =
      json_of(kbtest::kbcheck("check kb --baseline baseline.json --format json", d.path()));
  CHECK(twice["summary"]["suppressed"] == 2);
  CHECK(twice["diagnostics"].size() >= 2);
}

TEST_CASE("baseline: an entry that matches nothing is listed as fixed (info)", "[cli][baseline]") {
  TempDir d;
  write_adopted_kb(d);
  fs::remove(d.path() / "kb/evidence/EV0002.yaml");  // its KB0103 is gone
  auto r = kbtest::kbcheck("check kb --baseline baseline.json --color never", d.path());
  CHECK(r.status == 0);
  kbtest::expect_rule(r.out, "KB5001");
  CHECK(r.out.find("baseline.json: info: fixed: KB0103 on EV0002 in kb/evidence/EV0002.yaml") !=
        std::string::npos);
  CHECK(r.out.find("0 errors, 0 warnings, 1 info; 1 suppressed by the baseline") !=
        std::string::npos);
  auto j = json_of(kbtest::kbcheck("check kb --baseline baseline.json --format json", d.path()));
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["rule"] == "KB5001");
  CHECK(j["diagnostics"][0]["severity"] == "info");
  CHECK(j["diagnostics"][0]["record"] == "EV0002");
  // Checking named files only does not call the other files' entries fixed.
  auto part = kbtest::kbcheck("check kb/evidence/EV0001.yaml --baseline baseline.json", d.path());
  CHECK(part.out.find("KB5001") == std::string::npos);
}

TEST_CASE("baseline: every format shows the suppressed count", "[cli][baseline]") {
  TempDir d;
  write_adopted_kb(d);
  std::string args = "check kb --baseline baseline.json --format ";
  json sarif = json_of(kbtest::kbcheck(args + "sarif", d.path()));
  CHECK(sarif["runs"][0]["properties"]["suppressedByBaseline"] == 2);
  CHECK(kbtest::kbcheck(args + "junit", d.path())
            .out.find("<property name=\"suppressed-by-baseline\" value=\"2\"/>") !=
        std::string::npos);
  CHECK(kbtest::kbcheck(args + "github", d.path()).out ==
        "::notice title=kbcheck baseline::2 findings suppressed by the baseline\n");
  // GitLab's report is a bare list of issues: the count goes to stderr, stdout stays JSON.
  auto gitlab = kbtest::run(
      "'" + kbtest::binary("KBCHECK", "kbcheck") + "' " + args + "gitlab 2>err.txt", d.path());
  CHECK(gitlab.status == 0);
  CHECK(json_of(gitlab) == json::array());
  CHECK(kbtest::slurp(d.path() / "err.txt") ==
        "kbcheck: 2 finding(s) suppressed by the baseline\n");
}

TEST_CASE("baseline: a missing, corrupt, foreign or wrong-version file exits 2",
          "[cli][baseline]") {
  TempDir d;
  write_adopted_kb(d);
  std::string good = kbtest::slurp(d.path() / "baseline.json");
  auto refused = [&](const std::string& content, const std::string& why) {
    d.write("bad.json", content);
    auto r = kbtest::kbcheck("check kb --baseline bad.json", d.path());
    INFO(r.out);
    CHECK(r.status == 2);
    CHECK(r.out.find("kbcheck: error: baseline bad.json: " + why) != std::string::npos);
    CHECK(r.out.find("--write-baseline bad.json") != std::string::npos);  // what to do
  };
  refused("", "is not JSON");
  refused(good.substr(0, good.size() / 2), "is not JSON");  // truncated
  refused("kind: baseline\n", "is not JSON");
  refused("[1, 2]", "is not a kbcheck baseline");
  refused("{\"findings\": []}", "is not a kbcheck baseline");
  refused("{\"kbcheck_baseline\": 2, \"findings\": []}", "has baseline format version 2");
  refused("{\"kbcheck_baseline\": \"1\", \"findings\": []}", "has baseline format version \"1\"");
  refused("{\"kbcheck_baseline\": 1}", "has no \"findings\" list");
  refused("{\"kbcheck_baseline\": 1, \"findings\": [{\"rule\": \"KB0103\"}]}",
          "finding 1 has no \"fingerprint\"");
  refused("{\"kbcheck_baseline\": 1, \"findings\": [3]}", "finding 1 is not an object");
  auto missing = kbtest::kbcheck("check kb --baseline nope.json", d.path());
  CHECK(missing.status == 2);
  CHECK(missing.out.find("baseline nope.json: cannot be read") != std::string::npos);
  auto dir = kbtest::kbcheck("check kb --baseline kb", d.path());
  CHECK(dir.status == 2);
  // An empty baseline is valid: it suppresses nothing.
  d.write("empty.json", "{\"kbcheck_baseline\": 1, \"findings\": []}");
  auto empty = kbtest::kbcheck("check kb --baseline empty.json --format json", d.path());
  CHECK(empty.status == 1);
  CHECK(json_of(empty)["summary"]["suppressed"] == 0);
}

TEST_CASE("baseline: --write-baseline refuses --since and partial selections", "[cli][baseline]") {
  TempDir d;
  gatetest::write_kb(d);
  auto since = kbtest::kbcheck("check kb --since HEAD --write-baseline b.json", d.path());
  CHECK(since.status == 2);
  CHECK(since.out.find("drop --since") != std::string::npos);
  auto part = kbtest::kbcheck("check kb/evidence/EV0001.yaml --write-baseline b.json", d.path());
  CHECK(part.status == 2);
  CHECK_FALSE(fs::exists(d.path() / "b.json"));
  auto unwritable = kbtest::kbcheck("check kb --write-baseline no/such/dir/b.json", d.path());
  CHECK(unwritable.status == 2);
  CHECK(unwritable.out.find("cannot write the baseline") != std::string::npos);
}

TEST_CASE("baseline and since together: old findings suppressed, fixed entries still listed",
          "[cli][baseline][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  write_adopted_kb(d);
  gatetest::commit_all(d);
  fs::remove(d.path() / "kb/evidence/EV0002.yaml");                    // its KB0103 is gone
  d.write("kb/evidence/EV0005.yaml", evidence("EV0005", "sideways"));  // new, untracked
  auto r =
      kbtest::kbcheck("check kb --since HEAD --baseline baseline.json --format json", d.path());
  CHECK(r.status == 1);
  auto j = json_of(r);
  std::vector<std::string> rules;
  for (const auto& x : j["diagnostics"])
    rules.push_back(x["rule"].get<std::string>() + " " + x["record"].get<std::string>());
  CHECK(rules == std::vector<std::string>{"KB5001 EV0002", "KB0103 EV0005"});
  CHECK(j["summary"]["suppressed"] == 0);  // the KB2001 entry matched, outside the change
}
