#pragma once
/// \file
/// The JSON value a YAML node stands for under the YAML 1.2 core schema, as kbcheck
/// validates it: one definition for the JSON copy valijson checks (validator.cc's
/// to_json) and for the pre-check that reads the node tree directly (fast_check), so the
/// two cannot drift apart.

#include <cstdint>

#include "yaml/node.h"

namespace kb::schema {

/// The JSON type of a node. Integers beyond 64 bits are doubles; `.inf` and `.nan`,
/// which JSON cannot hold, are strings.
enum class JsonKind : std::uint8_t { kNull, kBool, kInt, kDouble, kString, kArray, kObject };

/// The JSON type `n` is validated as.
JsonKind json_kind(const yaml::Node& n);

/// The value of a kInt or kDouble node, as a double (what valijson compares).
double number_value(const yaml::Node& n, JsonKind k);

}  // namespace kb::schema
