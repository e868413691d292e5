// kbcheck bundle / inspect / diff end to end, through the built binary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {
const fs::path kFixture = fs::path(KB_SOURCE_DIR) / "tests/bundle/fixtures/mini-kb";

/// A copy of the mini KB in a temp dir; returns its path.
fs::path copy_kb(const kbtest::TempDir& t, const std::string& name = "kb") {
  fs::copy(kFixture, t.path() / name, fs::copy_options::recursive);
  return t.path() / name;
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
  std::string s = kbtest::slurp(p);
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  std::ofstream(p, std::ios::binary) << s;
}

void set_version(const fs::path& kb, const std::string& v) {
  replace_in(kb / "kb.yaml", "version: 1.0.0", "version: " + v);
}

const char* kNewEvidence =
    "kind: evidence\nid: EV0004\nstatus: accepted\nvariant: rs700518\nallele: G\n"
    "drug: anastrozole\nphenotype: treatment-outcome\ncategory: efficacy\n"
    "direction: no-association\nlevel: \"4\"\ncitation:\n  pmid: 24065098\n"
    "summary: Another record.\n";
}  // namespace

TEST_CASE("bundle writes a bundle that inspect verifies", "[bundle][cli]") {
  kbtest::TempDir t;
  auto kb = copy_kb(t);
  auto r = kbtest::kbcheck("bundle kb -o out.kbb", t.path());
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("mini-kb 1.0.0") != std::string::npos);
  auto i = kbtest::kbcheck("inspect out.kbb", t.path());
  INFO(i.out);
  CHECK(i.status == 0);
  CHECK(i.out.find("kbbundle 1.1") != std::string::npos);
  CHECK(i.out.find("(verified)") != std::string::npos);
  CHECK(i.out.find("2 evidence") != std::string::npos);  // EV0003 is only submitted
  auto j = kbtest::kbcheck("inspect out.kbb --format json --no-verify", t.path());
  CHECK(j.status == 0);
  CHECK(j.out.find("\"verified\": false") != std::string::npos);
  CHECK(j.out.find("\"evidence\": 2") != std::string::npos);
  auto s = kbtest::kbcheck("bundle kb -o sub.kbb --include submitted", t.path());
  CHECK(s.status == 0);
  CHECK(kbtest::kbcheck("inspect sub.kbb", t.path()).out.find("3 evidence") != std::string::npos);
  CHECK(kbtest::kbcheck("bundle kb -o x.kbb --include draft", t.path()).status == 2);
}

TEST_CASE("inspect refuses corrupt and missing files", "[bundle][cli]") {
  kbtest::TempDir t;
  copy_kb(t);
  REQUIRE(kbtest::kbcheck("bundle kb -o out.kbb", t.path()).status == 0);
  std::string b = kbtest::slurp(t.path() / "out.kbb");
  auto at = b.find("Anastrozole");  // a string byte: still structurally valid
  REQUIRE(at != std::string::npos);
  b[at] ^= 0x20;
  t.write("bad.kbb", b);
  auto r = kbtest::kbcheck("inspect bad.kbb", t.path());
  CHECK(r.status == 1);
  CHECK(r.out.find("checksum mismatch") != std::string::npos);
  CHECK(kbtest::kbcheck("inspect bad.kbb --no-verify", t.path()).status == 0);
  CHECK(kbtest::kbcheck("inspect nothing.kbb", t.path()).status == 2);
}

TEST_CASE("same KB, files created in another order and layout: identical bundles", "[bundle][cli]") {
  kbtest::TempDir t;
  copy_kb(t, "a");
  // b: the same records, written in reverse order into differently named files.
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(kFixture))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.rbegin(), files.rend());
  int n = 0;
  for (const auto& f : files) {
    std::string name = f.filename() == "kb.yaml" ? "kb.yaml" : "z/" + std::to_string(n++) + ".yml";
    t.write("b/" + name, kbtest::slurp(f));
  }
  REQUIRE(kbtest::kbcheck("bundle a -o a.kbb", t.path()).status == 0);
  REQUIRE(kbtest::kbcheck("bundle b -o b.kbb", t.path()).status == 0);
  CHECK(kbtest::slurp(t.path() / "a.kbb") == kbtest::slurp(t.path() / "b.kbb"));
  auto r = kbtest::run("SOURCE_DATE_EPOCH=1700000000 '" + kbtest::binary("KBCHECK", "kbcheck") +
                       "' bundle a -o c.kbb 2>&1", t.path());
  REQUIRE(r.status == 0);
  CHECK(kbtest::slurp(t.path() / "c.kbb") != kbtest::slurp(t.path() / "a.kbb"));
  CHECK(kbtest::kbcheck("inspect c.kbb", t.path()).out.find("1700000000") != std::string::npos);
}

