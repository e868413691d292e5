#include "yaml/node.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace kb::yaml {

const Member* Node::find_member(std::string_view key) const {
  for (const auto& m : members)
    if (m.key.text == key) return &m;
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const Member* m = find_member(key);
  return m ? &m->value : nullptr;
}

ScalarType Node::scalar_type() const {
  if (kind == NodeKind::kNull) return ScalarType::kNull;
  if (kind != NodeKind::kScalar) return ScalarType::kString;
  return quoted ? ScalarType::kString : resolve_plain_scalar(text);
}

namespace {

bool all_of_chars(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool is_dec(char c) { return c >= '0' && c <= '9'; }
bool is_oct(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool is_float(std::string_view s) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "-.inf" ||
      s == "+.Inf" || s == "-.Inf" || s == "+.INF" || s == "-.INF" || s == ".nan" ||
      s == ".NaN" || s == ".NAN")
    return true;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && is_dec(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_dec(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp = 0;
    while (i < s.size() && is_dec(s[i])) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

}  // namespace

ScalarType resolve_plain_scalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return ScalarType::kNull;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
    return ScalarType::kBool;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') body.remove_prefix(1);
  if (all_of_chars(body, is_dec)) return ScalarType::kInt;
  if (s.starts_with("0o") && all_of_chars(s.substr(2), is_oct)) return ScalarType::kInt;
  if (s.starts_with("0x") && all_of_chars(s.substr(2), is_hex)) return ScalarType::kInt;
  if (is_float(s)) return ScalarType::kFloat;
  return ScalarType::kString;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case NodeKind::kNull: return "an empty value";
    case NodeKind::kSequence: return "a list";
    case NodeKind::kMapping: return "a mapping";
    case NodeKind::kScalar: break;
  }
  std::string shown = node.text.size() > 40 ? node.text.substr(0, 37) + "..." : node.text;
  switch (node.scalar_type()) {
    case ScalarType::kNull: return "an empty value";
    case ScalarType::kBool: return "the boolean " + shown;
    case ScalarType::kInt:
    case ScalarType::kFloat: return "the number " + shown;
    case ScalarType::kString: break;
  }
  return "'" + shown + "'";
}

std::optional<std::int64_t> core_int_value(std::string_view s) {
  int base = 10;
  std::string_view digits = s;
  bool negative = false;
  if (s.starts_with("0o")) base = 8, digits.remove_prefix(2);
  else if (s.starts_with("0x")) base = 16, digits.remove_prefix(2);
  else if (!s.empty() && (s[0] == '+' || s[0] == '-')) negative = s[0] == '-', digits.remove_prefix(1);
  if (digits.empty() || digits[0] == '+' || digits[0] == '-') return std::nullopt;
  std::uint64_t magnitude = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (negative) {
    if (magnitude > kMax + 1) return std::nullopt;
    return magnitude == kMax + 1 ? std::numeric_limits<std::int64_t>::min()
                                 : -static_cast<std::int64_t>(magnitude);
  }
  if (magnitude > kMax) return std::nullopt;
  return static_cast<std::int64_t>(magnitude);
}

}  // namespace kb::yaml
