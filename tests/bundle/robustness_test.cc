// Hostile input: truncated, bit-flipped, random, newer-major and extended bundles give a
// clear error (or, for harmless header bytes, a bundle that is safe to walk), never UB.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <random>

#include <nlohmann/json.hpp>

#include "bundle_fixture.h"
#include "test_support.h"

namespace f = kbbundle::format;
using kbbundle::Bundle;

namespace {
/// Opens `bytes`; when it opens, walks everything (ASan/UBSan watch the reads).
bool opens(const std::string& bytes, bool verify, std::string* error = nullptr) {
  auto r = Bundle::from_bytes(bytes, {.verify_checksum = verify});
  if (!r) {
    if (error) *error = r.error();
    return false;
  }
  kbtest::walk(r.value());
  return true;
}

f::FileHeader header_of(const std::string& b) {
  f::FileHeader h;
  std::memcpy(&h, b.data(), sizeof h);
  return h;
}

void set_header(std::string& b, const f::FileHeader& h) { std::memcpy(b.data(), &h, sizeof h); }

/// Recomputes both checksums (content, then whole file) after an edit.
void fix_checksum(std::string& b) {
  auto h = header_of(b);
  h.checksum = kbbundle::content_checksum(b.data() + h.header_size, b.size() - h.header_size);
  set_header(b, h);
  h.file_checksum = kbbundle::file_checksum(b.data(), b.size());
  set_header(b, h);
}

/// The bundle as format 1.0 wrote it: minor 0, no file checksum (reserved, zero).
std::string as_format_1_0(std::string b) {
  auto h = header_of(b);
  h.minor = 0;
  h.file_checksum = 0;
  set_header(b, h);
  return b;
}

/// The bundle with one more section (id, flags) appended after the others.
std::string with_extra_section(const std::string& b, std::uint32_t id, std::uint32_t flags) {
  auto h = header_of(b);
  std::vector<f::SectionEntry> secs(h.section_count);
  std::memcpy(secs.data(), b.data() + h.section_table_offset, secs.size() * sizeof(f::SectionEntry));
  for (auto& s : secs) s.offset += sizeof(f::SectionEntry);  // the table grows by one entry
  std::string payload(16, 'x');
  secs.push_back({id, flags, b.size() + sizeof(f::SectionEntry), payload.size()});
  std::string out = b.substr(0, h.section_table_offset);
  out.append(reinterpret_cast<const char*>(secs.data()), secs.size() * sizeof(f::SectionEntry));
  out += b.substr(h.section_table_offset + h.section_count * sizeof(f::SectionEntry));
  out += payload;
  h.section_count += 1;
  h.file_size = out.size();
  set_header(out, h);
  fix_checksum(out);
  return out;
}
}  // namespace

TEST_CASE("the small bundle opens", "[bundle][robust]") {
  std::string b = kbtest::small_bundle();
  std::string err;
  CHECK(opens(b, true, &err));
  CHECK(err.empty());
}

TEST_CASE("every truncation is refused", "[bundle][robust]") {
  std::string b = kbtest::small_bundle();
  for (std::size_t n = 0; n < b.size(); ++n) {
    std::string err;
    INFO("length " << n);
    CHECK_FALSE(opens(b.substr(0, n), false, &err));
    CHECK(!err.empty());
  }
  std::string err;
  CHECK_FALSE(opens(b.substr(0, 1000), true, &err));
  CHECK(err.find("truncated") != std::string::npos);
}

TEST_CASE("bit flips in the header region never crash", "[bundle][robust]") {
  std::string b = kbtest::small_bundle();
  auto h = header_of(b);
  std::size_t region = h.section_table_offset + h.section_count * sizeof(f::SectionEntry);
  for (std::size_t i = 0; i < region; ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string c = b;
      c[i] = static_cast<char>(c[i] ^ (1 << bit));
      opens(c, true);
      opens(c, false);
    }
  SUCCEED("no crash");
}

TEST_CASE("content flips: caught by the checksum, safe without it", "[bundle][robust]") {
  std::string b = kbtest::small_bundle();
  auto h = header_of(b);
  std::mt19937 rng(12345);
  std::uniform_int_distribution<std::size_t> pos(h.header_size, b.size() - 1);
  for (int round = 0; round < 3000; ++round) {
    std::string c = b;
    std::size_t p = pos(rng);
    c[p] = static_cast<char>(c[p] ^ (1 + rng() % 255));
    std::string err;
    CHECK_FALSE(opens(c, true, &err));
    CHECK(err.find("checksum") != std::string::npos);
    opens(c, false);  // may open (a flipped string byte is still valid) but never UB
    // With the checksum recomputed, only structural validation stands between the
    // reader and the damage.
    fix_checksum(c);
    opens(c, true);
  }
}

