#pragma once
/// \file
/// Writes the findings of a run in one of the output formats of the CLI contract
/// (docs/output-formats.md): compiler-style text, JSON, SARIF 2.1.0, JUnit XML and
/// GitHub Actions workflow commands, GitLab Code Quality JSON.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace kb::report {

/// The output formats `--format` accepts.
enum class Format { kText, kJson, kSarif, kJunit, kGithub, kGitlab };

/// The format named `name` ("text", "json", "sarif", "junit", "github", "gitlab"), or
/// nothing.
std::optional<Format> parse_format(std::string_view name);

/// The default base of SARIF helpUri links: the rule pages (docs/rules/) on the project's
/// main branch. `KBCHECK_RULE_DOCS_URL` overrides it at run time (docs/output-formats.md).
inline constexpr std::string_view kDefaultRuleDocsUrl =
    "https://github.com/kbcheck/kbcheck/blob/main/docs/rules/";

/// Counts printed in the summary of every format that has one.
struct Summary {
  std::size_t files = 0, records = 0, errors = 0, warnings = 0, infos = 0;
  /// Findings a `--baseline` suppressed; nothing when no baseline was used (the formats
  /// then write no count at all).
  std::optional<std::size_t> suppressed;
};

/// Gives the text of line `line` (1-based) of `file` (display path), or nothing.
using SourceLineFn =
    std::function<std::optional<std::string>(const std::string& file, std::uint32_t line)>;

/// Everything a writer needs.
struct ReportInput {
  std::string tool_version;                      ///< "0.1.0"
  const std::vector<Diagnostic>* diagnostics = nullptr;  ///< already sorted; null = none
  Summary summary;
  std::vector<std::string> files;  ///< every file checked (display paths), for JUnit
  bool color = false;              ///< ANSI colours for text
  SourceLineFn source_line;        ///< for text: the source line + caret; may be empty
  /// For SARIF: a rule's Markdown help (its docs page), "" for none; may be empty.
  std::function<std::string_view(std::string_view rule)> rule_help;
  /// For SARIF: where the rule pages are published; a rule's helpUri is this + "KB0103.md".
  std::string rule_docs_url = std::string(kDefaultRuleDocsUrl);
};

/// Writes the report for `in` to `out` in `format`. Throws std::runtime_error only when
/// memory runs out (the JUnit writer's libxml2 buffer).
void write_report(Format format, const ReportInput& in, std::ostream& out);

/// A SourceLineFn that reads files from disk on demand, caching them (thread-compatible:
/// one reader per thread, or external locking).
SourceLineFn make_disk_source_reader();

}  // namespace kb::report
