#include <string>

#include "rules/cross/run.h"

namespace kb::rules::cross {
namespace {
constexpr std::int64_t kFormat = 1;  ///< the record-format major this kbcheck reads
constexpr std::int64_t kMinor = 1;   ///< and the newest minor of it
}

// Why: the manifest carries the KB's id, version and format into bundles; without
// exactly one, a bundle has no identity, and a newer format may mean fields this
// kbcheck would misread.
void check_manifest(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& m = idx.records().manifests;
  if (m.empty()) {
    out.push_back(make_diagnostic(
        Rule::kManifest, SourceLocation{idx.kb().root, 0, 0},
        "the knowledge base has no 'kind: knowledge-base' manifest (add kb.yaml with id, name, "
        "version and format: 1)"));
    return;
  }
  for (std::size_t i = 1; i < m.size(); ++i) {
    auto d = make_diagnostic(Rule::kManifest, idx.where(m[i].pos),
                             "a second knowledge-base manifest ('" + m[i].id +
                                 "'); a KB has exactly one",
                             m[i].id);
    d.related.push_back({idx.where(m[0].pos), m[0].id, "the first manifest"});
    out.push_back(std::move(d));
  }
  // format 0 means missing or not an integer: the schema reports that.
  if (m[0].format > kFormat || (m[0].format == kFormat && m[0].format_minor > kMinor))
    out.push_back(make_diagnostic(
        Rule::kManifest, idx.where(m[0].pos),
        "this knowledge base uses record format " + std::to_string(m[0].format) + "." +
            std::to_string(m[0].format_minor) +
            ", newer than format 1.1 which this kbcheck understands; upgrade kbcheck",
        m[0].id));
  else if (m[0].format < 0)
    out.push_back(make_diagnostic(Rule::kManifest, idx.where(m[0].pos),
                                  "format must be 1, not " + std::to_string(m[0].format), m[0].id));
}

KB_CROSS_RULE(kManifest, kCheap, check_manifest);

}  // namespace kb::rules::cross
