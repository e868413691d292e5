// Reads source lines for the text format's snippets. Findings arrive sorted by file, so a
// few recently used files are kept, not every file of a large KB.
#include <algorithm>
#include <memory>

#include "report/report.h"
#include "support/files.h"

namespace kb::report {
namespace {

/// Larger files get no snippet rather than a large read; the loader refuses them anyway.
constexpr std::size_t kMaxSourceBytes = 64u << 20;
/// Files kept loaded at once: the finding's file and those its related notes point at.
constexpr std::size_t kCachedFiles = 16;

/// A file's content and where each of its lines starts.
struct CachedFile {
  std::string content;
  std::vector<std::size_t> starts;
};

std::optional<CachedFile> load(const std::string& path) {
  ReadResult r = read_file(path, kMaxSourceBytes);
  if (!r.ok()) return std::nullopt;
  CachedFile f{std::move(r.content), {0}};
  for (std::size_t i = 0; i < f.content.size(); ++i)
    if (f.content[i] == '\n') f.starts.push_back(i + 1);
  return f;
}

std::optional<std::string> nth_line(const CachedFile& f, std::uint32_t line) {
  if (line == 0 || line > f.starts.size()) return std::nullopt;
  std::size_t begin = f.starts[line - 1];
  std::size_t end = line < f.starts.size() ? f.starts[line] - 1 : f.content.size();
  if (begin > end) return std::nullopt;
  std::string text = f.content.substr(begin, end - begin);
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

/// A least-recently-used set of loaded files (a failed load is remembered too).
class FileCache {
 public:
  const std::optional<CachedFile>& get(const std::string& path) {
    ++clock_;
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.path == path; });
    if (it == entries_.end()) {
      if (entries_.size() < kCachedFiles) {
        it = entries_.insert(entries_.end(), Entry{});
      } else {
        it = std::min_element(entries_.begin(), entries_.end(),
                              [](const Entry& a, const Entry& b) { return a.used < b.used; });
      }
      *it = Entry{path, load(path), 0};
    }
    it->used = clock_;
    return it->file;
  }

 private:
  struct Entry {
    std::string path;
    std::optional<CachedFile> file;
    std::uint64_t used = 0;
  };
  std::vector<Entry> entries_;
  std::uint64_t clock_ = 0;
};

}  // namespace

SourceLineFn make_disk_source_reader() {
  auto cache = std::make_shared<FileCache>();
  return [cache](const std::string& file, std::uint32_t line) -> std::optional<std::string> {
    const auto& f = cache->get(file);
    if (!f) return std::nullopt;
    return nth_line(*f, line);
  };
}

}  // namespace kb::report
