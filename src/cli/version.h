#pragma once
/// \file
/// kbcheck's version, from CMake's project() version.

namespace kb::cli {
inline constexpr const char* kVersion = KBCHECK_VERSION;
}  // namespace kb::cli
