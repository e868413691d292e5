#include "schema/fast_check.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

#include "schema/json_kind.h"
#include "support/text.h"

namespace kb::schema {

using nlohmann::json;

namespace {

constexpr int kMaxDepth = 64;

enum TypeBit : std::uint8_t {
  kTypeNull = 1,
  kTypeBool = 2,
  kTypeInt = 4,
  kTypeNumber = 8,
  kTypeString = 16,
  kTypeArray = 32,
  kTypeObject = 64,
};

bool has_type(std::uint8_t types, JsonKind k) {
  switch (k) {
    case JsonKind::kNull: return types & kTypeNull;
    case JsonKind::kBool: return types & kTypeBool;
    case JsonKind::kInt: return types & (kTypeInt | kTypeNumber);
    case JsonKind::kDouble: return types & kTypeNumber;
    case JsonKind::kString: return types & kTypeString;
    case JsonKind::kArray: return types & kTypeArray;
    case JsonKind::kObject: return types & kTypeObject;
  }
  return false;
}

std::optional<std::uint8_t> type_bit(const std::string& name) {
  static const std::pair<const char*, std::uint8_t> kNames[] = {
      {"null", kTypeNull},     {"boolean", kTypeBool},  {"integer", kTypeInt},
      {"number", kTypeNumber}, {"string", kTypeString}, {"array", kTypeArray},
      {"object", kTypeObject}};
  for (const auto& [n, bit] : kNames)
    if (name == n) return bit;
  return std::nullopt;
}

/// Both valid: valid; either invalid: invalid; else unknown.
Verdict both(Verdict a, Verdict b) {
  if (a == Verdict::kInvalid || b == Verdict::kInvalid) return Verdict::kInvalid;
  return a == Verdict::kValid && b == Verdict::kValid ? Verdict::kValid : Verdict::kUnknown;
}

/// Code points as valijson's u8_strlen counts them; nothing when it would stop early.
std::optional<std::uint64_t> code_points(const std::string& s) {
  if (s.find('\0') != std::string::npos) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : s) n += !is_utf8_continuation(c);
  return n;
}

/// Keywords that only annotate: they never change validity.
bool is_annotation(const std::string& k) {
  return k == "$schema" || k == "title" || k == "description" || k == "$comment" ||
         k == "default" || k == "examples" || k == "definitions";
}

}  // namespace

struct FastSchema::Sub {
  bool unsupported = false;  ///< a keyword outside the subset: always kUnknown
  std::uint8_t types = 0;    ///< TypeBits; 0: any type
  bool has_enum = false;
  std::vector<std::string> enum_strings;  ///< enum/const values, all strings
  std::vector<std::string> required;
  std::vector<std::pair<std::string, std::uint32_t>> properties;  ///< sorted by name
  /// Per property, its bit in `listed_required` (-1: not required); required names that
  /// are not properties are looked up one by one (`unlisted_required`).
  std::vector<std::int8_t> required_bit;
  std::uint64_t listed_required = 0;
  std::vector<std::string> unlisted_required;
  bool object_keywords = false;  ///< properties or additionalProperties given
  enum class Extra : std::uint8_t { kAllow, kForbid, kSchema } extra = Extra::kAllow;
  std::uint32_t extra_sub = 0;
  std::optional<std::uint64_t> min_props, max_props, min_items, max_items, min_len, max_len;
  std::optional<double> minimum, maximum;
  std::optional<std::uint32_t> items, ref, not_, if_, then_, else_;
  bool unique_items = false;
  std::optional<std::size_t> pattern;
  std::vector<std::uint32_t> all_of, any_of;
};

FastSchema::FastSchema(const json& root) {
  compile(root, root, 0);
  compiled_.clear();
}

FastSchema::~FastSchema() = default;

