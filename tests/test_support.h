#pragma once
// Helpers shared by the test suites: temporary KB trees and running the built binaries.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

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

/// The shared/ data directory beside the repo, or empty when absent (a user's clone).
inline fs::path shared_dir() {
  fs::path p = fs::path(KB_SOURCE_DIR) / ".." / "shared";
  return fs::exists(p / "spec") ? p : fs::path();
}

}  // namespace kbtest
