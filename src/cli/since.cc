#include "cli/since.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kb::cli {
namespace {

namespace fs = std::filesystem;

/// What a finished child process said.
struct ProcessOutput {
  int status = -1;  ///< exit status; 127 when it could not be started
  std::string out, err;
};

/// Reads `fds` (stdout, stderr of a child) until both are closed.
void drain(int out_fd, int err_fd, ProcessOutput& r) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open = 2;
  char buf[8192];
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0)
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open;
      }
    }
  }
}

/// Runs `argv` (argv[0] looked up on PATH) with stdin from /dev/null, capturing its
/// output. No shell is involved.
ProcessOutput run_process(const std::vector<std::string>& argv) {
  ProcessOutput r;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return r;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return r;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    ::execvp(args[0], args.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid > 0) drain(out_pipe[0], err_pipe[0], r);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  if (pid < 0) return r;
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  return r;
}

/// `git -C DIR` with options that keep a repository's own configuration from running
/// programs (fsmonitor hooks, external diff and textconv drivers) or from being found in
/// a bare repository planted in the KB, then `args`.
ProcessOutput run_git(const fs::path& dir, std::vector<std::string> args) {
  std::vector<std::string> argv{"git",
                                "-c",
                                "core.fsmonitor=false",
                                "-c",
                                "safe.bareRepository=explicit",
                                "-c",
                                "core.quotePath=false",
                                "-C",
                                dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

/// git's first stderr line, for an error message.
std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  if (line.size() > 300) line.resize(300);
  return line;
}

/// Splits NUL-separated output (git's -z) into its entries.
std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\0') {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  if (start < s.size()) out.push_back(s.substr(start));
  return out;
}

/// The repository's top level for `kb_root`, or an error message.
std::string find_top(const fs::path& kb_root, fs::path& top) {
  ProcessOutput r = run_git(kb_root, {"rev-parse", "--show-toplevel"});
  if (r.status == 127 && r.err.empty())
    return "--since needs git, which could not be run (install git or put it on PATH)";
  if (r.status != 0)
    return "--since needs the KB in a git working tree, and " + kb_root.string() +
           " is not in one (" + first_line(r.err) + "); run kbcheck in a checkout, or drop --since";
  std::string path = r.out.substr(0, r.out.find('\n'));
  top = path;
  return {};
}

/// The commit `ref` names, or an error message.
std::string resolve_ref(const fs::path& top, const std::string& ref, std::string& commit) {
  ProcessOutput r =
      run_git(top, {"rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"});
  if (r.status != 0 || r.out.empty())
    return "--since " + ref + ": no such commit in the repository at " + top.string() +
           " (fetch it first, e.g. `git fetch origin main` or actions/checkout with "
           "fetch-depth: 0, or name an existing branch, tag or commit)";
  commit = r.out.substr(0, r.out.find('\n'));
  return {};
}

}  // namespace

std::string comparable_path(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec).lexically_normal();
  if (ec) return p.string();
  fs::path parent = fs::weakly_canonical(abs.parent_path(), ec);
  if (ec) parent = abs.parent_path();
  return (parent / abs.filename()).string();
}

void ChangedFiles::add(const fs::path& top, const std::string& relative) {
  paths_.insert(comparable_path(top / relative));
  seen_.clear();
}

std::string ChangedFiles::load(const fs::path& kb_root, const std::string& ref) {
  fs::path top;
  if (std::string e = find_top(kb_root, top); !e.empty()) return e;
  std::string commit;
  if (std::string e = resolve_ref(top, ref, commit); !e.empty()) return e;
  // Committed, staged and unstaged changes against REF; --no-renames lists a renamed
  // file under its new name (and its old one), whatever diff.renames says.
  ProcessOutput diff = run_git(top, {"diff", "--name-only", "-z", "--no-renames", "--no-ext-diff",
                                     "--no-textconv", commit, "--"});
  if (diff.status != 0) return "--since " + ref + ": git diff failed: " + first_line(diff.err);
  ProcessOutput untracked = run_git(top, {"ls-files", "-z", "--others", "--exclude-standard"});
  if (untracked.status != 0)
    return "--since " + ref + ": git ls-files failed: " + first_line(untracked.err);
  for (const auto& rel : split_nul(diff.out)) add(top, rel);
  for (const auto& rel : split_nul(untracked.out)) add(top, rel);
  return {};
}

bool ChangedFiles::contains(const std::string& display) const {
  if (display.empty()) return false;
  auto it = seen_.find(display);
  if (it != seen_.end()) return it->second;
  bool in = paths_.contains(comparable_path(display));
  seen_.emplace(display, in);
  return in;
}

bool ChangedFiles::touches(const Diagnostic& d) const {
  if (contains(d.location.file)) return true;
  for (const auto& n : d.related)
    if (contains(n.location.file)) return true;
  return false;
}

}  // namespace kb::cli
