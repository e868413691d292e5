#include <algorithm>
#include <system_error>

#include "pubmed/pubmed.h"

namespace kb::pubmed {

PubmedCache PubmedCache::load(const std::filesystem::path& dir, const ParseOptions& options) {
  namespace fs = std::filesystem;
  PubmedCache cache;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return cache;
  cache.exists_ = true;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".xml") files.push_back(it->path());
  if (ec) cache.errors_.push_back({dir.string(), {{0, 0, "cannot list the directory: " + ec.message()}}});
  std::sort(files.begin(), files.end());
  // Why: the cache is part of the KB, so of a pull request; a link out of it (to a
  // credentials file) is refused unread, as the KB walk refuses links out of the KB.
  fs::path real_dir = fs::canonical(dir, ec);
  for (const auto& f : files) {
    std::error_code fec;
    if (fs::is_symlink(f, fec)) {
      fs::path real = fs::canonical(f, fec);
      auto rel = fec || real_dir.empty() ? fs::path("..") : real.lexically_relative(real_dir);
      if (rel.empty() || *rel.begin() == "..") {
        cache.errors_.push_back({f.string(), {{0, 0, "symlink whose real path is outside the PubMed cache "
                                                     "directory; not read (replace the link with the file)"}}});
        continue;
      }
    }
    ParseResult r = read_pubmed_xml(f, options);
    auto file_index = static_cast<std::uint32_t>(cache.files_.size());
    cache.files_.push_back(f.string());
    if (!r.errors.empty()) cache.errors_.push_back({f.string(), std::move(r.errors)});
    for (auto& a : r.articles) {
      if (cache.by_pmid_.count(a.pmid)) continue;
      cache.by_pmid_.emplace(a.pmid, cache.articles_.size());
      cache.articles_.push_back(std::move(a));
      cache.file_of_article_.push_back(file_index);
    }
  }
  return cache;
}

const PubmedArticle* PubmedCache::find(std::int64_t pmid) const {
  auto it = by_pmid_.find(pmid);
  return it == by_pmid_.end() ? nullptr : &articles_[it->second];
}

const std::string& PubmedCache::file_of(std::int64_t pmid) const {
  static const std::string kNone;
  auto it = by_pmid_.find(pmid);
  return it == by_pmid_.end() ? kNone : files_[file_of_article_[it->second]];
}

}  // namespace kb::pubmed
