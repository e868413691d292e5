// KB0205 invalid-date. Why: the schema checks the YYYY-MM-DD shape, but 2026-02-30 has the
// shape and no day; release tooling sorts and filters by these dates.
#include <chrono>

#include "rules/record_rules.h"

namespace kb::rules {

void check_invalid_date(const RecordContext& ctx) {
  const yaml::Node* cur = ctx.doc.find("curation");
  const yaml::Node* created = (cur && cur->is_map()) ? cur->find("created") : nullptr;
  if (!created || !created->is_scalar() || created->text.size() != 10) return;
  const std::string& s = created->text;
  if (s[4] != '-' || s[7] != '-') return;  // the schema reports the shape
  int y = std::atoi(s.substr(0, 4).c_str());
  unsigned m = static_cast<unsigned>(std::atoi(s.substr(5, 2).c_str()));
  unsigned d = static_cast<unsigned>(std::atoi(s.substr(8, 2).c_str()));
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok())
    ctx.report(Rule::kInvalidDate, *created, "'" + s + "' is not a calendar date; use YYYY-MM-DD");
}

}  // namespace kb::rules
