// Every hostile input gets a clear diagnostic naming the file, exit 1 or 2, within
// seconds: never a crash, a hang or a silent drop. Each case runs the real binary under
// `timeout`, so a hang fails the test instead of the suite.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "test_support.h"

using kbtest::TempDir;

namespace {

/// Runs `kbcheck check` on `dir` with a 60 s guard (sanitizer builds are slow).
kbtest::RunResult check(const TempDir& dir, const std::string& extra = "") {
  return kbtest::run("timeout -k 5 60 '" + kbtest::binary("KBCHECK", "kbcheck") + "' check " +
                     extra + " --color never kb 2>&1", dir.path());
}

TempDir kb_with(const std::string& name, const std::string& content) {
  TempDir d;
  d.write("kb/kb.yaml", kbtest::kManifest);
  d.write("kb/" + name, content);
  return d;
}

void expect_reported(const kbtest::RunResult& r, const std::string& file, const std::string& rule) {
  INFO(r.out.substr(0, 2000));
  CHECK((r.status == 1 || r.status == 2));
  CHECK(r.out.find(file) != std::string::npos);
  CHECK(r.out.find(rule) != std::string::npos);
}

}  // namespace

TEST_CASE("hostile: deeply nested flow sequences", "[hostile]") {
  auto d = kb_with("deep.yaml", std::string(100000, '[') + std::string(100000, ']'));
  expect_reported(check(d), "kb/deep.yaml", "KB0007");
}

TEST_CASE("hostile: deeply nested block mappings", "[hostile]") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += std::string(i, ' ') + "k:\n";
  auto d = kb_with("deepmap.yaml", text);
  expect_reported(check(d), "kb/deepmap.yaml", "KB0007");
}

TEST_CASE("hostile: billion laughs is refused without expansion", "[hostile]") {
  std::string text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    text += std::string(1, c) + ": &" + c + " [*" + prev;
    for (int k = 0; k < 8; ++k) text += ",*" + prev;
    text += "]\n";
  }
  auto d = kb_with("laughs.yaml", text);
  expect_reported(check(d), "kb/laughs.yaml", "KB0006");
}

TEST_CASE("hostile: a file over the size limit", "[hostile]") {
  auto d = kb_with("big.yaml", "kind: drug\nid: x\nname: " + std::string(2000, 'x') + "\n");
  auto r = check(d, "--max-file-size 1000");
  expect_reported(r, "kb/big.yaml", "KB0007");
  CHECK(r.out.find("--max-file-size") != std::string::npos);
}

TEST_CASE("hostile: a huge scalar", "[hostile]") {
  auto d = kb_with("scalar.yaml", "kind: drug\nid: x\nname: " + std::string(2 << 20, 'x') + "\n");
  expect_reported(check(d), "kb/scalar.yaml", "KB0007");
}

TEST_CASE("hostile: invalid UTF-8, NUL bytes, a binary file named .yaml", "[hostile]") {
  expect_reported(check(kb_with("latin1.yaml", "kind: drug\nid: x\nname: caf\xE9\n")),
                  "kb/latin1.yaml:3:10", "KB0003");
  expect_reported(check(kb_with("nul.yaml", std::string("kind: drug\0\0", 12))), "kb/nul.yaml",
                  "KB0003");
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\rIHDR", 8);
  expect_reported(check(kb_with("image.yaml", png)), "kb/image.yaml", "KB0003");
}

TEST_CASE("hostile: documents that are not mappings and keys that are not scalars", "[hostile]") {
  expect_reported(check(kb_with("list.yaml", "- a\n- b\n")), "kb/list.yaml:1:1", "KB0004");
  expect_reported(check(kb_with("scalar.yaml", "just text\n")), "kb/scalar.yaml", "KB0004");
  expect_reported(check(kb_with("key.yaml", "? {a: 1}\n: x\nkind: drug\n")), "kb/key.yaml:1",
                  "KB0009");
  expect_reported(check(kb_with("kind.yaml", "kind: gen\nid: X\n")), "kb/kind.yaml:1:7", "KB0005");
}

TEST_CASE("hostile: hundreds of thousands of empty documents", "[hostile]") {
  std::string text;
  for (int i = 0; i < 300000; ++i) text += "---\n";
  auto d = kb_with("empty.yaml", text);
  auto r = check(d);
  INFO(r.out.substr(0, 500));
  CHECK(r.status == 0);  // allowed by the format, and finished under the timeout
  auto limited = check(d, "--max-documents 10");
  CHECK(limited.status == 0);  // empty documents are not counted
}

TEST_CASE("hostile: too many real documents", "[hostile]") {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "---\nkind: drug\nid: d" + std::to_string(i) + "\nname: D\n";
  expect_reported(check(kb_with("many.yaml", text), "--max-documents 10"), "kb/many.yaml", "KB0007");
}