TEST_CASE("a refused build leaves the previous bundle intact", "[bundle][cli]") {
  kbtest::TempDir t;
  auto kb = copy_kb(t);
  REQUIRE(kbtest::kbcheck("bundle kb -o out.kbb", t.path()).status == 0);
  std::string before = kbtest::slurp(t.path() / "out.kbb");
  replace_in(kb / "evidence/EV0002.yaml", "variant: rs700518", "variant: rs999999");
  auto r = kbtest::kbcheck("bundle kb -o out.kbb", t.path());
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("bundle not written") != std::string::npos);
  CHECK(r.out.find("rs999999") != std::string::npos);
  CHECK(kbtest::slurp(t.path() / "out.kbb") == before);
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(t.path())) entries += e.is_regular_file();
  CHECK(entries == 1);  // no temporary left behind
}

TEST_CASE("overwriting a file that is not a bundle needs --force", "[bundle][cli]") {
  kbtest::TempDir t;
  copy_kb(t);
  t.write("notes.txt", "precious");
  auto r = kbtest::kbcheck("bundle kb -o notes.txt", t.path());
  CHECK(r.status == 2);
  CHECK(r.out.find("--force") != std::string::npos);
  CHECK(kbtest::slurp(t.path() / "notes.txt") == "precious");
  CHECK(kbtest::kbcheck("bundle kb -o notes.txt --force", t.path()).status == 0);
  CHECK(kbtest::slurp(t.path() / "notes.txt").substr(0, 8) == "KBBUNDLE");
}

TEST_CASE("release guard", "[bundle][cli][release]") {
  kbtest::TempDir t;
  auto kb = copy_kb(t);
  REQUIRE(kbtest::kbcheck("bundle kb -o v1.kbb", t.path()).status == 0);
  const std::string cmd = "bundle kb -o new.kbb --release --previous v1.kbb";

  SECTION("the version must increase") {
    auto r = kbtest::kbcheck(cmd, t.path());
    CHECK(r.status == 1);
    CHECK(r.out.find("does not increase") != std::string::npos);
    CHECK_FALSE(fs::exists(t.path() / "new.kbb"));
  }
  SECTION("--release needs --previous") {
    CHECK(kbtest::kbcheck("bundle kb -o new.kbb --release", t.path()).status == 2);
  }
  SECTION("a removed record needs a major bump") {
    fs::remove(kb / "evidence/EV0002.yaml");
    set_version(kb, "1.1.0");
    auto r = kbtest::kbcheck(cmd, t.path());
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(r.out.find("evidence EV0002 was removed") != std::string::npos);
    CHECK(r.out.find("at least a major bump") != std::string::npos);
    replace_in(kb / "kb.yaml", "version: 1.1.0", "version: 2.0.0");
    CHECK(kbtest::kbcheck(cmd, t.path()).status == 0);
  }
  SECTION("a direction change needs a major bump") {
    replace_in(kb / "evidence/EV0001.yaml", "direction: increased", "direction: decreased");
    set_version(kb, "1.5.0");
    auto r = kbtest::kbcheck(cmd, t.path());
    CHECK(r.status == 1);
    CHECK(r.out.find("changed its direction") != std::string::npos);
  }
  SECTION("an added record needs a minor bump") {
    t.write("kb/evidence/EV0004.yaml", kNewEvidence);
    set_version(kb, "1.0.1");
    CHECK(kbtest::kbcheck(cmd, t.path()).status == 1);
    replace_in(kb / "kb.yaml", "version: 1.0.1", "version: 1.1.0");
    auto r = kbtest::kbcheck(cmd, t.path());
    INFO(r.out);
    CHECK(r.status == 0);
  }
  SECTION("a text-only edit needs a patch bump") {
    replace_in(kb / "evidence/EV0001.yaml", "longer time", "a longer time");
    set_version(kb, "1.0.1");
    auto r = kbtest::kbcheck(cmd, t.path());
    INFO(r.out);
    CHECK(r.status == 0);
  }
}

TEST_CASE("diff of two KB directories, markdown golden", "[bundle][cli][diff]") {
  kbtest::TempDir t;
  copy_kb(t, "old");
  auto kb = copy_kb(t, "new");
  set_version(kb, "2.0.0");
  replace_in(kb / "evidence/EV0001.yaml", "level: \"3\"", "level: \"2B\"");
  fs::remove(kb / "evidence/EV0002.yaml");
  t.write("new/evidence/EV0004.yaml", kNewEvidence);
  auto r = kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' diff old new --format markdown",
                       t.path());
  REQUIRE(r.status == 0);
  kbtest::check_golden(fs::path(KB_SOURCE_DIR) / "tests/bundle/golden/diff-cli.md", r.out);
  auto j = kbtest::kbcheck("diff old new --format json", t.path());
  CHECK(j.status == 0);
  CHECK(j.out.find("\"level_changes\"") != std::string::npos);
  REQUIRE(kbtest::kbcheck("bundle old -o old.kbb", t.path()).status == 0);
  auto mixed = kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' diff old.kbb new --format markdown",
                           t.path());
  CHECK(mixed.out == r.out);
  auto same = kbtest::kbcheck("diff old.kbb old", t.path());
  CHECK(same.out.find("no changes") != std::string::npos);
  CHECK(kbtest::kbcheck("diff old.kbb nowhere", t.path()).status == 2);
}

