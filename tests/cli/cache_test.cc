// `kbcheck check|lint --cache DIR` (cli-contract.md, "kbcheck in a pull request"): warm
// output is byte-for-byte the cold output, and a bad entry (corrupt, truncated, foreign,
// stale, half-written, a symlink) is ignored and rewritten, never trusted.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "bundle/writer.h"
#include "cli/file_cache.h"
#include "cli/pipeline.h"
#include "model/record_io.h"
#include "gate_fixtures.h"

using gatetest::evidence;
using kbtest::TempDir;
namespace fs = std::filesystem;

namespace {

const char* kFormats[] = {"text", "json", "sarif", "junit", "github", "gitlab"};

/// A KB with per-file findings (KB0103 at EV0002) and a cross-record one.
void write_findings_kb(const TempDir& d) {
  gatetest::write_kb(d);
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "up"));
  d.write("kb/evidence/EV0003.yaml", "kind: evidence\nid: EV0003\nvariant: rs9999\n");
}

/// Output of a run without the cache, and of a cold and a warm run with `cache`.
void check_warm_equals_cold(const std::string& cmd, const fs::path& cwd, const fs::path& cache) {
  for (const char* f : kFormats) {
    INFO(cmd << " --format " << f);
    std::string args = cmd + " --format " + f;
    auto none = kbtest::kbcheck(args, cwd);
    auto cold = kbtest::kbcheck(args + " --cache '" + cache.string() + "'", cwd);
    auto warm = kbtest::kbcheck(args + " --cache '" + cache.string() + "'", cwd);
    CHECK(cold.status == none.status);
    CHECK(warm.status == none.status);
    CHECK(cold.out == none.out);
    CHECK(warm.out == none.out);
  }
}

/// Runs kbcheck with stderr dropped (stdout only).
kbtest::RunResult kbcheck_stdout(const std::string& args, const fs::path& cwd) {
  return kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' " + args + " 2>/dev/null", cwd);
}

/// How many files the run reused, from --stats ("--cache: N of M files reused").
int reused(const kbtest::RunResult& r) {
  auto at = r.out.find("--cache: ");
  REQUIRE(at != std::string::npos);
  return std::stoi(r.out.substr(at + 9));
}

/// The only entry file in `cache`.
fs::path only_entry(const fs::path& cache) {
  std::vector<fs::path> found;
  for (const auto& e : fs::directory_iterator(cache)) found.push_back(e.path());
  REQUIRE(found.size() == 1);
  return found[0];
}

/// A KB of one evidence file with a finding, its cache warmed by one run.
struct OneFile {
  TempDir d;
  fs::path cache = d.path() / "cache";
  std::string lint = "lint kb/evidence/EV0002.yaml --format json --cache cache";
  std::string expected;
  OneFile() {
    write_findings_kb(d);
    expected = kbtest::kbcheck("lint kb/evidence/EV0002.yaml --format json", d.path()).out;
    REQUIRE(kbtest::kbcheck(lint, d.path()).out == expected);
  }
  fs::path entry() const { return only_entry(cache); }
  /// Runs lint with the (tampered) cache: output must be the cold output, and the entry
  /// must be valid again afterwards (the next run reuses it).
  void expect_ignored_and_rewritten() const {
    auto r = kbcheck_stdout(lint + " --stats", d.path());
    CHECK(r.out == expected);
    auto again = kbtest::kbcheck(lint + " --stats", d.path());
    CHECK(reused(again) == 1);
  }
};

}  // namespace

TEST_CASE("cache: warm output is the cold output, in every format", "[cli][cache]") {
  TempDir d;
  write_findings_kb(d);
  check_warm_equals_cold("check kb", d.path(), d.path() / "c1");
  check_warm_equals_cold("lint kb", d.path(), d.path() / "c2");
  check_warm_equals_cold("check kb/evidence/EV0002.yaml", d.path(), d.path() / "c3");
  fs::path src = KB_SOURCE_DIR;
  check_warm_equals_cold("check kb", src, d.path() / "c4");
  check_warm_equals_cold("lint kb", src, d.path() / "c5");
  check_warm_equals_cold("check tests/cli/fixtures/format11-kb", src, d.path() / "c6");
}

