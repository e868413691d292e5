#include "import/yaml_emit.h"

#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>

#include <array>

namespace kb::import {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Words YAML 1.1 readers turn into booleans or null (and 1.2 core ones, partly); quoting
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
  return (c == '-' || c == '+' || c == '.') && s.size() > 1 && (is_digit(s[1]) || s[1] == '.');
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

// NEL, LS, PS (line breaks to YAML 1.1 readers) and the byte-order mark: never plain.
constexpr std::array<std::string_view, 4> kSpecialUnicode = {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9",
                                                             "\xEF\xBB\xBF"};

void emit_string(YAML::Emitter& out, std::string_view s) {
  if (yaml_plain_safe(s)) {
    out << std::string(s);
    return;
  }
  out << YAML::DoubleQuoted;
  // The emitter writes DEL raw (YAML does not allow it in a stream) unless non-ASCII is
  // escaped; then é becomes \u00e9 too, which reads back the same.
  if (s.find('\x7f') != std::string_view::npos) out << YAML::EscapeNonAscii;
  out << std::string(s);
}

}  // namespace

bool yaml_plain_safe(std::string_view s) {
  if (s.empty() || s.back() == ' ' || s.back() == ':') return false;
  if (is_leading_indicator(s[0]) || looks_numeric(s)) return false;
  for (const char* w : kReservedWords)
    if (s == w) return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return false;
  for (std::string_view sp : kSpecialUnicode)
    if (s.find(sp) != std::string_view::npos) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    // Flow indicators break flow sequences; control characters need escapes.
    if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

std::string yaml_quote(std::string_view s) {
  YAML::Emitter out;
  emit_string(out, s);
  return out.c_str();
}

std::string yaml_flow_list(const std::vector<std::string>& items) {
  YAML::Emitter out;
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& item : items) emit_string(out, item);
  out << YAML::EndSeq;
  return out.c_str();
}

YamlDoc::YamlDoc() : out_(std::make_unique<YAML::Emitter>()) {
  out_->SetIndent(2);
  *out_ << YAML::BeginMap;
}

YamlDoc::~YamlDoc() = default;

void YamlDoc::field(std::string_view key, std::string_view value) {
  *out_ << YAML::Key << std::string(key) << YAML::Value;
  emit_string(*out_, value);
}

void YamlDoc::integer(std::string_view key, std::int64_t value) {
  *out_ << YAML::Key << std::string(key) << YAML::Value << value;
}

void YamlDoc::list(std::string_view key, const std::vector<std::string>& items) {
  *out_ << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& item : items) emit_string(*out_, item);
  *out_ << YAML::EndSeq;
}

void YamlDoc::open(std::string_view key) {
  *out_ << YAML::Key << std::string(key) << YAML::Value << YAML::BeginMap;
  ++depth_;
}

void YamlDoc::close() {
  if (depth_ == 0) return;
  *out_ << YAML::EndMap;
  --depth_;
}

std::string YamlDoc::text() {
  while (depth_ > 0) close();
  *out_ << YAML::EndMap;
  return std::string(out_->c_str()) + "\n";
}

}  // namespace kb::import
