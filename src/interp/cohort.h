#pragma once
/// \file
/// Cohorts (--all-samples, --samples FILE): the sample list, file-safe report names,
/// DIR/cohort.tsv and writing the output directory as a whole (docs/cohorts.md).

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "interp/interpret.h"

namespace kb::interp {

/// Reads a --samples file: one name a line (a trailing CR is dropped, blank lines are
/// skipped; a name is the whole line, spaces included). Throws InputError for an
/// unreadable or empty file and for a name given twice (naming both lines).
std::vector<std::string> read_sample_list(const std::string& path);

/// Throws InputError when the file's header names a sample twice (the reports of the
/// two columns could not be told apart).
void check_unique(const std::vector<std::string>& samples, const std::string& vcf_path);

/// File names for the samples' reports, without extension: unsafe characters become
/// "_", a leading "." becomes "_", and names that clash (ignoring case, for
/// case-insensitive file systems, and with "cohort" and "summary") get "~2", "~3"...
std::vector<std::string> report_names(const std::vector<std::string>& samples);

/// DIR/cohort.tsv: sample, drug, evidence, variant, genotype, phenotype, direction,
/// level; one row per (sample, match), and a row with empty match columns for a sample
/// without any match. Cells go through tsv_cell.
std::string render_cohort_tsv(const std::vector<Report>& reports);

/// DIR/summary.html: per drug and evidence record, how many samples match, with a bar
/// chart in inline CSS; self-contained.
std::string render_cohort_summary(const std::vector<Report>& reports);

/// The output directory of a cohort, written all or nothing: files go into a staging
/// sibling `.NAME.cohort-tmpPID`, and commit() renames it into place in one step. An
/// existing `dir` is refused unless `force` (then the old directory is swapped out
/// atomically and removed). Staging directories of dead processes are removed when one
/// is created; a StagedDir destroyed without commit() removes its staging directory, and
/// so does SIGINT, SIGTERM or SIGHUP (install_interrupt_cleanup) while it is open.
class StagedDir {
 public:
  StagedDir() = default;
  StagedDir(const StagedDir&) = delete;
  StagedDir& operator=(const StagedDir&) = delete;
  ~StagedDir();
  /// Creates the staging directory; an error message on failure.
  std::optional<std::string> open(const std::string& dir, bool force);
  /// Writes a new file `name` into the staging directory.
  std::optional<std::string> add(const std::string& name, const std::string& content);
  /// Makes the directory visible as `dir`.
  std::optional<std::string> commit();

 private:
  std::string dir_;
  std::filesystem::path parent_, stage_, target_;
  bool force_ = false, open_ = false;
  int cleanup_slot_ = -1;  ///< the staging directory's interrupt-cleanup registration
};

/// The check StagedDir::open makes before anything is read: an error when `dir`
/// exists (and is not replaceable with --force) or its parent is missing.
std::optional<std::string> check_cohort_dir(const std::string& dir, bool force);

}  // namespace kb::interp
