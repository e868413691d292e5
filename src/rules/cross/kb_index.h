#pragma once
/// \file
/// Lookup tables every cross-record rule shares: the first record of each id per kind,
/// and the is_a ancestors of each phenotype. Built once per run; views into the KB, so
/// the KB must outlive the index.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "diag/diagnostic.h"
#include "model/records.h"

namespace kb::rules::cross {

/// Id → index of the first record with that id, for one kind.
using IdMap = std::unordered_map<std::string_view, std::uint32_t>;

class KbIndex {
 public:
  explicit KbIndex(const model::KnowledgeBase& kb);

  const model::KnowledgeBase& kb() const { return kb_; }
  const model::RecordSet& records() const { return kb_.records; }
  SourceLocation where(const model::Pos& p) const { return kb_.where(p); }

  const IdMap& genes() const { return genes_; }
  const IdMap& variants() const { return variants_; }
  const IdMap& drugs() const { return drugs_; }
  const IdMap& phenotypes() const { return phenotypes_; }

  /// The variant with `id`, or nullptr.
  const model::Variant* variant(std::string_view id) const;
  /// The drug with `id`, or nullptr.
  const model::Drug* drug(std::string_view id) const;
  /// Index of phenotype `id` in records().phenotypes, or -1.
  std::int64_t phenotype_index(std::string_view id) const;
  /// Ids of the strict is_a ancestors of phenotype `id` (empty for unknown ids).
  const std::vector<std::string_view>& ancestors(std::string_view id) const;
  /// True when `ancestor` is a strict is_a ancestor of `id`.
  bool is_ancestor(std::string_view ancestor, std::string_view id) const;

  /// A value of type T computed once per index by `make()` and shared by every rule
  /// that asks for it (thread-safe: the first caller computes it, others wait).
  template <class T, class Make>
  const T& shared(Make make) const {
    Slot* slot;
    {
      std::lock_guard lock(shared_mutex_);
      auto& s = shared_[std::type_index(typeid(T))];
      if (!s) s = std::make_unique<Slot>();
      slot = s.get();
    }
    std::call_once(slot->once, [&] { slot->value = std::make_shared<T>(make()); });
    return *static_cast<const T*>(slot->value.get());
  }

 private:
  struct Slot {
    std::once_flag once;
    std::shared_ptr<void> value;
  };

  void build_ancestors();

  const model::KnowledgeBase& kb_;
  IdMap genes_, variants_, drugs_, phenotypes_;
  std::vector<std::vector<std::string_view>> ancestors_;  ///< per phenotype index
  mutable std::mutex shared_mutex_;
  mutable std::map<std::type_index, std::unique_ptr<Slot>> shared_;  ///< see shared()
};

/// A "did you mean" suggestion among `ids`, bounded in cost: after `budget` lookups it
/// stops suggesting (a KB full of typos stays fast). Not thread-safe.
class Suggester {
 public:
  explicit Suggester(const IdMap& ids);
  /// " (did you mean 'X'?)" or "".
  std::string suggest(std::string_view word);

 private:
  const IdMap& ids_;
  std::vector<std::string> candidates_;
  bool built_ = false;
  std::size_t budget_ = 256;
};

}  // namespace kb::rules::cross
