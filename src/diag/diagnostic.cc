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

void DiagnosticSink::report(Diagnostic d) {
  std::lock_guard lock(mutex_);
  items_.push_back(std::move(d));
}

void DiagnosticSink::report_all(std::vector<Diagnostic> ds) {
  if (ds.empty()) return;
  std::lock_guard lock(mutex_);
  for (auto& d : ds) items_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  std::vector<Diagnostic> out;
  {
    std::lock_guard lock(mutex_);
    out = items_;
  }
  std::stable_sort(out.begin(), out.end(), diagnostic_less);
  return out;
}

std::size_t DiagnosticSink::count(Severity s) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [s](const auto& d) { return d.severity == s; }));
}

}  // namespace kb
