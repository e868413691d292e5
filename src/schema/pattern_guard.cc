#include "schema/pattern_guard.h"

#include <nlohmann/json.hpp>

#include <regex>

namespace kb::schema {
namespace {

using nlohmann::json;

constexpr int kMaxSchemaDepth = 64;  ///< also stops $ref cycles

std::string compile(const std::string& pattern) {
  try {
    std::regex re(pattern);
  } catch (const std::regex_error& e) {
    return "pattern \"" + pattern + "\" cannot be compiled (" + e.what() +
           "); kbcheck matches patterns with std::regex (ECMAScript syntax)";
  }
  return {};
}

/// `prop` is the property name the schema `node` applies to ("" when unknown).
std::string scan(const json& root, const json& node, const std::string& prop, PatternFields& out,
                 int depth) {
  if (depth > kMaxSchemaDepth || !node.is_object()) return {};
  std::string err;
  auto sub = [&](const json& s, const std::string& name) {
    if (err.empty()) err = scan(root, s, name, out, depth + 1);
  };
  if (auto p = node.find("pattern"); p != node.end() && p->is_string()) {
    if (err = compile(p->get<std::string>()); !err.empty()) return err;
    if (prop.empty()) out.any = true;
    else out.names.insert(prop);
  }
  if (auto props = node.find("properties"); props != node.end() && props->is_object())
    for (const auto& [name, s] : props->items()) sub(s, name);
  if (auto pp = node.find("patternProperties"); pp != node.end() && pp->is_object()) {
    for (const auto& [re, s] : pp->items()) {
      if (err.empty()) err = compile(re);
      out.any = true;  // keys are matched against `re`
      sub(s, "");
    }
  }
  for (const char* k : {"items", "additionalItems", "contains", "not", "if", "then", "else"}) {
    if (auto it = node.find(k); it != node.end()) {
      if (it->is_array()) for (const auto& s : *it) sub(s, prop);
      else sub(*it, prop);
    }
  }
  for (const char* k : {"additionalProperties", "propertyNames"})
    if (auto it = node.find(k); it != node.end()) sub(*it, "");
  for (const char* k : {"anyOf", "oneOf", "allOf"})
    if (auto it = node.find(k); it != node.end() && it->is_array())
      for (const auto& s : *it) sub(s, prop);
  if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
    const auto& r = ref->get_ref<const std::string&>();
    if (r.rfind("#/", 0) == 0) {
      try {
        sub(root.at(json::json_pointer(r.substr(1))), prop);
      } catch (const json::exception&) {
        // An unresolvable $ref is valijson's to report when the schema is compiled.
      }
    }
  }
  return err;
}

void flag(const yaml::Node& n, const std::string& what, const std::string& file,
          const std::string& record_id, std::vector<Diagnostic>& out) {
  out.push_back(make_diagnostic(
      Rule::kPatternMismatch, {file, n.mark.line, n.mark.column},
      what + " is " + std::to_string(n.text.size()) + " bytes long, more than the " +
          std::to_string(kMaxPatternedBytes) +
          " checked against its pattern; shorten it (the rest of the record is checked "
          "once it is)",
      record_id));
}

bool check(const yaml::Node& n, const PatternFields& f, const std::string& file,
           const std::string& record_id, std::vector<Diagnostic>& out) {
  bool found = false;
  for (const auto& m : n.members) {
    if (f.any && m.key.text.size() > kMaxPatternedBytes) {
      flag(m.key, "a key", file, record_id, out);
      found = true;
    }
    bool patterned = f.any || f.names.contains(m.key.text);
    if (patterned && m.value.is_scalar() && m.value.text.size() > kMaxPatternedBytes) {
      flag(m.value, "the value of '" + m.key.text.substr(0, 40) + "'", file, record_id, out);
      found = true;
    }
    for (const auto& item : m.value.items) {
      if (patterned && item.is_scalar() && item.text.size() > kMaxPatternedBytes) {
        flag(item, "an item of '" + m.key.text.substr(0, 40) + "'", file, record_id, out);
        found = true;
      }
      found = check(item, f, file, record_id, out) || found;
    }
    found = check(m.value, f, file, record_id, out) || found;
  }
  return found;
}

}  // namespace

std::string scan_patterns(const json& schema, PatternFields& out) {
  return scan(schema, schema, "", out, 0);
}

bool report_overlong_values(const yaml::Node& doc, const PatternFields& fields,
                            const std::string& file, const std::string& record_id,
                            std::vector<Diagnostic>& out) {
  return check(doc, fields, file, record_id, out);
}

}  // namespace kb::schema
