// KB0203 value-outside-ci. Why: a point estimate outside its own confidence interval is
// always a transcription error (swapped bounds, a value from another row of the table).
#include <cstdlib>

#include "rules/record_rules.h"

namespace kb::rules {
namespace {

bool number_of(const yaml::Node* n, double& v) {
  if (!n || !n->is_scalar()) return false;
  auto t = n->scalar_type();
  if (t != yaml::ScalarType::kInt && t != yaml::ScalarType::kFloat) return false;
  char* end = nullptr;
  v = std::strtod(n->text.c_str(), &end);
  return end == n->text.c_str() + n->text.size();
}

}  // namespace

void check_value_outside_ci(const RecordContext& ctx) {
  const yaml::Node* study = ctx.doc.find("study");
  const yaml::Node* stat = (study && study->is_map()) ? study->find("statistic") : nullptr;
  if (!stat || !stat->is_map()) return;
  const yaml::Node* value = stat->find("value");
  const yaml::Node* ci = stat->find("ci");
  double v, lo, hi;
  if (!ci || !ci->is_seq() || ci->items.size() != 2 || !number_of(value, v) ||
      !number_of(&ci->items[0], lo) || !number_of(&ci->items[1], hi))
    return;
  if (lo > hi) {
    ctx.report(Rule::kValueOutsideCi, *ci,
               "confidence interval [" + ci->items[0].text + ", " + ci->items[1].text +
                   "] has its bounds swapped; write [low, high]");
  } else if (v < lo || v > hi) {
    ctx.report(Rule::kValueOutsideCi, *value,
               "value " + value->text + " lies outside its confidence interval [" +
                   ci->items[0].text + ", " + ci->items[1].text +
                   "]; check both against the source");
  }
}

}  // namespace kb::rules
