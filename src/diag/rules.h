#pragma once
/// \file
/// The rule registry: every rule id kbcheck can report, in one table. Each id has a
/// slug (used in JSON output and docs), a default severity, the phase that runs it, and
/// a one-line summary. docs/rules/<ID>.md documents each; a test enforces that.

#include <optional>
#include <span>
#include <string_view>

#include "diag/diagnostic.h"

namespace kb {

/// Which pass of the pipeline reports a rule.
enum class RulePhase { kLoad, kSchema, kRecord, kGraph };

/// One row of the registry.
struct RuleInfo {
  std::string_view id;    ///< "KB0103"
  std::string_view name;  ///< "invalid-enum-value"
  Severity severity;
  RulePhase phase;
  std::string_view summary;
};

/// All registered rules, ordered by id.
std::span<const RuleInfo> all_rules();

/// The registry row for `id`, or nothing for an unknown id.
const RuleInfo* find_rule(std::string_view id);

}  // namespace kb