TEST_CASE("the header is covered: every single-bit change of it is refused", "[bundle][robust]") {
  // Minor 1 (no record format 1.1 content) and minor 2 (with it).
  std::string b = GENERATE(kbtest::small_bundle(), kbtest::format11_bundle());
  REQUIRE(header_of(b).minor >= f::kMinorFileChecksum);
  int refused = 0, total = 0;
  for (std::size_t i = 0; i < sizeof(f::FileHeader); ++i)
    for (int bit = 0; bit < 8; ++bit, ++total) {
      std::string c = b;
      c[i] = static_cast<char>(c[i] ^ (1 << bit));
      std::string err;
      if (!opens(c, true, &err)) ++refused;
      else FAIL_CHECK("byte " << i << " bit " << bit << " accepted");
    }
  CHECK(refused == total);
  CHECK(total == 1024);
}

TEST_CASE("1,000 random single-byte changes anywhere in the file are refused", "[bundle][robust]") {
  std::string b = GENERATE(kbtest::small_bundle(), kbtest::format11_bundle());
  std::mt19937 rng(20261201);
  std::uniform_int_distribution<std::size_t> pos(0, b.size() - 1);
  int refused = 0;
  for (int round = 0; round < 1000; ++round) {
    std::string c = b;
    std::size_t p = pos(rng);
    c[p] = static_cast<char>(c[p] ^ (1 + rng() % 255));
    if (!opens(c, true)) ++refused;
    else FAIL_CHECK("offset " << p << " accepted");
  }
  CHECK(refused == 1000);
}

TEST_CASE("a 1.1 bundle whose minor is set to 0 is not read as 1.0", "[bundle][robust]") {
  std::string b = kbtest::small_bundle();
  auto h = header_of(b);
  h.minor = 0;  // the content checksum still matches: only reserved-zero stops it
  set_header(b, h);
  std::string err;
  CHECK_FALSE(opens(b, true, &err));
  CHECK(err.find("reserved bytes are not zero") != std::string::npos);
  CHECK_FALSE(opens(b, false, &err));
}

TEST_CASE("a 1.0 bundle is still read, by its content checksum", "[bundle][robust]") {
  std::string b = as_format_1_0(kbtest::small_bundle());
  std::string err;
  CHECK(opens(b, true, &err));
  INFO(err);
  CHECK(Bundle::from_bytes(b).value().header().minor == 0);
  std::string damaged = b;
  damaged[damaged.size() - 3] ^= 0x10;
  CHECK_FALSE(opens(damaged, true, &err));
  CHECK(err.find("checksum mismatch") != std::string::npos);
  // Reserved bytes are enforced as zero in 1.0 too (they used to be ignored).
  for (std::size_t at : {108u, 115u, 120u, 127u}) {
    std::string c = b;
    c[at] = 1;
    CHECK_FALSE(opens(c, true, &err));
    CHECK(err.find("reserved") != std::string::npos);
  }
}

TEST_CASE("bundles written by the 1.0 writer still open, verified", "[bundle][robust]") {
  // The fuzz seeds were written by kbcheck before format 1.1; they stay as they are.
  for (const char* name : {"mini-kb.kbb", "anastrozole.kbb", "empty-kb.kbb"}) {
    auto path = std::string(KB_SOURCE_DIR) + "/tests/fuzz/corpus/bundle/" + name;
    auto r = Bundle::open(path);
    INFO(path << ": " << (r ? "" : r.error()));
    REQUIRE(r);
    CHECK(r.value().header().minor == 0);
    kbtest::walk(r.value());
  }
}

TEST_CASE("the format 1.2 seed (every record format 1.1 feature) opens verified", "[bundle][robust][format11]") {
  // Written by kbcheck bundle tests/cli/fixtures/format11-kb --include submitted.
  auto path = std::string(KB_SOURCE_DIR) + "/tests/fuzz/corpus/bundle/format11-kb-1.2.kbb";
  auto r = Bundle::open(path);
  INFO(path << ": " << (r ? "" : r.error()));
  REQUIRE(r);
  CHECK(r.value().header().minor == 2);
  CHECK(r.value().sections().size() == 21);
  kbtest::walk(r.value());
  auto old = Bundle::open(path, {.verify_checksum = true, .reader_minor = 1});
  REQUIRE_FALSE(old);
  CHECK(old.error().find("bundle format 1.2 requires section") != std::string::npos);
}

