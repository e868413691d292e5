// Curator-facing wording of schema errors. valijson says "Failed to match against any
// enum values."; a curator needs "'up' is not a valid direction (expected increased,
// decreased or no-association)" at the line and column of 'up'.
#include "schema/messages.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "support/text.h"

namespace kb::schema {
namespace {

using nlohmann::json;
using yaml::Node;

/// "[study]" -> "study"; "<root>" -> "".
std::string step_name(const std::string& s) {
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') return s.substr(1, s.size() - 2);
  return {};
}

/// Follows a "#/definitions/x" reference inside `root`.
const json* deref(const json& root, const json* frag) {
  for (int guard = 0; frag && frag->is_object() && frag->contains("$ref") && guard < 8; ++guard) {
    auto ref = (*frag)["$ref"].get<std::string>();
    if (!ref.starts_with("#/")) return frag;
    try {
      frag = &root.at(json::json_pointer(ref.substr(1)));
    } catch (const std::exception&) {
      return frag;
    }
  }
  return frag;
}

/// What the error path points at: the node, its key (if a mapping member), the schema
/// fragment, and a readable field name ("study.size", "ancestry entry").
struct Target {
  const Node* node = nullptr;
  const Node* key = nullptr;
  const json* schema = nullptr;
  std::string field;   // dotted path for messages, "" at the root
  std::string leaf;    // last property name
};

Target resolve(const ErrorScope& scope, const std::vector<std::string>& context) {
  Target t{&scope.doc, nullptr, deref(scope.schema, &scope.schema), "", ""};
  for (std::size_t i = 1; i < context.size(); ++i) {
    std::string name = step_name(context[i]);
    if (t.node && t.node->is_map()) {
      const yaml::Member* m = t.node->find_member(name);
      t.key = m ? &m->key : nullptr;
      t.node = m ? &m->value : nullptr;
      const json* props = (t.schema && t.schema->contains("properties")) ? &(*t.schema)["properties"] : nullptr;
      t.schema = (props && props->contains(name)) ? deref(scope.schema, &(*props)[name]) : nullptr;
      t.field = t.field.empty() ? name : t.field + "." + name;
      t.leaf = name;
    } else if (t.node && t.node->is_seq()) {
      std::size_t idx = std::strtoul(name.c_str(), nullptr, 10);
      t.node = idx < t.node->items.size() ? &t.node->items[idx] : nullptr;
      t.key = nullptr;
      t.schema = (t.schema && t.schema->contains("items")) ? deref(scope.schema, &(*t.schema)["items"]) : nullptr;
      t.leaf = t.leaf.empty() ? "entry" : t.leaf;
      t.field += "[" + name + "]";
    } else {
      t.node = nullptr;
    }
  }
  return t;
}

std::vector<std::string> strings_of(const json* arr) {
  std::vector<std::string> out;
  if (!arr || !arr->is_array()) return out;
  for (const auto& v : *arr) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

std::string number_text(const json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  std::ostringstream s;
  s << v.get<double>();
  return s.str();
}

std::string type_phrase(const std::string& t) {
  if (t == "string") return "a string";
  if (t == "integer") return "a whole number";
  if (t == "number") return "a number";
  if (t == "array") return "a list";
  if (t == "object") return "a mapping";
  if (t == "boolean") return "true or false";
  return t;
}

class Translator {
 public:
  Translator(const ErrorScope& scope, std::vector<Diagnostic>& out) : scope_(scope), out_(out) {}

  void translate(const RawError& e) {
    const std::string& d = e.description;
    Target t = resolve(scope_, e.context);
    if (d.starts_with("Object contains a property that could not be validated")) return unknown_field(t, d);
    if (d.starts_with("Missing required property")) return missing(t, d);
    if (d.starts_with("Failed to match against any enum values") ||
        d.starts_with("Failed to match expected value set by 'const'"))
      return bad_enum(t);
    if (d.starts_with("Value type not permitted")) return wrong_type(t);
    if (d.starts_with("Failed to match regex")) return pattern(t);
    if (d.starts_with("Expected number") || d.starts_with("String should be") ||
        d.starts_with("Array should contain") || d.starts_with("Object should have"))
      return range(t, d);
    if (d.starts_with("Failed to validate against any schemas allowed by anyOf")) return any_of(t);
    if (d.find("violate uniqueness") != std::string::npos)
      return emit(Rule::kSchemaViolation, t, "'" + t.field + "' lists the same value twice; remove the repeat");
    emit(Rule::kSchemaViolation, t, "'" + t.field + "': " + d);
  }

  /// "unknown field 'phenotyp' ... did you mean 'phenotype'?" already explains a missing
  /// 'phenotype': remember such pairs so the missing field is not reported again.
  void find_misspelt_required(const std::vector<RawError>& errors) {
    std::set<std::string> missing;
    for (const auto& e : errors)
      if (e.description.starts_with("Missing required property"))
        missing.insert(resolve(scope_, e.context).field + '\0' + missing_name(e.description));
    for (const auto& e : errors) {
      if (!e.description.starts_with("Object contains a property that could not be validated")) continue;
      Target t = resolve(scope_, e.context);
      auto guess = closest_match(unknown_name(e.description), known_fields(t));
      if (guess && missing.contains(t.field + '\0' + *guess)) folded_.insert(t.field + '\0' + *guess);
    }
  }

 private:
  void emit(RuleId rule, const Target& t, std::string message, const Node* at = nullptr) {
    const Node* where = at ? at : (t.node ? t.node : (t.key ? t.key : &scope_.doc));
    out_.push_back(make_diagnostic(rule, {scope_.file, where->mark.line, where->mark.column},
                                   std::move(message), scope_.record_id));
  }

  std::string record_phrase() const {
    std::string k(scope_.kind);
    bool vowel = !k.empty() && std::string_view("aeiou").find(k[0]) != std::string_view::npos;
    return (vowel ? "an " : "a ") + k + " record";
  }

  static std::string unknown_name(const std::string& d) {
    auto q1 = d.rfind(": '"), q2 = d.rfind('\'');
    return (q1 != std::string::npos && q2 > q1 + 3) ? d.substr(q1 + 3, q2 - q1 - 3) : "?";
  }
  static std::string missing_name(const std::string& d) {
    auto q1 = d.find('\''), q2 = d.rfind('\'');
    return (q2 > q1 + 1) ? d.substr(q1 + 1, q2 - q1 - 1) : "?";
  }
  static std::vector<std::string> known_fields(const Target& t) {
    std::vector<std::string> known;
    if (t.schema && t.schema->contains("properties"))
      for (const auto& [k, v] : (*t.schema)["properties"].items()) known.push_back(k);
    return known;
  }

  void unknown_field(const Target& t, const std::string& d) {
    std::string name = unknown_name(d);
    std::vector<std::string> known = known_fields(t);
    const yaml::Member* m = t.node ? t.node->find_member(name) : nullptr;
    std::string where = t.field.empty() ? record_phrase() : "'" + t.field + "'";
    std::string msg = "unknown field '" + name + "' in " + where;
    if (auto guess = closest_match(name, known)) {
      bool required = folded_.contains(t.field + '\0' + *guess);
      msg += "; did you mean '" + *guess + (required ? "' (a required field)?" : "'?");
    } else if (!known.empty()) {
      msg += " (known fields: " + join_alternatives(known) + ")";
    }
    emit(Rule::kUnknownField, t, msg, m ? &m->key : nullptr);
  }

  void missing(const Target& t, const std::string& d) {
    std::string name = missing_name(d);
    if (folded_.contains(t.field + '\0' + name)) return;  // said by the unknown field
    std::string where = t.field.empty() ? record_phrase() : "'" + t.field + "'";
    emit(Rule::kMissingField, t, "missing required field '" + name + "' in " + where,
         t.key ? t.key : nullptr);
  }

  void bad_enum(const Target& t) {
    if (!t.node) return;
    auto values = strings_of(t.schema && t.schema->contains("enum") ? &(*t.schema)["enum"] : nullptr);
    if (values.empty() && t.schema && t.schema->contains("const"))
      values.push_back((*t.schema)["const"].is_string() ? (*t.schema)["const"].get<std::string>()
                                                        : (*t.schema)["const"].dump());
    std::string got = yaml::describe(*t.node);
    std::string msg = got + " is not a valid " + t.leaf;
    if (!values.empty()) {
      msg += " (expected " + join_alternatives(values) + ")";
      if (t.node->is_scalar())
        if (auto guess = closest_match(t.node->text, values); guess && *guess != t.node->text)
          msg += "; did you mean '" + *guess + "'?";
    }
    emit(Rule::kInvalidEnumValue, t, msg);
  }

  void wrong_type(const Target& t) {
    if (!t.node) return;
    std::vector<std::string> types;
    if (t.schema && t.schema->contains("type")) {
      const auto& ty = (*t.schema)["type"];
      if (ty.is_string()) types.push_back(ty.get<std::string>());
      else for (const auto& x : ty) types.push_back(x.get<std::string>());
    }
    std::vector<std::string> phrases;
    for (const auto& ty : types) phrases.push_back(type_phrase(ty));
    std::string msg = "'" + t.field + "' must be " + join_alternatives(phrases) + ", not " +
                      yaml::describe(*t.node);
    bool wants_string = std::find(types.begin(), types.end(), "string") != types.end();
    if (wants_string && t.node->is_scalar() && !t.node->quoted)
      msg += "; quote it: \"" + t.node->text + "\"";
    emit(Rule::kWrongType, t, msg);
  }

  void pattern(const Target& t) {
    if (!t.node) return;
    std::string expected;
    if (t.schema && t.schema->contains("description")) expected = (*t.schema)["description"].get<std::string>();
    else if (t.schema && t.schema->contains("pattern")) expected = "a match for " + (*t.schema)["pattern"].get<std::string>();
    emit(Rule::kPatternMismatch, t, yaml::describe(*t.node) + " is not a valid " + t.leaf +
                          (expected.empty() ? "" : " (expected " + expected + ")"));
  }

  void range(const Target& t, const std::string& d) {
    if (!t.node) return;
    const json* s = t.schema;
    auto has = [&](const char* k) { return s && s->contains(k); };
    std::string msg;
    if (d.starts_with("Expected number")) {
      if (has("minimum") && has("maximum"))
        msg = "'" + t.field + "' must be between " + number_text((*s)["minimum"]) + " and " +
              number_text((*s)["maximum"]) + ", not " + t.node->text;
      else if (has("minimum"))
        msg = "'" + t.field + "' must be at least " + number_text((*s)["minimum"]) + ", not " + t.node->text;
      else
        msg = "'" + t.field + "' must be at most " + number_text((*s)["maximum"]) + ", not " + t.node->text;
    } else if (d.starts_with("String should be no fewer")) {
      msg = "'" + t.field + "' must not be empty";
    } else if (d.starts_with("Array should contain no fewer") && has("minItems")) {
      msg = "'" + t.field + "' needs at least " + number_text((*s)["minItems"]) + " entries";
    } else if (d.starts_with("Array should contain no more") && has("maxItems")) {
      msg = "'" + t.field + "' takes at most " + number_text((*s)["maxItems"]) + " entries";
    } else {
      msg = "'" + t.field + "': " + d;
    }
    emit(Rule::kOutOfRange, t, msg);
  }

  void any_of(const Target& t) {
    if (t.leaf == "citation" || (t.field.empty() && scope_.kind == "evidence"))
      return emit(Rule::kMissingField, t, "'citation' needs a pmid or a doi", t.key);
    if (t.leaf == "compared_to")
      return emit(Rule::kSchemaViolation, t, "'compared_to' must be one allele (e.g. C) or a list of genotypes (e.g. [\"C/C\"])");
    emit(Rule::kSchemaViolation, t, "'" + t.field + "' matches none of its allowed forms");
  }

  const ErrorScope& scope_;
  std::vector<Diagnostic>& out_;
  std::set<std::string> folded_;  ///< field path + '\0' + a required field misspelt
};

bool is_summary(const std::string& d) {
  return d.starts_with("Failed to validate item #") || d.starts_with("Cannot validate item #") ||
         d.starts_with("Failed to validate against schema associated with") ||
         d.starts_with("Failed to validate against additional properties schema") ||
         d.starts_with("Failed to validate against dependent schema") ||
         d.starts_with("Failed to validate against a conditional schema");
}

bool has_prefix(const std::vector<std::string>& path, const std::vector<std::string>& prefix) {
  return path.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

}  // namespace

void translate_errors(const ErrorScope& scope, const std::vector<RawError>& errors,
                      std::vector<Diagnostic>& out) {
  // valijson copies the errors of every failed anyOf alternative just before the anyOf
  // summary: those explain nothing to a curator, the summary (worded here) does.
  std::vector<bool> dropped(errors.size(), false);
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (!errors[i].description.starts_with("Failed to validate against any schemas allowed by anyOf"))
      continue;
    for (std::size_t j = i; j-- > 0 && !dropped[j] && has_prefix(errors[j].context, errors[i].context);)
      dropped[j] = true;
  }
  // A value of the wrong type also fails its enum, pattern or range: say only the type.
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (dropped[i] || !errors[i].description.starts_with("Value type not permitted")) continue;
    for (std::size_t j = 0; j < errors.size(); ++j)
      if (j != i && errors[j].context == errors[i].context &&
          !errors[j].description.starts_with("Value type not permitted"))
        dropped[j] = true;
  }
  Translator tr(scope, out);
  tr.find_misspelt_required(errors);
  for (std::size_t i = 0; i < errors.size(); ++i)
    if (!dropped[i] && !is_summary(errors[i].description)) tr.translate(errors[i]);
}

}  // namespace kb::schema
