// GitHub Actions workflow commands: each finding becomes an annotation on the file and
// line in the pull request. No summary line: the runner would print it as plain log
// text, and the annotations and the exit status already say everything.
#include "report/writers.h"
#include "support/text.h"

namespace kb::report::detail {
namespace {

std::string_view command_for(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "notice";
  }
  return "error";
}

/// Escapes the message part of a command, as the runner unescapes it. The runner's own
/// escaping covers only %, CR and LF, so control characters are first made visible
/// (escape_controls): no ESC reaches the log, and no value starts a line of its own.
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : escape_controls(s)) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

/// Escapes a property value: as data, plus ':' and ',' which delimit properties.
std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

/// The message with each related note appended as " (see FILE:LINE: [RECORD: ]MESSAGE)".
std::string message_with_notes(const Diagnostic& d) {
  std::string msg = d.message;
  for (const RelatedNote& n : d.related) {
    SourceLocation at{n.location.file, n.location.line, 0};
    std::string pos = position(at);
    msg += " (see " + (pos.empty() ? "" : pos + ": ") + (n.record.empty() ? "" : n.record + ": ") +
           n.message + ")";
  }
  return msg;
}

void write_command(const Diagnostic& d, std::ostream& out) {
  std::string props;
  auto add = [&props](std::string_view key, const std::string& value) {
    props += (props.empty() ? " " : ",") + std::string(key) + "=" + escape_property(value);
  };
  const SourceLocation& loc = d.location;
  if (!loc.file.empty()) {
    add("file", loc.file);
    if (loc.line > 0) add("line", std::to_string(loc.line));
    if (loc.line > 0 && loc.column > 0) add("col", std::to_string(loc.column));
  }
  std::string_view name = rule_name(d.rule);
  add("title", d.rule + (name.empty() ? "" : " " + std::string(name)));
  out << "::" << command_for(d.severity) << props << "::" << escape_data(message_with_notes(d))
      << '\n';
}

}  // namespace

void write_github(const ReportInput& in, std::ostream& out) {
  for (const Diagnostic& d : diagnostics_of(in)) write_command(d, out);
  if (in.summary.suppressed)  // a notice on the run, not on a file: the log shows the count
    out << "::notice title=kbcheck baseline::" << plural(*in.summary.suppressed, "finding")
        << " suppressed by the baseline\n";
}

}  // namespace kb::report::detail
