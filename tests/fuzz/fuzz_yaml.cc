// libFuzzer target: YAML loading, schema validation, per-record rules and model
// construction on arbitrary bytes — the path every file of an untrusted PR takes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/from_yaml.h"
#include "rules/record_rules.h"
#include "schema/validator.h"
#include "yaml/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static auto schemas = kb::schema::SchemaSet::embedded();
  static kb::schema::Validator validator(*schemas);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<kb::Diagnostic> diags;
  kb::yaml::LoadLimits limits;
  limits.max_nodes = 100000;
  auto loaded = kb::yaml::load_yaml(text, "fuzz.yaml", limits, diags);
  kb::model::RecordSet records;
  std::string file = "fuzz.yaml";
  for (const auto& doc : loaded.documents) {
    if (!doc.root.is_map()) continue;
    const kb::yaml::Node* kind = doc.root.find("kind");
    if (!kind || !kind->is_scalar() || !kb::model::is_known_kind(kind->text)) continue;
    std::string id;
    validator.validate(doc.root, kind->text, file, id, diags);
    kb::rules::check_record({doc.root, kind->text, file, id, diags});
    kb::model::add_record(doc.root, kind->text, 0, records);
  }
  return 0;
}
