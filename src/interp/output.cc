#include "interp/output.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace kb::interp {

std::optional<std::string> write_output(const std::string& path, const std::string& content, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!force && fs::exists(path, ec))
    return path + " already exists; choose another -o file or add --force to replace it";
  if (fs::is_directory(path, ec)) return path + " is a directory; give a file name to -o";
  // Why: the report replaces the target by rename; a device, FIFO or symlink would be
  // replaced by a regular file (as root, /dev/null itself), so they are refused.
  if (auto st = fs::symlink_status(path, ec); !ec && fs::exists(st) && !fs::is_regular_file(st))
    return path + " is not a regular file (a device, FIFO or symlink); give a regular file to -o, "
                  "or -o - for standard output";
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno);
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string err = std::strerror(errno);
      ::close(fd), ::unlink(tmpl.c_str());
      return "cannot write " + path + ": " + err;
    }
    done += static_cast<std::size_t>(n);
  }
  // Why: mkstemp creates 0600; a report is an ordinary file the user may share.
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    return "cannot write " + path + ": " + std::strerror(errno);
  }
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string err = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return "cannot write " + path + ": " + err;
  }
  return std::nullopt;
}

}  // namespace kb::interp
