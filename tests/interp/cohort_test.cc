// kbinterp cohorts (--all-samples, --samples FILE; docs/cohorts.md): one pass for every
// chosen sample gives the same reports as one run per sample, cohort.tsv lists every
// sample, and bad input exits 2 leaving no output directory, not even half of one.
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <catch2/catch.hpp>

#include <set>

#include <signal.h>
#include <sys/wait.h>

#include "hts_fixtures.h"
#include "interp_fixtures.h"
#include "spawn_support.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(KB_SOURCE_DIR) / "tests/interp/fixtures";
const fs::path kThree = kFixtures / "vcf/three-samples.vcf";

interptest::BundledKb& env() {
  static interptest::BundledKb e(kFixtures / "kb", "cohort-test.kbb");
  return e;
}

using interptest::Out;

Out interp(const std::string& args) { return interptest::run_interp(env().bundle, args); }

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

/// The names in `dir`, hidden ones included.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> s;
  for (const auto& e : fs::directory_iterator(dir)) s.insert(e.path().filename().string());
  return s;
}

using kbtest::bgzip;
using kbtest::to_bcf;

/// Runs a cohort that must fail: exit 2, the message contains `text`, and neither the
/// output directory nor any staging directory is left in `parent`.
void expect_failure(const kbtest::TempDir& t, const std::string& args, const std::string& text) {
  auto before = listing(t.path());
  auto r = interp(args + " -o " + q(t.path() / "out"));
  INFO(args << "\n" << r.err);
  CHECK(r.status == 2);
  CHECK(r.err.find(text) != std::string::npos);
  CHECK(listing(t.path()) == before);
}

}  // namespace

TEST_CASE("cohort: the reports of 3 samples equal three single-sample runs, byte for byte") {
  kbtest::TempDir t;
  bgzip(kThree, t.path() / "c.vcf.gz", true);
  to_bcf(kThree, t.path() / "c.bcf");
  for (const fs::path& vcf : {kThree, t.path() / "c.vcf.gz", t.path() / "c.bcf"}) {
    INFO(vcf);
    fs::path out = t.path() / ("out-" + vcf.filename().string());
    auto r = interp("--vcf " + q(vcf) + " --all-samples --format json -o " + q(out));
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(listing(out) == std::set<std::string>{"NA00001.json", "NA00002.json", "NA00003.json", "cohort.tsv",
                                                "summary.html"});
    for (const char* s : {"NA00001", "NA00002", "NA00003"}) {
      auto one = interp("--vcf " + q(vcf) + " --sample " + s + " --format json");
      REQUIRE(one.status == 0);
      CHECK(kbtest::slurp(out / (std::string(s) + ".json")) == one.out);
    }
  }
}

TEST_CASE("cohort: cohort.tsv has a row per (sample, match) and a row for a sample without matches") {
  kbtest::TempDir t;
  auto r = interp("--vcf " + q(kThree) + " --all-samples --format tsv -o " + q(t.path() / "out"));
  REQUIRE(r.status == 0);
  std::string tsv = kbtest::slurp(t.path() / "out/cohort.tsv");
  CHECK(tsv.rfind("sample\tdrug\tevidence\tvariant\tgenotype\tphenotype\tdirection\tlevel\n", 0) == 0);
  CHECK(tsv.find("NA00002\tletrozole\tEV0007\trs10046\tA/A\testradiol-concentration\tincreased\t3\n") !=
        std::string::npos);
  CHECK(tsv.find("NA00001\tanastrozole\tEV0001\trs4646\tC/A\ttime-to-progression\tincreased\t3\n") !=
        std::string::npos);
  // NA00003 has no call at all: one row with empty match columns, last.
  CHECK(tsv.size() > 16);
  CHECK(tsv.substr(tsv.size() - 16) == "\nNA00003\t\t\t\t\t\t\t\n");
  // The per-sample reports are in the chosen format.
  auto one = interp("--vcf " + q(kThree) + " --sample NA00001 --format tsv");
  CHECK(kbtest::slurp(t.path() / "out/NA00001.tsv") == one.out);
}