namespace {

std::optional<std::uint64_t> count_of(const json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(v.get<std::int64_t>());
  return std::nullopt;
}

/// The subschema a local `$ref` ("#" or "#/a/b") names, or null.
const json* resolve_ref(const json& root, const std::string& ref) {
  if (ref == "#") return &root;
  if (!ref.starts_with("#/") || ref.find('~') != std::string::npos ||
      ref.find('%') != std::string::npos)
    return nullptr;
  try {
    return &root.at(json::json_pointer(ref.substr(1)));
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

std::uint32_t FastSchema::compile(const json& root, const json& s, int depth) {
  if (auto it = compiled_.find(&s); it != compiled_.end()) return it->second;
  const auto index = static_cast<std::uint32_t>(subs_.size());
  subs_.emplace_back();
  compiled_.emplace(&s, index);
  Sub out;
  if (!s.is_object() || depth > kMaxDepth) {
    out.unsupported = true;  // boolean schemas too: rare, left to valijson
    subs_[index] = std::move(out);
    return index;
  }
  for (const auto& [key, v] : s.items()) {
    if (is_annotation(key) || (key == "$id" && depth == 0)) continue;
    if (!compile_value_keyword(key, v, out) && !compile_sub_keyword(root, s, key, v, depth, out))
      out.unsupported = true;
  }
  index_required(out);
  subs_[index] = std::move(out);  // not a reference: compiling subschemas grows subs_
  return index;
}

bool FastSchema::compile_value_keyword(const std::string& key, const json& v, Sub& out) {
  if (key == "type" && v.is_string() && type_bit(v.get<std::string>())) {
    out.types |= *type_bit(v.get<std::string>());
  } else if (key == "type" && v.is_array() && !v.empty()) {
    for (const auto& t : v) {
      auto bit = t.is_string() ? type_bit(t.get<std::string>()) : std::nullopt;
      if (!bit) return false;
      out.types |= *bit;
    }
  } else if ((key == "enum" && v.is_array() && !v.empty()) || key == "const") {
    out.has_enum = true;
    for (const auto& e : key == "const" ? json::array({v}) : v) {
      if (!e.is_string()) return false;
      out.enum_strings.push_back(e.get<std::string>());
    }
  } else if (key == "required" && v.is_array()) {
    for (const auto& r : v) {
      if (!r.is_string()) return false;
      out.required.push_back(r.get<std::string>());
    }
  } else if ((key == "minProperties" || key == "maxProperties" || key == "minItems" ||
              key == "maxItems" || key == "minLength" || key == "maxLength") &&
             count_of(v)) {
    auto& slot = key == "minProperties"   ? out.min_props
                 : key == "maxProperties" ? out.max_props
                 : key == "minItems"      ? out.min_items
                 : key == "maxItems"      ? out.max_items
                 : key == "minLength"     ? out.min_len
                                          : out.max_len;
    slot = count_of(v);
  } else if ((key == "minimum" || key == "maximum") && v.is_number()) {
    (key == "minimum" ? out.minimum : out.maximum) = v.get<double>();
  } else if (key == "uniqueItems" && v.is_boolean()) {
    out.unique_items = v.get<bool>();
  } else if (key == "pattern" && v.is_string()) {
    try {
      patterns_.emplace_back(v.get<std::string>());  // as valijson compiles it
      out.pattern = patterns_.size() - 1;
    } catch (const std::regex_error&) {
      return false;
    }
  } else {
    return false;
  }
  return true;
}

bool FastSchema::compile_sub_keyword(const json& root, const json& s, const std::string& key,
                                     const json& v, int depth, Sub& out) {
  auto sub = [&](const json& x) { return compile(root, x, depth + 1); };
  if (key == "properties" && v.is_object()) {
    out.object_keywords = true;
    for (const auto& [name, ps] : v.items()) out.properties.emplace_back(name, sub(ps));
    std::sort(out.properties.begin(), out.properties.end());
  } else if (key == "additionalProperties" && v.is_boolean()) {
    out.object_keywords = true;
    out.extra = v.get<bool>() ? Sub::Extra::kAllow : Sub::Extra::kForbid;
  } else if (key == "additionalProperties" && v.is_object()) {
    out.object_keywords = true;
    out.extra = Sub::Extra::kSchema;
    out.extra_sub = sub(v);
  } else if (key == "items" && v.is_object()) {
    out.items = sub(v);
  } else if ((key == "allOf" || key == "anyOf") && v.is_array() && !v.empty()) {
    for (const auto& a : v) (key == "allOf" ? out.all_of : out.any_of).push_back(sub(a));
  } else if (key == "not" || key == "if" || key == "then" || key == "else") {
    auto& slot = key == "not"    ? out.not_
                 : key == "if"   ? out.if_
                 : key == "then" ? out.then_
                                 : out.else_;
    slot = sub(v);
  } else if (key == "$ref" && v.is_string() && s.size() == 1) {
    const json* target = resolve_ref(root, v.get<std::string>());
    if (!target) return false;
    out.ref = sub(*target);
  } else {
    return false;
  }
  return true;
}

void FastSchema::index_required(Sub& s) {
  s.required_bit.assign(s.properties.size(), -1);
  int next = 0;
  for (const auto& name : s.required) {
    auto it = std::lower_bound(s.properties.begin(), s.properties.end(), name,
                               [](const auto& p, const std::string& key) { return p.first < key; });
    auto at = static_cast<std::size_t>(it - s.properties.begin());
    if (it == s.properties.end() || it->first != name || next >= 64) {
      s.unlisted_required.push_back(name);
    } else if (s.required_bit[at] < 0) {
      s.required_bit[at] = static_cast<std::int8_t>(next);
      s.listed_required |= std::uint64_t{1} << next++;
    }
  }
}

Verdict FastSchema::check(const yaml::Node& doc) const {
  return subs_.empty() ? Verdict::kUnknown : check(0, doc);
}

Verdict FastSchema::check(std::uint32_t index, const yaml::Node& n) const {
  const Sub& s = subs_[index];
  if (s.unsupported) return Verdict::kUnknown;
  if (s.ref) return check(*s.ref, n);
  JsonKind k = json_kind(n);
  Verdict v = Verdict::kValid;
  if (s.types && !has_type(s.types, k)) return Verdict::kInvalid;
  if (k == JsonKind::kObject)
    v = check_object(s, n);
  else if (k == JsonKind::kArray)
    v = check_array(s, n);
  else
    v = check_scalar(s, n);
  if (v == Verdict::kInvalid) return v;
  return both(v, check_combinators(s, n));
}

Verdict FastSchema::check_object(const Sub& s, const yaml::Node& n) const {
  if (s.has_enum) return Verdict::kUnknown;
  for (const auto& r : s.unlisted_required)
    if (!n.find_member(r)) return Verdict::kInvalid;
  const auto size = n.members.size();
  if ((s.min_props && size < *s.min_props) || (s.max_props && size > *s.max_props))
    return Verdict::kUnknown;
  Verdict v = Verdict::kValid;
  std::uint64_t seen = 0;  // required properties met, by bit
  for (const auto& m : n.members) {
    auto it = std::lower_bound(s.properties.begin(), s.properties.end(), m.key.text,
                               [](const auto& p, const std::string& key) { return p.first < key; });
    if (it != s.properties.end() && it->first == m.key.text) {
      auto bit = s.required_bit[static_cast<std::size_t>(it - s.properties.begin())];
      if (bit >= 0) seen |= std::uint64_t{1} << bit;
      v = both(v, check(it->second, m.value));
    } else if (s.extra == Sub::Extra::kForbid) {
      return Verdict::kInvalid;
    } else if (s.extra == Sub::Extra::kSchema) {
      v = both(v, check(s.extra_sub, m.value));
    }
    if (v == Verdict::kInvalid) return v;
  }
  return seen == s.listed_required ? v : Verdict::kInvalid;
}

Verdict FastSchema::check_array(const Sub& s, const yaml::Node& n) const {
  if (s.has_enum) return Verdict::kUnknown;
  const auto size = n.items.size();
  if ((s.min_items && size < *s.min_items) || (s.max_items && size > *s.max_items))
    return Verdict::kUnknown;
  Verdict v = Verdict::kValid;
  if (s.unique_items) {
    std::vector<std::string_view> seen;
    for (const auto& item : n.items) {
      if (json_kind(item) != JsonKind::kString) return Verdict::kUnknown;
      seen.push_back(item.text);
    }
    std::sort(seen.begin(), seen.end());
    if (std::adjacent_find(seen.begin(), seen.end()) != seen.end()) return Verdict::kUnknown;
  }
  if (s.items)
    for (const auto& item : n.items)
      if ((v = both(v, check(*s.items, item))) == Verdict::kInvalid) return v;
  return v;
}

Verdict FastSchema::check_scalar(const Sub& s, const yaml::Node& n) const {
  JsonKind k = json_kind(n);
  if (k == JsonKind::kInt || k == JsonKind::kDouble) {
    if (s.has_enum) return Verdict::kUnknown;
    double x = number_value(n, k);
    if (!std::isfinite(x)) return Verdict::kUnknown;
    if ((s.minimum && x < *s.minimum) || (s.maximum && x > *s.maximum)) return Verdict::kUnknown;
    return Verdict::kValid;
  }
  if (k != JsonKind::kString) return s.has_enum ? Verdict::kUnknown : Verdict::kValid;
  if (s.has_enum &&
      std::find(s.enum_strings.begin(), s.enum_strings.end(), n.text) == s.enum_strings.end())
    return Verdict::kInvalid;
  if (s.min_len || s.max_len) {
    auto len = code_points(n.text);
    if (!len || (s.min_len && *len < *s.min_len) || (s.max_len && *len > *s.max_len))
      return Verdict::kUnknown;
  }
  if (s.pattern) {
    if (!std::regex_search(n.text, patterns_[*s.pattern])) return Verdict::kUnknown;
  }
  return Verdict::kValid;
}

Verdict FastSchema::check_combinators(const Sub& s, const yaml::Node& n) const {
  Verdict v = Verdict::kValid;
  for (auto a : s.all_of)
    if ((v = both(v, check(a, n))) == Verdict::kInvalid) return v;
  if (!s.any_of.empty()) {
    Verdict any = Verdict::kInvalid;
    for (auto a : s.any_of) {
      Verdict r = check(a, n);
      if (r == Verdict::kValid) {
        any = r;
        break;
      }
      if (r == Verdict::kUnknown) any = r;
    }
    if ((v = both(v, any)) == Verdict::kInvalid) return v;
  }
  if (s.not_) {
    Verdict r = check(*s.not_, n);
    r = r == Verdict::kValid ? Verdict::kInvalid : r == Verdict::kInvalid ? Verdict::kValid : r;
    if ((v = both(v, r)) == Verdict::kInvalid) return v;
  }
  if (s.if_) {
    Verdict cond = check(*s.if_, n);
    if (cond == Verdict::kUnknown) return Verdict::kUnknown;
    const auto& branch = cond == Verdict::kValid ? s.then_ : s.else_;
    if (branch) v = both(v, check(*branch, n));
  }
  return v;
}

}  // namespace kb::schema
