// kbinterp's -o and bundle integrity, end to end (issue #10, items 6, 7 and 8): no race
// without --force, reports honour the umask and keep a replaced file's mode, interrupts
// and file size limits leave nothing behind, and a changed bundle header is refused.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "spawn_support.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(KB_SOURCE_DIR) / "tests/interp/fixtures";
const std::string kTsv = (kFixtures / "tsv/patient.tsv").string();

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

/// The fixture KB bundled once per test process.
const fs::path& bundle() {
  static kbtest::TempDir dir;
  static fs::path b = [] {
    fs::path p = dir.path() / "writes.kbb";
    auto r = kbtest::run("'" + kbtest::binary("KBCHECK", KBCHECK_PATH) + "' bundle " + q(kFixtures / "kb") +
                         " -o " + q(p) + " 2>&1");
    INFO(r.out);
    REQUIRE(r.status == 0);
    return p;
  }();
  return b;
}

std::string interp_command(const fs::path& out, const std::string& extra = "", const fs::path& b = bundle()) {
  return "'" + kbtest::binary("KBINTERP", KBINTERP_PATH) + "' --bundle " + q(b) + " --genotypes '" + kTsv +
         "' -o " + q(out) + " " + extra;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("kbinterp -o without --force: of two concurrent runs exactly one succeeds", "[interp][writes]") {
  kbtest::TempDir d, side;
  fs::path out = d.path() / "report.txt", ready = side.path() / "ready";
  // A checks that report.txt does not exist, writes its temporary and pauses before the
  // rename; B then writes report.txt; A resumes. A plain existence check would let A
  // replace B's report.
  kbtest::Spawned a(interp_command(out, "--format json"), side.path() / "a.log",
                    {"KB_TEST_PAUSE_WRITE=" + ready.string()});
  REQUIRE(a.wait_for_file(ready));
  auto b = kbtest::run(interp_command(out) + " 2>&1");
  INFO(b.out);
  CHECK(b.status == 0);
  std::string written = kbtest::slurp(out);
  REQUIRE(::kill(a.pid(), SIGUSR1) == 0);
  int st = a.wait();
  std::string a_log = kbtest::slurp(side.path() / "a.log");
  INFO(a_log);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 2);
  CHECK(a_log.find("already exists") != std::string::npos);
  CHECK(kbtest::slurp(out) == written);  // B's text report, not A's JSON
  CHECK(written.rfind("kbinterp report", 0) == 0);
  CHECK(kbtest::entries(d.path()) == std::vector<std::string>{"report.txt"});
}

TEST_CASE("kbinterp reports honour the umask and keep the mode of a file they replace", "[interp][writes]") {
  kbtest::TempDir d;
  auto r = kbtest::run("umask 077 && " + interp_command(d.path() / "private.txt") + " 2>&1");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(mode_of(d.path() / "private.txt") == 0600);
  r = kbtest::run("umask 022 && " + interp_command(d.path() / "shared.txt") + " 2>&1");
  REQUIRE(r.status == 0);
  CHECK(mode_of(d.path() / "shared.txt") == 0644);
  auto kept = d.write("kept.txt", "old report");
  fs::permissions(kept, fs::perms::owner_read | fs::perms::owner_write);
  r = kbtest::run("umask 022 && " + interp_command(kept, "--force") + " 2>&1");
  REQUIRE(r.status == 0);
  CHECK(kbtest::slurp(kept) != "old report");
  CHECK(mode_of(kept) == 0600);
}

TEST_CASE("kbinterp -o interrupted by SIGTERM leaves no temporary and no report", "[interp][writes]") {
  kbtest::TempDir d, side;
  fs::path out = d.path() / "report.txt", ready = side.path() / "ready";
  kbtest::Spawned p(interp_command(out), side.path() / "log", {"KB_TEST_PAUSE_WRITE=" + ready.string()});
  REQUIRE(p.wait_for_file(ready));
  CHECK(fs::exists(d.path() / (".report.txt.tmp" + std::to_string(p.pid()))));
  REQUIRE(::kill(p.pid(), SIGTERM) == 0);
  int st = p.wait();
  INFO(kbtest::slurp(side.path() / "log"));
  REQUIRE(WIFSIGNALED(st));
  CHECK(WTERMSIG(st) == SIGTERM);
  CHECK(kbtest::entries(d.path()).empty());
}

