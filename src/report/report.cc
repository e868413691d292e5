#include "report/report.h"

#include <array>
#include <utility>

#include "diag/rules.h"
#include "report/writers.h"
#include "support/text.h"

namespace kb::report {

std::optional<Format> parse_format(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Format>, 6> kNames = {{
      {"text", Format::kText},
      {"json", Format::kJson},
      {"sarif", Format::kSarif},
      {"junit", Format::kJunit},
      {"github", Format::kGithub},
      {"gitlab", Format::kGitlab},
  }};
  for (const auto& [n, f] : kNames)
    if (n == name) return f;
  return std::nullopt;
}

void write_report(Format format, const ReportInput& in, std::ostream& out) {
  switch (format) {
    case Format::kText: detail::write_text(in, out); return;
    case Format::kJson: detail::write_json(in, out); return;
    case Format::kSarif: detail::write_sarif(in, out); return;
    case Format::kJunit: detail::write_junit(in, out); return;
    case Format::kGithub: detail::write_github(in, out); return;
    case Format::kGitlab: detail::write_gitlab(in, out); return;
  }
}

namespace detail {

const std::vector<Diagnostic>& diagnostics_of(const ReportInput& in) {
  static const std::vector<Diagnostic> kNone;
  return in.diagnostics ? *in.diagnostics : kNone;
}

std::string_view rule_name(std::string_view rule) {
  const RuleInfo* info = find_rule(rule);
  return info ? info->name : std::string_view{};
}

std::string plural(std::size_t count, std::string_view noun) {
  std::string s = std::to_string(count) + " " + std::string(noun);
  if (count != 1) s += 's';
  return s;
}

std::string summary_line(const Summary& s) {
  return plural(s.files, "file") + ", " + plural(s.records, "record") + ": " +
         plural(s.errors, "error") + ", " + plural(s.warnings, "warning") + ", " +
         plural(s.infos, "info") +
         (s.suppressed ? "; " + std::to_string(*s.suppressed) + " suppressed by the baseline" : "");
}

std::string position(const SourceLocation& loc) {
  std::string s = escape_controls(loc.file);
  if (s.empty()) return s;
  if (loc.line > 0) {
    s += ':' + std::to_string(loc.line);
    if (loc.column > 0) s += ':' + std::to_string(loc.column);
  }
  return s;
}

std::string to_clean_utf8(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = utf8_char_length(s, i);
    bool valid = c < 0x80 ? c >= 0x20 || c == '\t' || c == '\n' || c == '\r' : len > 1;
    // U+FFFE and U+FFFF are not XML characters either.
    if (len == 3 && s.substr(i, 2) == "\xEF\xBF" && static_cast<unsigned char>(s[i + 2]) >= 0xBE)
      valid = false;
    if (valid) out.append(s.substr(i, len));
    else out.append(kReplacement);
    i += len;
  }
  return out;
}

std::string text_headline(const Diagnostic& d) {
  std::string pos = position(d.location);
  return (pos.empty() ? "" : pos + ": ") + std::string(severity_name(d.severity)) + ": " +
         escape_controls(d.message) + " [" + escape_controls(d.rule) + "]";
}

std::string text_note(const RelatedNote& n) {
  std::string pos = position(n.location);
  return (pos.empty() ? "" : pos + ": ") + "note: " +
         (n.record.empty() ? "" : escape_controls(n.record) + ": ") + escape_controls(n.message);
}

}  // namespace detail
}  // namespace kb::report
