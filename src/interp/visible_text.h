#pragma once
/// \file
/// Making input printable in kbinterp's reports. kbinterp may not depend on kbcheck's
/// src/support/ (docs/architecture.md: other interpreters copy it), so this is the
/// smallest local equivalent of kb::escape_controls and kb::tsv_safe_cell, with the
/// same rules (docs/output-formats.md, "Control characters").

#include <string>
#include <string_view>

namespace kb::interp {

/// `s` with every control character made visible: LF, CR, tab as `\n`, `\r`, `\t`;
/// other C0 controls, DEL and bytes that are not valid UTF-8 as `\xNN`; C1 controls,
/// U+2028/U+2029 and the bidirectional controls as `\uNNNN`; a leading `::` (after
/// blanks) as `\x3a:` and every `##[` as `\x23#[` (GitHub workflow commands). Nothing
/// else changes.
std::string visible(std::string_view s);

/// Serialised JSON with every `##[` written `\u0023#[`: the same value, but no legacy
/// GitHub workflow command when the report is printed in a CI log.
std::string json_for_logs(std::string json);

/// HTML text or attribute content: visible(s), then `& < > " '` as character references.
std::string html_text(std::string_view s);

/// A TSV cell: visible(s), with a `'` in front when it starts with `=`, `+`, `-` or `@`
/// so that a spreadsheet does not run it as a formula (OWASP "CSV Injection").
std::string tsv_cell(std::string_view s);

}  // namespace kb::interp
