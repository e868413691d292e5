// Compiler-style text: what editors' problem matchers and people at a terminal expect.
#include <string>
#include <string_view>

#include "report/writers.h"

namespace kb::report::detail {
namespace {

// ANSI sequences, chosen to look like clang's diagnostics.
constexpr std::string_view kReset = "\033[0m";
constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kRed = "\033[1;31m";
constexpr std::string_view kMagenta = "\033[1;35m";
constexpr std::string_view kCyan = "\033[1;36m";
constexpr std::string_view kGreen = "\033[1;32m";

std::string_view severity_colour(Severity s) {
  switch (s) {
    case Severity::kError: return kRed;
    case Severity::kWarning: return kMagenta;
    case Severity::kInfo: return kCyan;
  }
  return kRed;
}

/// Wraps `text` in `colour` when colours are on.
std::string paint(bool on, std::string_view colour, std::string_view text) {
  if (!on || text.empty()) return std::string(text);
  return std::string(colour) + std::string(text) + std::string(kReset);
}

/// Spaces (and the line's own tabs) up to the 1-based character `column` of `line`, so a
/// caret printed after them sits under that character whatever the tab width. Columns
/// count code points; a column past the end of the line puts the caret just after it.
std::string caret_indent(std::string_view line, std::uint32_t column) {
  std::string indent;
  std::size_t i = 0;
  for (std::uint32_t c = 1; c < column && i < line.size(); ++c) {
    indent += line[i] == '\t' ? '\t' : ' ';
    i += utf8_char_length(line, i);
  }
  return indent;
}

/// The source line of `loc` and a caret under its column, when the line can be had.
void write_snippet(const ReportInput& in, const SourceLocation& loc, std::ostream& out) {
  if (!in.source_line || loc.file.empty() || loc.line == 0) return;
  std::optional<std::string> text = in.source_line(loc.file, loc.line);
  if (!text) return;
  std::string_view line = *text;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  out << line << '\n';
  if (loc.column == 0) return;
  out << caret_indent(line, loc.column) << paint(in.color, kGreen, "^") << '\n';
}

/// "file:line:col: " in bold, or nothing when the location has no file.
std::string painted_position(bool on, const SourceLocation& loc) {
  std::string pos = position(loc);
  return pos.empty() ? pos : paint(on, kBold, pos + ": ");
}

void write_diagnostic(const ReportInput& in, const Diagnostic& d, std::ostream& out) {
  out << painted_position(in.color, d.location)
      << paint(in.color, severity_colour(d.severity),
               std::string(severity_name(d.severity)) + ": ")
      << paint(in.color, kBold, d.message + " [" + d.rule + "]") << '\n';
  write_snippet(in, d.location, out);
  for (const RelatedNote& n : d.related) {
    out << painted_position(in.color, n.location) << paint(in.color, kCyan, "note: ")
        << (n.record.empty() ? "" : n.record + ": ") << n.message << '\n';
    write_snippet(in, n.location, out);
  }
}

}  // namespace

void write_text(const ReportInput& in, std::ostream& out) {
  for (const Diagnostic& d : diagnostics_of(in)) write_diagnostic(in, d, out);
  out << summary_line(in.summary) << '\n';
}

}  // namespace kb::report::detail
