// Reads source lines for the text format's snippets, each file once.
#include <map>
#include <memory>

#include "report/report.h"
#include "support/files.h"

namespace kb::report {
namespace {

/// Larger files get no snippet rather than a large read; the loader refuses them anyway.
constexpr std::size_t kMaxSourceBytes = 64u << 20;

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

}  // namespace

SourceLineFn make_disk_source_reader() {
  auto cache = std::make_shared<std::map<std::string, std::optional<CachedFile>>>();
  return [cache](const std::string& file, std::uint32_t line) -> std::optional<std::string> {
    auto it = cache->find(file);
    if (it == cache->end()) it = cache->emplace(file, load(file)).first;
    if (!it->second) return std::nullopt;
    return nth_line(*it->second, line);
  };
}

}  // namespace kb::report
