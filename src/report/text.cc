// Compiler-style text: what editors' problem matchers and people at a terminal expect.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "report/writers.h"
#include "support/text.h"

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

/// Longer source lines (a 50 KB value, a minified record) are shown as a window of this
/// many bytes around the column, with "..." where they are cut, as clang does.
constexpr std::size_t kSnippetBytes = 200;
constexpr std::size_t kSnippetLead = 60;  ///< bytes shown before the column

/// `i` moved back to the start of the UTF-8 character it points into.
std::size_t char_start(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && is_utf8_continuation(s[i])) --i;
  return i;
}

/// The byte offset of 1-based code-point `column` (the end of the line when past it).
std::size_t byte_of_column(std::string_view line, std::uint32_t column) {
  std::size_t i = 0;
  for (std::uint32_t c = 1; c < column && i < line.size(); ++c) i += utf8_char_length(line, i);
  return std::min(i, line.size());
}

/// The source line of `loc` and a caret under its column, when the line can be had.
void write_snippet(const ReportInput& in, const SourceLocation& loc, std::ostream& out) {
  if (!in.source_line || loc.file.empty() || loc.line == 0) return;
  std::optional<std::string> text = in.source_line(loc.file, loc.line);
  if (!text) return;
  std::string_view line = *text;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  std::uint32_t column = loc.column;
  std::string shown(line);
  if (line.size() > kSnippetBytes) {
    std::size_t at = byte_of_column(line, std::max<std::uint32_t>(column, 1));
    std::size_t begin = at > kSnippetLead ? char_start(line, at - kSnippetLead) : 0;
    std::size_t end = char_start(line, std::min(line.size(), begin + kSnippetBytes));
    std::string_view lead = begin > 0 ? "..." : "";
    shown = std::string(lead) + std::string(line.substr(begin, end - begin)) +
            (end < line.size() ? "..." : "");
    std::uint32_t skipped = 0;  // code points cut from the front
    for (std::size_t i = 0; i < begin; i += utf8_char_length(line, i)) ++skipped;
    if (column > 0) column = column - skipped + static_cast<std::uint32_t>(lead.size());
  }
  // Escaped characters take several columns: the caret moves past their escapes.
  std::size_t at = byte_of_column(shown, std::max<std::uint32_t>(column, 1));
  std::string visible = escape_controls(shown, true, at);
  out << visible << '\n';
  if (column == 0) return;
  column = static_cast<std::uint32_t>(count_chars(std::string_view(visible).substr(0, at)) + 1);
  out << caret_indent(visible, column) << paint(in.color, kGreen, "^") << '\n';
}

/// "file:line:col: " in bold, or nothing when the location has no file.
std::string painted_position(bool on, const SourceLocation& loc) {
  std::string pos = position(loc);
  return pos.empty() ? pos : paint(on, kBold, pos + ": ");
}

// Every piece of input (file names, messages, record ids, source lines) goes through
// escape_controls: a value in the KB must not reach the terminal or CI log as an escape
// sequence, nor start a line of its own.
void write_diagnostic(const ReportInput& in, const Diagnostic& d, std::ostream& out) {
  out << painted_position(in.color, d.location)
      << paint(in.color, severity_colour(d.severity),
               std::string(severity_name(d.severity)) + ": ")
      << paint(in.color, kBold, escape_controls(d.message) + " [" + escape_controls(d.rule) + "]")
      << '\n';
  write_snippet(in, d.location, out);
  for (const RelatedNote& n : d.related) {
    out << painted_position(in.color, n.location) << paint(in.color, kCyan, "note: ")
        << (n.record.empty() ? "" : escape_controls(n.record) + ": ") << escape_controls(n.message)
        << '\n';
    write_snippet(in, n.location, out);
  }
}

}  // namespace

void write_text(const ReportInput& in, std::ostream& out) {
  for (const Diagnostic& d : diagnostics_of(in)) write_diagnostic(in, d, out);
  out << summary_line(in.summary) << '\n';
}

}  // namespace kb::report::detail
