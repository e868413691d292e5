#pragma once
/// \file
/// Writing the report: stdout, or a file replaced atomically.

#include <optional>
#include <string>

namespace kb::interp {

/// Writes `content` to `path` through a temporary file in the same directory and a
/// rename, so readers never see half a report (kb::write_file). Refuses to replace an
/// existing file unless `force`, atomically (no check-then-write race). A new report has
/// mode 0666 less the umask; a replaced one keeps its mode. Returns an error message, or
/// nothing on success.
std::optional<std::string> write_output(const std::string& path, const std::string& content, bool force);

}  // namespace kb::interp
