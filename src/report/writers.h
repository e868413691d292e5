#pragma once
/// \file
/// Internal to the report module: one writer per format, and helpers they share.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"

namespace kb::report::detail {

void write_text(const ReportInput& in, std::ostream& out);
void write_json(const ReportInput& in, std::ostream& out);
void write_sarif(const ReportInput& in, std::ostream& out);
void write_junit(const ReportInput& in, std::ostream& out);
void write_github(const ReportInput& in, std::ostream& out);
void write_gitlab(const ReportInput& in, std::ostream& out);

/// The diagnostics of `in` (an empty list when the pointer is null).
const std::vector<Diagnostic>& diagnostics_of(const ReportInput& in);

/// The registry slug of `rule` ("contradictory-evidence"), or "" for an unknown id.
std::string_view rule_name(std::string_view rule);

/// "1 error" / "2 errors": `count` and `noun`, with an "s" unless count is 1.
std::string plural(std::size_t count, std::string_view noun);

/// "12 files, 40 records: 1 error, 2 warnings, 0 infos", and "; 3 suppressed by the
/// baseline" when a baseline was used.
std::string summary_line(const Summary& s);

/// "file:line:col", "file:line" or "file" as far as the location is known ("" if no file),
/// the file name's control characters made visible (escape_controls).
std::string position(const SourceLocation& loc);

/// `s` with every invalid UTF-8 sequence, and every control character XML 1.0 cannot
/// carry (all below U+0020 but tab, LF and CR), replaced by U+FFFD.
std::string to_clean_utf8(std::string_view s);

/// The one-line text form of a diagnostic, without colour: "file:9:12: error: msg [KB0103]".
/// Like text_note, it is always one line: control characters in the file name, message
/// and record id are made visible (escape_controls).
std::string text_headline(const Diagnostic& d);

/// The one-line text form of a related note: "file:9:12: note: EV0001: msg".
std::string text_note(const RelatedNote& n);

}  // namespace kb::report::detail
