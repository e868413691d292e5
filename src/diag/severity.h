#pragma once
/// \file
/// How bad a finding is.

#include <string_view>

namespace kb {

/// How bad a finding is. Ordered: info < warning < error.
enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

/// "error", "warning" or "info".
std::string_view severity_name(Severity s);

}  // namespace kb
