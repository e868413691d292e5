#pragma once
// A small KB in a temporary git repository, for the pull-request gate's tests
// (--since, --baseline) and the CI template test.

#include <string>

#include "test_support.h"

namespace gatetest {

inline const char* kGene = "kind: gene\nid: CYP19A1\nname: aromatase\n";
inline const char* kVariant = "kind: variant\nid: rs4646\ngene: CYP19A1\nalleles: [C, A]\n";
inline const char* kDrug = "kind: drug\nid: anastrozole\nname: Anastrozole\n";
inline const char* kPhenotype =
    "kind: phenotype\nid: time-to-progression\nlabel: Time to progression\n";

/// An evidence record on rs4646 allele A with `direction`, preceded by `before` (comments
/// or blank lines, to move every line down).
inline std::string evidence(const std::string& id, const std::string& direction,
                            const std::string& before = "") {
  return before + "kind: evidence\nid: " + id +
         "\nstatus: accepted\nvariant: rs4646\nallele: A\ndrug: anastrozole\n"
         "phenotype: time-to-progression\ncategory: efficacy\ndirection: " +
         direction + "\nlevel: \"3\"\ncitation:\n  pmid: 24065098\n";
}

/// A valid KB at `d`/`kb` (EV0001 increased).
inline void write_kb(const kbtest::TempDir& d, const std::string& kb = "kb") {
  d.write(kb + "/kb.yaml", kbtest::kManifest);
  d.write(kb + "/genes/CYP19A1.yaml", kGene);
  d.write(kb + "/variants/rs4646.yaml", kVariant);
  d.write(kb + "/drugs/anastrozole.yaml", kDrug);
  d.write(kb + "/phenotypes/ttp.yaml", kPhenotype);
  d.write(kb + "/evidence/EV0001.yaml", evidence("EV0001", "increased"));
  d.write(kb + "/citations/pubmed/24065098.xml", kbtest::kPubmedCache);  // so KB3006 stays quiet
}

/// Whether git can be run; tests that need it skip (with a warning) when it cannot.
inline bool have_git() {
  static const bool ok = kbtest::run("git --version >/dev/null 2>&1").status == 0;
  if (!ok) WARN("git is not installed: skipping a test that needs a git repository");
  return ok;
}

/// Runs `git ARGS` in `dir` with a fixed identity and no user or system configuration;
/// returns its output (stderr merged) and requires success.
inline std::string git(const kbtest::TempDir& d, const std::string& args) {
  auto r = kbtest::run(
      "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git -c user.name=kbtest "
      "-c user.email=kbtest@example.org -c init.defaultBranch=main " +
          args + " 2>&1",
      d.path());
  INFO("git " << args << ":\n" << r.out);
  REQUIRE(r.status == 0);
  return r.out;
}

/// `git init` and a first commit of everything in `d`.
inline void commit_all(const kbtest::TempDir& d, const std::string& message = "base") {
  if (!kbtest::fs::exists(d.path() / ".git")) git(d, "init -q");
  git(d, "add -A");
  git(d, "commit -q -m '" + message + "'");
}

}  // namespace gatetest
