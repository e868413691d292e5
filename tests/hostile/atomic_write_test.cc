// write_file_atomic: a failed or interrupted write never damages the previous file.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/files.h"
#include "spawn_support.h"
#include "test_support.h"

namespace fs = std::filesystem;

TEST_CASE("atomic write replaces the file and leaves no temporary", "[atomic]") {
  kbtest::TempDir d;
  auto p = d.write("out.kbb", "old");
  REQUIRE_FALSE(kb::write_file_atomic(p, "new content").has_value());
  CHECK(kbtest::slurp(p) == "new content");
  int files = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(d.path())) ++files;
  CHECK(files == 1);
}

TEST_CASE("a full disk (RLIMIT_FSIZE) leaves the previous file intact", "[atomic]") {
  kbtest::TempDir d;
  auto p = d.write("out.kbb", "previous bundle");
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);  // get EFBIG from write() instead of a signal
    rlimit lim{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    auto err = kb::write_file_atomic(p, std::string(1 << 20, 'x'));
    ::_exit(err && err->find("file size limit of 4096 bytes") != std::string::npos ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // the write reported the limit
  CHECK(kbtest::slurp(p) == "previous bundle");
  int files = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(d.path())) ++files;
  CHECK(files == 1);  // the temporary was removed
}

TEST_CASE("a writer killed midway leaves the previous file intact", "[atomic]") {
  kbtest::TempDir d;
  auto p = d.write("out.kbb", "previous bundle");
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(ready[0]);
    ::write(ready[1], "x", 1);
    for (;;) kb::write_file_atomic(p, std::string(64 << 20, 'y'));  // until killed
  }
  ::close(ready[1]);
  char c;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  ::usleep(50000);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  std::string now = kbtest::slurp(p);
  // Either the old file or a complete new one: never a partial file.
  CHECK((now == "previous bundle" || now == std::string(64 << 20, 'y')));
}

TEST_CASE("atomic write into a missing directory fails cleanly", "[atomic]") {
  kbtest::TempDir d;
  auto err = kb::write_file_atomic(d.path() / "no" / "dir" / "x", "data");
  REQUIRE(err.has_value());
  CHECK(err->find("cannot create") != std::string::npos);
}

TEST_CASE("write_file without replace refuses an existing file and keeps it", "[atomic]") {
  kbtest::TempDir d;
  auto p = d.write("r.txt", "first");
  auto r = kb::write_file(p, "second", {.replace = false});
  CHECK(r.error_number == EEXIST);
  CHECK(r.error.find("already exists") != std::string::npos);
  CHECK(kbtest::slurp(p) == "first");
  REQUIRE(kb::write_file(d.path() / "new.txt", "x", {.replace = false}).ok());
  CHECK(kbtest::entries(d.path()) == std::vector<std::string>{"new.txt", "r.txt"});
}

TEST_CASE("write_file never replaces a FIFO or a symlink", "[atomic]") {
  kbtest::TempDir d;
  auto fifo = d.path() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto r = kb::write_file(fifo, "x");
  CHECK(r.error.find("not a regular file") != std::string::npos);
  CHECK(fs::is_fifo(fs::symlink_status(fifo)));
  auto target = d.write("target", "kept");
  fs::create_symlink(target, d.path() / "link");
  CHECK_FALSE(kb::write_file(d.path() / "link", "x").ok());
  CHECK(kbtest::slurp(target) == "kept");
  CHECK(fs::is_symlink(d.path() / "link"));
}

TEST_CASE("remove_stale_temporaries removes exactly the dead writers' files", "[atomic]") {
  kbtest::TempDir d;
  auto dead = std::to_string(kbtest::dead_pid());
  auto alive = std::to_string(::getppid());
  for (const auto& n : {".a.kbb.tmp" + dead, ".a.kbb.tmp" + dead + ".7"}) d.write(n, "");
  std::vector<std::string> kept = {".a.kbb.tmp" + alive, ".a.kbb.tmp" + dead + ".x", ".a.kbb.tmp",
                                   ".a.kbb.tmp" + dead + "0000000000", ".ab.kbb.tmp" + dead, "a.kbb"};
  for (const auto& n : kept) d.write(n, "");
  CHECK(kb::remove_stale_temporaries(d.path() / "a.kbb") == 2);
  std::sort(kept.begin(), kept.end());
  CHECK(kbtest::entries(d.path()) == kept);
  CHECK(kb::temporary_name(d.path() / "a.kbb", 42) == d.path() / ".a.kbb.tmp42");
}

TEST_CASE("an interrupt removes registered temporaries and ends by the signal", "[atomic]") {
  kbtest::TempDir d;
  auto file = d.write("tmp-in-flight", "partial");
  auto other = d.write("unregistered", "kept");
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::signal(SIGTERM, SIG_DFL);
    kb::install_interrupt_cleanup("test");
    int done = kb::register_cleanup(d.path() / "gone-before");
    kb::unregister_cleanup(done);
    kb::register_cleanup(file);
    ::raise(SIGTERM);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK_FALSE(fs::exists(file));
  CHECK(fs::exists(other));
}

TEST_CASE("a signal ignored at start stays ignored, SIGXFSZ is ignored", "[atomic]") {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::signal(SIGHUP, SIG_IGN);  // as nohup does
    kb::install_interrupt_cleanup("test");
    ::raise(SIGHUP);
    ::raise(SIGXFSZ);
    ::_exit(7);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 7);
}
