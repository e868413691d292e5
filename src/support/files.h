#pragma once
/// \file
/// File-system helpers: reading whole files, finding a KB's files. Atomic writes are in
/// support/atomic_write.h (included here).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/atomic_write.h"  // write_file_atomic, sync_directory

namespace kb {

/// Result of reading a file: its bytes, or a human-readable reason it could not be read.
struct ReadResult {
  std::string content;
  std::string error;  ///< empty on success
  bool too_large = false;  ///< refused for its size (an input limit, not an I/O failure)
  bool ok() const { return error.empty(); }
};

/// Reads a whole file, to its end whatever size fstat reports. Files larger than
/// `max_bytes` are refused (error set, too_large); so are files that are not regular.
ReadResult read_file(const std::filesystem::path& path, std::size_t max_bytes);

/// A file found under a KB directory, with the path as the user will see it.
struct FoundFile {
  std::string display;  ///< path as reached from the command-line argument
  std::filesystem::path path;
  std::uintmax_t size = 0;  ///< bytes when walked (0 if unknown); used to schedule work
};

/// A problem met while walking a KB tree (unreadable directory, symlink loop...).
struct WalkProblem {
  std::string display;
  std::string message;
};

/// Lists every `*.yaml`/`*.yml` file below `root` in a stable (sorted) order, following
/// directory symlinks once (loops are reported, not followed). Skips `citations/`.
/// Symlinks (to files or directories) whose real path lies outside `root` are reported
/// as problems naming the link, and never read or walked.
std::vector<FoundFile> find_yaml_files(const std::filesystem::path& root,
                                       const std::string& display_root,
                                       std::vector<WalkProblem>& problems);

/// Whether the real path of `path` (all symlinks resolved) is `root`'s or below it;
/// false when either cannot be resolved.
bool is_inside_real(const std::filesystem::path& path, const std::filesystem::path& root);

/// Joins a display root and a relative path the way the user typed the root.
std::string display_join(const std::string& root, const std::filesystem::path& rel);

}  // namespace kb
