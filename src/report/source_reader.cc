// Reads source lines for the text format's snippets. Files stay loaded up to a byte
// budget, least recently used out first: a KB's files usually all fit, and a huge KB
// does not keep all of its YAML in memory for the report.
#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <memory>

#include "report/report.h"
#include "support/files.h"

namespace kb::report {
namespace {

/// Larger files get no snippet rather than a large read; the loader refuses them anyway.
constexpr std::size_t kMaxSourceBytes = 64u << 20;
/// Bytes of source kept loaded. A budget in files would re-read the same files over and
/// over when related notes cycle through more of them than it holds.
constexpr std::size_t kCacheBytes = 256u << 20;

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
    auto it = entries_.find(path);
    if (it == entries_.end()) {
      evict_for(std::filesystem::file_size(path, ignored_));
      it = entries_.emplace(path, Entry{load(path), 0}).first;
      if (it->second.file) bytes_ += it->second.file->content.size();
    }
    it->second.used = clock_;
    return it->second.file;
  }

 private:
  struct Entry {
    std::optional<CachedFile> file;
    std::uint64_t used = 0;
  };
  /// Drops least recently used files until `incoming` more bytes fit the budget.
  void evict_for(std::uintmax_t incoming) {
    if (incoming == static_cast<std::uintmax_t>(-1)) incoming = 0;  // size unknown
    while (!entries_.empty() && bytes_ + incoming > kCacheBytes) {
      auto lru = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
        return a.second.used < b.second.used;
      });
      if (lru->second.file) bytes_ -= lru->second.file->content.size();
      entries_.erase(lru);
    }
  }
  // Node-based: a reference handed out stays valid while other files are inserted.
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
  std::uint64_t clock_ = 0;
  std::error_code ignored_;
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
