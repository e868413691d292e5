#include "schema/validator.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "schema/embedded.h"
#include "schema/fast_check.h"
#include "schema/json_kind.h"
#include "schema/messages.h"
#include "schema/pattern_guard.h"

namespace kb::schema {

struct SchemaSet::Impl {
  struct Entry {
    nlohmann::json document;
    valijson::Schema compiled;
    PatternFields patterned;
    std::unique_ptr<FastSchema> fast;  ///< the pre-check that spares valijson valid records
  };
  std::map<std::string, Entry, std::less<>> by_kind;
};

SchemaSet::SchemaSet() : impl_(std::make_unique<Impl>()) {}
SchemaSet::~SchemaSet() = default;

namespace {

/// Parses and compiles one schema; returns an error message on failure.
std::string add_schema(SchemaSet::Impl& impl, std::string_view kind, std::string_view text) {
  auto& entry = impl.by_kind[std::string(kind)];
  entry.document = nlohmann::json::parse(text, nullptr, false);
  if (entry.document.is_discarded()) return "schema for '" + std::string(kind) + "' is not valid JSON";
  if (auto err = scan_patterns(entry.document, entry.patterned); !err.empty())
    return "schema for '" + std::string(kind) + "': " + err;
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(entry.document);
    parser.populateSchema(adapter, entry.compiled);
    entry.fast = std::make_unique<FastSchema>(entry.document);
  } catch (const std::exception& e) {
    return "schema for '" + std::string(kind) + "' cannot be compiled: " + e.what();
  }
  return {};
}

}  // namespace

std::unique_ptr<SchemaSet> SchemaSet::embedded() {
  std::unique_ptr<SchemaSet> set(new SchemaSet());
  for (const auto& s : embedded_schemas()) {
    auto err = add_schema(*set->impl_, s.name, s.text);
    if (!err.empty()) std::abort();  // the build embeds schemas tested by the suite
  }
  return set;
}

std::unique_ptr<SchemaSet> SchemaSet::from_directory(const std::filesystem::path& dir,
                                                     std::string& error) {
  std::unique_ptr<SchemaSet> set(new SchemaSet());
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    auto name = e.path().filename().string();
    const std::string suffix = ".schema.json";
    if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
    std::ifstream in(e.path());
    std::stringstream text;
    text << in.rdbuf();
    error = add_schema(*set->impl_, name.substr(0, name.size() - suffix.size()), text.str());
    if (!error.empty()) return nullptr;
  }
  if (ec) {
    error = "cannot read schema directory " + dir.string() + ": " + ec.message();
    return nullptr;
  }
  if (set->impl_->by_kind.empty()) {
    error = "no *.schema.json files in " + dir.string();
    return nullptr;
  }
  return set;
}

namespace {

/// The JSON value a YAML node denotes under the core schema (json_kind.h).
nlohmann::json to_json(const yaml::Node& n) {
  switch (json_kind(n)) {
    case JsonKind::kNull: return nullptr;
    case JsonKind::kArray: {
      auto arr = nlohmann::json::array();
      for (const auto& item : n.items) arr.push_back(to_json(item));
      return arr;
    }
    case JsonKind::kObject: {
      auto obj = nlohmann::json::object();
      for (const auto& m : n.members) obj[m.key.text] = to_json(m.value);
      return obj;
    }
    case JsonKind::kBool: return n.text[0] == 't' || n.text[0] == 'T';
    case JsonKind::kInt: return *yaml::core_int_value(n.text);
    case JsonKind::kDouble: return std::strtod(n.text.c_str(), nullptr);  // too large for 64 bits: a number still
    case JsonKind::kString: break;
  }
  return n.text;  // also .inf and .nan: JSON has neither, so they are validated as the strings they are
}

}  // namespace

namespace {

#ifdef KBCHECK_VERIFY_PRE_CHECK
constexpr bool kVerifyPreCheck = true;
#else
constexpr bool kVerifyPreCheck = false;
#endif

/// Sanitizer builds: the pre-check may only say "valid" where valijson finds no error
/// and "invalid" where it finds one. A disagreement is a kbcheck bug that could hide a
/// finding, so it aborts (the fuzzers and the ASan suite report it).
void verify_pre_check(Verdict verdict, bool valid, std::string_view kind, const std::string& file,
                      const yaml::Node& doc) {
  if (verdict == Verdict::kUnknown || valid == (verdict == Verdict::kValid)) return;
  std::fprintf(stderr, "kbcheck: internal error: the schema pre-check says %s but valijson %s: %.*s record at %s:%u\n",
               verdict == Verdict::kValid ? "valid" : "invalid", valid ? "accepts it" : "finds errors",
               static_cast<int>(kind.size()), kind.data(), file.c_str(), static_cast<unsigned>(doc.mark.line));
  std::abort();
}

}  // namespace

struct Validator::State {
  valijson::Validator validator{valijson::Validator::kStrongTypes};
};

Validator::Validator(const SchemaSet& schemas)
    : schemas_(schemas), state_(std::make_unique<State>()) {}
Validator::~Validator() = default;

void Validator::validate(const yaml::Node& doc, std::string_view kind, const std::string& file,
                         const std::string& record_id, std::vector<Diagnostic>& out) {
  const auto& by_kind = schemas_.impl().by_kind;
  auto it = by_kind.find(kind);
  if (it == by_kind.end()) return;  // unknown kinds are reported by the loader (KB0005)
  if (report_overlong_values(doc, it->second.patterned, file, record_id, out)) return;
  // Most records are valid: the pre-check proves it without valijson or a JSON copy.
  Verdict verdict = it->second.fast->check(doc);
  if (verdict == Verdict::kValid && !kVerifyPreCheck) return;
  nlohmann::json instance = to_json(doc);
  valijson::adapters::NlohmannJsonAdapter target(instance);
  valijson::ValidationResults results;
  bool valid = state_->validator.validate(it->second.compiled, target, &results);
  if (kVerifyPreCheck) verify_pre_check(verdict, valid, kind, file, doc);
  if (valid) return;
  std::vector<RawError> raw;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) raw.push_back({std::move(e.context), std::move(e.description)});
  translate_errors({doc, it->second.document, kind, file, record_id}, raw, out);
}

}  // namespace kb::schema