TEST_CASE("cache: a warm run reuses every unchanged file and rechecks an edited one", "[cli][cache]") {
  TempDir d;
  write_findings_kb(d);
  auto cold = kbtest::kbcheck("check kb --cache cache --stats", d.path());
  CHECK(reused(cold) == 0);
  auto warm = kbtest::kbcheck("check kb --cache cache --stats", d.path());
  CHECK(reused(warm) > 0);
  int files = reused(warm);
  // Fix EV0002: the stale entry (other content) must not bring KB0103 back.
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "increased"));
  auto edited = kbtest::kbcheck("check kb --cache cache --format json", d.path());
  CHECK(edited.out.find("KB0103") == std::string::npos);
  CHECK(edited.out == kbtest::kbcheck("check kb --format json", d.path()).out);
  CHECK(reused(kbtest::kbcheck("check kb --cache cache --stats", d.path())) == files);
  d.write("kb/evidence/EV0002.yaml", evidence("EV0002", "decreased"));
  CHECK(reused(kbtest::kbcheck("check kb --cache cache --stats", d.path())) == files - 1);
}

TEST_CASE("cache: KBCHECK_CACHE sets the default, a changed option misses", "[cli][cache]") {
  TempDir d;
  write_findings_kb(d);
  kbtest::kbcheck("lint kb", d.path());
  auto cold = kbtest::run("KBCHECK_CACHE=env '" + kbtest::binary("KBCHECK", "kbcheck") +
                              "' lint kb --stats 2>&1", d.path());
  CHECK(reused(cold) == 0);
  CHECK(fs::is_directory(d.path() / "env"));
  auto warm = kbtest::run("KBCHECK_CACHE=env '" + kbtest::binary("KBCHECK", "kbcheck") +
                              "' lint kb --stats 2>&1", d.path());
  CHECK(reused(warm) > 0);
  auto other = kbtest::kbcheck("lint kb --cache env --max-depth 10 --stats", d.path());
  CHECK(reused(other) == 0);
}

TEST_CASE("cache: a corrupt entry is ignored and rewritten", "[cli][cache]") {
  OneFile t;
  std::string bytes = kbtest::slurp(t.entry());
  bytes[bytes.size() / 2] ^= 0x20;  // a flipped bit in the payload: the checksum fails
  std::ofstream(t.entry(), std::ios::binary) << bytes;
  t.expect_ignored_and_rewritten();
}

TEST_CASE("cache: a corrupt entry with a recomputed checksum cannot forge findings", "[cli][cache]") {
  // The payload names the file it is for: an entry of another file, renamed onto this
  // one's name, is foreign even though its own checksum holds.
  OneFile t;
  fs::path mine = t.entry();
  std::string copy_of_mine = kbtest::slurp(mine);
  kbtest::kbcheck("lint kb/evidence/EV0001.yaml --cache cache", t.d.path());
  for (const auto& e : fs::directory_iterator(t.cache))
    if (e.path() != mine) fs::copy_file(e.path(), mine, fs::copy_options::overwrite_existing);
  CHECK(kbtest::slurp(mine) != copy_of_mine);
  auto r = kbtest::kbcheck(t.lint, t.d.path());
  CHECK(r.out == t.expected);
}

TEST_CASE("cache: a truncated or empty entry is ignored and rewritten", "[cli][cache]") {
  for (std::size_t keep : {0, 7, 40, 48}) {
    OneFile t;
    std::string bytes = kbtest::slurp(t.entry());
    std::ofstream(t.entry(), std::ios::binary | std::ios::trunc) << bytes.substr(0, keep);
    t.expect_ignored_and_rewritten();
  }
  OneFile t;  // a half-written entry: all but its last bytes (a write cut short)
  std::string bytes = kbtest::slurp(t.entry());
  std::ofstream(t.entry(), std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() - 3);
  t.expect_ignored_and_rewritten();
}

