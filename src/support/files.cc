#include "support/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
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
  auto too_large = [&](std::uintmax_t size, bool at_least) {
    r.too_large = true;
    r.error = "file is " + std::string(at_least ? "more than " : "") + std::to_string(size) +
              " bytes, over the limit of " + std::to_string(max_bytes) +
              " (raise it with --max-file-size)";
  };
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    too_large(static_cast<std::uintmax_t>(st.st_size), false);
    ::close(fd);
    return r;
  }
  // Read to the end of the file, not to the size fstat gave: a file can report 0 bytes
  // and still have content (procfs, some FUSE file systems) or fail when read (EIO), and
  // a 0-byte file must be read once to tell "empty" from "unreadable".
  r.content.resize(static_cast<std::size_t>(st.st_size) + 1);
  std::size_t done = 0;
  while (true) {
    if (done == r.content.size()) {
      if (done > max_bytes) break;
      std::size_t cap = max_bytes < SIZE_MAX ? max_bytes + 1 : max_bytes;  // one byte over tells
      r.content.resize(std::min<std::size_t>(std::max<std::size_t>(done * 2, 4096), cap));
      if (r.content.size() == done) break;
    }
    ssize_t n = ::read(fd, r.content.data() + done, r.content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.error = std::string("read failed: ") + std::strerror(errno);
      break;
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (r.ok() && done > max_bytes) {
    too_large(max_bytes, true);
    r.content.clear();
    return r;
  }
  r.content.resize(done);
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

/// Whether canonical path `p` is `root` or below it.
bool is_within(const fs::path& p, const fs::path& root) {
  auto r = std::mismatch(root.begin(), root.end(), p.begin(), p.end()).first;
  return r == root.end() || (std::next(r) == root.end() && r->empty());  // "root/" ends in ""
}

/// What a walk carries: the KB root's real path (nothing outside it is read), the
/// directories visited, and what it found.
struct Walk {
  fs::path root;
  std::set<fs::path> seen;
  std::vector<FoundFile>& out;
  std::vector<WalkProblem>& problems;
};

constexpr const char* kOutsideKb =
    " whose real path is outside the KB root; not read (a KB in a pull request could point "
    "it at a secret); replace the link with the file itself, or link only inside the KB";

void walk(Walk& w, const fs::path& dir, const std::string& display, int depth) {
  auto& problems = w.problems;
  std::error_code ec;
  auto canon = fs::canonical(dir, ec);
  if (ec) {
    problems.push_back({display, "cannot resolve directory: " + ec.message()});
    return;
  }
  // Why: in CI the KB is untrusted; a directory link to /etc must not be walked.
  if (!is_within(canon, w.root)) {
    problems.push_back({display, std::string("symlink to a directory") + kOutsideKb});
    return;
  }
  auto& seen = w.seen;
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
      walk(w, e.path(), shown, depth + 1);
    } else if (is_yaml_name(name)) {
      if (e.is_symlink(sec)) {
        if (!e.exists(sec)) {
          problems.push_back({shown, "broken symlink"});
          continue;
        }
        auto target = fs::canonical(e.path(), sec);
        if (sec) {
          problems.push_back({shown, "cannot resolve symlink: " + sec.message()});
          continue;
        }
        if (!is_within(target, w.root)) {
          problems.push_back({shown, std::string("symlink to a file") + kOutsideKb});
          continue;
        }
      }
      std::uintmax_t size = e.file_size(sec);
      w.out.push_back({shown, e.path(), sec ? 0 : size});
    }
  }
}

}  // namespace

bool is_inside_real(const fs::path& path, const fs::path& root) {
  std::error_code ec, rec;
  auto real = fs::canonical(path, ec);
  auto real_root = fs::canonical(root, rec);
  return !ec && !rec && is_within(real, real_root);
}

std::vector<FoundFile> find_yaml_files(const fs::path& root, const std::string& display_root,
                                       std::vector<WalkProblem>& problems) {
  std::vector<FoundFile> out;
  std::error_code ec;
  Walk w{fs::canonical(root, ec), {}, out, problems};
  if (ec) {
    problems.push_back({display_root, "cannot resolve directory: " + ec.message()});
    return out;
  }
  walk(w, root, display_root, 0);
  return out;
}

}  // namespace kb