TEST_CASE("cohort: --samples picks and orders samples, and a repeated run needs --force") {
  kbtest::TempDir t;
  auto list = t.write("list.txt", "NA00003\r\n\nNA00001\n");
  auto out = t.path() / "out";
  auto r = interp("--vcf " + q(kThree) + " --samples " + q(list) + " --format json -o " + q(out));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(listing(out) == std::set<std::string>{"NA00001.json", "NA00003.json", "cohort.tsv", "summary.html"});
  std::string tsv = kbtest::slurp(out / "cohort.tsv");
  CHECK(tsv.find("NA00003") < tsv.find("NA00001"));  // the list's order
  CHECK(tsv.find("NA00002") == std::string::npos);
  // An existing directory is not replaced without --force, and is replaced whole with it.
  fs::create_directories(out / "stale");
  auto again = interp("--vcf " + q(kThree) + " --samples " + q(list) + " --format json -o " + q(out));
  CHECK(again.status == 2);
  CHECK(again.err.find("already exists") != std::string::npos);
  auto forced = interp("--vcf " + q(kThree) + " --all-samples --format json --force -o " + q(out));
  REQUIRE(forced.status == 0);
  CHECK(listing(out).count("stale") == 0);
  CHECK(listing(out).count("NA00002.json") == 1);
  CHECK(listing(t.path()) == std::set<std::string>{"list.txt", "out"});
}

