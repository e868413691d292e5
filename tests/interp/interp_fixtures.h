#pragma once
// The kbinterp test harness: a KB bundled once per test process, and kbinterp run on
// that bundle with its stderr captured. Tests define KBCHECK_PATH and KBINTERP_PATH.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace interptest {

namespace fs = std::filesystem;

/// `kb_dir` bundled by kbcheck (with `extra` bundle options) into a temporary directory.
struct BundledKb {
  kbtest::TempDir dir;
  fs::path bundle;
  BundledKb(const fs::path& kb_dir, const std::string& name, const std::string& extra = {})
      : bundle(dir.path() / name) {
    auto r = kbtest::run("'" + kbtest::binary("KBCHECK", KBCHECK_PATH) + "' bundle '" + kb_dir.string() + "' " +
                         (extra.empty() ? std::string() : extra + " ") + "-o '" + bundle.string() + "' 2>&1");
    INFO(r.out);
    REQUIRE(r.status == 0);
  }
};

/// What a kbinterp run printed.
struct Out {
  int status = -1;
  std::string out, err;
};

/// kbinterp with `--bundle BUNDLE` (left out when `bundle` is empty) and `args`, run in
/// `cwd`.
inline Out run_interp(const fs::path& bundle, const std::string& args, const fs::path& cwd = fs::current_path()) {
  kbtest::TempDir t;
  auto err = t.path() / "stderr";
  std::string cmd = "'" + kbtest::binary("KBINTERP", KBINTERP_PATH) + "' " +
                    (bundle.empty() ? std::string() : "--bundle '" + bundle.string() + "' ") + args + " 2>'" +
                    err.string() + "'";
  auto r = kbtest::run(cmd, cwd);
  return {r.status, r.out, kbtest::slurp(err)};
}

}  // namespace interptest
