// An LD_PRELOAD library for fault injection: read(2) fails with EIO on every file whose
// path ends in $KB_FAULT_READ (e.g. "/eio.yaml"), as a failing disk or a network file
// system would. The hostile tests use it on a 0-byte file, which a reader that trusts
// fstat's size never reads at all.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool is_target(int fd) {
  const char* suffix = std::getenv("KB_FAULT_READ");
  if (!suffix || !*suffix) return false;
  char link[64], path[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t len = ::readlink(link, path, sizeof path - 1);
  if (len <= 0) return false;
  std::size_t n = static_cast<std::size_t>(len), k = std::strlen(suffix);
  return n >= k && std::memcmp(path + n - k, suffix, k) == 0;
}

using ReadFn = ssize_t (*)(int, void*, std::size_t);

}  // namespace

extern "C" ssize_t read(int fd, void* buf, std::size_t count) {
  static ReadFn real = reinterpret_cast<ReadFn>(::dlsym(RTLD_NEXT, "read"));
  if (is_target(fd)) {
    errno = EIO;
    return -1;
  }
  return real(fd, buf, count);
}
