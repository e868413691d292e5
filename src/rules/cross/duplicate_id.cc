#include <string>
#include <unordered_map>

#include "rules/cross/run.h"

namespace kb::rules::cross {
namespace {

template <class R>
void check_kind(const KbIndex& idx, const std::vector<R>& records, const char* kind,
                std::vector<Diagnostic>& out) {
  std::unordered_map<std::string_view, std::size_t> first;
  first.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& rec = records[i];
    if (rec.id.empty()) continue;
    auto [it, inserted] = first.emplace(rec.id, i);
    if (inserted) continue;
    const auto& prev = records[it->second];
    auto d = make_diagnostic(Rule::kDuplicateId, idx.where(rec.pos),
                             std::string(kind) + " id '" + rec.id + "' is already defined at " +
                                 idx.where(prev.pos).file + ":" +
                                 std::to_string(prev.pos.mark.line),
                             rec.id);
    d.related.push_back({idx.where(prev.pos), prev.id, "first definition"});
    out.push_back(std::move(d));
  }
}

}  // namespace

// Why: references are by id, so a second record with the same id makes every reference
// to it ambiguous; kbcheck would silently use the first.
void check_duplicate_ids(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& r = idx.records();
  check_kind(idx, r.genes, "gene", out);
  check_kind(idx, r.variants, "variant", out);
  check_kind(idx, r.drugs, "drug", out);
  check_kind(idx, r.phenotypes, "phenotype", out);
  check_kind(idx, r.evidence, "evidence", out);
}

KB_CROSS_RULE(kDuplicateId, kCheap, check_duplicate_ids);

}  // namespace kb::rules::cross
