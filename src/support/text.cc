#include "support/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cctype>

namespace kb {

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned min;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) return i;
    unsigned cp = c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::nullopt;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  std::vector<std::size_t> row(a.size() + 1);
  for (std::size_t i = 0; i <= a.size(); ++i) row[i] = i;
  for (std::size_t j = 1; j <= b.size(); ++j) {
    std::size_t prev = row[0], best = row[0] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t cur = row[i];
      std::size_t cost = (std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                          std::tolower(static_cast<unsigned char>(b[j - 1])))
                             ? 0
                             : 1;
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, prev + cost});
      prev = cur;
      best = std::min(best, row[i]);
    }
    if (best > limit) return limit + 1;
  }
  return row[a.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
  std::optional<std::string> best;
  std::size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    auto d = edit_distance(word, c, limit);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

namespace {

/// Decodes the UTF-8 character at s[i] and its length (an invalid byte is itself).
char32_t decode_at(std::string_view s, std::size_t i, std::size_t& len) {
  len = utf8_char_length(s, i);
  auto c = static_cast<unsigned char>(s[i]);
  if (len == 1) return c;
  char32_t cp = c & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

/// Punctuation, symbols and spaces outside ASCII that titles written with different
/// tools differ in: Latin-1 punctuation (« » · ¿ ...), General Punctuation (’ “ ‐ – — ′
/// ...), CJK symbols and full-width ASCII punctuation.
bool is_unicode_punctuation(char32_t cp) {
  return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20);
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::size_t utf8_char_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 1;
  for (std::size_t k = 1; k < len; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 1;
  // Overlong forms, surrogates and code points above U+10FFFF are invalid too.
  unsigned c1 = byte(i + (len > 1 ? 1 : 0));
  if (len == 2 && c < 0xC2) return 1;
  if (len == 3 && ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))) return 1;
  if (len == 4 && ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) || c > 0xF4)) return 1;
  return len;
}

std::size_t count_chars(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !is_utf8_continuation(c); }));
}

std::string normalize_for_compare(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0, len = 1; i < s.size(); i += len) {
    char32_t cp = decode_at(s, i, len);
    if (cp < 0x80) {
      auto c = static_cast<unsigned char>(cp);
      if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
      continue;
    }
    if (is_unicode_punctuation(cp)) continue;
    if (cp >= 0xC0 && cp <= 0xDE) cp += 0x20;  // Latin-1 capitals (× is excluded above)
    append_utf8(out, cp);
  }
  return out;
}

std::string join_alternatives(const std::vector<std::string>& items, bool quote) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? " or " : ", ";
    out += quote ? "'" + items[i] + "'" : items[i];
  }
  return out;
}

namespace {

/// The escape for code point `cp` of `len` bytes, or "" when it is printed as it is.
std::string escape_of(char32_t cp, std::size_t len, bool keep_tabs) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (len == 1 && cp < 0x80) {
    switch (cp) {
      case '\n': return "\\n";
      case '\r': return "\\r";
      case '\t': return keep_tabs ? "" : "\\t";
      default: break;
    }
    if (cp >= 0x20 && cp != 0x7F) return "";
  }
  if (len == 1) return {'\\', 'x', kHex[(cp >> 4) & 0xF], kHex[cp & 0xF]};  // control or invalid byte
  bool hidden = (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
                cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
                (cp >= 0x2066 && cp <= 0x2069);
  if (!hidden) return "";
  return {'\\', 'u', kHex[(cp >> 12) & 0xF], kHex[(cp >> 8) & 0xF], kHex[(cp >> 4) & 0xF], kHex[cp & 0xF]};
}

}  // namespace

std::string escape_controls(std::string_view s, bool keep_tabs) {
  std::size_t ignored = std::string_view::npos;
  return escape_controls(s, keep_tabs, ignored);
}

std::string escape_controls(std::string_view s, bool keep_tabs, std::size_t& offset) {
  std::string out;
  out.reserve(s.size());
  std::size_t mark = offset;
  offset = std::string_view::npos;
  bool line_start = true;  // only blanks so far: where a runner looks for "::"
  for (std::size_t i = 0, len = 1; i < s.size(); i += len) {
    if (i == mark) offset = out.size();
    auto c = static_cast<unsigned char>(s[i]);
    len = 1;
    if (c == ':' && line_start && s.substr(i, 2) == "::") {
      out += "\\x3a";  // "::command::" after blanks is a GitHub workflow command
    } else if (c == '#' && s.substr(i, 3) == "##[") {
      out += "\\x23";  // "##[command]" anywhere in a line is one too (the legacy form)
    } else if (c >= 0x20 && c < 0x7F) {  // the common case
      out.push_back(static_cast<char>(c));
    } else {
      char32_t cp = decode_at(s, i, len);
      std::string e = escape_of(cp, len, keep_tabs);
      if (e.empty()) out.append(s.substr(i, len));
      else out += e;
    }
    if (c != ' ' && c != '\t') line_start = false;
  }
  if (mark >= s.size() && mark != std::string_view::npos) offset = out.size();
  return out;
}

std::string json_for_logs(std::string json) {
  for (std::size_t at = 0; (at = json.find("##[", at)) != std::string::npos; at += 8)
    json.replace(at, 1, "\\u0023");
  return json;
}

std::string tsv_safe_cell(std::string_view s) {
  std::string out = escape_controls(s);
  if (!out.empty() && (out[0] == '=' || out[0] == '+' || out[0] == '-' || out[0] == '@'))
    out.insert(out.begin(), '\'');
  return out;
}

std::string_view line_of(std::string_view content, std::size_t line) {
  std::size_t pos = 0;
  for (std::size_t l = 1; l < line; ++l) {
    pos = content.find('\n', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  auto end = content.find('\n', pos);
  auto text = content.substr(pos, end == std::string_view::npos ? content.size() - pos : end - pos);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

namespace {
std::string fnv1a_hex(const std::string_view* begin, const std::string_view* end) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const std::string_view* part = begin; part != end; ++part) {
    for (unsigned char c : *part) h = (h ^ c) * 0x100000001b3ULL;
    h = (h ^ 0xFF) * 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}
}  // namespace

std::string fnv1a_hex(std::initializer_list<std::string_view> parts) {
  return fnv1a_hex(parts.begin(), parts.end());
}
std::string fnv1a_hex(const std::vector<std::string_view>& parts) {
  return fnv1a_hex(parts.data(), parts.data() + parts.size());
}

}  // namespace kb
