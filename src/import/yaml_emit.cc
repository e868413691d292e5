#include "import/yaml_emit.h"

#include <array>
#include <cstdio>

namespace kb::import {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Words YAML 1.1 readers (and yaml-cpp's as<bool>) turn into booleans or null; quoting
// them costs nothing and keeps every reader's answer a string.
constexpr std::array kReservedWords = {
    "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    "y", "Y", "n", "N", ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf",
    ".nan", ".NaN", ".NAN", "=", "<<"};

// Anything starting like a number (digits, sign, dot) may resolve to an int, float,
// octal, hex, date or sexagesimal under some schema: quote it.
bool looks_numeric(std::string_view s) {
  char c = s[0];
  if (is_digit(c)) return true;
  if ((c == '-' || c == '+' || c == '.') && s.size() > 1 && (is_digit(s[1]) || s[1] == '.'))
    return true;
  return false;
}

// Characters that have a meaning at the start of a plain scalar.
bool is_leading_indicator(char c) {
  switch (c) {
    case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}':
    case '#': case '&': case '*': case '!': case '|': case '>': case '\'': case '"':
    case '%': case '@': case '`': case ' ':
      return true;
    default:
      return false;
  }
}

// Unicode characters YAML 1.1 treats as line breaks (NEL, LS, PS) or as a byte-order
// mark: never left plain, escaped inside double quotes so no reader folds them.
struct SpecialUnicode {
  std::string_view bytes;
  std::string_view escape;
};
constexpr std::array kSpecialUnicode = {
    SpecialUnicode{"\xC2\x85", "\\N"}, SpecialUnicode{"\xE2\x80\xA8", "\\L"},
    SpecialUnicode{"\xE2\x80\xA9", "\\P"}, SpecialUnicode{"\xEF\xBB\xBF", "\\uFEFF"}};

const SpecialUnicode* special_at(std::string_view s, std::size_t i) {
  for (const auto& sp : kSpecialUnicode)
    if (s.substr(i, sp.bytes.size()) == sp.bytes) return &sp;
  return nullptr;
}

}  // namespace

bool yaml_plain_safe(std::string_view s) {
  if (s.empty() || s.back() == ' ' || s.back() == ':') return false;
  if (is_leading_indicator(s[0]) || looks_numeric(s)) return false;
  for (const char* w : kReservedWords)
    if (s == w) return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos)
    return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (special_at(s, i)) return false;
  }
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    // Flow indicators break flow sequences; control characters need escapes.
    if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || u < 0x20 || u == 0x7f)
      return false;
  }
  return true;
}

std::string yaml_double_quoted(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (const SpecialUnicode* sp = special_at(s, i)) {
      out += sp->escape;
      i += sp->bytes.size() - 1;
      continue;
    }
    char c = s[i];
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (u < 0x20 || u == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", u);
          out += buf;
        } else {
          out += c;  // UTF-8 bytes pass through unchanged
        }
    }
  }
  out += '"';
  return out;
}

std::string yaml_quote(std::string_view s) {
  return yaml_plain_safe(s) ? std::string(s) : yaml_double_quoted(s);
}

std::string yaml_flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += yaml_quote(items[i]);
  }
  return out + "]";
}

void YamlDoc::key_prefix(std::string_view key) {
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += key;
  out_ += ':';
}

void YamlDoc::field(std::string_view key, std::string_view value) {
  key_prefix(key);
  out_ += ' ';
  out_ += yaml_quote(value);
  out_ += '\n';
}

void YamlDoc::raw(std::string_view key, std::string_view raw_value) {
  key_prefix(key);
  out_ += ' ';
  out_ += raw_value;
  out_ += '\n';
}

void YamlDoc::open(std::string_view key) {
  key_prefix(key);
  out_ += '\n';
  ++depth_;
}

void YamlDoc::close() {
  if (depth_ > 0) --depth_;
}

}  // namespace kb::import
