// `kbcheck check --since REF` in a temporary git repository (cli-contract.md, "kbcheck in a
// pull request"): only findings touching a changed file are reported and counted.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "gate_fixtures.h"

using gatetest::evidence;
using gatetest::git;
using kbtest::TempDir;
namespace fs = std::filesystem;

namespace {

/// The (rule, record) of every diagnostic in kbcheck's JSON output.
std::vector<std::string> findings(const kbtest::RunResult& r) {
  INFO(r.out);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  std::vector<std::string> out;
  for (const auto& d : j["diagnostics"])
    out.push_back(d["rule"].get<std::string>() + " " + d["record"].get<std::string>());
  return out;
}

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("since: a finding in an unchanged file is not reported, one in a changed file is",
          "[cli][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  gatetest::write_kb(d);
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "up"));  // KB0103, committed
  gatetest::commit_all(d);
  auto all = kbtest::kbcheck("check kb --format json", d.path());
  CHECK(all.status == 1);
  CHECK(findings(all) == List{"KB0103 EV0002"});
  auto none = kbtest::kbcheck("check kb --since HEAD --format json", d.path());
  CHECK(none.status == 0);  // the old finding does not count
  CHECK(findings(none).empty());
  d.write("kb/evidence/EV0003.yaml", evidence("EV0003", "sideways"));  // untracked
  auto untracked = kbtest::kbcheck("check kb --since HEAD --format json", d.path());
  CHECK(untracked.status == 1);
  CHECK(findings(untracked) == List{"KB0103 EV0003"});
}

TEST_CASE("since: committed, staged and unstaged changes all count", "[cli][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  gatetest::write_kb(d);
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "increased"));
  d.write("kb/evidence/EV0003.yaml", evidence("EV0003", "increased"));
  d.write("kb/evidence/EV0004.yaml", evidence("EV0004", "increased"));
  gatetest::commit_all(d);
  git(d, "tag base");
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "up"));
  gatetest::commit_all(d, "committed");
  d.write("kb/evidence/EV0003.yaml", evidence("EV0003", "down"));
  git(d, "add kb/evidence/EV0003.yaml");                               // staged
  d.write("kb/evidence/EV0004.yaml", evidence("EV0004", "sideways"));  // unstaged
  auto r = kbtest::kbcheck("check kb --since base --format json", d.path());
  CHECK(r.status == 1);
  CHECK(findings(r) == List{"KB0103 EV0002", "KB0103 EV0003", "KB0103 EV0004"});
  auto head = kbtest::kbcheck("check kb --since HEAD --format json", d.path());
  CHECK(findings(head) == List{"KB0103 EV0003", "KB0103 EV0004"});
}

TEST_CASE("since: a cross-record finding counts when either side changed", "[cli][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  gatetest::write_kb(d);
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "decreased"));  // KB2001 with EV0001
  gatetest::commit_all(d);
  auto ids = [&](const kbtest::RunResult& r) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE(j["diagnostics"].size() == 1);
    CHECK(j["diagnostics"][0]["rule"] == "KB2001");
    return j["diagnostics"][0]["record"].get<std::string>() + "/" +
           j["diagnostics"][0]["related"][0]["record"].get<std::string>();
  };
  CHECK(findings(kbtest::kbcheck("check kb --since HEAD --format json", d.path())).empty());
  // The primary side (EV0002) changes: a comment line moves it down.
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "decreased", "# moved\n"));
  auto primary = kbtest::kbcheck("check kb --since HEAD --format json", d.path());
  CHECK(primary.status == 1);
  CHECK(ids(primary) == "EV0002/EV0001");
  // Only the related side (EV0001) changes.
  git(d, "checkout -q -- kb/evidence/EV0002.yaml");
  d.write("kb/evidence/EV0001.yaml", evidence("EV0001", "increased", "# touched\n"));
  auto related = kbtest::kbcheck("check kb --since HEAD --format json", d.path());
  CHECK(related.status == 1);
  CHECK(ids(related) == "EV0002/EV0001");
}

