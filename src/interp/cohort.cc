// Cohorts: the --samples list, report file names, cohort.tsv and the atomic output
// directory (docs/cohorts.md).
#include "interp/cohort.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "interp/input.h"
#include "interp/render.h"
#include "interp/visible_text.h"
#include "support/atomic_write.h"

namespace kb::interp {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// `dir` without trailing slashes, split into its parent and name.
std::pair<fs::path, std::string> split_dir(const std::string& dir) {
  std::string d = dir;
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  fs::path p(d);
  fs::path parent = p.parent_path();
  return {parent.empty() ? fs::path(".") : parent, p.filename().string()};
}

constexpr const char* kStageTag = ".cohort-tmp";

/// Removes `.NAME.cohort-tmpPID` directories in `parent` whose process is gone.
void remove_stale_staging(const fs::path& parent, const std::string& name) {
  std::error_code ec;
  const std::string prefix = "." + name + kStageTag;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    std::string f = it->path().filename().string();
    if (f.rfind(prefix, 0) != 0 || f.size() == prefix.size()) continue;
    std::string pid_text = f.substr(prefix.size());
    if (pid_text.find_first_not_of("0123456789") != pid_text.npos || pid_text.size() > 9) continue;
    long pid = std::stol(pid_text);
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code rm;
    if (fs::is_directory(it->symlink_status(rm))) fs::remove_all(it->path(), rm);
  }
}

/// Writes a new file in the staging directory (not yet visible: no temporary needed).
std::optional<std::string> write_new(const fs::path& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return "cannot create " + path.string() + ": " + std::strerror(errno);
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t w = ::write(fd, content.data() + done, content.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      int e = errno;
      ::close(fd);
      return "cannot write " + path.string() + ": " + std::strerror(e) + " (disk full or file size limit?)";
    }
    done += static_cast<std::size_t>(w);
  }
  if (::close(fd) != 0) return "cannot write " + path.string() + ": " + std::strerror(errno);
  return std::nullopt;
}

}  // namespace

std::vector<std::string> read_sample_list(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw InputError("cannot read the --samples file " + path + ": not a regular file or missing");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read the --samples file " + path + "; check the path and its permissions");
  std::vector<std::string> names;
  std::map<std::string, std::size_t> seen;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto [it, fresh] = seen.emplace(line, n);
    if (!fresh)
      throw InputError(path + ":" + std::to_string(n) + ": sample \"" + line + "\" is listed twice (also line " +
                       std::to_string(it->second) + "); list each sample once");
    names.push_back(line);
  }
  if (in.bad()) throw InputError("cannot read the --samples file " + path + " (read error)");
  if (names.empty()) throw InputError(path + ": the --samples file names no sample; write one sample name a line");
  return names;
}

void check_unique(const std::vector<std::string>& samples, const std::string& vcf_path) {
  std::set<std::string> seen;
  for (const auto& s : samples)
    if (!seen.insert(s).second)
      throw InputError(vcf_path + ": sample \"" + s + "\" appears twice in the #CHROM header line; rename one " +
                       "(bcftools reheader -s) before a cohort run");
}

std::vector<std::string> report_names(const std::vector<std::string>& samples) {
  std::set<std::string> taken = {"cohort", "summary"};
  std::vector<std::string> out;
  for (const auto& s : samples) {
    std::string base;
    for (unsigned char c : s) {
      bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_';
      base += safe ? static_cast<char>(c) : '_';
    }
    if (base.empty() || base[0] == '.') base.insert(base.begin(), '_');
    if (base.size() > 200) base.resize(200);  // Why: NAME_MAX is 255 bytes with ".~N.format"
    std::string name = base;
    for (int k = 2; !taken.insert(lower(name)).second; ++k) name = base + "~" + std::to_string(k);
    out.push_back(name);
  }
  return out;
}

