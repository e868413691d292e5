#pragma once
/// \file
/// Small text utilities shared by modules: UTF-8 checks, edit distance, normalisation.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

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

/// Line `line` (1-based) of `content`, without its line terminator.
std::string_view line_of(std::string_view content, std::size_t line);

}  // namespace kb
