// Writing an imported KB all or nothing: the whole tree is staged in a directory beside
// the target and replaces it (or becomes it) by renames only once every file is written,
// so a failed, interrupted or killed run never leaves a half-written KB; the next run
// finishes or undoes what a kill left (docs/import-pharmgkb.md).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "import/interrupt.h"
#include "import/kb_writer.h"
#include "import/test_hooks.h"
#include "support/files.h"

namespace kb::import {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kFileList = ".kbimport-files";
// An import is written whole into "<out>.kbimport-tmp-<pid>" first; a replaced previous
// import waits in "<out>.kbimport-old-<pid>" until the new one is in place. Releases
// before 0.2 staged inside the target, in "<out>/.kbimport-tmp-<pid>".
constexpr std::string_view kStagingTag = ".kbimport-tmp-";
constexpr std::string_view kOldTag = ".kbimport-old-";

/// `out` made absolute, without "." and ".." parts, a trailing separator or symlinks in
/// the part that exists, so that sibling() really names something beside the directory.
fs::path clean_target(const fs::path& out) {
  std::error_code ec;
  fs::path p = fs::absolute(out, ec);
  if (ec) p = out;
  p = p.lexically_normal();
  if (!p.has_filename() && p != p.root_path()) p = p.parent_path();
  fs::path real = fs::weakly_canonical(p, ec);
  return ec ? p : real;
}

/// "<out><tag><pid>", in the directory that holds `out`, so renames stay on one file system.
fs::path sibling(const fs::path& out, std::string_view tag, long pid) {
  return out.parent_path() / (out.filename().string() + std::string(tag) + std::to_string(pid));
}

/// The reason for the last failed call; EFBIG and ENOSPC say which limit and what to do.
std::string errno_text() { return kb::write_error_text(errno); }

/// True when a running import holds `dir` (its flock); false for a stale directory.
bool held_by_running_import(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return held;
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

/// Whether `dir` is on its parent's file system (not a mount point), so it can be renamed.
bool same_device_as_parent(const fs::path& dir) {
  struct stat a {}, b {};
  return ::stat(dir.c_str(), &a) == 0 && ::stat(dir.parent_path().c_str(), &b) == 0 &&
         a.st_dev == b.st_dev;
}

/// The number after `tag` when `name` is "<base><tag><digits>"; 0 otherwise.
long tagged_pid(const std::string& name, const std::string& base, std::string_view tag) {
  std::string prefix = base + std::string(tag);
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
  std::string digits = name.substr(prefix.size());
  if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stol(digits);
}

/// What an interrupted run `pid` left beside `out`: its staging and previous-import trees.
struct Leftover {
  fs::path staged, old;
};

std::map<long, Leftover> find_leftovers(const fs::path& out) {
  std::map<long, Leftover> found;
  std::error_code ec;
  std::string base = out.filename().string();
  for (const auto& e : fs::directory_iterator(out.parent_path(), ec)) {
    std::string name = e.path().filename().string();
    if (!e.is_directory(ec) || e.is_symlink(ec)) continue;
    if (long pid = tagged_pid(name, base, kStagingTag)) found[pid].staged = e.path();
    if (long pid = tagged_pid(name, base, kOldTag)) found[pid].old = e.path();
  }
  return found;
}

/// Finishes or undoes one interrupted run's renames; see recover_interrupted.
std::optional<std::string> recover_one(const fs::path& out, long pid, const Leftover& l,
                                       std::vector<std::string>& notes) {
  std::error_code ec;
  std::string who = " (kbimport process " + std::to_string(pid) + ")";
  bool out_exists = fs::exists(fs::symlink_status(out, ec));
  if (!l.old.empty() && !l.staged.empty() && out_exists)
    return "found " + l.staged.string() + " and " + l.old.string() + ", left by an interrupted import" + who +
           ", while " + out.string() + " exists: kbimport cannot tell which to keep; remove the ones you do not want";
  if (!l.old.empty() && !l.staged.empty()) {
    bool complete = fs::is_regular_file(l.staged / kFileList, ec);
    const fs::path& keep = complete ? l.staged : l.old;
    const fs::path& drop = complete ? l.old : l.staged;
    fs::rename(keep, out, ec);
    if (ec) return "cannot move " + keep.string() + " to " + out.string() + ": " + ec.message();
    sync_directory(out.parent_path());
    fs::remove_all(drop, ec);
    notes.push_back(out.string() + ": an import" + who + " was killed between its two renames; " +
                    (complete ? "finished it: the new import is in place and the previous one removed"
                              : "undid it: the previous import is back and the incomplete new one removed"));
    return std::nullopt;
  }
  if (!l.old.empty()) {
    if (out_exists) {
      fs::remove_all(l.old, ec);
      notes.push_back(out.string() + ": an import" + who +
                      " was killed after its renames; finished it: removed the previous import, " + l.old.string());
    } else {
      fs::rename(l.old, out, ec);
      if (ec) return "cannot move " + l.old.string() + " back to " + out.string() + ": " + ec.message();
      sync_directory(out.parent_path());
      notes.push_back(out.string() + ": an import" + who + " was interrupted; undid it: restored the previous import from " +
                      l.old.string());
    }
    return std::nullopt;
  }
  fs::remove_all(l.staged, ec);
  if (ec) return "cannot remove " + l.staged.string() + ", left by an interrupted import: " + ec.message();
  notes.push_back("removed " + l.staged.string() + ", the staging directory of an interrupted import" + who);
  return std::nullopt;
}

/// A conflict between a user's file and the import's layout, as an error message.
std::string in_the_way(const std::string& display, const std::string& rel, const std::set<std::string>& rels) {
  std::string theirs = rel;
  for (const auto& r : rels)
    if (r == rel || r.starts_with(rel + "/") || rel.starts_with(r + "/")) {
      theirs = r;
      break;
    }
  return "cannot write into " + display + ": " + (fs::path(display) / rel).string() +
         " is in the way of the import's " + theirs +
         " and is not a file of a previous import (.kbimport-files does not list it); move or rename it";
}

/// True when `dir` (relative) holds, at some depth, a file the previous import listed.
bool holds_listed(const std::string& dir, const std::set<std::string>& listed) {
  auto it = listed.lower_bound(dir + "/");
  return it != listed.end() && it->starts_with(dir + "/");
}

/// Writes a new file `path` (no temporary: the staging directory is not visible yet, and
/// commit() syncs it whole). An error message, or nothing.
std::optional<std::string> write_new_file(const fs::path& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return "cannot create " + path.string() + ": " + errno_text();
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = n < 0 ? errno_text() : "no space written";
      ::close(fd);
      return "cannot write " + path.string() + ": " + why;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return "cannot write " + path.string() + ": " + errno_text();
  return std::nullopt;
}

/// Makes everything written below `dir` durable: one syncfs(2) of its file system instead
/// of an fsync per file and directory (thousands for a large import).
std::optional<std::string> sync_tree(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return "cannot open " + dir.string() + ": " + errno_text();
  int rc = ::syncfs(fd);
  std::string why = rc != 0 ? errno_text() : "";
  ::close(fd);
  if (rc != 0) return "cannot sync " + dir.string() + " to disk: " + why;
  return std::nullopt;
}

/// Gives `to` the mode (and, for root, the owner) of `from`.
void copy_mode(const fs::path& from, const fs::path& to) {
  struct stat st {};
  if (::lstat(from.c_str(), &st) != 0) return;
  ::chmod(to.c_str(), st.st_mode & 07777);
  if (::geteuid() == 0) (void)::lchown(to.c_str(), st.st_uid, st.st_gid);
}

}  // namespace

std::optional<std::string> recover_interrupted(const fs::path& out_dir, std::vector<std::string>& notes) {
  fs::path out = clean_target(out_dir);
  for (const auto& [pid, left] : find_leftovers(out)) {
    if ((!left.staged.empty() && held_by_running_import(left.staged)) ||
        (!left.old.empty() && held_by_running_import(left.old)))
      continue;  // a run in progress
    if (auto err = recover_one(out, pid, left, notes)) return err;
  }
  // Staging directories inside the target, from releases before 0.2.
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out, ec)) {
    if (!tagged_pid(e.path().filename().string(), "", kStagingTag) || held_by_running_import(e.path())) continue;
    fs::remove_all(e.path(), ec);
    if (!ec) notes.push_back("removed " + e.path().string() + ", the staging directory of an interrupted import");
  }
  return std::nullopt;
}

