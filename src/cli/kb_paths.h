#pragma once
/// \file
/// Resolving command-line PATHs to a KB root and the files selected inside it.

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace kb::cli {

/// The KB a command works on and what the user selected inside it.
struct KbSelection {
  std::filesystem::path root;   ///< directory holding kb.yaml (or the directory given)
  std::string root_display;     ///< root as the user would write it ("kb", "../kb")
  bool whole_kb = true;         ///< false: only `selected` files (and dirs) were named
  std::vector<std::string> selected;  ///< display prefixes of named files/directories
};

/// Finds the KB of `paths`. Returns an error message (exit 2) or an empty string.
std::string resolve_kb(const std::vector<std::string>& paths, KbSelection& out);

/// True when `display` (a file's display path) is inside the selection.
bool is_selected(const KbSelection& sel, const std::string& display);

}  // namespace kb::cli
