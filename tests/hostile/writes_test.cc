// kbcheck bundle's write path, end to end (issue #10, items 4 and 6): special files are
// never replaced, an interrupted write leaves no temporary and the previous bundle,
// stale temporaries of dead processes are removed, and a file size limit is an error.
#include <sys/stat.h>
#include <sys/types.h>

#include <catch2/catch.hpp>

#include "spawn_support.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path kMiniKb = fs::path(KB_SOURCE_DIR) / "tests/bundle/fixtures/mini-kb";

std::string kbcheck_path() { return kbtest::binary("KBCHECK", "kbcheck"); }

std::string bundle_command(const fs::path& out, const std::string& extra = "") {
  return "'" + kbcheck_path() + "' bundle '" + kMiniKb.string() + "' -o '" + out.string() + "' " + extra;
}

}  // namespace

TEST_CASE("bundle -o FIFO --force is refused and the FIFO left as it is", "[writes]") {
  kbtest::TempDir d;
  fs::path fifo = d.path() / "out.kbb";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto r = kbtest::run(bundle_command(fifo, "--force") + " 2>&1");
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find("not a regular file") != std::string::npos);
  CHECK(fs::is_fifo(fs::symlink_status(fifo)));
  CHECK(kbtest::entries(d.path()) == std::vector<std::string>{"out.kbb"});
}

TEST_CASE("bundle -o SYMLINK --force is refused, the link and its target are unchanged", "[writes]") {
  kbtest::TempDir d;
  auto target = d.write("real.kbb", "not a bundle");
  fs::create_symlink(target, d.path() / "link.kbb");
  auto r = kbtest::run(bundle_command(d.path() / "link.kbb", "--force") + " 2>&1");
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find("not a regular file") != std::string::npos);
  CHECK(fs::is_symlink(d.path() / "link.kbb"));
  CHECK(kbtest::slurp(target) == "not a bundle");
}

TEST_CASE("SIGTERM, SIGINT, SIGHUP during a bundle write: no temporary, previous bundle kept", "[writes]") {
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
    INFO("signal " << sig);
    kbtest::TempDir d, side;
    auto out = d.write("x.kbb", "previous bundle");
    fs::path ready = side.path() / "ready";
    kbtest::Spawned p(bundle_command(out, "--force"), side.path() / "log",
                      {"KB_TEST_PAUSE_WRITE=" + ready.string()});
    REQUIRE(p.wait_for_file(ready));  // paused with the temporary complete, before the rename
    CHECK(fs::exists(d.path() / (".x.kbb.tmp" + std::to_string(p.pid()))));
    REQUIRE(::kill(p.pid(), sig) == 0);
    int st = p.wait();
    INFO(kbtest::slurp(side.path() / "log"));
    REQUIRE(WIFSIGNALED(st));  // ends by the same signal: a shell reports 128+n
    CHECK(WTERMSIG(st) == sig);
    CHECK(kbtest::entries(d.path()) == std::vector<std::string>{"x.kbb"});
    CHECK(kbtest::slurp(out) == "previous bundle");
    CHECK(kbtest::slurp(side.path() / "log").find("interrupted by SIG") != std::string::npos);
  }
}

TEST_CASE("a bundle run removes stale temporaries of dead processes, and only those", "[writes]") {
  kbtest::TempDir d;
  std::string dead = std::to_string(kbtest::dead_pid());
  std::string alive = std::to_string(::getpid());
  for (const std::string& name : {".x.kbb.tmp" + dead, ".x.kbb.tmp" + dead + ".2"}) d.write(name, "stale");
  const std::vector<std::string> kept = {".x.kbb.tmp" + alive, ".x.kbb.tmp" + dead + "x",
                                         ".x.kbb.tmp-" + dead, ".y.kbb.tmp" + dead, "x.kbb.tmp" + dead};
  for (const auto& name : kept) d.write(name, "keep");
  fs::create_directory(d.path() / (".x.kbb.tmp" + dead + "9"));  // not a regular file
  auto r = kbtest::run(bundle_command(d.path() / "x.kbb") + " 2>&1");
  INFO(r.out);
  REQUIRE(r.status == 0);
  auto left = kbtest::entries(d.path());
  std::vector<std::string> want = kept;
  want.push_back("x.kbb");
  want.push_back(".x.kbb.tmp" + dead + "9");
  std::sort(want.begin(), want.end());
  CHECK(left == want);
}

TEST_CASE("bundle under a file size limit (ulimit -f) exits 2 naming the limit", "[writes]") {
  kbtest::TempDir d;
  auto full = kbtest::run(bundle_command(d.path() / "size.kbb") + " 2>&1");
  REQUIRE(full.status == 0);
  REQUIRE(fs::file_size(d.path() / "size.kbb") > 1024);  // bigger than the limit below
  auto out = d.write("x.kbb", "previous file");
  // bash counts `ulimit -f` in 1024-byte blocks (dash in 512): 1 is 1024 bytes.
  auto r = kbtest::run("bash -c \"ulimit -f 1 && " + bundle_command(out, "--force") + "\" 2>&1");
  INFO(r.out);
  CHECK(r.status == 2);  // not 153 (killed by SIGXFSZ)
  CHECK(r.out.find("file size limit of 1024 bytes") != std::string::npos);
  CHECK(kbtest::slurp(out) == "previous file");
  CHECK(kbtest::entries(d.path()) == std::vector<std::string>{"size.kbb", "x.kbb"});
}

TEST_CASE("kbimport under a file size limit (ulimit -f) exits 2 naming the limit", "[writes]") {
  kbtest::TempDir d;
  std::string tsv =
      "Annotation ID\tVariant\tGene\tChemical\tLiterature Id\tPhenotype Category\tSignificance\tNotes\t"
      "Sentence\tStudyParameters\tAlleles\tChromosome\n";
  for (int i = 1; i < 60; ++i)  // an import-report.tsv well over 1024 bytes
    tsv += std::to_string(i) + "\trs" + std::to_string(i) +
           "\tGENE1 (PA1)\twarfarin (PA1)\t123\tdosage\tyes\t\tAllele A is associated with decreased "
           "dose of warfarin as compared to allele G.\t1\tA\tchr1\n";
  auto in = d.write("in.tsv", tsv);
  std::string cmd = "'" + kbtest::binary("KBIMPORT", KBIMPORT_PATH) + "' pharmgkb '" + in.string() + "' -o '" +
                    (d.path() / "kb").string() + "'";
  auto r = kbtest::run("bash -c \"ulimit -f 1 && " + cmd + "\" 2>&1");
  INFO(r.out);
  CHECK(r.status == 2);  // not 153 (killed by SIGXFSZ, leaving its staging directory)
  CHECK(r.out.find("file size limit of 1024 bytes") != std::string::npos);
  CHECK(kbtest::entries(d.path()) == std::vector<std::string>{"in.tsv"});
}

TEST_CASE("graph -o removes stale temporaries of dead processes", "[writes]") {
  kbtest::TempDir d;
  std::string stale = ".g.dot.tmp" + std::to_string(kbtest::dead_pid());
  d.write(stale, "stale");
  auto r = kbtest::run("'" + kbcheck_path() + "' graph '" + kMiniKb.string() + "' -o '" +
                       (d.path() / "g.dot").string() + "' 2>&1");
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(kbtest::entries(d.path()) == std::vector<std::string>{"g.dot"});
}