std::optional<std::string> check_target(const fs::path& out_dir, bool force) {
  fs::path out = clean_target(out_dir);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(out, ec))) return std::nullopt;
  if (!fs::is_directory(out, ec)) return out_dir.string() + " exists and is not a directory";
  if (!fs::is_empty(out, ec) && !force)
    return "output directory " + out_dir.string() + " is not empty; use --force to replace a previous import";
  if (!same_device_as_parent(out))
    return "cannot write into " + out_dir.string() + ": it is a mount point, and kbimport replaces the directory "
           "as a whole by renaming it; import into a directory below it instead";
  return std::nullopt;
}

KbStage::KbStage(fs::path out, std::string display, fs::path staged, int lock_fd)
    : out_(std::move(out)), display_(std::move(display)), staged_(std::move(staged)), lock_fd_(lock_fd) {}

KbStage::~KbStage() {
  std::error_code ec;
  if (!committed_) fs::remove_all(staged_, ec);  // a failed run leaves nothing behind
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::unique_ptr<KbStage> KbStage::open(const fs::path& out_dir, bool force, std::string& error) {
  if (auto err = check_target(out_dir, force)) {
    error = *err;
    return nullptr;
  }
  fs::path out = clean_target(out_dir);
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) {
    error = "cannot create " + out.parent_path().string() + ": " + ec.message();
    return nullptr;
  }
  fs::path staged = sibling(out, kStagingTag, ::getpid());
  if (::mkdir(staged.c_str(), 0777) != 0) {
    error = "cannot create " + staged.string() + ": " + errno_text() +
            " (kbimport writes the new KB beside " + out_dir.string() +
            " and renames it into place, so it needs to write in the directory holding it)";
    return nullptr;
  }
  int fd = ::open(staged.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) (void)::flock(fd, LOCK_EX | LOCK_NB);
  return std::unique_ptr<KbStage>(new KbStage(out, out_dir.string(), staged, fd));
}

