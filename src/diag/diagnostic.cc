#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "diag/rules.h"
#include "support/text.h"

namespace kb {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "error";
}

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.location.file, a.location.line, a.location.column, a.rule, a.message) <
         std::tie(b.location.file, b.location.line, b.location.column, b.rule, b.message);
}

Diagnostic make_diagnostic(RuleId rule, SourceLocation where, std::string message,
                           std::string record) {
  Diagnostic d;
  d.rule = std::string(rule.id());
  d.severity = rule.info().severity;
  d.location = std::move(where);
  d.message = std::move(message);
  d.record = std::move(record);
  // Messages quote what the user wrote; a quoted 200 KB value helps no one.
  for (std::string* text : {&d.message, &d.record}) {
    if (text->size() <= kMaxMessageBytes) continue;
    std::size_t cut = kMaxMessageBytes;
    while (cut > 0 && is_utf8_continuation((*text)[cut])) --cut;
    text->resize(cut);
    *text += "... (cut at " + std::to_string(kMaxMessageBytes) + " bytes)";
  }
  return d;
}

}  // namespace kb
