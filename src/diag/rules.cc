#include "diag/rules.h"

#include <algorithm>

namespace kb {

std::span<const RuleInfo> all_rules() { return detail::kRules; }

const RuleInfo* find_rule(std::string_view id) {
  const auto& rules = detail::kRules;
  auto it = std::lower_bound(rules.begin(), rules.end(), id,
                             [](const RuleInfo& r, std::string_view v) { return r.id < v; });
  return (it != rules.end() && it->id == id) ? &*it : nullptr;
}

}  // namespace kb