std::string render_cohort_tsv(const std::vector<Report>& reports) {
  using namespace detail;
  std::ostringstream out;
  out << "sample\tdrug\tevidence\tvariant\tgenotype\tphenotype\tdirection\tlevel\n";
  for (const auto& r : reports) {
    if (r.matches.empty()) out << tsv_cell(r.sample) << "\t\t\t\t\t\t\t\n";
    for (const auto& m : r.matches) {
      const auto& e = ev(r, m.evidence);
      out << tsv_cell(r.sample) << '\t' << tsv_cell(drug_id(r, m.drug)) << '\t' << tsv_cell(id(*r.bundle, e.id))
          << '\t' << tsv_cell(subject_id(r, m)) << '\t' << tsv_cell(m.genotype) << '\t'
          << tsv_cell(id(*r.bundle, e.phenotype)) << '\t' << direction(e) << '\t' << tsv_cell(id(*r.bundle, e.level))
          << '\n';
    }
  }
  return out.str();
}

std::optional<std::string> check_cohort_dir(const std::string& dir, bool force) {
  auto [parent, name] = split_dir(dir);
  std::error_code ec;
  if (name.empty() || name == "." || name == "..") return "-o " + dir + ": give a new directory name for the cohort";
  if (!fs::is_directory(parent, ec))
    return "-o " + dir + ": its parent directory " + parent.string() + " does not exist; create it first";
  auto st = fs::symlink_status(parent / name, ec);
  if (ec || !fs::exists(st)) return std::nullopt;
  if (!fs::is_directory(st))
    return dir + " exists and is not a directory; a cohort run writes a directory: choose another -o";
  if (!force) return dir + " already exists; choose another -o directory or add --force to replace it";
  return std::nullopt;
}

StagedDir::~StagedDir() {
  if (!open_) return;
  std::error_code ec;
  fs::remove_all(stage_, ec);
  unregister_cleanup(cleanup_slot_);
}

std::optional<std::string> StagedDir::open(const std::string& dir, bool force) {
  if (auto e = check_cohort_dir(dir, force)) return e;
  auto [parent, name] = split_dir(dir);
  remove_stale_staging(parent, name);
  dir_ = dir, force_ = force, parent_ = parent, target_ = parent / name;
  stage_ = parent / ("." + name + kStageTag + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(stage_, ec);
  if (::mkdir(stage_.c_str(), 0777) != 0)
    return "cannot create the staging directory " + stage_.string() + ": " + std::strerror(errno);
  open_ = true;
  cleanup_slot_ = register_cleanup_directory(stage_);
  return std::nullopt;
}

std::optional<std::string> StagedDir::add(const std::string& name, const std::string& content) {
  if (auto e = write_new(stage_ / name, content)) return *e + "; nothing was written to " + dir_;
  return std::nullopt;
}

std::optional<std::string> StagedDir::commit() {
  test_pause_point();  // every file is staged, nothing renamed yet
  // Why: one syncfs instead of an fsync per report (a cohort has thousands of files):
  // the reports reach the disk before the rename makes them visible.
  if (int fd = ::open(stage_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
    ::syncfs(fd);
    ::close(fd);
  }
  auto sync_parent = [&]() -> std::optional<std::string> {
    open_ = false;
    unregister_cleanup(cleanup_slot_);
    if (int fd = ::open(parent_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
      ::fsync(fd);  // best effort, as kb::sync_directory
      ::close(fd);
    }
    return std::nullopt;
  };
  if (::renameat2(AT_FDCWD, stage_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) == 0) return sync_parent();
  if (errno != EEXIST) return "cannot rename " + stage_.string() + " to " + dir_ + ": " + std::strerror(errno);
  if (!force_) return dir_ + " already exists; choose another -o directory or add --force to replace it";
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(target_, ec)))
    return dir_ + " exists and is not a directory; a cohort run writes a directory: choose another -o";
  // --force: swap the new directory in atomically; the old one is then at stage_.
  if (::renameat2(AT_FDCWD, stage_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0)
    return "cannot replace " + dir_ + ": " + std::strerror(errno);
  fs::remove_all(stage_, ec);
  return sync_parent();
}

}  // namespace kb::interp
