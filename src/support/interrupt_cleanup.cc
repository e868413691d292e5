// Removal of in-flight temporary files and staging directories when the process is
// interrupted. The handler only makes system calls (unlink, open, getdents64, unlinkat,
// rmdir, close, write, raise) and reads a fixed array of slots through lock-free atomics;
// nothing is allocated in it.
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "support/atomic_write.h"

namespace kb {
namespace {

constexpr int kSlots = 64;
constexpr std::size_t kMaxPath = 4096;

enum SlotState : int { kFree = 0, kFilling = 1, kArmed = 2 };

struct Slot {
  std::atomic<int> state{kFree};
  bool directory = false;  ///< a flat staging directory, not a file (set before kArmed)
  char path[kMaxPath];
};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

Slot g_slots[kSlots];
const char* g_program = "kbcheck";

void put(const char* s) {
  std::size_t n = std::strlen(s);
  while (n > 0) {
    ssize_t w = ::write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w, n -= static_cast<std::size_t>(w);
  }
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
  }
  return "a signal";
}

/// Unlinks every entry of `dir` (files only: a staging directory is flat) through the
/// raw getdents64 system call, which, unlike readdir, allocates nothing.
void empty_flat_directory(int dir) {
  alignas(8) char buf[4096];
  for (;;) {
    long n = ::syscall(SYS_getdents64, dir, buf, sizeof buf);
    if (n <= 0) return;
    for (long at = 0; at < n;) {
      // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
      unsigned short reclen;
      std::memcpy(&reclen, buf + at + 16, sizeof reclen);
      const char* name = buf + at + 19;
      if (std::strcmp(name, ".") != 0 && std::strcmp(name, "..") != 0) ::unlinkat(dir, name, 0);
      at += reclen;
    }
  }
}

/// Removes a flat directory and its files. A file another thread creates meanwhile
/// makes rmdir fail with ENOTEMPTY; a few rounds catch it, and a directory left over
/// after that is removed by the next run (remove_stale_staging in kbinterp).
bool remove_flat_directory(const char* path) {
  for (int round = 0; round < 4; ++round) {
    int dir = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0) return false;
    empty_flat_directory(dir);
    ::close(dir);
    if (::rmdir(path) == 0) return true;
    if (errno != ENOTEMPTY && errno != EEXIST) return false;
  }
  return false;
}

void on_interrupt(int sig) {
  int saved = errno;
  int removed = 0;
  for (Slot& s : g_slots) {
    if (s.state.load(std::memory_order_acquire) != kArmed) continue;
    if (s.directory ? remove_flat_directory(s.path) : ::unlink(s.path) == 0) ++removed;
  }
  put(g_program);
  put(": interrupted by ");
  put(signal_name(sig));
  put(removed ? "; its temporary files were removed, nothing was replaced\n" : "\n");
  errno = saved;
  // SA_RESETHAND restored the default action and SA_NODEFER left the signal unblocked:
  // the process now ends by this signal, and a shell reports 128+n.
  ::raise(sig);
}

}  // namespace

namespace {

int register_slot(const std::filesystem::path& path, bool directory) {
  std::error_code ec;
  std::string full = std::filesystem::absolute(path, ec).string();
  if (ec || full.size() >= kMaxPath) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kFilling, std::memory_order_acquire)) continue;
    std::memcpy(g_slots[i].path, full.c_str(), full.size() + 1);
    g_slots[i].directory = directory;
    g_slots[i].state.store(kArmed, std::memory_order_release);
    return i;
  }
  return -1;
}

}  // namespace

int register_cleanup(const std::filesystem::path& path) { return register_slot(path, false); }

int register_cleanup_directory(const std::filesystem::path& dir) { return register_slot(dir, true); }

void unregister_cleanup(int slot) {
  if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(kFree, std::memory_order_release);
}

void install_interrupt_cleanup(const char* program) {
  g_program = program;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    ::sigaction(sig, &sa, nullptr);
  }
  // Why: the default action of SIGXFSZ kills the process silently at the file size limit;
  // ignored, write(2) fails with EFBIG, which write_file reports with the limit.
  ::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace kb
