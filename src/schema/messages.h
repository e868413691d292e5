#pragma once
// Private to the schema module: turns valijson's errors into kbcheck diagnostics.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace kb::schema {

/// One error as valijson reports it: the instance path ("<root>", "[study]", "[0]"...)
/// and its description.
struct RawError {
  std::vector<std::string> context;
  std::string description;
};

/// Where a schema error is being reported: the document, its kind and file.
struct ErrorScope {
  const yaml::Node& doc;
  const nlohmann::json& schema;  ///< the kind's schema document
  std::string_view kind;
  const std::string& file;
  const std::string& record_id;
};

/// Converts valijson's raw errors to diagnostics: drops the summaries valijson adds
/// above each leaf error and those under an anyOf, and words the rest for curators.
void translate_errors(const ErrorScope& scope, const std::vector<RawError>& errors,
                      std::vector<Diagnostic>& out);

}  // namespace kb::schema
