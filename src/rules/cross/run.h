#pragma once
/// \file
/// The cross-record pass (KB1001–KB4001): every rule function registered in its own
/// file with KB_CROSS_RULE, run on one shared index. Adding a rule takes its file, its
/// registry row (KB_RULE_TABLE, diag/rules.h), its doc page and its test; nothing here
/// changes (tools/add-rule writes all four).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "diag/rules.h"
#include "model/records.h"
#include "rules/cross/kb_index.h"

namespace kb::rules::cross {

struct CrossCheckOptions {
  std::string pubmed_cache_dir;  ///< dir of PubMed efetch XML files (*.xml); empty = none
  std::size_t max_xml_bytes = 256u << 20;  ///< larger cache files are refused (KB3005)
  unsigned jobs = 1;  ///< threads for independent rules
};

/// Whether a rule is costly: costly rules start first, so on few cores the cheap ones
/// fill in around them.
enum class RuleCost { kCostly, kCheap };

/// A cross-record rule: reads the index (never writes it), appends its findings.
using CrossRuleFn = void (*)(const KbIndex& idx, const CrossCheckOptions& options,
                             std::vector<Diagnostic>& out);

/// One registered rule function. `first_id` is the first rule id it reports; findings
/// are appended in order of it, whatever the thread timing.
struct CrossRule {
  RuleId first_id;
  RuleCost cost;
  CrossRuleFn run;
};

/// Adds a rule to the pass (from KB_CROSS_RULE, at static initialisation); returns true.
bool register_cross_rule(const CrossRule& rule);

/// Every registered rule, ordered by first_id.
std::span<const CrossRule> cross_rules();

/// Runs every cross-record rule on a loaded KB, appending findings in rule-id order.
void run_cross_record_rules(const model::KnowledgeBase& kb, const CrossCheckOptions& options,
                            std::vector<Diagnostic>& out);

}  // namespace kb::rules::cross

/// Registers `fn` (a CrossRuleFn) as a cross-record rule whose first rule is `first`
/// (a Rule constant) and whose cost is kCostly or kCheap:
///   KB_CROSS_RULE(kOrphan, kCheap, check_orphans);
/// Place it in the rule's own file, at namespace scope inside kb::rules::cross. The
/// library is linked whole (src/rules/cross/CMakeLists.txt), so the registration is kept.
#define KB_CROSS_RULE(first, cost, fn)                                                   \
  [[maybe_unused]] static const bool kb_cross_rule_registered_##fn =                     \
      ::kb::rules::cross::register_cross_rule({::kb::Rule::first, ::kb::rules::cross::RuleCost::cost, fn})