TEST_CASE("kbinterp -o removes stale temporaries of dead processes", "[interp][writes]") {
  kbtest::TempDir d;
  std::string dead = std::to_string(kbtest::dead_pid());
  d.write(".report.txt.tmp" + dead, "stale");
  d.write(".report.txt.tmp" + std::to_string(::getpid()), "a live writer's");
  auto r = kbtest::run(interp_command(d.path() / "report.txt") + " 2>&1");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(kbtest::entries(d.path()) ==
        std::vector<std::string>{".report.txt.tmp" + std::to_string(::getpid()), "report.txt"});
}

TEST_CASE("kbinterp under a file size limit (ulimit -f) exits 2 naming the limit", "[interp][writes]") {
  kbtest::TempDir d;
  auto full = kbtest::run(interp_command(d.path() / "size.html", "--format html") + " 2>&1");
  REQUIRE(full.status == 0);
  REQUIRE(fs::file_size(d.path() / "size.html") > 1024);
  auto r = kbtest::run("bash -c \"ulimit -f 1 && " + interp_command(d.path() / "r.html", "--format html") + "\" 2>&1");
  INFO(r.out);
  CHECK(r.status == 2);  // not 153 (killed by SIGXFSZ)
  CHECK(r.out.find("file size limit of 1024 bytes") != std::string::npos);
  CHECK(kbtest::entries(d.path()) == std::vector<std::string>{"size.html"});
}

TEST_CASE("a bundle header with any one bit changed is refused by kbinterp and kbcheck inspect",
          "[interp][writes][bundle]") {
  std::string good = kbtest::slurp(bundle());
  REQUIRE(good.size() > 128);
  kbtest::TempDir d;
  fs::path bad = d.path() / "bad.kbb", out = d.path() / "r.txt";
  std::mt19937 rng(128);
  int refused_interp = 0, refused_inspect = 0;
  for (std::size_t i = 0; i < 128; ++i) {  // each header byte once, a seeded bit of it
    std::string c = good;
    int bit = static_cast<int>(rng() % 8);
    c[i] = static_cast<char>(c[i] ^ (1 << bit));
    { std::ofstream(bad, std::ios::binary) << c; }
    auto r = kbtest::run(interp_command(out, "", bad) + " 2>&1");
    if (r.status == 2 && r.out.find("cannot use bundle") != std::string::npos && !fs::exists(out))
      ++refused_interp;
    else
      FAIL_CHECK("kbinterp accepted byte " << i << " bit " << bit << ": " << r.out);
    auto s = kbtest::run("'" + kbtest::binary("KBCHECK", KBCHECK_PATH) + "' inspect " + q(bad) + " 2>&1");
    if (s.status == 1) ++refused_inspect;
    else FAIL_CHECK("inspect accepted byte " << i << " bit " << bit << ": " << s.out);
    fs::remove(out);
  }
  CHECK(refused_interp == 128);
  CHECK(refused_inspect == 128);
}

TEST_CASE("1,000 random single-byte changes of a bundle are refused by kbinterp and kbcheck inspect",
          "[interp][writes][bundle]") {
  std::string good = kbtest::slurp(bundle());
  kbtest::TempDir d;
  std::mt19937 rng(1000);
  std::uniform_int_distribution<std::size_t> pos(0, good.size() - 1);
  for (int i = 0; i < 1000; ++i) {
    std::string c = good;
    std::size_t p = pos(rng);
    c[p] = static_cast<char>(c[p] ^ (1 + rng() % 255));
    std::ofstream(d.path() / (std::to_string(i) + ".kbb"), std::ios::binary) << c;
  }
  // One shell loop instead of 2,000 popen calls; prints "N interp-status inspect-status".
  std::string script = "cd " + q(d.path()) + " && i=0; while [ $i -lt 1000 ]; do '" +
                       kbtest::binary("KBINTERP", KBINTERP_PATH) + "' --bundle $i.kbb --genotypes '" + kTsv +
                       "' >/dev/null 2>&1; a=$?; '" + kbtest::binary("KBCHECK", KBCHECK_PATH) +
                       "' inspect $i.kbb >/dev/null 2>&1; echo $i $a $?; i=$((i+1)); done";
  { std::ofstream(d.path() / "run.sh") << script << "\n"; }
  auto r = kbtest::run("sh " + q(d.path() / "run.sh"));
  std::istringstream lines(r.out);
  int n = 0, refused_interp = 0, refused_inspect = 0, a = 0, b = 0, i = 0;
  while (lines >> i >> a >> b) {
    ++n;
    if (a == 2) ++refused_interp;
    else FAIL_CHECK("kbinterp exit " << a << " for change " << i);
    if (b == 1) ++refused_inspect;
    else FAIL_CHECK("inspect exit " << b << " for change " << i);
  }
  CHECK(n == 1000);
  CHECK(refused_interp == 1000);
  CHECK(refused_inspect == 1000);
}