TEST_CASE("cache: a foreign entry (other version, key or content) is not trusted", "[cache]") {
  using namespace kb::cli;
  CachedFile f;
  f.record_count = 3;
  kb::Diagnostic d;
  d.rule = "KB0103";
  d.location = {"kb/a.yaml", 4, 2};
  d.message = "bad";
  d.related.push_back({{"kb/b.yaml", 1, 1}, "X", "there"});
  f.diagnostics.push_back(d);
  std::string e = encode_entry(7, 9, "kb/a.yaml", f);
  auto ok = decode_entry(e, 7, 9, "kb/a.yaml");
  REQUIRE(ok);
  CHECK(ok->record_count == 3);
  REQUIRE(ok->diagnostics.size() == 1);
  CHECK(ok->diagnostics[0].related[0].message == "there");
  CHECK_FALSE(decode_entry(e, 8, 9, "kb/a.yaml"));  // other run key (version, schemas, options)
  CHECK_FALSE(decode_entry(e, 7, 10, "kb/a.yaml"));  // other content
  CHECK_FALSE(decode_entry(e, 7, 9, "kb/b.yaml"));   // other file
  std::string v = e;
  v[8] = static_cast<char>(kEntryVersion + 1);  // another entry format version
  CHECK_FALSE(decode_entry(v, 7, 9, "kb/a.yaml"));
  std::string extra = e + "x";
  CHECK_FALSE(decode_entry(extra, 7, 9, "kb/a.yaml"));
  for (std::size_t n = 0; n < e.size(); ++n)  // every truncation fails
    CHECK_FALSE(decode_entry(std::string_view(e).substr(0, n), 7, 9, "kb/a.yaml"));
}

TEST_CASE("cache: a symlinked entry is not followed, a temporary is not read", "[cli][cache]") {
  OneFile t;
  fs::path entry = t.entry();
  fs::path outside = t.d.path() / "outside.kbc";
  fs::rename(entry, outside);
  // A valid-looking entry elsewhere, reached by a symlink: not read, and not written through.
  fs::create_symlink(outside, entry);
  std::string before = kbtest::slurp(outside);
  auto r = kbcheck_stdout(t.lint + " --stats", t.d.path());
  CHECK(r.out == t.expected);
  CHECK(kbtest::kbcheck(t.lint + " --stats", t.d.path()).out.find("--cache: 0 of") != std::string::npos);
  CHECK(kbtest::slurp(outside) == before);
  CHECK(fs::is_symlink(entry));
}

TEST_CASE("cache: concurrent runs on one cache agree with a run without it", "[cli][cache]") {
  TempDir d;
  write_findings_kb(d);
  std::string expected = kbtest::kbcheck("check kb --format json", d.path()).out;
  std::vector<kbtest::RunResult> results(4);
  std::vector<std::thread> runs;
  for (auto& r : results)
    runs.emplace_back([&] { r = kbtest::kbcheck("check kb --format json --cache cache", d.path()); });
  for (auto& t : runs) t.join();
  for (const auto& r : results) CHECK(r.out == expected);
  CHECK(kbtest::kbcheck("check kb --format json --cache cache", d.path()).out == expected);
}

TEST_CASE("cache: an unusable cache directory warns and the run goes on", "[cli][cache]") {
  TempDir d;
  write_findings_kb(d);
  d.write("notadir", "x");
  auto plain = kbcheck_stdout("check kb --format json", d.path());
  auto r = kbcheck_stdout("check kb --format json --cache notadir", d.path());
  CHECK(r.status == plain.status);
  CHECK(r.out == plain.out);
  auto err = kbtest::kbcheck("check kb --cache notadir", d.path());
  CHECK(err.out.find("warning: cannot use cache directory") != std::string::npos);
}

namespace {

/// The whole KB at `path` through run_pipeline, with `cache` (empty: none).
kb::cli::PipelineResult pipeline(const fs::path& path, const fs::path& cache) {
  kb::cli::PipelineOptions o;
  o.paths = {path.string()};
  o.cache_dir = cache.string();
  auto r = kb::cli::run_pipeline(o);
  REQUIRE(r.failure.empty());
  return r;
}

/// Every record of `kb`, in the record format's binary form (model/record_io.h).
std::string encoded(const kb::model::KnowledgeBase& kb) {
  std::string out;
  kb::model::encode_records(kb.records, out);
  return out;
}

}  // namespace

