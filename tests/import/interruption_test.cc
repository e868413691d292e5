// kbimport interrupted: an I/O error or kill -9 while the user's files join the new tree,
// a kill between the two directory renames, SIGINT/SIGTERM/SIGHUP, a failed allocation.
// Faults are injected with KBIMPORT_TEST_FAULT (src/import/test_hooks.h), so each case
// stops at a known point; the next run must finish or undo what was left, and say so.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <map>
#include <set>

#include "import/kb_writer.h"
#include "import/pharmgkb.h"
#include "test_support.h"

extern char** environ;
namespace fs = std::filesystem;

namespace {

const std::string kHeader =
    "Annotation ID\tVariant\tGene\tChemical\tLiterature Id\tPhenotype Category\tSignificance\tNotes\t"
    "Sentence\tStudyParameters\tAlleles\tChromosome\n";

std::string row(const std::string& id, const std::string& rsid, const std::string& gene) {
  return id + "\t" + rsid + "\t" + gene + " (PA1)\twarfarin (PA1)\t123\tdosage\tyes\t\t"
         "Allele A is associated with decreased dose of warfarin as compared to allele G.\t1\tA\tchr1\n";
}

/// A TSV whose evidence lands in evidence/<gene>/ for each gene given.
std::string tsv_for(const std::vector<std::string>& genes) {
  std::string out = kHeader;
  int n = 100;
  for (const auto& g : genes) {
    ++n;
    out += row(std::to_string(n), "rs" + std::to_string(n), g);
  }
  return out;
}

/// Names in `dir` other than `keep`.
std::set<std::string> others(const fs::path& dir, const std::set<std::string>& keep) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (!keep.count(e.path().filename().string())) out.insert(e.path().filename().string());
  return out;
}

/// Runs kbimport on `tsv` into `out` with `fault` in KBIMPORT_TEST_FAULT (none when empty).
kbtest::RunResult import(const fs::path& tsv, const fs::path& out, const std::string& fault,
                         const std::string& flags = "--force") {
  std::string env = fault.empty() ? "" : "KBIMPORT_TEST_FAULT='" + fault + "' ";
  return kbtest::run(env + "'" + std::string(KBIMPORT_PATH) + "' pharmgkb '" + tsv.string() + "' -o '" + out.string() +
                     "' -q " + flags + " 2>&1");
}

/// A previous import of genes OLD and KEEP in `dir`/kb, with a file and a directory of the user's.
struct Setup {
  kbtest::TempDir tmp;
  fs::path out = tmp.path() / "kb";
  fs::path old_tsv = tmp.write("old.tsv", tsv_for({"OLD", "KEEP"}));
  fs::path new_tsv = tmp.write("new.tsv", tsv_for({"NEW", "KEEP"}));
  std::set<std::string> inputs{"kb", "old.tsv", "new.tsv"};
  Setup() {
    auto first = import(old_tsv, out, "", "");
    INFO(first.out);
    REQUIRE(first.status == 0);
    tmp.write("kb/notes.txt", "mine\n");
    tmp.write("kb/evidence/KEEP/my-review.md", "my review\n");
    fs::create_directories(out / "scratch");
  }
};

}  // namespace

TEST_CASE("kbimport: an I/O error while the user's files join the new tree leaves DIR as it was",
          "[import][interrupt]") {
  Setup s;
  auto before = kbtest::snapshot(s.out);
  auto r = import(s.new_tsv, s.out, "fail@link");
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find("injected failure") != std::string::npos);
  CHECK(kbtest::snapshot(s.out) == before);  // not half old, half new
  CHECK(others(s.tmp.path(), s.inputs).empty());
}

