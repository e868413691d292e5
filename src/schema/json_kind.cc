// The JSON type of a YAML node (json_kind.h).
#include "schema/json_kind.h"

#include <cstdlib>
#include <string>

namespace kb::schema {
namespace {

bool names_infinity_or_nan(const std::string& t) {
  for (const char* s : {"inf", "Inf", "INF", "nan", "NaN", "NAN"})
    if (t.find(s) != std::string::npos) return true;
  return false;
}

}  // namespace

JsonKind json_kind(const yaml::Node& n) {
  switch (n.kind) {
    case yaml::NodeKind::kNull: return JsonKind::kNull;
    case yaml::NodeKind::kSequence: return JsonKind::kArray;
    case yaml::NodeKind::kMapping: return JsonKind::kObject;
    case yaml::NodeKind::kScalar: break;
  }
  switch (n.scalar_type()) {
    case yaml::ScalarType::kNull: return JsonKind::kNull;
    case yaml::ScalarType::kBool: return JsonKind::kBool;
    case yaml::ScalarType::kInt: return yaml::core_int_value(n.text) ? JsonKind::kInt : JsonKind::kDouble;
    case yaml::ScalarType::kFloat: return names_infinity_or_nan(n.text) ? JsonKind::kString : JsonKind::kDouble;
    case yaml::ScalarType::kString: break;
  }
  return JsonKind::kString;
}

double number_value(const yaml::Node& n, JsonKind k) {
  if (k == JsonKind::kInt) return static_cast<double>(*yaml::core_int_value(n.text));
  return std::strtod(n.text.c_str(), nullptr);
}

}  // namespace kb::schema
