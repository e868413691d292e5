// valijson proven on the official JSON-Schema-Test-Suite, draft 7, for every keyword
// schema/*.schema.json uses. Skips when the suite (Debian: json-schema-test-suite) is absent.
#include <catch2/catch.hpp>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "schema/fast_check.h"

namespace fs = std::filesystem;

namespace {

const fs::path kSuite = "/usr/share/json-schema-test-suite/tests/draft7";

// Keywords our schemas use. ref.json is included for its local-ref cases; cases that
// need a remote document are skipped (kbcheck never fetches schemas).
const char* kKeywords[] = {"type", "enum", "const", "pattern", "minimum", "maximum",
                           "minLength", "minItems", "maxItems", "uniqueItems", "required",
                           "properties", "additionalProperties", "items", "anyOf",
                           "definitions", "ref"};

bool needs_remote(const nlohmann::json& schema) {
  std::string text = schema.dump();
  return text.find("http://localhost") != std::string::npos ||
         text.find("\"$id\"") != std::string::npos ||
         text.find("json-schema.org/draft-07/schema#\"}") != std::string::npos;
}

}  // namespace

TEST_CASE("valijson passes the JSON-Schema-Test-Suite for our keywords", "[schema][suite]") {
  if (!fs::exists(kSuite)) {
    WARN("json-schema-test-suite not installed (tools/setup installs it): skipped");
    return;
  }
  int cases = 0, skipped = 0;
  for (const char* kw : kKeywords) {
    fs::path file = kSuite / (std::string(kw) + ".json");
    REQUIRE(fs::exists(file));
    std::ifstream in(file);
    auto groups = nlohmann::json::parse(in);
    for (const auto& group : groups) {
      if (needs_remote(group["schema"])) {
        ++skipped;
        continue;
      }
      valijson::Schema schema;
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      valijson::adapters::NlohmannJsonAdapter schema_adapter(group["schema"]);
      try {
        parser.populateSchema(schema_adapter, schema);
      } catch (const std::exception& e) {
        FAIL(kw << ": " << group["description"] << ": schema not accepted: " << e.what());
      }
      for (const auto& test : group["tests"]) {
        valijson::Validator validator;
        valijson::adapters::NlohmannJsonAdapter data(test["data"]);
        bool valid = validator.validate(schema, data, nullptr);
        INFO(kw << ": " << group["description"] << " / " << test["description"]);
        CHECK(valid == test["valid"].get<bool>());
        ++cases;
      }
    }
  }
  INFO("cases run: " << cases << ", groups skipped (remote refs): " << skipped);
  CHECK(cases > 200);  // 211 with the Debian 12 suite
}

namespace {

/// The YAML node a JSON value is read from (strings quoted, numbers and booleans plain),
/// so the pre-check sees what kbcheck's to_json turns back into `v`.
kb::yaml::Node node_of(const nlohmann::json& v) {
  kb::yaml::Node n;
  if (v.is_null()) return n;
  if (v.is_array()) {
    n.kind = kb::yaml::NodeKind::kSequence;
    for (const auto& item : v) n.items.push_back(node_of(item));
  } else if (v.is_object()) {
    n.kind = kb::yaml::NodeKind::kMapping;
    for (const auto& [key, value] : v.items()) {
      kb::yaml::Member m;
      m.key.kind = kb::yaml::NodeKind::kScalar;
      m.key.quoted = true;
      m.key.text = key;
      m.value = node_of(value);
      n.members.push_back(std::move(m));
    }
  } else {
    n.kind = kb::yaml::NodeKind::kScalar;
    n.quoted = v.is_string();
    n.text = v.is_string() ? v.get<std::string>() : v.dump();
  }
  return n;
}

}  // namespace

// The pre-check (schema/fast_check.h) may only say "valid" where valijson finds no error
// and "invalid" where it finds one; "unknown" is always allowed. valijson is the oracle.
TEST_CASE("the schema pre-check agrees with valijson on the test suite", "[schema][suite]") {
  if (!fs::exists(kSuite)) {
    WARN("json-schema-test-suite not installed (tools/setup installs it): skipped");
    return;
  }
  int decided = 0, cases = 0;
  for (const char* kw : kKeywords) {
    std::ifstream in(kSuite / (std::string(kw) + ".json"));
    for (const auto& group : nlohmann::json::parse(in)) {
      if (needs_remote(group["schema"])) continue;
      valijson::Schema schema;
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      valijson::adapters::NlohmannJsonAdapter schema_adapter(group["schema"]);
      parser.populateSchema(schema_adapter, schema);
      kb::schema::FastSchema fast(group["schema"]);
      for (const auto& test : group["tests"]) {
        if (test["data"].dump().find("e+") != std::string::npos) continue;  // 1e+308: no YAML twin
        valijson::Validator validator(valijson::Validator::kStrongTypes);
        valijson::adapters::NlohmannJsonAdapter data(test["data"]);
        bool valid = validator.validate(schema, data, nullptr);
        auto verdict = fast.check(node_of(test["data"]));
        INFO(kw << ": " << group["description"] << " / " << test["description"]);
        if (verdict == kb::schema::Verdict::kValid) CHECK(valid);
        if (verdict == kb::schema::Verdict::kInvalid) CHECK_FALSE(valid);
        decided += verdict != kb::schema::Verdict::kUnknown;
        ++cases;
      }
    }
  }
  INFO("cases: " << cases << ", decided by the pre-check: " << decided);
  CHECK(decided > cases / 2);
}
