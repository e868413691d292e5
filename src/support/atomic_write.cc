// Atomic writes (temporary + fsync + rename or no-replace link + directory fsync), the
// removal of stale temporaries, and the error text for a failed write.
#include "support/atomic_write.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace kb {
namespace fs = std::filesystem;

namespace {

/// The temporary of one write: created next to the target, registered for removal on
/// SIGINT/SIGTERM/SIGHUP before it exists, removed when this object dies unless
/// release()d (it was renamed into place).
class Temporary {
 public:
  Temporary() = default;
  ~Temporary() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty() && !released_) ::unlink(path_.c_str());
    unregister_cleanup(slot_);
  }
  Temporary(const Temporary&) = delete;
  Temporary& operator=(const Temporary&) = delete;

  /// Creates `.NAME.tmpPID`, or `.NAME.tmpPID.N` when that name is taken (a leftover of
  /// an earlier process that had the same PID). False with errno set on failure.
  bool create(const fs::path& target) {
    fs::path base = temporary_name(target, ::getpid());
    for (int n = 0; n < 100; ++n) {
      fs::path p = n == 0 ? base : fs::path(base.string() + "." + std::to_string(n));
      slot_ = register_cleanup(p);
      fd_ = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ >= 0) {
        path_ = p;
        return true;
      }
      int err = errno;
      unregister_cleanup(slot_);
      slot_ = -1;
      if (err != EEXIST) return errno = err, false;
    }
    return errno = EEXIST, false;
  }
  const fs::path& path() const { return path_; }
  int fd() const { return fd_; }
  /// Closes the descriptor, reporting its error (close can report a delayed write error).
  int close() {
    int r = ::close(fd_);
    fd_ = -1;
    return r;
  }
  void release() { released_ = true; }

 private:
  fs::path path_;
  int slot_ = -1;
  int fd_ = -1;
  bool released_ = false;
};

WriteResult failure(std::string message, int error_number) { return {std::move(message), error_number}; }

WriteResult errno_failure(const std::string& what, const fs::path& p, int error_number) {
  return failure(what + " " + p.string() + ": " + write_error_text(error_number), error_number);
}

volatile sig_atomic_t g_resume = 0;
void on_resume(int) { g_resume = 1; }

/// Moves `tmp` to `path` without replacing an existing file: renameat2(RENAME_NOREPLACE),
/// or link + unlink where the file system does not support it. 0, or an errno.
int move_noreplace(const fs::path& tmp, const fs::path& path) {
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
  if (::link(tmp.c_str(), path.c_str()) != 0) return errno;
  ::unlink(tmp.c_str());
  return 0;
}

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 10) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

/// The PID in `name` when it is exactly `prefix` + PID (+ "." + N), else -1.
long temporary_pid(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return -1;
  std::string_view rest = name.substr(prefix.size());
  std::string_view pid = rest.substr(0, rest.find('.'));
  if (!all_digits(pid)) return -1;
  if (pid.size() < rest.size() && !all_digits(rest.substr(pid.size() + 1))) return -1;
  return std::strtol(std::string(pid).c_str(), nullptr, 10);
}

}  // namespace

void test_pause_point() {
  const char* ready = std::getenv("KB_TEST_PAUSE_WRITE");
  if (!ready || !*ready) return;
  struct sigaction sa {};
  sa.sa_handler = on_resume;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGUSR1, &sa, nullptr);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  ::sigprocmask(SIG_BLOCK, &block, &old);
  int fd = ::open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
  sigset_t wait = old;
  sigdelset(&wait, SIGUSR1);
  while (!g_resume) ::sigsuspend(&wait);
  g_resume = 0;
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
}


fs::path temporary_name(const fs::path& path, long pid) {
  fs::path dir = path.parent_path();
  return dir / ("." + path.filename().string() + ".tmp" + std::to_string(pid));
}

int remove_stale_temporaries(const fs::path& path) {
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::string prefix = "." + path.filename().string() + ".tmp";
  int removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    long pid = temporary_pid(name, prefix);
    if (pid <= 0 || pid == ::getpid()) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid())
      continue;
    // Why ESRCH only: EPERM means the process exists (another user's); keep its file.
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    if (::unlink(it->path().c_str()) == 0) ++removed;
  }
  return removed;
}

std::string write_error_text(int error_number) {
  if (error_number == EFBIG) {
    rlimit lim{};
    std::string limit;
    if (::getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
      limit = " of " + std::to_string(lim.rlim_cur) + " bytes";
    return "the file size limit" + limit +
           " was reached (RLIMIT_FSIZE; bash's `ulimit -f` counts 1024-byte blocks); raise it or "
           "write elsewhere";
  }
  if (error_number == ENOSPC) return "no space left on the device; free space or write elsewhere";
  if (error_number == EDQUOT) return "disk quota exceeded; free space or write elsewhere";
  return std::strerror(error_number);
}

WriteResult write_file(const fs::path& path, std::string_view content, const WriteOptions& options) {
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  struct stat old {};
  bool exists = ::lstat(path.c_str(), &old) == 0;
  // Why: the rename would replace a FIFO, device or symlink by a regular file (as root,
  // /dev/null itself); only regular files are ever replaced.
  if (exists && !S_ISREG(old.st_mode))
    return failure(path.string() + " exists and is not a regular file (a FIFO, device, socket, "
                   "directory or symlink); refusing to replace it", EINVAL);
  if (exists && !options.replace) return failure(path.string() + " already exists", EEXIST);
  if (options.remove_stale) remove_stale_temporaries(path);
  Temporary tmp;
  if (!tmp.create(path)) return errno_failure("cannot create a temporary file in", dir, errno);
  // Keep the permission bits of the file replaced; a new file has 0666 less the umask.
  if (exists && ::fchmod(tmp.fd(), old.st_mode & 0777) != 0)
    return errno_failure("cannot set the mode of", tmp.path(), errno);
  for (std::size_t done = 0; done < content.size();) {
    ssize_t n = ::write(tmp.fd(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return errno_failure("cannot write", path, n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(tmp.fd()) != 0) return errno_failure("cannot write", path, errno);
  if (tmp.close() != 0) return errno_failure("cannot write", path, errno);
  test_pause_point();
  if (options.replace) {
    if (::rename(tmp.path().c_str(), path.c_str()) != 0) return errno_failure("cannot rename to", path, errno);
  } else if (int err = move_noreplace(tmp.path(), path)) {
    if (err == EEXIST) return failure(path.string() + " already exists", EEXIST);
    return errno_failure("cannot create", path, err);
  }
  tmp.release();
  sync_directory(dir);
  return {};
}

std::optional<std::string> write_file_atomic(const fs::path& path, std::string_view content) {
  auto r = write_file(path, content, {.replace = true, .remove_stale = false});
  if (r.ok()) return std::nullopt;
  return r.error;
}

void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace kb