TEST_CASE("since: a renamed file is changed under its new name", "[cli][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  gatetest::write_kb(d);
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "up"));
  gatetest::commit_all(d);
  git(d, "mv kb/evidence/EV0002.yaml kb/evidence/EV0002-renamed.yaml");
  auto staged = kbtest::kbcheck("check kb --since HEAD --format json", d.path());
  CHECK(staged.status == 1);
  CHECK(findings(staged) == List{"KB0103 EV0002"});
  gatetest::commit_all(d, "rename");  // and committed, with rename detection on
  auto committed = kbtest::kbcheck("check kb --since HEAD~1 --format json", d.path());
  CHECK(findings(committed) == List{"KB0103 EV0002"});
}

TEST_CASE("since: the KB below the repository root, reached from anywhere", "[cli][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  gatetest::write_kb(d, "data/pgx-kb");
  d.write("data/pgx-kb/evidence/EV0002.yaml", evidence("EV0002", "up"));
  d.write("data/pgx-kb/evidence/EV0003.yaml", evidence("EV0003", "increased"));
  gatetest::commit_all(d);
  d.write("data/pgx-kb/evidence/EV0003.yaml", evidence("EV0003", "down"));
  List want{"KB0103 EV0003"};
  CHECK(findings(kbtest::kbcheck("check data/pgx-kb --since HEAD --format json", d.path())) ==
        want);
  CHECK(findings(kbtest::kbcheck("check pgx-kb --since HEAD --format json", d.path() / "data")) ==
        want);
  CHECK(findings(kbtest::kbcheck("check . --since HEAD --format json", d.path() / "data/pgx-kb")) ==
        want);
  CHECK(findings(kbtest::kbcheck(
            "check " + (d.path() / "data/pgx-kb").string() + " --since HEAD --format json",
            d.path() / "data/pgx-kb/evidence")) == want);
}

TEST_CASE("since: not a git checkout, an unknown REF or an option as REF exit 2", "[cli][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  gatetest::write_kb(d);
  auto no_repo = kbtest::kbcheck("check kb --since main", d.path());
  CHECK(no_repo.status == 2);
  CHECK(no_repo.out.find("kbcheck: error: --since needs the KB in a git working tree") !=
        std::string::npos);
  gatetest::commit_all(d);
  auto unknown = kbtest::kbcheck("check kb --since no-such-branch", d.path());
  CHECK(unknown.status == 2);
  CHECK(unknown.out.find("--since no-such-branch: no such commit") != std::string::npos);
  CHECK(unknown.out.find("fetch-depth: 0") != std::string::npos);
  // A REF that looks like a git option is a REF, never an option.
  auto option = kbtest::kbcheck("check kb --since=--output=pwned", d.path());
  CHECK(option.status == 2);
  CHECK_FALSE(kbtest::fs::exists(d.path() / "pwned"));
  CHECK(kbtest::kbcheck("lint kb --since HEAD", d.path()).status == 2);  // check only
  // git not on PATH: said so, exit 2.
  auto no_git = kbtest::run(
      "PATH=/nonexistent '" + kbtest::binary("KBCHECK", "kbcheck") + "' check kb --since HEAD 2>&1",
      d.path());
  CHECK(no_git.status == 2);
  CHECK(no_git.out.find("--since needs git, which could not be run") != std::string::npos);
}

TEST_CASE("since: the repository's configuration cannot make git run a program", "[cli][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  gatetest::write_kb(d);
  gatetest::commit_all(d);
  fs::path marker = d.path() / "ran";
  d.write("hook.sh", "#!/bin/sh\ntouch '" + marker.string() + "'\necho 2; printf '/\\0'\n");
  fs::permissions(d.path() / "hook.sh", fs::perms::owner_all);
  git(d, "config core.fsmonitor " + (d.path() / "hook.sh").string());
  d.write("kb/evidence/EV0001.yaml", evidence("EV0001", "up"));
  git(d, "diff --name-only HEAD");  // plain git runs the hook: the test can fail
  REQUIRE(fs::exists(marker));
  fs::remove(marker);
  auto r = kbtest::kbcheck("check kb --since HEAD --format json", d.path());
  CHECK(r.status == 1);
  CHECK(findings(r) == List{"KB0103 EV0001"});
  CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("since: a bare repository planted in the KB is not used", "[cli][since]") {
  if (!gatetest::have_git()) return;
  TempDir d;
  gatetest::write_kb(d);
  git(d, "init -q --bare kb");  // not a checkout, but kb/ looks like a bare repository
  auto r = kbtest::kbcheck("check kb --since HEAD", d.path());
  CHECK(r.status == 2);
  CHECK(r.out.find("bare repository") != std::string::npos);
}
