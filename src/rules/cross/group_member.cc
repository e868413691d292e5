// KB1008 group-member. Why: a drug group's evidence applies to each member (format
// 1.1); a member that is unknown never receives it, a member that is a group would need
// a second level the format does not have, and a group that lists itself makes its
// records disagree with themselves.
#include <string>

#include "rules/cross/run.h"

namespace kb::rules::cross {

void check_group_members(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  Suggester suggester(idx.drugs());
  for (const auto& d : idx.records().drugs)
    for (const auto& m : d.members) {
      if (m.id.empty()) continue;
      std::string why;
      if (m.id == d.id) {
        why = "a drug cannot be its own member";
      } else if (const model::Drug* member = idx.drug(m.id); !member) {
        why = "'" + m.id + "' is not the id of any drug record" + suggester.suggest(m.id);
      } else if (!member->members.empty()) {
        why = "'" + m.id + "' is itself a drug group; members must be single drugs (list its members instead)";
      } else {
        continue;
      }
      out.push_back(make_diagnostic(Rule::kGroupMember, idx.where(m.pos),
                                    "drug group " + d.id + ": member " + m.id + ": " + why, d.id));
    }
}

KB_CROSS_RULE(kGroupMember, kCheap, check_group_members);

}  // namespace kb::rules::cross
