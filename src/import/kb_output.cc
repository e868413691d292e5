// Writing an imported KB all or nothing: the whole tree is staged in a temporary
// directory and replaces (or joins) the target only once every file is written, so a
// failed run or --force never leaves a half-written KB (docs/import-pharmgkb.md).
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

#include "import/kb_writer.h"
#include "support/files.h"

namespace kb::import {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kFileList = ".kbimport-files";
// An import is written whole into "<out>.kbimport-tmp-<pid>" first; a replaced previous
// import waits in "<out>.kbimport-old-<pid>" until the new one is in place.
constexpr std::string_view kStagingTag = ".kbimport-tmp-";
constexpr std::string_view kOldTag = ".kbimport-old-";

/// `out` made absolute, without "." and ".." parts or a trailing separator, so that
/// sibling() really names something beside it.
fs::path clean_target(const fs::path& out) {
  std::error_code ec;
  fs::path p = fs::absolute(out, ec);
  if (ec) p = out;
  p = p.lexically_normal();
  if (!p.has_filename() && p != p.root_path()) p = p.parent_path();
  return p;
}

/// Name of this process's staging directory inside the target: ".kbimport-tmp-<pid>".
std::string staging_name() { return std::string(kStagingTag) + std::to_string(::getpid()); }

/// "<out><tag><pid>", in the directory that holds `out`, so renames stay on one file system.
fs::path sibling(const fs::path& out, std::string_view tag) {
  return out.parent_path() / (out.filename().string() + std::string(tag) + std::to_string(::getpid()));
}

/// The files a previous import listed in `dir`; entries that could reach outside are dropped.
std::set<std::string> read_listing(const fs::path& dir) {
  std::set<std::string> out;
  std::ifstream list(dir / kFileList);
  for (std::string rel; std::getline(list, rel);) {
    fs::path p(rel);
    if (rel.empty() || p.is_absolute() || rel.find("..") != std::string::npos) continue;
    out.insert(rel);
  }
  return out;
}

/// The `.kbimport-files` text: one relative path a line.
std::string listing_text(const std::set<std::string>& rels) {
  std::string out;
  for (const auto& rel : rels) out += rel + '\n';
  return out;
}

/// True when `dir` has a listing and holds nothing but the files it lists (and
/// directories): the guard that lets a whole directory be replaced and removed.
bool holds_only_previous_import(const fs::path& dir, const std::set<std::string>& listed) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(dir / kFileList, ec))) return false;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) continue;
    std::string rel = it->path().lexically_relative(dir).generic_string();
    if (rel != kFileList && !listed.count(rel)) return false;
  }
  return !ec;
}

/// Whether `dir` is on its parent's file system (not a mount point), so it can be renamed.
bool same_device_as_parent(const fs::path& dir) {
  struct stat a {}, b {};
  return ::stat(dir.c_str(), &a) == 0 && ::stat(dir.parent_path().c_str(), &b) == 0 &&
         a.st_dev == b.st_dev;
}

/// Something below `out` that would stop a new file from being placed (a file where a
/// directory must go, a directory where a file must go); nothing when all can be placed.
std::optional<std::string> find_blocker(const std::set<std::string>& rels, const fs::path& out) {
  std::error_code ec;
  for (const auto& rel : rels) {
    fs::path p = out, r(rel);
    for (auto part = r.begin(); part != r.end(); ++part) {
      p /= *part;
      if (!fs::exists(fs::symlink_status(p, ec))) break;
      bool last = std::next(part) == r.end();
      if (last ? fs::is_directory(p, ec) : !fs::is_directory(p, ec))
        return p.string() + (last ? " is a directory" : " is not a directory") + ", so " + rel +
               " cannot be written";
    }
  }
  return std::nullopt;
}

/// Creates the (new, empty) staging directory `dir`; an empty path and `error` if it cannot.
fs::path make_staging(const fs::path& dir, std::string& error) {
  std::error_code ec;
  if (fs::create_directory(dir, ec)) return dir;
  error = "cannot create " + dir.string() + ": " +
          (ec ? ec.message() : "it exists (left by an interrupted import? remove it)");
  return {};
}

/// Writes every file, then the listing, below `dir`.
std::optional<std::string> stage(const std::map<std::string, std::string>& files, const fs::path& dir) {
  std::error_code ec;
  std::set<std::string> rels;
  for (const auto& [rel, content] : files) {
    fs::path p = dir / rel;
    fs::create_directories(p.parent_path(), ec);
    if (ec) return "cannot create " + p.parent_path().string() + ": " + ec.message();
    if (auto err = write_file_atomic(p, content)) return err;
    rels.insert(rel);
  }
  return write_file_atomic(dir / kFileList, listing_text(rels));
}

/// Moves the complete staged tree to `out`, which does not exist.
std::optional<std::string> rename_in(const fs::path& staged, const fs::path& out) {
  std::error_code ec;
  fs::rename(staged, out, ec);
  if (ec) return "cannot move " + staged.string() + " to " + out.string() + ": " + ec.message();
  sync_directory(out.parent_path());
  return std::nullopt;
}

/// What swap_in did: replaced `out`, left it unchanged (done false, no error), or failed.
struct Commit {
  bool done = false;
  std::string error;
};