TEST_CASE("kbimport: kill -9 while the user's files join the new tree is cleaned up by the next run",
          "[import][interrupt]") {
  Setup s;
  auto before = kbtest::snapshot(s.out);
  auto killed = import(s.new_tsv, s.out, "kill@link");
  CHECK(killed.status == 128 + SIGKILL);
  CHECK(kbtest::snapshot(s.out) == before);
  auto left = others(s.tmp.path(), s.inputs);
  REQUIRE(left.size() == 1);
  CHECK(left.begin()->starts_with("kb.kbimport-tmp-"));

  auto next = import(s.new_tsv, s.out, "");
  INFO(next.out);
  CHECK(next.status == 0);
  CHECK(next.out.find("removed " + (s.tmp.path() / *left.begin()).string() +
                      ", the staging directory of an interrupted import") != std::string::npos);
  CHECK(others(s.tmp.path(), s.inputs).empty());
  CHECK(fs::exists(s.out / "evidence/NEW"));
  CHECK_FALSE(fs::exists(s.out / "evidence/OLD"));
  CHECK(kbtest::slurp(s.out / "notes.txt") == "mine\n");
  CHECK(kbtest::slurp(s.out / "evidence/KEEP/my-review.md") == "my review\n");
  CHECK(fs::is_directory(s.out / "scratch"));
}

TEST_CASE("kbimport: a kill between the two renames is finished by the next run", "[import][interrupt]") {
  Setup s;
  auto killed = import(s.new_tsv, s.out, "kill@swap");
  CHECK(killed.status == 128 + SIGKILL);
  REQUIRE_FALSE(fs::exists(s.out));  // moved aside, the new tree not yet in place
  auto left = others(s.tmp.path(), s.inputs);
  REQUIRE(left.size() == 2);

  SECTION("the new tree is complete: the next run puts it in place") {
    // Without --force the run itself then stops (DIR is not empty), after the recovery.
    auto next = import(s.old_tsv, s.out, "", "");
    INFO(next.out);
    CHECK(next.out.find("killed between its two renames; finished it") != std::string::npos);
    CHECK(next.status == 2);
    CHECK(fs::exists(s.out / "evidence/NEW"));
    CHECK_FALSE(fs::exists(s.out / "evidence/OLD"));
    CHECK(kbtest::slurp(s.out / "notes.txt") == "mine\n");
    CHECK(kbtest::slurp(s.out / "evidence/KEEP/my-review.md") == "my review\n");
  }
  SECTION("the new tree is incomplete: the next run restores the previous import") {
    for (const auto& name : left)
      if (name.starts_with("kb.kbimport-tmp-")) fs::remove(s.tmp.path() / name / ".kbimport-files");
    auto next = import(s.new_tsv, s.out, "");
    INFO(next.out);
    CHECK(next.out.find("undid it: the previous import is back") != std::string::npos);
    CHECK(next.status == 0);  // and then imports
    CHECK(fs::exists(s.out / "evidence/NEW"));
    CHECK(kbtest::slurp(s.out / "notes.txt") == "mine\n");
  }
  CHECK(others(s.tmp.path(), s.inputs).empty());
}

TEST_CASE("kbimport: a kill after the renames leaves the previous import for the next run to remove",
          "[import][interrupt]") {
  Setup s;
  auto killed = import(s.new_tsv, s.out, "kill@cleanup");
  CHECK(killed.status == 128 + SIGKILL);
  CHECK(fs::exists(s.out / "evidence/NEW"));
  REQUIRE(others(s.tmp.path(), s.inputs).size() == 1);
  auto next = import(s.new_tsv, s.out, "");
  INFO(next.out);
  CHECK(next.status == 0);
  CHECK(next.out.find("killed after its renames; finished it: removed the previous import") != std::string::npos);
  CHECK(others(s.tmp.path(), s.inputs).empty());
}

TEST_CASE("kbimport --force refuses a user's file where the import writes", "[import][interrupt]") {
  Setup s;
  fs::remove(s.out / ".kbimport-files");  // nothing is known to be the import's any more
  auto before = kbtest::snapshot(s.out);
  auto r = import(s.new_tsv, s.out, "");
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find("is not a file of a previous import") != std::string::npos);
  CHECK(kbtest::snapshot(s.out) == before);
  CHECK(others(s.tmp.path(), s.inputs).empty());
}

