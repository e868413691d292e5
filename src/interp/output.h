#pragma once
/// \file
/// Writing the report: stdout, or a file replaced atomically.

#include <optional>
#include <string>

namespace kb::interp {

/// Writes `content` to `path` through a temporary file in the same directory and a
/// rename, so readers never see half a report. Refuses to replace an existing file
/// unless `force`. Returns an error message, or nothing on success.
std::optional<std::string> write_output(const std::string& path, const std::string& content, bool force);

}  // namespace kb::interp
