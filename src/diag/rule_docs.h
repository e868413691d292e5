#pragma once
/// \file
/// The documentation page of each rule (docs/rules/<ID>.md), compiled into the binary so
/// `kbcheck explain` and SARIF's rule help work without the source tree.

#include <string_view>

namespace kb {

/// The Markdown page of rule `id` ("KB2001"), or empty when it has none.
std::string_view rule_doc(std::string_view id);

}  // namespace kb
