// KB2004 qualifier-separated. Why: a context qualifier (format 1.1) makes two records'
// contexts disjoint, so a finding they would give is not reported; a mistyped or
// overused qualifier could hide a real contradiction, so what qualifiers hide stays
// countable: one info finding per (variant, drug) with the number of pairs kept apart.
#include <string>

#include "rules/cross/contradictions.h"
#include "rules/cross/run.h"

namespace kb::rules::cross {

void check_qualifier_separated(const KbIndex& idx, const CrossCheckOptions& /*options*/,
                               std::vector<Diagnostic>& out) {
  const auto& ev = idx.records().evidence;
  for (const auto& s : conflict_scan(idx).separated) {
    const auto& b = ev[s.later];
    const auto& a = ev[s.earlier];
    std::string more = s.pairs > 1 ? " (" + std::to_string(s.pairs) + " such pairs for " + s.subject +
                                         " and " + s.drug + ")"
                                   : "";
    auto d = make_diagnostic(Rule::kQualifierSeparated, idx.where(b.direction.pos),
                             b.id + " and " + a.id + " would conflict about " + s.subject + " on " + s.drug +
                                 ", but their contexts differ in the qualifier " + s.key +
                                 ", so they are not reported" + more,
                             b.id);
    d.related.push_back({idx.where(a.direction.pos), a.id, "the record it is kept apart from"});
    out.push_back(std::move(d));
  }
}

// Cheap: it reuses the contradiction rule's scan (conflict_scan), so it runs after the
// costly rules, when the scan is usually done.
KB_CROSS_RULE(kQualifierSeparated, kCheap, check_qualifier_separated);

}  // namespace kb::rules::cross
