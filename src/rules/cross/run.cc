// The cross-record pass: the registered rules, on up to `jobs` threads.
#include "rules/cross/run.h"

#include <algorithm>
#include <iterator>

#include "support/parallel.h"

namespace kb::rules::cross {
namespace {

/// The registered rules (a function-local static: registration runs during static
/// initialisation of the rule files, in any order).
std::vector<CrossRule>& registry() {
  static std::vector<CrossRule> rules;
  return rules;
}

}  // namespace

bool register_cross_rule(const CrossRule& rule) {
  auto& rules = registry();
  auto at = std::upper_bound(rules.begin(), rules.end(), rule.first_id.id(),
                             [](std::string_view id, const CrossRule& r) { return id < r.first_id.id(); });
  rules.insert(at, rule);
  return true;
}

std::span<const CrossRule> cross_rules() { return registry(); }

void run_cross_record_rules(const model::KnowledgeBase& kb, const CrossCheckOptions& options,
                            std::vector<Diagnostic>& out) {
  const KbIndex idx(kb);
  auto rules = cross_rules();
  // Costly rules start first; each writes its own list, appended in rule-id order.
  std::vector<std::size_t> order(rules.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_partition(order.begin(), order.end(),
                        [&](std::size_t i) { return rules[i].cost == RuleCost::kCostly; });
  std::vector<std::vector<Diagnostic>> found(rules.size());
  parallel_for(order.size(), options.jobs, [&](std::size_t k, unsigned) {
    std::size_t i = order[k];
    rules[i].run(idx, options, found[i]);
  });
  for (auto& f : found) std::move(f.begin(), f.end(), std::back_inserter(out));
}

}  // namespace kb::rules::cross