namespace {
/// A genotype-only record: A/A against C/C at rs4646 is allele A, here decreased, which
/// contradicts EV0001 (allele A increased) - a claim the old bundle-level check skipped.
const char* kGenotypeContradiction =
    "kind: evidence\nid: EV0005\nstatus: accepted\nvariant: rs4646\ngenotypes: [\"A/A\"]\n"
    "compared_to: [\"C/C\"]\ndrug: anastrozole\nphenotype: time-to-progression\n"
    "category: efficacy\ndirection: decreased\nlevel: \"4\"\ncitation:\n  pmid: 24065098\n"
    "summary: Homozygous carriers did worse.\n";
}  // namespace

TEST_CASE("diff: contradictions are the check's KB2001 pairs, genotype claims included",
          "[bundle][cli][diff]") {
  kbtest::TempDir t;
  copy_kb(t, "old");
  copy_kb(t, "new");
  t.write("new/evidence/EV0005.yaml", kGenotypeContradiction);
  auto check = kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' check new --format json 2>/dev/null",
                           t.path());
  auto j = nlohmann::json::parse(check.out);
  std::vector<std::pair<std::string, std::string>> kb2001;
  for (const auto& d : j["diagnostics"])
    if (d["rule"] == "KB2001")
      kb2001.emplace_back(d["record"].get<std::string>(), d["related"][0]["record"].get<std::string>());
  REQUIRE(kb2001.size() == 1);
  CHECK(kb2001[0] == std::pair<std::string, std::string>{"EV0005", "EV0001"});

  auto r = kbtest::kbcheck("diff old new", t.path());
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("! contradiction introduced: EV0001 vs EV0005"));
  auto back = kbtest::kbcheck("diff new old", t.path());
  CHECK_THAT(back.out, Catch::Contains("! contradiction resolved: EV0001 vs EV0005"));
  // The same pair when the old side is a bundle file.
  REQUIRE(kbtest::kbcheck("bundle old -o old.kbb", t.path()).status == 0);
  CHECK_THAT(kbtest::kbcheck("diff old.kbb new", t.path()).out,
             Catch::Contains("! contradiction introduced: EV0001 vs EV0005"));
}

TEST_CASE("diff shows an invalid value as the file says it", "[bundle][cli][diff]") {
  kbtest::TempDir t;
  copy_kb(t, "old");
  auto kb = copy_kb(t, "new");
  replace_in(kb / "evidence/EV0001.yaml", "direction: increased", "direction: up");
  auto r = kbtest::kbcheck("diff old new", t.path());
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("    direction: increased -> up\n"));
  CHECK_THAT(r.out, !Catch::Contains("no-association"));
  auto j = kbtest::kbcheck("diff old new --format json", t.path());
  auto doc = nlohmann::json::parse(j.out);
  REQUIRE(doc["direction_changes"].size() == 1);
  CHECK(doc["direction_changes"][0]["new"] == "up");
}

TEST_CASE("diff: a KB directory that does not load is exit 2 with its first errors",
          "[bundle][cli][diff]") {
  kbtest::TempDir t;
  copy_kb(t, "old");
  auto kb = copy_kb(t, "new");
  t.write("new/evidence/EV0002.yaml", "kind: evidence\nid: [unclosed\n");
  auto r = kbtest::kbcheck("diff old new", t.path());
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("new/evidence/EV0002.yaml:3:1: error: YAML syntax error"));
  kbtest::expect_rule(r.out, "KB0001");
  CHECK_THAT(r.out, Catch::Contains("the KB does not load"));
  CHECK_THAT(r.out, !Catch::Contains("no changes"));
  auto old_broken = kbtest::kbcheck("diff new old", t.path());
  CHECK(old_broken.status == 2);
  CHECK_THAT(old_broken.out, Catch::Contains("new/evidence/EV0002.yaml"));
}

TEST_CASE("a KB without format 1.1 content bundles byte for byte as the 1.1 writer did", "[bundle][cli][format11]") {
  // tests/fuzz/corpus/bundle/mini-kb-1.1.kbb was written by the bundle format 1.1 writer
  // from this fixture (accepted evidence, no SOURCE_DATE_EPOCH).
  kbtest::TempDir t;
  auto r = kbtest::run("env -u SOURCE_DATE_EPOCH '" + kbtest::binary("KBCHECK", "kbcheck") + "' bundle '" +
                           kFixture.string() + "' -o m.kbb 2>&1",
                       t.path());
  INFO(r.out);
  REQUIRE(r.status == 0);
  CHECK(kbtest::slurp(t.path() / "m.kbb") ==
        kbtest::slurp(fs::path(KB_SOURCE_DIR) / "tests/fuzz/corpus/bundle/mini-kb-1.1.kbb"));
}
