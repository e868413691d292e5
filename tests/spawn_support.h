#pragma once
// Running a built binary in the background, to interrupt it or race it at a known point
// (the KB_TEST_PAUSE_WRITE hook of support/atomic_write.cc; see docs/testing.md).

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace kbtest {

/// A shell command started in the background; its output goes to a log file.
class Spawned {
 public:
  /// Runs `sh -c "exec COMMAND"` with `env` (NAME=VALUE) added, stdout and stderr to
  /// `log`. SIGINT, SIGTERM and SIGHUP start at their default action whatever the test
  /// runner set, so the program installs its own handlers.
  Spawned(const std::string& command, const std::filesystem::path& log,
          const std::vector<std::string>& env = {}) {
    pid_ = ::fork();
    if (pid_ != 0) return;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGUSR1}) ::signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (const auto& e : env) ::putenv(::strdup(e.c_str()));
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 1), ::dup2(fd, 2);
    std::string full = "exec " + command;
    ::execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ~Spawned() {
    if (pid_ > 0 && !done_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;

  pid_t pid() const { return pid_; }

  /// Waits (up to 60 s) until `file` exists; false if the process ended first.
  bool wait_for_file(const std::filesystem::path& file) {
    for (int i = 0; i < 6000; ++i) {
      std::error_code ec;
      if (std::filesystem::exists(file, ec)) return true;
      if (!done_ && ::waitpid(pid_, &raw_, WNOHANG) == pid_) done_ = true;
      if (done_) return std::filesystem::exists(file, ec);
      ::usleep(10000);
    }
    return false;
  }

  /// Waits for the end; returns the raw wait status (WIFSIGNALED, WTERMSIG...).
  int wait() {
    if (!done_) {
      while (::waitpid(pid_, &raw_, 0) < 0 && errno == EINTR) {
      }
      done_ = true;
    }
    return raw_;
  }

 private:
  pid_t pid_ = -1;
  bool done_ = false;
  int raw_ = 0;
};

/// A PID that belonged to a process which has ended (a child, reaped).
inline pid_t dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

/// Names of the entries of `dir`, sorted.
inline std::vector<std::string> entries(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kbtest
