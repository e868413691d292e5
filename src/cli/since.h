#pragma once
/// \file
/// `kbcheck check --since REF`: the files git says changed between REF and the working
/// tree (committed, staged, unstaged and untracked), and the filter that keeps only the
/// findings touching one of them. git is run without a shell (argv exec), with fsmonitor
/// and external diff drivers off, so a KB checkout cannot make it run anything.

#include <filesystem>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "diag/diagnostic.h"

namespace kb::cli {

/// The files changed since a git revision, as absolute paths with the directories on the
/// way resolved (so a path reached through a symlinked directory compares equal).
class ChangedFiles {
 public:
  /// Asks git which files below the repository holding `kb_root` changed since `ref`.
  /// Returns an error message for exit 2 (git missing, not a git checkout, unknown REF)
  /// or "" on success.
  std::string load(const std::filesystem::path& kb_root, const std::string& ref);

  /// Adds `path` (relative to the repository's top level) as changed; for tests and load.
  void add(const std::filesystem::path& top, const std::string& relative);

  /// Whether the file a diagnostic names (its display path, relative to the current
  /// directory or absolute) is one of the changed files.
  bool contains(const std::string& display) const;

  /// Whether `d` touches a changed file: its location or any related note's.
  bool touches(const Diagnostic& d) const;

  std::size_t size() const { return paths_.size(); }

 private:
  std::unordered_set<std::string> paths_;
  mutable std::unordered_map<std::string, bool> seen_;  ///< display path -> contains
};

/// The resolved form of `p` used for comparisons: absolute, its parent directory
/// canonical (symlinks resolved), its last component kept as it is.
std::string comparable_path(const std::filesystem::path& p);

}  // namespace kb::cli
