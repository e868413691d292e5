// KB1009 qualifier-value. Why: qualifiers make contexts disjoint when their values
// differ, so "post-menopausal" against "postmenopausal" would silently hide a real
// contradiction; the recommended keys have fixed vocabularies (docs/record-format.md).
#include <array>
#include <regex>
#include <string>
#include <string_view>

#include "rules/cross/run.h"
#include "support/text.h"

namespace kb::rules::cross {
namespace {

struct RecommendedKey {
  std::string_view key;
  std::array<std::string_view, 3> values;
};

constexpr std::array<RecommendedKey, 3> kRecommended{{
    {"menopausal-status", {"premenopausal", "perimenopausal", "postmenopausal"}},
    {"disease-stage", {"early", "locally-advanced", "metastatic"}},
    {"age-group", {"pediatric", "adult", "older-adult"}},
}};

std::string did_you_mean(const RecommendedKey& k, std::string_view value) {
  std::string_view best;
  std::size_t best_d = 4;  // suggest only close values
  for (auto v : k.values)
    if (auto d = edit_distance(value, v, 3); d < best_d) best = v, best_d = d;
  return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
}

std::string value_list(const RecommendedKey& k) {
  std::string out;
  for (auto v : k.values) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

}  // namespace

void check_qualifier_values(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  static const std::regex kKey("^[a-z][a-z0-9-]*$");
  for (const auto& e : idx.records().evidence)
    for (const auto& [key, value] : e.context.qualifiers) {
      // Why here, not in the schema: a propertyNames pattern would make the schema's
      // long-value guard treat every field as patterned.
      if (key.size() > 64 || !std::regex_match(key, kKey))
        out.push_back(make_diagnostic(Rule::kQualifierValue, idx.where(value.pos),
                                      "qualifier key '" + key.substr(0, 64) +
                                          "' is not a lower-case kebab-case word (^[a-z][a-z0-9-]*$); "
                                          "other tools will not recognise it",
                                      e.id));
      for (const auto& k : kRecommended) {
        if (k.key != key) continue;
        bool known = false;
        for (auto v : k.values) known = known || v == value.value;
        if (known) break;
        out.push_back(make_diagnostic(Rule::kQualifierValue, idx.where(value.pos),
                                      "qualifier " + key + ": '" + value.value + "' is not one of " +
                                          value_list(k) + did_you_mean(k, value.value),
                                      e.id));
      }
    }
}

KB_CROSS_RULE(kQualifierValue, kCheap, check_qualifier_values);

}  // namespace kb::rules::cross
