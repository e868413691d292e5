#pragma once
/// \file
/// The one diagnostic value type every module reports through.

#include <string>
#include <string_view>
#include <vector>

#include "diag/rules.h"
#include "diag/severity.h"
#include "support/source_location.h"

namespace kb {

/// A second location a diagnostic points at (the other record of a contradiction...).
struct RelatedNote {
  SourceLocation location;
  std::string record;  ///< id of the record there, may be empty
  std::string message;
};

/// One finding. `rule` is a registered id such as "KB0103"; the slug and the default
/// severity come from the registry (diag/rules.h).
struct Diagnostic {
  std::string rule;
  Severity severity = Severity::kError;
  SourceLocation location;
  std::string record;  ///< id of the record concerned, may be empty
  std::string message;
  std::vector<RelatedNote> related;
};

/// Stable order for output: file, line, column, rule, message.
bool diagnostic_less(const Diagnostic& a, const Diagnostic& b);

/// Longer messages and record ids are cut (at a UTF-8 boundary) by make_diagnostic.
inline constexpr std::size_t kMaxMessageBytes = 4096;

/// Makes a diagnostic with the registry's default severity for `rule`, a typed id
/// (Rule::kInvalidEnumValue, or "KB0103" checked at compile time): an unknown id does
/// not compile.
Diagnostic make_diagnostic(RuleId rule, SourceLocation where, std::string message,
                           std::string record = {});

}  // namespace kb
