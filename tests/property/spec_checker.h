#pragma once
// An independent checker of the contradiction family (KB2001/KB2002/KB2003), written
// only from ../shared/spec/record-format.md ("What a contradiction is", "Format 1.1")
// and docs/rules/KB200[123].md. It must stay small enough to be checked by reading.

#include <set>
#include <string>
#include <tuple>

#include "kb_model.h"

namespace kbprop {

/// One cross-record finding: rule id and the two record ids, `a < b`.
struct Finding {
  std::string rule, a, b;
  bool operator<(const Finding& o) const { return std::tie(rule, a, b) < std::tie(o.rule, o.a, o.b); }
  bool operator==(const Finding& o) const { return std::tie(rule, a, b) == std::tie(o.rule, o.a, o.b); }
};

/// What the spec says the pair findings of `kb` are.
std::set<Finding> spec_findings(const Kb& kb);

/// The rule the spec checker gives a group/member disagreement (a "possible contradiction").
inline constexpr const char* kGroupMemberRule = "KB2003";

}  // namespace kbprop
