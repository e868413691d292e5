#include "rules/cross/kb_index.h"

#include <algorithm>

#include "support/text.h"

namespace kb::rules::cross {
namespace {

template <class R>
void index_ids(const std::vector<R>& records, IdMap& out) {
  out.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i)
    if (!records[i].id.empty()) out.emplace(records[i].id, static_cast<std::uint32_t>(i));
}

}  // namespace

KbIndex::KbIndex(const model::KnowledgeBase& kb) : kb_(kb) {
  index_ids(kb.records.genes, genes_);
  index_ids(kb.records.variants, variants_);
  index_ids(kb.records.drugs, drugs_);
  index_ids(kb.records.phenotypes, phenotypes_);
  build_ancestors();
}

const model::Drug* KbIndex::drug(std::string_view id) const {
  auto it = drugs_.find(id);
  return it == drugs_.end() ? nullptr : &kb_.records.drugs[it->second];
}

const model::Variant* KbIndex::variant(std::string_view id) const {
  auto it = variants_.find(id);
  return it == variants_.end() ? nullptr : &kb_.records.variants[it->second];
}

std::int64_t KbIndex::phenotype_index(std::string_view id) const {
  auto it = phenotypes_.find(id);
  return it == phenotypes_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

// Ancestors by a breadth-first walk per phenotype; `seen` makes cycles (KB1004's
// business) harmless here.
void KbIndex::build_ancestors() {
  const auto& ph = kb_.records.phenotypes;
  ancestors_.resize(ph.size());
  std::vector<std::uint32_t> seen(ph.size(), UINT32_MAX);
  std::vector<std::uint32_t> queue;
  for (std::uint32_t i = 0; i < ph.size(); ++i) {
    if (ph[i].is_a.empty() || phenotype_index(ph[i].id) != i) continue;
    queue.assign(1, i);
    seen[i] = i;
    for (std::size_t q = 0; q < queue.size(); ++q)
      for (const auto& parent : ph[queue[q]].is_a) {
        auto p = phenotype_index(parent.id);
        if (p < 0 || seen[p] == i) continue;
        seen[p] = i;
        queue.push_back(static_cast<std::uint32_t>(p));
        ancestors_[i].push_back(ph[p].id);
      }
  }
}

const std::vector<std::string_view>& KbIndex::ancestors(std::string_view id) const {
  static const std::vector<std::string_view> kNone;
  auto i = phenotype_index(id);
  return i < 0 ? kNone : ancestors_[i];
}

bool KbIndex::is_ancestor(std::string_view ancestor, std::string_view id) const {
  const auto& a = ancestors(id);
  return std::find(a.begin(), a.end(), ancestor) != a.end();
}

Suggester::Suggester(const IdMap& ids) : ids_(ids) {}

std::string Suggester::suggest(std::string_view word) {
  if (budget_ == 0) return {};
  --budget_;
  if (!built_) {
    candidates_.reserve(ids_.size());
    for (const auto& [id, index] : ids_) candidates_.emplace_back(id);
    std::sort(candidates_.begin(), candidates_.end());  // deterministic ties
    built_ = true;
  }
  auto m = closest_match(word, candidates_);
  return m ? " (did you mean '" + *m + "'?)" : std::string();
}

}  // namespace kb::rules::cross