TEST_CASE("hostile: symlink loops, broken links and FIFOs in the KB tree", "[hostile]") {
  TempDir d;
  d.write("kb/kb.yaml", kbtest::kManifest);
  std::filesystem::create_directories(d.path() / "kb/sub");
  std::filesystem::create_directory_symlink("..", d.path() / "kb/sub/loop");
  std::filesystem::create_symlink("missing.yaml", d.path() / "kb/broken.yaml");
  REQUIRE(::mkfifo((d.path() / "kb/pipe.yaml").c_str(), 0644) == 0);
  auto r = check(d);
  INFO(r.out);
  CHECK((r.status == 1 || r.status == 2));
  CHECK(r.out.find("kb/sub/loop") != std::string::npos);
  CHECK(r.out.find("symlink loop") != std::string::npos);
  CHECK(r.out.find("kb/broken.yaml") != std::string::npos);
  CHECK(r.out.find("kb/pipe.yaml") != std::string::npos);
  kbtest::expect_rule(r.out, "KB0008");
}

TEST_CASE("hostile: unreadable files", "[hostile]") {
  if (::geteuid() == 0) {
    WARN("running as root: permissions do not stop reads; covered by broken links and FIFOs");
    return;
  }
  auto d = kb_with("secret.yaml", "kind: drug\nid: x\nname: X\n");
  ::chmod((d.path() / "kb/secret.yaml").c_str(), 0);
  expect_reported(check(d), "kb/secret.yaml", "KB0008");
}

TEST_CASE("hostile: file names with spaces and non-ASCII characters", "[hostile]") {
  auto d = kb_with("évidence files/a b.yaml", "kind: drug\nid: x\nname: 1\n");
  auto r = check(d);
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("kb/évidence files/a b.yaml:3:7") != std::string::npos);
  auto json = check(d, "--format json");
  CHECK(json.out.find("\"file\": \"kb/évidence files/a b.yaml\"") != std::string::npos);
}

TEST_CASE("hostile: bad command lines exit 2 with a message", "[hostile]") {
  TempDir d;
  auto missing = kbtest::kbcheck("check no/such/dir", d.path());
  CHECK(missing.status == 2);
  CHECK(missing.out.find("no/such/dir") != std::string::npos);
  CHECK(kbtest::kbcheck("check --format yaml kb", d.path()).status == 2);
  CHECK(kbtest::kbcheck("frobnicate", d.path()).status == 2);
  CHECK(kbtest::kbcheck("--version").status == 0);
}

TEST_CASE("hostile: every limit is configurable from the command line", "[hostile]") {
  auto d = kb_with("drug.yaml", "kind: drug\nid: x\nname: " + std::string(100, 'n') + "\n");
  CHECK(check(d).status == 0);
  expect_reported(check(d, "--max-scalar-size 50"), "kb/drug.yaml:3:7", "KB0007");
  expect_reported(check(d, "--max-nodes 4"), "kb/drug.yaml", "KB0007");
  expect_reported(check(d, "--max-depth 0"), "kb/drug.yaml", "KB0007");
}

TEST_CASE("hostile: values too long for a pattern are refused, not matched", "[hostile]") {
  // std::regex recurses per character: a 50,000-character id used to overflow the stack.
  std::string id(50000, 'a');
  auto d = kb_with("drugs/long.yaml", "kind: drug\nid: " + id + "\nname: X\n");
  d.write("kb/phenotypes/p.yaml", "kind: phenotype\nid: p\nlabel: P\nis_a: [" + std::string(300000, 'b') + "]\n");
  for (const char* jobs : {"-j1", "-j2"}) {
    auto r = check(d, jobs);
    expect_reported(r, "kb/drugs/long.yaml:2:5", "KB0105");
    CHECK(r.status == 1);
    CHECK(r.out.find("the value of 'id' is 50000 bytes long, more than the 1024 checked against "
                     "its pattern") != std::string::npos);
    CHECK(r.out.find("kb/phenotypes/p.yaml:4:8: error: an item of 'is_a' is 300000 bytes long") !=
          std::string::npos);
    // The snippet of a long line is a window with "...", not 300 KB of source.
    CHECK(r.out.find("is_a: [bbbb") != std::string::npos);
    CHECK(r.out.size() < 20000);
  }
  // A long value in a field without a pattern is fine.
  auto ok = kb_with("drugs/d.yaml", "kind: drug\nid: d\nname: " + std::string(50000, 'n') + "\n");
  auto r = check(ok);
  INFO(r.out.substr(0, 2000));
  CHECK(r.out.find("KB0105") == std::string::npos);
}

TEST_CASE("hostile: a schema pattern std::regex cannot compile exits 2 at load", "[hostile]") {
  TempDir d;
  d.write("kb/kb.yaml", kbtest::kManifest);
  for (int i = 0; i < 50; ++i)
    d.write("kb/drugs/d" + std::to_string(i) + ".yaml", "kind: drug\nid: d" + std::to_string(i) + "\nname: D\n");
  d.write("schemas/drug.schema.json",
          R"({"type": "object", "properties": {"id": {"type": "string", "pattern": "^(?<name>[a-z]+)$"}}})");
  for (const char* jobs : {"-j1", "-j2"}) {
    auto r = check(d, std::string("--schema-dir schemas ") + jobs);
    INFO(r.out);
    CHECK(r.status == 2);  // not 134 (an exception escaping a worker thread)
    CHECK(r.out.find("schema for 'drug': pattern \"^(?<name>[a-z]+)$\" cannot be compiled") !=
          std::string::npos);
  }
}