TEST_CASE("cache: check's model from a warm cache is the cold model", "[cli][cache]") {
  // kb/ (format 1.1: groups, qualifiers, gene phenotypes) and the format-1.1 test KB.
  for (const char* rel : {"kb", "tests/cli/fixtures/format11-kb"}) {
    INFO(rel);
    TempDir d;
    fs::path kb_dir = fs::path(KB_SOURCE_DIR) / rel;
    auto none = pipeline(kb_dir, {});
    auto cold = pipeline(kb_dir, d.path() / "cache");
    auto warm = pipeline(kb_dir, d.path() / "cache");
    CHECK(cold.cache_hits == 0);
    CHECK(warm.cache_hits == warm.kb.files.size());
    CHECK(warm.kb.files == none.kb.files);
    CHECK(warm.records == none.records);
    // Every field, positions included, and everything a bundle is built from.
    CHECK(encoded(warm.kb) == encoded(none.kb));
    CHECK(kb::bundle::build_bundle(warm.kb) == kb::bundle::build_bundle(none.kb));
    REQUIRE(warm.diagnostics.size() == none.diagnostics.size());
  }
}

TEST_CASE("cache: records round-trip, and malformed record bytes are refused", "[cache]") {
  auto r = pipeline(fs::path(KB_SOURCE_DIR) / "kb", {});
  std::string bytes = encoded(r.kb);
  kb::model::RecordSet back;
  REQUIRE(kb::model::decode_records(bytes, 0, back));
  CHECK(back.size() == r.kb.records.size());
  std::string again;
  kb::model::encode_records(back, again);
  CHECK(again == bytes);
  // File ids are not stored: the reader's applies to every position.
  REQUIRE(kb::model::decode_records(bytes, 7, back));
  REQUIRE_FALSE(back.evidence.empty());
  CHECK(back.evidence[0].pos.file == 7);
  CHECK(back.evidence[0].citation.pos.file == 7);
  for (std::size_t n : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    CHECK_FALSE(kb::model::decode_records(std::string_view(bytes).substr(0, n), 0, back));
    CHECK(back.size() == 0);
  }
  CHECK_FALSE(kb::model::decode_records(bytes + "x", 0, back));
  std::string other = bytes;
  other[0] = static_cast<char>(kb::model::kRecordFormatVersion + 1);
  CHECK_FALSE(kb::model::decode_records(other, 0, back));
}

TEST_CASE("cache: a lint entry (no records) is rechecked by check, then reused", "[cli][cache]") {
  TempDir d;
  write_findings_kb(d);
  kbtest::kbcheck("lint kb --cache cache", d.path());
  std::string expected = kbtest::kbcheck("check kb --format json", d.path()).out;
  auto first = kbtest::kbcheck("check kb --cache cache --stats", d.path());
  CHECK(reused(first) == 0);
  CHECK(kbtest::kbcheck("check kb --cache cache --format json", d.path()).out == expected);
  CHECK(reused(kbtest::kbcheck("lint kb --cache cache --stats", d.path())) > 0);
}

TEST_CASE("cache: a changed --schema-dir file misses", "[cli][cache]") {
  TempDir d;
  write_findings_kb(d);
  fs::copy(fs::path(KB_SOURCE_DIR) / "schema", d.path() / "schemas");
  std::string lint = "lint kb --schema-dir schemas --cache cache --stats";
  kbtest::kbcheck(lint, d.path());
  CHECK(reused(kbtest::kbcheck(lint, d.path())) > 0);
  std::ofstream(d.path() / "schemas" / "gene.schema.json", std::ios::app) << "\n";
  CHECK(reused(kbtest::kbcheck(lint, d.path())) == 0);
  CHECK(reused(kbtest::kbcheck("lint kb --cache cache --stats", d.path())) == 0);  // built-in ones
}
