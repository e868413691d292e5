#include "cli/kb_paths.h"

#include <system_error>

namespace kb::cli {
namespace fs = std::filesystem;

namespace {

/// The nearest directory at or above `start` holding kb.yaml, lexically (so the display
/// stays relative when the user typed a relative path). Empty when there is none.
fs::path find_kb_root(fs::path start) {
  std::error_code ec;
  fs::path p = start.lexically_normal();
  if (p.empty()) p = ".";
  for (int depth = 0; depth < 64; ++depth) {
    if (fs::is_regular_file(p / "kb.yaml", ec)) return p;
    fs::path canon = fs::weakly_canonical(p, ec);
    if (ec || canon == canon.root_path()) break;
    p = (p / "..").lexically_normal();
  }
  return {};
}

std::string display_of(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  if (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

}  // namespace

std::string resolve_kb(const std::vector<std::string>& paths, KbSelection& out) {
  std::vector<std::string> args = paths.empty() ? std::vector<std::string>{"kb"} : paths;
  bool first = true;
  for (const auto& arg : args) {
    std::error_code ec;
    fs::path p(arg);
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st))
      return "cannot read '" + arg + "': no such file or directory (give a KB directory, e.g. kb)";
    bool is_dir = fs::is_directory(st);
    fs::path root = find_kb_root(is_dir ? p : p.parent_path());
    if (root.empty()) {
      if (!is_dir) return "'" + arg + "' is not inside a KB: no kb.yaml in any directory above it";
      root = p;  // a KB without a manifest: KB1003 reports it
    }
    std::string root_display = display_of(root);
    if (!first && fs::weakly_canonical(root, ec) != fs::weakly_canonical(out.root, ec))
      return "'" + arg + "' belongs to another KB than '" + args.front() +
             "'; run kbcheck once per KB";
    if (first) {
      out.root = root;
      out.root_display = root_display;
      out.whole_kb = false;
      first = false;
    }
    std::string shown = display_of(p);
    if (is_dir && fs::weakly_canonical(p, ec) == fs::weakly_canonical(root, ec)) out.whole_kb = true;
    else out.selected.push_back(shown);
  }
  return {};
}

bool is_selected(const KbSelection& sel, const std::string& display) {
  if (sel.whole_kb) return true;
  for (const auto& s : sel.selected)
    if (display == s || (display.size() > s.size() && display.starts_with(s) && display[s.size()] == '/'))
      return true;
  return false;
}

}  // namespace kb::cli
