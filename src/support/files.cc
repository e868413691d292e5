#include "support/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <system_error>

namespace kb {
namespace fs = std::filesystem;

ReadResult read_file(const fs::path& path, std::size_t max_bytes) {
  ReadResult r;
  // O_NONBLOCK: a FIFO named *.yaml must not hang the run waiting for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    r.error = std::string("cannot open: ") + std::strerror(errno);
    return r;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    r.error = "not a regular file (a device, FIFO or socket?); remove it from the KB";
    ::close(fd);
    return r;
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    r.too_large = true;
    r.error = "file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
              std::to_string(max_bytes) + " (raise it with --max-file-size)";
    ::close(fd);
    return r;
  }
  r.content.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < r.content.size()) {
    ssize_t n = ::read(fd, r.content.data() + done, r.content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.error = std::string("read failed: ") + std::strerror(errno);
      break;
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  r.content.resize(done);
  ::close(fd);
  return r;
}

std::string display_join(const std::string& root, const fs::path& rel) {
  if (rel.empty() || rel == ".") return root;
  if (root.empty() || root == ".") return rel.generic_string();
  if (root.back() == '/') return root + rel.generic_string();
  return root + "/" + rel.generic_string();
}

namespace {

bool is_yaml_name(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

void walk(const fs::path& dir, const std::string& display, std::set<fs::path>& seen,
          std::vector<FoundFile>& out, std::vector<WalkProblem>& problems, int depth) {
  std::error_code ec;
  auto canon = fs::canonical(dir, ec);
  if (ec) {
    problems.push_back({display, "cannot resolve directory: " + ec.message()});
    return;
  }
  if (!seen.insert(canon).second) {
    problems.push_back({display, "symlink loop: this directory was already visited; skipped"});
    return;
  }
  if (depth > 64) {
    problems.push_back({display, "directory nesting deeper than 64 levels; skipped"});
    return;
  }
  std::vector<fs::directory_entry> entries;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    problems.push_back({display, "cannot read directory: " + ec.message()});
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      problems.push_back({display, "cannot read directory: " + ec.message()});
      break;
    }
    entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  for (const auto& e : entries) {
    auto name = e.path().filename();
    auto shown = display_join(display, name);
    if (name.string().starts_with(".")) continue;
    std::error_code sec;
    if (e.is_directory(sec)) {
      if (name == "citations" && depth == 0) continue;
      walk(e.path(), shown, seen, out, problems, depth + 1);
    } else if (is_yaml_name(name)) {
      if (e.is_symlink(sec) && !e.exists(sec)) {
        problems.push_back({shown, "broken symlink"});
        continue;
      }
      std::uintmax_t size = e.file_size(sec);
      out.push_back({shown, e.path(), sec ? 0 : size});
    }
  }
}

}  // namespace

std::vector<FoundFile> find_yaml_files(const fs::path& root, const std::string& display_root,
                                       std::vector<WalkProblem>& problems) {
  std::vector<FoundFile> out;
  std::set<fs::path> seen;
  walk(root, display_root, seen, out, problems, 0);
  return out;
}

}  // namespace kb