TEST_CASE("random files are refused", "[bundle][robust]") {
  std::mt19937 rng(99);
  std::string b = kbtest::small_bundle();
  for (int round = 0; round < 500; ++round) {
    std::string c(rng() % 2048, '\0');
    for (auto& ch : c) ch = static_cast<char>(rng());
    if (round % 2 && c.size() >= 16) c.replace(0, 12, b, 0, 12);  // valid magic and version
    CHECK_FALSE(opens(c, round % 3 == 0));
  }
  std::string err;
  CHECK_FALSE(opens("", true, &err));
  CHECK(err.find("not a kbcheck bundle") != std::string::npos);
  CHECK_FALSE(opens("KBBUNDLX" + std::string(200, '\0'), true, &err));
  CHECK(err.find("bad magic") != std::string::npos);
}

TEST_CASE("a newer major version names both versions", "[bundle][robust]") {
  std::string b = kbtest::small_bundle();
  auto h = header_of(b);
  h.major = 2;
  h.minor = 0;
  set_header(b, h);
  std::string err;
  CHECK_FALSE(opens(b, true, &err));
  CHECK(err == "bundle format 2.0 is newer than this reader (1.x); upgrade kbbundle");
}

TEST_CASE("a newer minor version with an unknown optional section opens", "[bundle][robust]") {
  std::string b = with_extra_section(kbtest::small_bundle(), 0x7777, 0);
  auto h = header_of(b);
  h.minor = 3;
  set_header(b, h);
  fix_checksum(b);
  std::string err;
  CHECK(opens(b, true, &err));
  INFO(err);
  std::string req = with_extra_section(kbtest::small_bundle(), 0x7777, f::kSectionRequired);
  CHECK_FALSE(opens(req, true, &err));
  CHECK(err.find("requires section 0x7777") != std::string::npos);
}

TEST_CASE("open() reports unreadable paths", "[bundle][robust]") {
  kbtest::TempDir t;
  auto r = Bundle::open((t.path() / "missing.kbb").string());
  REQUIRE_FALSE(r);
  CHECK(r.error().find("cannot open") != std::string::npos);
  auto d = Bundle::open(t.path().string());
  REQUIRE_FALSE(d);
  CHECK(d.error().find("not a regular file") != std::string::npos);
  auto good = t.write("ok.kbb", kbtest::small_bundle());
  auto ok = Bundle::open(good.string());
  REQUIRE(ok);
  CHECK(ok.value().kb_id() == "full-kb");
}

TEST_CASE("CSR lookups with kNoIndex return an empty row, not a wild read", "[bundle][robust]") {
  auto r = Bundle::from_bytes(kbtest::small_bundle());
  REQUIRE(r);
  const Bundle& b = r.value();
  // kNoIndex is the documented "not in the bundle" value of every *_index field; passing
  // one straight back used to wrap the bounds check to 0 and read offsets[0xFFFFFFFF].
  CHECK(b.evidence_of_variant(f::kNoIndex).empty());
  CHECK(b.variants_of_gene(f::kNoIndex).empty());
  CHECK(b.evidence_of_gene(f::kNoIndex).empty());
  CHECK(b.parents_of_phenotype(f::kNoIndex).empty());
}

TEST_CASE("inspect and diff write valid JSON for a bundle holding invalid UTF-8", "[bundle][robust]") {
  // The checksum is valid, so the bundle opens; its KB id is not UTF-8. nlohmann's dump
  // used to throw, which kbcheck reported as an internal error.
  std::string b = kbtest::small_bundle();
  auto at = b.find("full-kb");
  REQUIRE(at != std::string::npos);
  b[at + 6] = '\xff';
  fix_checksum(b);
  kbtest::TempDir t;
  auto file = t.write("odd.kbb", b);
  for (const std::string& cmd : {"inspect '" + file.string() + "' --format json",
                                 "diff '" + file.string() + "' '" + file.string() + "' --format json"}) {
    auto r = kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' " + cmd + " 2>/dev/null");
    INFO(cmd << "\n" << r.out);
    CHECK((r.status == 0 || r.status == 1));
    CHECK_FALSE(nlohmann::json::parse(r.out, nullptr, false).is_discarded());
    CHECK(r.out.find("full-k\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
  }
}

TEST_CASE("inspect: an unreadable file exits 2, an invalid bundle 1", "[bundle][robust]") {
  kbtest::TempDir t;
  auto junk = t.write("junk.kbb", "not a bundle");
  auto run = [](const std::filesystem::path& p) {
    return kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' inspect '" + p.string() + "' 2>&1");
  };
  CHECK(run(junk).status == 1);
  if (::geteuid() == 0) {
    WARN("running as root: permissions cannot make a file unreadable; that half is skipped");
    return;
  }
  auto locked = t.write("locked.kbb", kbtest::small_bundle());
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  auto r = run(locked);
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK(r.out.find("cannot read") != std::string::npos);
}
