#pragma once
/// \file
/// Where something is in a file the user wrote: path as reached from the command line,
/// 1-based line and column. Line 0 means "the file as a whole".

#include <cstdint>
#include <string>

namespace kb {

/// A position in a source file. `line`/`column` are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
  friend auto operator<=>(const SourceLocation&, const SourceLocation&) = default;
};

/// A line and column inside a file whose path is known from context (compact).
struct Mark {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const Mark&, const Mark&) = default;
};

}  // namespace kb
