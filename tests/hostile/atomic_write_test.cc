// write_file_atomic: a failed or interrupted write never damages the previous file.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/files.h"
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
    ::_exit(err.has_value() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // the write reported an error
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