std::optional<std::string> KbStage::put(const std::string& rel, std::string_view content) {
  throw_if_interrupted();
  fs::path p = staged_ / rel;
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) return "cannot create " + p.parent_path().string() + ": " + ec.message();
  if (auto err = write_new_file(p, content)) return err;
  rels_.insert(rel);
  if (rels_.size() == 1 && fault_at("staged")) return "cannot write " + p.string() + ": injected failure";
  return std::nullopt;
}

std::optional<std::string> KbStage::merge_user_files(const std::set<std::string>& old) {
  std::error_code ec;
  std::vector<std::string> dirs;        // out's directories, parents first
  std::set<std::string> holding_user;   // directories with a file of the user's below them
  bool first = true;
  fs::recursive_directory_iterator it(out_, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string rel = it->path().lexically_relative(out_).generic_string();
    if (it.depth() == 0 && (rel == kFileList || tagged_pid(rel, "", kStagingTag))) {
      it.disable_recursion_pending();  // the listing is rewritten; old staging is dropped
      continue;
    }
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      dirs.push_back(rel);
      continue;
    }
    if (old.count(rel)) continue;  // the previous import's file: replaced or dropped
    if (rels_.count(rel)) return in_the_way(display_, rel, rels_);
    for (fs::path d = fs::path(rel).parent_path(); !d.empty(); d = d.parent_path())
      holding_user.insert(d.generic_string());
    fs::path to = staged_ / rel;
    fs::create_directories(to.parent_path(), ec);
    if (ec) return in_the_way(display_, rel, rels_);
    if (::link(it->path().c_str(), to.c_str()) != 0) {
      if (errno == EEXIST || errno == ENOTDIR) return in_the_way(display_, rel, rels_);
      if (!it->is_regular_file(ec) || !fs::copy_file(it->path(), to, ec))
        return "cannot link or copy " + it->path().string() + " into " + staged_.string() + ": " + errno_text();
      copy_mode(it->path(), to);
    }
    if (first && fault_at("link")) return "cannot link " + it->path().string() + ": injected failure";
    first = false;
  }
  if (ec) return "cannot read " + display_ + ": " + ec.message();
  for (const auto& rel : dirs) {
    fs::path to = staged_ / rel;
    // A directory the previous import made, with none of the user's files: dropped.
    if (!holding_user.count(rel) && holds_listed(rel, old) && !fs::exists(to, ec)) continue;
    if (!fs::is_directory(to, ec) && !fs::create_directories(to, ec)) return in_the_way(display_, rel, rels_);
  }
  for (auto d = dirs.rbegin(); d != dirs.rend(); ++d)
    if (fs::is_directory(staged_ / *d, ec)) copy_mode(out_ / *d, staged_ / *d);
  return std::nullopt;
}

