#pragma once
// Helpers shared by the test suites: temporary KB trees and running the built binaries.

#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <string_view>

namespace kbtest {

namespace fs = std::filesystem;

/// A temporary directory removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("kbtest-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  /// Writes `content` to `rel` below the directory (creating parents); returns the path.
  fs::path write(const std::string& rel, const std::string& content) const {
    auto p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  fs::path path_;
};

/// A minimal valid KB manifest.
inline const char* kManifest =
    "kind: knowledge-base\nid: test-kb\nname: Test KB\nversion: 0.1.0\nformat: 1\n";

struct RunResult {
  int status = -1;  ///< exit status, or 128+signal
  std::string out;  ///< stdout and stderr together (2>&1) unless split
};

/// Path of a built binary passed through the environment (KBCHECK, KBINTERP...).
inline std::string binary(const char* env, const char* fallback) {
  const char* p = std::getenv(env);
  return p ? p : fallback;
}

/// Runs `command` through the shell from `cwd`, capturing its output.
inline RunResult run(const std::string& command, const fs::path& cwd = fs::current_path()) {
  RunResult r;
  std::string full = "cd '" + cwd.string() + "' && " + command;
  FILE* pipe = ::popen(full.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int st = ::pclose(pipe);
  if (WIFEXITED(st)) r.status = WEXITSTATUS(st);
  else if (WIFSIGNALED(st)) r.status = 128 + WTERMSIG(st);
  return r;
}

/// Runs the kbcheck binary with `args` (a shell fragment) from `cwd`; stderr merged.
inline RunResult kbcheck(const std::string& args, const fs::path& cwd = fs::current_path()) {
  return run("'" + binary("KBCHECK", "kbcheck") + "' " + args + " 2>&1", cwd);
}

/// Reads a whole file.
inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Every entry below `root`: relative path -> content ("<dir>" for anything but a regular
/// file), to compare a directory before and after a run.
inline std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = e.path().lexically_relative(root).generic_string();
    out[rel] = e.is_regular_file() ? slurp(e.path()) : "<dir>";
  }
  return out;
}

/// The shared/ data directory beside the repo, or empty when absent (a user's clone).
inline fs::path shared_dir() {
  fs::path p = fs::path(KB_SOURCE_DIR) / ".." / "shared";
  return fs::exists(p / "spec") ? p : fs::path();
}

/// Compares `actual` with the golden file `path`, byte for byte. With KB_UPDATE_GOLDEN=1
/// it rewrites the file instead, says so and fails, so a rewrite is never mistaken for a
/// pass: review `git diff`, then run again without the variable. Any other value is
/// ignored (with a warning) and the file is compared.
inline void check_golden(const fs::path& path, const std::string& actual) {
  const char* update = std::getenv("KB_UPDATE_GOLDEN");
  if (update && std::string_view(update) == "1") {
    fs::path tmp = path;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << actual;
      out.close();
      REQUIRE_FALSE(out.fail());
    }
    fs::rename(tmp, path);
    FAIL_CHECK("rewrote golden file " << path.string()
                                      << " (KB_UPDATE_GOLDEN=1): review git diff, then run again without it");
    return;
  }
  if (update) WARN("KB_UPDATE_GOLDEN=" << update << " ignored: only KB_UPDATE_GOLDEN=1 rewrites golden files");
  INFO("golden file " << path.string() << " (KB_UPDATE_GOLDEN=1 rewrites it; review the diff)");
  REQUIRE(fs::exists(path));
  CHECK(actual == slurp(path));
}

/// Asserts that `diagnostics` (a range of anything with a `.rule`) holds a finding of
/// rule `id`. tests/unit/rules_registry_test.cc requires, for every registered rule, a
/// call of expect_rule (or a CHECK/REQUIRE of `.rule == "ID"`) naming its id: each rule
/// has a test that triggers it and asserts its id.
template <class Range>
  requires requires(const Range& r) { std::begin(r)->rule; }
bool expect_rule(const Range& diagnostics, std::string_view id) {
  bool found = std::any_of(std::begin(diagnostics), std::end(diagnostics),
                           [&](const auto& d) { return d.rule == id; });
  INFO("expected a finding of rule " << id);
  CHECK(found);
  return found;
}

/// The same for kbcheck's text output: a finding line ending in "[ID]".
inline bool expect_rule(const std::string& output, std::string_view id) {
  bool found = output.find("[" + std::string(id) + "]") != std::string::npos;
  INFO("expected a finding of rule " << id << " in:\n" << output.substr(0, 2000));
  CHECK(found);
  return found;
}

/// A PubMed cache file for PMID 24065098, which the test KBs cite (handwritten, minimal):
/// with it in <KB>/citations/pubmed/, KB3006 (no PubMed cache) stays quiet.
inline const char* kPubmedCache =
    "<?xml version=\"1.0\" ?>\n<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation>\n"
    "<PMID Version=\"1\">24065098</PMID>\n<Article>\n<Journal><JournalIssue><PubDate><Year>2013</Year>"
    "</PubDate></JournalIssue><Title>A journal</Title></Journal>\n<ArticleTitle>A study.</ArticleTitle>\n"
    "</Article>\n</MedlineCitation>\n</PubmedArticle>\n</PubmedArticleSet>\n";

}  // namespace kbtest
