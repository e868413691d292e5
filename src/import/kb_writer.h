#pragma once
/// \file
/// Writes an ImportResult as a v1 KB directory, plus import-report.tsv.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "import/pharmgkb.h"

namespace kb::import {

/// Every file of the KB as relative path -> content (deterministic, sorted).
std::map<std::string, std::string> render_kb(const ImportResult& result, const ImportOptions& options);

/// One evidence record as a YAML document (without the leading `---`).
std::string render_evidence(const EvidenceOut& e);

/// The import report: one line per row that was skipped, split or annotated.
std::string render_report(const ImportResult& result);

/// Writes the files, and the `.kbimport-files` listing, into `out_dir`. Refuses a non-empty
/// directory unless `force`; with `force`, replaces the files a previous import listed in
/// `.kbimport-files` and keeps everything else. All or nothing: the KB is staged completely
/// in a temporary directory first, and on failure `out_dir` is left as it was (and the
/// staging directory removed). Returns an error message, or nothing on success.
std::optional<std::string> write_kb(const std::map<std::string, std::string>& files,
                                    const std::filesystem::path& out_dir, bool force);

}  // namespace kb::import