TEST_CASE("cohort: sample names become unique, file-safe report names") {
  kbtest::TempDir t;
  std::string vcf = kbtest::slurp(kThree);
  auto pos = vcf.find("NA00001\tNA00002\tNA00003");
  REQUIRE(pos != std::string::npos);
  vcf.replace(pos, 23, "../x\t.._X\tcohort");
  auto path = t.write("odd.vcf", vcf);
  auto r = interp("--vcf " + q(path) + " --all-samples --format json -o " + q(t.path() / "out"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(listing(t.path() / "out") ==
        std::set<std::string>{"_.._x.json", "_.._X~2.json", "cohort~2.json", "cohort.tsv", "summary.html"});
  CHECK(kbtest::slurp(t.path() / "out/cohort.tsv").find("\n../x\t") != std::string::npos);
}

TEST_CASE("cohort: a sample without GT at a site is not tested there, the others are") {
  kbtest::TempDir t;
  std::string vcf = kbtest::slurp(kThree);
  // rs10046's record: FORMAT DP:GT, and NA00002's column has DP only.
  auto pos = vcf.find("rs10046\tG\tA\t50\tPASS\t.\tGT\t0/1\t1/1\t./.");
  REQUIRE(pos != std::string::npos);
  vcf.replace(pos, 36, "rs10046\tG\tA\t50\tPASS\t.\tDP:GT\t9:0/1\t12\t9:./.");
  vcf.insert(vcf.find("##FORMAT=<ID=GT"), "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n");
  auto path = t.write("nogt.vcf", vcf);
  auto out = t.path() / "out";
  auto r = interp("--vcf " + q(path) + " --all-samples --format json -o " + q(out));
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::string two = kbtest::slurp(out / "NA00002.json");
  CHECK(two.find("has no GT for the sample") != std::string::npos);
  CHECK(two.find("\"rs10046\"") != std::string::npos);
  CHECK(two.find("EV0007") == std::string::npos);  // rs10046 A/A no longer matches
  std::string one = kbtest::slurp(out / "NA00001.json");
  CHECK(one.find("EV0007") != std::string::npos);  // NA00001's 0/1 still does
  CHECK(one.find("has no GT") == std::string::npos);
}

TEST_CASE("cohort: bad input exits 2 and leaves no directory") {
  kbtest::TempDir t;
  std::string vcf = kbtest::slurp(kThree);
  SECTION("a sample name twice in the header") {
    auto pos = vcf.find("NA00001\tNA00002\tNA00003");
    vcf.replace(pos, 23, "NA00001\tNA00002\tNA00001");
    auto path = t.write("dup.vcf", vcf);
    expect_failure(t, "--vcf " + q(path) + " --all-samples", "NA00001");
  }
  SECTION("a --samples name twice") {
    auto list = t.write("list.txt", "NA00001\nNA00002\nNA00001\n");
    expect_failure(t, "--vcf " + q(kThree) + " --samples " + q(list), "list.txt:3: sample \"NA00001\" is listed twice");
  }
  SECTION("a --samples name not in the file") {
    auto list = t.write("list.txt", "NA00001\nNA09999\n");
    expect_failure(t, "--vcf " + q(kThree) + " --samples " + q(list), "sample \"NA09999\" of --samples is not in");
  }
  SECTION("an empty --samples file") {
    auto list = t.write("list.txt", "\n");
    expect_failure(t, "--vcf " + q(kThree) + " --samples " + q(list), "names no sample");
  }
  SECTION("a bgzipped file cut in the middle") {
    auto whole = t.path() / "whole.vcf.gz";
    bgzip(kThree, whole, false);
    std::string bytes = kbtest::slurp(whole);
    auto cut = t.write("cut.vcf.gz", bytes.substr(0, bytes.size() * 2 / 3));
    fs::remove(whole);
    expect_failure(t, "--vcf " + q(cut) + " --all-samples", "cut.vcf.gz");
  }
  SECTION("a text VCF cut in the middle of a record") {
    auto cut = t.write("cut.vcf", vcf.substr(0, vcf.find("rs700518") + 12));
    expect_failure(t, "--vcf " + q(cut) + " --all-samples", "cut.vcf");
  }
  SECTION("no -o") {
    auto r = interp("--vcf " + q(kThree) + " --all-samples");
    CHECK(r.status == 2);
    CHECK(r.err.find("-o DIR") != std::string::npos);
  }
  SECTION("--all-samples with --sample") {
    auto r = interp("--vcf " + q(kThree) + " --all-samples --sample NA00001 -o " + q(t.path() / "out"));
    CHECK(r.status == 2);
    CHECK(!fs::exists(t.path() / "out"));
  }
}

TEST_CASE("cohort: a staging directory left by a dead run is removed by the next run") {
  kbtest::TempDir t;
  // PID 2^22+1 is above Linux's default pid_max: no such process.
  auto stale = t.path() / ".out.cohort-tmp4194305";
  fs::create_directories(stale);
  t.write(".out.cohort-tmp4194305/NA00001.json", "{}");
  auto r = interp("--vcf " + q(kThree) + " --all-samples -o " + q(t.path() / "out"));
  REQUIRE(r.status == 0);
  CHECK(listing(t.path()) == std::set<std::string>{"out"});
}

TEST_CASE("cohort: SIGINT, SIGTERM or SIGHUP with every report staged leaves no directory behind") {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    kbtest::TempDir t, side;
    fs::path ready = side.path() / "ready";
    std::string cmd = "'" + kbtest::binary("KBINTERP", KBINTERP_PATH) + "' --bundle " + q(env().bundle) +
                      " --vcf " + q(kThree) + " --all-samples -o " + q(t.path() / "out");
    // KB_TEST_PAUSE_WRITE: the run stops in commit(), with every file in the staging
    // directory and nothing renamed, until SIGUSR1; the signal comes first.
    kbtest::Spawned p(cmd, side.path() / "log", {"KB_TEST_PAUSE_WRITE=" + ready.string()});
    REQUIRE(p.wait_for_file(ready));
    fs::path stage = t.path() / (".out.cohort-tmp" + std::to_string(p.pid()));
    REQUIRE(fs::exists(stage / "cohort.tsv"));
    REQUIRE(fs::exists(stage / "NA00001.text"));
    REQUIRE(::kill(p.pid(), sig) == 0);
    int st = p.wait();
    std::string log = kbtest::slurp(side.path() / "log");
    INFO("signal " << sig << "\n" << log);
    REQUIRE(WIFSIGNALED(st));
    CHECK(WTERMSIG(st) == sig);
    CHECK(log.find("temporary files were removed") != std::string::npos);
    CHECK(listing(t.path()).empty());
  }
}

TEST_CASE("cohort: summary.html counts the samples per evidence record, self-contained, and renders") {
  fs::path dir = fs::path(KB_INTERP_OUTPUT_DIR) / "cohort";
  fs::create_directories(dir.parent_path());
  fs::remove_all(dir);
  auto r = interp("--vcf " + q(kThree) + " --all-samples --format html -o " + q(dir));
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto html_path = dir / "summary.html";
  std::string html = kbtest::slurp(html_path);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("3 sample(s)") != std::string::npos);
  CHECK(html.find("not a clinical recommendation") != std::string::npos);
  // EV0007 (rs10046, letrozole) matches NA00001 and NA00002; EV0001 NA00001 only.
  auto row = [&](const std::string& ev) {
    auto p = html.find(">" + ev + "<");
    REQUIRE(p != std::string::npos);
    return html.substr(p, html.find("</tr>", p) - p);
  };
  CHECK(row("EV0007").find("2 / 3") != std::string::npos);
  CHECK(row("EV0001").find("1 / 3") != std::string::npos);
  for (const char* banned : {"<script", "<link", "src=", "@import", "url("}) {
    INFO(banned);
    CHECK(html.find(banned) == std::string::npos);
  }
  auto which = kbtest::run("command -v chromium 2>/dev/null");
  if (which.status != 0 || which.out.empty()) {
    WARN("chromium not installed: summary screenshot skipped (apt-get install chromium)");
    return;
  }
  auto png = fs::path(KB_INTERP_OUTPUT_DIR) / "cohort-summary.png";
  fs::remove(png);
  kbtest::TempDir profile;
  auto shot = kbtest::run("chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
                          "--disable-component-update --disable-sync --no-first-run --user-data-dir='" +
                          profile.path().string() + "' --screenshot='" + png.string() +
                          "' --window-size=1200,1100 'file://" + html_path.string() + "' 2>&1");
  INFO(shot.out);
  REQUIRE(fs::exists(png));
  CHECK(fs::file_size(png) > 20000);  // a blank page is a few kilobytes
}