std::optional<std::string> KbStage::swap_in() {
  std::error_code ec;
  fs::path old = sibling(out_, kOldTag, ::getpid());
  if (fs::exists(fs::symlink_status(old, ec))) return old.string() + " exists; remove it and run again";
  int old_fd = ::open(out_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);  // marks `old` as ours
  if (old_fd >= 0) (void)::flock(old_fd, LOCK_EX | LOCK_NB);
  fs::rename(out_, old, ec);
  if (ec) {
    if (old_fd >= 0) ::close(old_fd);
    return "cannot move " + display_ + " aside to " + old.string() + ": " + ec.message();
  }
  bool fail = fault_at("swap");
  if (!fail) fs::rename(staged_, out_, ec);
  if (fail || ec) {
    std::string why = fail ? "injected failure" : ec.message();
    fs::rename(old, out_, ec);
    if (old_fd >= 0) ::close(old_fd);
    if (ec) return "cannot move " + staged_.string() + " to " + display_ + " (" + why + "); the previous import is in " +
                   old.string() + " (the next run puts it back)";
    return "cannot move " + staged_.string() + " to " + display_ + ": " + why;
  }
  committed_ = true;
  sync_directory(out_.parent_path());
  (void)fault_at("cleanup");
  fs::remove_all(old, ec);
  if (old_fd >= 0) ::close(old_fd);
  if (ec)
    return "the import is in " + display_ + ", but the previous one could not be removed from " + old.string() + ": " +
           ec.message();
  return std::nullopt;
}

std::optional<std::string> KbStage::commit() {
  throw_if_interrupted();
  std::error_code ec;
  bool exists = fs::exists(fs::symlink_status(out_, ec));
  if (exists)
    if (auto err = merge_user_files(read_listing(out_))) return err;
  if (auto err = write_new_file(staged_ / kFileList, listing_text(rels_))) return err;
  if (auto err = sync_tree(staged_)) return err;
  throw_if_interrupted();  // the last point at which the run still unwinds
  if (!exists) {
    fs::rename(staged_, out_, ec);
    if (ec) return "cannot move " + staged_.string() + " to " + display_ + ": " + ec.message();
    committed_ = true;
    sync_directory(out_.parent_path());
    return std::nullopt;
  }
  copy_mode(out_, staged_);
  return swap_in();
}

std::optional<std::string> write_kb(const std::map<std::string, std::string>& files, const fs::path& out_dir,
                                    bool force) {
  std::vector<std::string> notes;
  if (auto err = recover_interrupted(out_dir, notes)) return err;
  std::string error;
  auto stage = KbStage::open(out_dir, force, error);
  if (!stage) return error;
  for (const auto& [rel, content] : files)
    if (auto err = stage->put(rel, content)) return err;
  return stage->commit();
}

}  // namespace kb::import
