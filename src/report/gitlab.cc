// GitLab Code Quality: the CodeClimate subset GitLab reads from a `codequality` report
// artifact (docs/output-formats.md, "gitlab").
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "report/json_stream.h"
#include "report/writers.h"
#include "support/text.h"

namespace kb::report::detail {
namespace {

using nlohmann::ordered_json;

/// GitLab's scale is info, minor, major, critical, blocker: an error (it fails the gate)
/// is major, a warning minor, an info info.
std::string_view gitlab_severity(Severity s) {
  switch (s) {
    case Severity::kError: return "major";
    case Severity::kWarning: return "minor";
    case Severity::kInfo: return "info";
  }
  return "major";
}

/// FNV-1a, 64 bits, over rule, file, record and message (each followed by 0xFF) and the
/// occurrence number: GitLab shows only the first issue of a fingerprint, so equal
/// findings need distinct ones, and no line number goes in, so a line move keeps it.
std::string fingerprint(const Diagnostic& d, std::size_t occurrence) {
  std::string n = std::to_string(occurrence);
  return fnv1a_hex({d.rule, d.location.file, d.record, d.message, n});
}

ordered_json issue_json(const Diagnostic& d, std::size_t occurrence) {
  ordered_json j;
  j["description"] = d.message;
  j["check_name"] = d.rule;
  j["fingerprint"] = fingerprint(d, occurrence);
  j["severity"] = gitlab_severity(d.severity);
  // A finding about no file in particular is put on the checkout root, as in SARIF.
  std::string path = d.location.file.empty() ? std::string(".") : d.location.file;
  while (path.rfind("./", 0) == 0 && path.size() > 2) path.erase(0, 2);
  j["location"] = {{"path", path},
                   {"lines", {{"begin", d.location.line > 0 ? d.location.line : 1}}}};
  return j;
}

}  // namespace

void write_gitlab(const ReportInput& in, std::ostream& out) {
  const auto& list = diagnostics_of(in);
  std::map<std::string, std::size_t> seen;
  ordered_json doc = kStreamedArray;
  dump_with_streamed_array(
      doc, list.size(),
      [&](std::size_t i) {
        const Diagnostic& d = list[i];
        std::string key = d.rule + '\xFF' + d.location.file + '\xFF' + d.record + '\xFF' + d.message;
        return issue_json(d, ++seen[key]);
      },
      out);
}

}  // namespace kb::report::detail