/// Replaces `out`, a previous import only, by the complete staged tree: the old tree moves
/// aside and is removed only once the new one is in place.
Commit swap_in(const fs::path& staged, const fs::path& out) {
  std::error_code ec;
  fs::path old = sibling(out, kOldTag);
  if (fs::exists(fs::symlink_status(old, ec))) return {};
  if (auto st = fs::status(out, ec); !ec) fs::permissions(staged, st.permissions(), ec);  // keep the mode
  fs::rename(out, old, ec);
  if (ec) return {};
  fs::rename(staged, out, ec);
  if (ec) {
    fs::rename(old, out, ec);
    if (!ec) return {};
    return {false, "cannot move " + staged.string() + " to " + out.string() + "; the previous import is in " +
                       old.string()};
  }
  sync_directory(out.parent_path());
  fs::remove_all(old, ec);
  if (ec)
    return {true, "the import is in " + out.string() + ", but the previous one could not be removed from " +
                      old.string() + ": " + ec.message()};
  return {true, ""};
}

/// Moves the staged files into `out` one by one and removes the previous import's other
/// files, keeping the user's own. While files move the listing names the old and the new
/// files, so an interrupted run leaves nothing a later --force cannot remove.
std::optional<std::string> merge_in(const fs::path& staged, const fs::path& out,
                                    const std::set<std::string>& rels, const std::set<std::string>& old) {
  std::set<std::string> both = old;
  both.insert(rels.begin(), rels.end());
  if (auto err = write_file_atomic(out / kFileList, listing_text(both))) return err;
  std::error_code ec;
  std::set<fs::path> dirs{out};
  for (const auto& rel : rels) {
    fs::path to = out / rel;
    fs::create_directories(to.parent_path(), ec);
    if (!ec) fs::rename(staged / rel, to, ec);
    if (ec) return "cannot move " + rel + " into " + out.string() + ": " + ec.message();
    dirs.insert(to.parent_path());
  }
  for (const auto& rel : old)
    if (!rels.count(rel)) fs::remove(out / rel, ec);
  for (const auto& d : dirs) sync_directory(d);
  fs::rename(staged / kFileList, out / kFileList, ec);
  if (ec) return "cannot move the file list into " + out.string() + ": " + ec.message();
  sync_directory(out);
  return std::nullopt;
}

/// Writes a new KB directory `out`: staged beside it, then moved into place in one rename.
std::optional<std::string> write_new(const std::map<std::string, std::string>& files, const fs::path& out) {
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) return "cannot create " + out.parent_path().string() + ": " + ec.message();
  std::string error;
  fs::path staged = make_staging(sibling(out, kStagingTag), error);
  if (staged.empty()) return error;
  auto result = stage(files, staged);
  if (!result) result = rename_in(staged, out);
  fs::remove_all(staged, ec);  // a failed run leaves nothing behind
  return result;
}

/// Puts the staged tree in place of, or into, the existing directory `out`.
std::optional<std::string> commit_existing(const fs::path& staged, const fs::path& out, bool whole,
                                           const std::set<std::string>& rels,
                                           const std::set<std::string>& old) {
  if (whole) {
    Commit c = swap_in(staged, out);
    if (!c.error.empty()) return c.error;
    if (c.done) return std::nullopt;
  }
  // Not swapped (the user's files are there, a mount point, a move refused): `out` is as it was.
  return merge_in(staged, out, rels, old);
}

/// Writes into the existing directory `out` (empty, or --force was given): the whole KB is
/// staged first, and `out` changes only once every file is written.
std::optional<std::string> write_existing(const std::map<std::string, std::string>& files,
                                          const std::set<std::string>& rels, const fs::path& out) {
  std::error_code ec;
  std::set<std::string> old = read_listing(out);
  // A directory holding a previous import and nothing else is swapped whole, which needs the
  // staging directory beside it on the same file system; otherwise stage inside `out`.
  bool whole = holds_only_previous_import(out, old) && !fs::is_symlink(fs::symlink_status(out, ec)) &&
               same_device_as_parent(out);
  std::string error;
  fs::path staged;
  if (whole) staged = make_staging(sibling(out, kStagingTag), error);
  if (staged.empty()) whole = false, staged = make_staging(out / staging_name(), error);
  if (staged.empty()) return error;
  auto result = stage(files, staged);
  if (!result) result = commit_existing(staged, out, whole, rels, old);
  fs::remove_all(staged, ec);  // a failed run leaves nothing behind
  return result;
}

}  // namespace

std::optional<std::string> write_kb(const std::map<std::string, std::string>& files,
                                    const fs::path& out_dir, bool force) {
  fs::path out = clean_target(out_dir);
  std::error_code ec;
  bool exists = fs::exists(fs::symlink_status(out, ec));
  if (exists && !fs::is_directory(out, ec)) return out_dir.string() + " exists and is not a directory";
  if (exists && !fs::is_empty(out, ec) && !force)
    return "output directory " + out_dir.string() + " is not empty; use --force to replace a previous import";
  std::set<std::string> rels;
  for (const auto& entry : files) rels.insert(entry.first);
  if (exists)
    if (auto blocker = find_blocker(rels, out)) return "cannot write into " + out_dir.string() + ": " + *blocker;
  return exists ? write_existing(files, rels, out) : write_new(files, out);
}

}  // namespace kb::import
