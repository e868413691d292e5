#pragma once
/// \file
/// Small text utilities shared by modules: UTF-8 checks, edit distance, normalisation.

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

/// A transparent hash for string-keyed unordered maps, so that a lookup by
/// std::string_view allocates nothing: `std::unordered_map<std::string, T,
/// StringHash, std::equal_to<>>`.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// Offset of the first byte that is not valid UTF-8, or nothing if all of `s` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

/// Whether byte `c` continues a UTF-8 sequence (10xxxxxx) rather than starting a character.
constexpr bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// Length in bytes of the UTF-8 character starting at s[i]: 1 for an ASCII or an invalid
/// byte (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_char_length(std::string_view s, std::size_t i);

/// The number of characters (code points) in UTF-8 `s`: its bytes that start one.
std::size_t count_chars(std::string_view s);

/// Levenshtein distance, bounded: returns `limit + 1` as soon as it exceeds `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// The candidate closest to `word` within a small edit distance, if any ("did you mean").
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

/// Lower-cases letters (ASCII and Latin-1) and drops spaces, punctuation and symbols,
/// ASCII and Unicode (’ “ ‐ – — ′ « » ...), so titles that differ only in case, spacing
/// or punctuation compare equal. Other letters and digits are kept as they are.
std::string normalize_for_compare(std::string_view s);

/// "a, b or c" (with quotes around each item when `quote` is set).
std::string join_alternatives(const std::vector<std::string>& items, bool quote = false);

/// `s` made safe to print to a terminal, a CI log or a text report: every control
/// character becomes visible text, so that a value can neither send an escape sequence
/// (ESC, C1 controls) nor start a new line (where GitHub Actions would read `::error::`
/// as a workflow command). LF, CR and tab become `\n`, `\r`, `\t` (tab is kept when
/// `keep_tabs` is set, for source lines); other C0 controls, DEL and bytes that are not
/// valid UTF-8 become `\xNN`; C1 controls (U+0080-U+009F), the line and paragraph
/// separators and the bidirectional controls (U+061C, U+200E-U+200F, U+202A-U+202E,
/// U+2066-U+2069, which can reorder what a reviewer sees) become `\uNNNN`. Everything
/// else, backslashes included, is kept as it is: the result is for reading, and the JSON
/// formats carry the exact value. Two sequences a CI runner executes are broken up too:
/// `::` at the start of `s` (after blanks) becomes `\x3a:` (GitHub's `::command::`
/// form, which the runner looks for at the start of a line), and `##[` anywhere becomes
/// `\x23#[` (its legacy form, found anywhere in a line).
std::string escape_controls(std::string_view s, bool keep_tabs = false);

/// Serialised JSON made safe for a CI log without changing its value: every `##[` (which
/// can only occur inside a string) is written `\u0023#[`, so GitHub's runner does not
/// read a legacy `##[command]` in it. JSON's own escaping already keeps control
/// characters out, and a JSON line never starts with `::`.
std::string json_for_logs(std::string json);

/// escape_controls, also mapping byte `offset` of `s` to the byte of the result where
/// that character's text starts (s.size() or more maps to the result's size).
std::string escape_controls(std::string_view s, bool keep_tabs, std::size_t& offset);

/// A TSV cell a spreadsheet will not run as a formula (OWASP "CSV Injection"): control
/// characters made visible as escape_controls does (so no tab or line break splits the
/// cell), then a `'` put in front when the cell starts with `=`, `+`, `-` or `@`. A
/// value such as "-" or "-0.5" is prefixed too, as OWASP says: telling a number from a
/// formula is the spreadsheet's job and depends on its locale.
std::string tsv_safe_cell(std::string_view s);

/// FNV-1a, 64 bits, over `parts`, each followed by a 0xFF byte (so ("ab","c") and
/// ("a","bc") differ), as 16 lowercase hex digits: the stable, line-free fingerprint of
/// the SARIF, GitLab and baseline outputs.
std::string fnv1a_hex(std::initializer_list<std::string_view> parts);
std::string fnv1a_hex(const std::vector<std::string_view>& parts);

/// Line `line` (1-based) of `content`, without its line terminator.
std::string_view line_of(std::string_view content, std::size_t line);

}  // namespace kb
