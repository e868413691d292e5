#pragma once
/// \file
/// `--baseline FILE` / `--write-baseline FILE`: the findings a KB already had when it
/// adopted kbcheck, so a gate fails only on new ones (docs/cli.md, "Baselines").
///
/// On disk (JSON, written atomically, one finding a line so a diff reads well):
///
/// ```json
/// {"kbcheck_baseline": 1, "tool": {"name": "kbcheck", "version": "0.1.0"},
///  "findings": [
///   {"rule": "KB2001", "record": "EV0012", "related": ["EV0001"],
///    "fingerprint": "1f0c6a9e2b7d4c3a", "file": "kb/evidence/EV0012.yaml", "message": "..."}
///  ]}
/// ```
///
/// `kbcheck_baseline` is the format version (1). A finding matches an entry when rule
/// and fingerprint agree. The fingerprint hashes the rule and, for a finding with
/// related records, the sorted set of its record ids (which side is primary depends on
/// file order); for any other finding, the record id and the message, plus the
/// KB-relative file when there is no record. Never a line number or a record's file
/// name, so line moves and renames keep it.
/// `record`, `related`, `file` and `message` are there for people and for the "fixed"
/// report. Each entry matches at most one finding.

#include <filesystem>
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace kb::cli {

/// The format version this kbcheck reads and writes.
inline constexpr int kBaselineVersion = 1;

struct BaselineEntry {
  std::string rule, record, fingerprint, file, message;
  std::vector<std::string> related;
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

/// The fingerprint of `d` (16 hex digits); `kb_root` is the KB root's display path.
std::string baseline_fingerprint(const Diagnostic& d, const std::string& kb_root);

/// Reads FILE into `out`. Returns an error message naming the file and what to do
/// (missing, unreadable, not JSON, wrong version, malformed entry), or "".
std::string load_baseline(const std::filesystem::path& file, Baseline& out);

/// The baseline of `findings` (every one of them, in their order).
Baseline make_baseline(const std::vector<Diagnostic>& findings, const std::string& kb_root);

/// The file's text for `b`.
std::string baseline_text(const Baseline& b, const std::string& tool_version);

/// What applying a baseline to a run's findings gave.
struct BaselineMatch {
  std::vector<char> suppressed;   ///< per finding: 1 when an entry matched it
  std::vector<Diagnostic> fixed;  ///< one KB5001 info per entry that matched nothing
};

/// Matches `findings` against `b` (loaded from `display`, which the fixed infos name).
BaselineMatch match_baseline(const Baseline& b, const std::string& display,
                             const std::vector<Diagnostic>& findings, const std::string& kb_root);

}  // namespace kb::cli
