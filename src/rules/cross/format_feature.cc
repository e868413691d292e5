// KB1010 format-feature. Why: a KB's manifest says which record format it is written
// in; a 1.1 feature in a KB declaring 1.0 is read by older tools that would misread or
// drop it, so the manifest must say "1.1".
#include <string>

#include "model/features.h"
#include "rules/cross/run.h"

namespace kb::rules::cross {

void check_format_features(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& m = idx.records().manifests;
  // No manifest, or a format that is missing or not understood: KB1003 and the schema.
  if (m.empty() || m[0].format != 1 || m[0].format_minor != 0) return;
  for (const auto& use : model::format11_features(idx.records())) {
    auto d = make_diagnostic(Rule::kFormatFeature, idx.where(use.pos),
                             use.kind + " " + use.record + " uses " + use.feature +
                                 ", a format 1.1 feature, but the manifest says format 1.0; set "
                                 "'format: \"1.1\"' in the manifest",
                             use.record);
    d.related.push_back({idx.where(m[0].format_pos), m[0].id, "the manifest's format"});
    out.push_back(std::move(d));
  }
}

KB_CROSS_RULE(kFormatFeature, kCheap, check_format_features);

}  // namespace kb::rules::cross
