#pragma once
/// \file
/// A fast, conservative pre-check of records against a draft-07 schema, evaluated on the
/// YAML node tree directly. It answers kValid or kInvalid only where valijson (with the
/// strong types kbcheck uses, on the JSON value validator.cc's to_json makes) would
/// certainly agree, and kUnknown otherwise: subschemas with a keyword outside the
/// modelled subset, values whose JSON form is ambiguous (NUL bytes, infinities), failed
/// length or range checks. A kValid record needs no valijson run (it would report
/// nothing); anything else goes through valijson as before, so findings never change.

#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "yaml/node.h"

namespace kb::schema {

/// What the pre-check says of a value: kUnknown leaves it to valijson.
enum class Verdict : std::uint8_t { kValid, kInvalid, kUnknown };

/// One schema compiled for the pre-check. Immutable once built; shared by threads.
class FastSchema {
 public:
  /// Compiles `root` (a whole schema document, for local `$ref`s).
  explicit FastSchema(const nlohmann::json& root);
  ~FastSchema();
  FastSchema(const FastSchema&) = delete;
  FastSchema& operator=(const FastSchema&) = delete;

  /// The verdict on `doc`.
  Verdict check(const yaml::Node& doc) const;

  struct Sub;

 private:
  std::uint32_t compile(const nlohmann::json& root, const nlohmann::json& s, int depth);
  /// A keyword on the value itself (type, enum, lengths...); false when not modelled.
  bool compile_value_keyword(const std::string& key, const nlohmann::json& v, Sub& out);
  /// A keyword with subschemas (properties, items, combinators, $ref); false likewise.
  bool compile_sub_keyword(const nlohmann::json& root, const nlohmann::json& s,
                           const std::string& key, const nlohmann::json& v, int depth, Sub& out);
  static void index_required(Sub& s);
  Verdict check(std::uint32_t sub, const yaml::Node& n) const;
  Verdict check_object(const Sub& s, const yaml::Node& n) const;
  Verdict check_array(const Sub& s, const yaml::Node& n) const;
  Verdict check_scalar(const Sub& s, const yaml::Node& n) const;
  Verdict check_combinators(const Sub& s, const yaml::Node& n) const;

  std::vector<Sub> subs_;
  std::vector<std::regex> patterns_;
  std::unordered_map<const void*, std::uint32_t> compiled_;  ///< schema node -> sub (build only)
};

}  // namespace kb::schema