namespace {

/// Starts kbimport with KBIMPORT_TEST_FAULT=stop@staged and waits until it has stopped at
/// its first staged file; its pid, or -1 when it did not stop there (it is reaped then).
pid_t start_stopped_at_staging(const fs::path& tsv, const fs::path& out, const fs::path& log) {
  std::string bin = KBIMPORT_PATH;
  std::vector<std::string> args{bin, "pharmgkb", tsv.string(), "-o", out.string(), "-q", "--force"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_store{"KBIMPORT_TEST_FAULT=stop@staged"};
  for (char** e = environ; *e; ++e)
    if (!std::string_view(*e).starts_with("KBIMPORT_TEST_FAULT=")) env_store.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int st = 0;
  waitpid(pid, &st, WUNTRACED);
  return WIFSTOPPED(st) ? pid : -1;
}

/// Sends `sig` to the stopped `pid`, continues it, and returns its exit status (128 +
/// signal when a signal ended it).
int signal_and_wait(pid_t pid, int sig) {
  kill(pid, sig);
  kill(pid, SIGCONT);
  int st = 0;
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -3;
}

/// Starts kbimport stopped at its first staged file, sends `sig`, and returns its exit status;
/// -1 when it never stopped there.
int signal_at_staging(const fs::path& tsv, const fs::path& out, const fs::path& log, int sig) {
  pid_t pid = start_stopped_at_staging(tsv, out, log);
  return pid < 0 ? -1 : signal_and_wait(pid, sig);
}

}  // namespace

TEST_CASE("kbimport: SIGINT, SIGTERM and SIGHUP remove the staging directory and exit 128+n",
          "[import][interrupt]") {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    Setup s;
    auto before = kbtest::snapshot(s.out);
    fs::path log = s.tmp.path() / "log";
    s.inputs.insert("log");
    int status = signal_at_staging(s.new_tsv, s.out, log, sig);
    INFO("signal " << sig << ": " << kbtest::slurp(log));
    CHECK(status == 128 + sig);
    CHECK(kbtest::slurp(log).find("interrupted") != std::string::npos);
    CHECK(others(s.tmp.path(), s.inputs).empty());  // no staging directory left
    CHECK(kbtest::snapshot(s.out) == before);
  }
}

TEST_CASE("kbimport: a failed allocation is a clear error, exit 2, nothing written", "[import][interrupt]") {
  kbtest::TempDir tmp;
  fs::path tsv = tmp.write("in.tsv", tsv_for({"G1", "G2"}));
  auto r = import(tsv, tmp.path() / "kb", "nomem@convert", "");
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find("kbimport: out of memory importing " + tsv.string()) != std::string::npos);
  CHECK(r.out.find("internal error") == std::string::npos);
  CHECK(others(tmp.path(), {"in.tsv"}).empty());
}

TEST_CASE("kbimport: the streamed import writes the same files as the in-memory rendering",
          "[import][interrupt]") {
  kbtest::TempDir tmp;
  std::string text = tsv_for({"G1", "G2", "G1", "G3"}) + "\n" + row("7", "rs7", "G2") + "bad\trow\n";
  fs::path tsv = tmp.write("in.tsv", text);
  auto r = import(tsv, tmp.path() / "kb", "", "--per-file 1");
  INFO(r.out);
  REQUIRE(r.status == 0);
  kb::import::ImportOptions o;
  o.records_per_file = 1;
  auto expected = kb::import::render_kb(kb::import::convert_pharmgkb(text, o), o);
  auto got = kbtest::snapshot(tmp.path() / "kb");
  for (const auto& [rel, content] : expected) CHECK(got[rel] == content);
  std::size_t files = 0;
  for (const auto& [rel, content] : got) files += content != "<dir>" && rel != ".kbimport-files";
  CHECK(files == expected.size());
}

TEST_CASE("kbimport: a run leaves alone the staging directory of a run in progress", "[import][interrupt]") {
  Setup s;
  fs::path log = s.tmp.path() / "log";
  s.inputs.insert("log");
  pid_t running = start_stopped_at_staging(s.new_tsv, s.out, log);
  REQUIRE(running > 0);
  auto staging = others(s.tmp.path(), s.inputs);
  CHECK(staging.size() == 1);
  auto other = import(s.old_tsv, s.out, "");  // recovery must not take the running run's directory
  INFO(other.out);
  CHECK(other.status == 0);
  CHECK(other.out.find("removed") == std::string::npos);
  CHECK(others(s.tmp.path(), s.inputs) == staging);
  CHECK(signal_and_wait(running, SIGKILL) == 128 + SIGKILL);
  auto next = import(s.old_tsv, s.out, "");  // now it is stale
  INFO(next.out);
  CHECK(next.out.find("the staging directory of an interrupted import") != std::string::npos);
  CHECK(others(s.tmp.path(), s.inputs).empty());
}

