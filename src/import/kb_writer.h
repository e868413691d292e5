#pragma once
/// \file
/// Writes an ImportResult as a v1 KB directory, plus import-report.tsv, all or nothing.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "import/pharmgkb.h"

namespace kb::import {

/// Receives one rendered file (path relative to the KB, content); an error stops the run.
using FileSink = std::function<std::optional<std::string>(const std::string& rel, std::string_view content)>;

/// Renders every file of the KB and hands each to `sink` as soon as it is complete; the
/// evidence documents are `store`'s, for `result.kept`. Returns the first error.
std::optional<std::string> render_kb(const ImportResult& result, const ImportOptions& options,
                                     EvidenceStore& store, const FileSink& sink);

/// Every file of the KB as relative path -> content (deterministic, sorted), from
/// `result.evidence` (the in-memory API).
std::map<std::string, std::string> render_kb(const ImportResult& result, const ImportOptions& options);

/// One evidence record as a YAML document (without the leading `---`).
std::string render_evidence(const EvidenceOut& e);

/// The import report: one line per row that was skipped, split or annotated.
std::string render_report(const ImportResult& result);

/// Finishes or undoes what an interrupted earlier run left beside (or in) `out_dir`: its
/// staging directory `DIR.kbimport-tmp-PID` is removed; a kill between the two renames
/// that replace DIR (DIR moved to `DIR.kbimport-old-PID`, the complete new import not yet
/// in place) is finished, or undone when the new tree is incomplete. Leaves what a running
/// import holds. Appends one line per action to `notes`; returns an error when it cannot.
std::optional<std::string> recover_interrupted(const std::filesystem::path& out_dir,
                                               std::vector<std::string>& notes);

/// Refuses `out_dir` when it is not a directory, or is not empty and `force` is not set.
std::optional<std::string> check_target(const std::filesystem::path& out_dir, bool force);

/// A KB directory being written. Files go into a staging directory beside DIR
/// (`DIR.kbimport-tmp-PID`); commit() puts the complete tree in place with renames, so DIR
/// is either as it was or the whole new import: a new DIR is renamed into place; an
/// existing DIR gets the user's own files (all but those the previous import listed in
/// `.kbimport-files`) hard-linked into the staged tree, and is then replaced by it
/// (DIR -> `DIR.kbimport-old-PID`, staged -> DIR, the old tree removed). Destroying a
/// KbStage that was not committed removes the staging directory.
class KbStage {
 public:
  /// Checks `out_dir` (check_target) and creates the staging directory; nothing, with
  /// `error` set, when either fails.
  static std::unique_ptr<KbStage> open(const std::filesystem::path& out_dir, bool force, std::string& error);
  ~KbStage();
  KbStage(const KbStage&) = delete;
  KbStage& operator=(const KbStage&) = delete;

  /// Writes one file of the KB (path relative to it) into the staging directory.
  std::optional<std::string> put(const std::string& rel, std::string_view content);

  /// Writes the `.kbimport-files` listing and puts the staged tree in place. A user's file
  /// where the import writes (or where it needs a directory) stops it, DIR unchanged.
  std::optional<std::string> commit();

 private:
  KbStage(std::filesystem::path out, std::string display, std::filesystem::path staged, int lock_fd);
  std::optional<std::string> merge_user_files(const std::set<std::string>& old);
  std::optional<std::string> swap_in();

  std::filesystem::path out_;
  std::string display_;
  std::filesystem::path staged_;
  int lock_fd_ = -1;  ///< flock on the staging directory: a running import's mark
  std::set<std::string> rels_;
  bool committed_ = false;
};

/// Writes `files` with a KbStage (after recover_interrupted, whose notes are dropped).
/// Refuses a non-empty directory unless `force`; with `force`, replaces the files a
/// previous import listed in `.kbimport-files` and keeps everything else. Returns an
/// error message, or nothing on success.
std::optional<std::string> write_kb(const std::map<std::string, std::string>& files,
                                    const std::filesystem::path& out_dir, bool force);

}  // namespace kb::import
