#include <catch2/catch.hpp>

#include <limits>

#include "yaml/loader.h"
#include "yaml/node.h"

using namespace kb;
using namespace kb::yaml;

namespace {

struct Loaded {
  LoadedFile file;
  std::vector<Diagnostic> diags;
};

Loaded load(std::string_view text, LoadLimits limits = {}) {
  Loaded r;
  r.file = load_yaml(text, "f.yaml", limits, r.diags);
  return r;
}

}  // namespace

TEST_CASE("nodes carry 1-based line and column", "[yaml]") {
  auto r = load("kind: gene\nid: CYP19A1\nroles:\n  - drug: anastrozole\n    role: target\n");
  REQUIRE(r.diags.empty());
  REQUIRE(r.file.documents.size() == 1);
  const Node& root = r.file.documents[0].root;
  const Node* id = root.find("id");
  REQUIRE(id);
  CHECK(id->mark.line == 2);
  CHECK(id->mark.column == 5);
  const Node* role = root.find("roles")->items[0].find("role");
  CHECK(role->mark.line == 5);
  CHECK(role->mark.column == 11);
  CHECK(root.find_member("roles")->key.mark.column == 1);
}

TEST_CASE("KB0001: a syntax error is a diagnostic at its line", "[yaml]") {
  auto r = load("kind: gene\nid: [unclosed\nname: x\n");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0001");
  CHECK(r.diags[0].location.file == "f.yaml");
  CHECK(r.diags[0].location.line >= 2);
  CHECK(r.file.failed);
}

TEST_CASE("KB0001: an unclosed quote is named as such", "[yaml]") {
  auto r = load("kind: gene\nname: \"cytochrome\nid: X\n");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0001");
  CHECK(r.diags[0].message.find("unclosed quote") != std::string::npos);
}

TEST_CASE("KB0001: tab indentation is reported at the tab's line", "[yaml]") {
  auto r = load("kind: gene\nroles:\n\t- drug: x\n");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0001");
  CHECK(r.diags[0].location.line == 3);
  CHECK(r.diags[0].message.find("tab") != std::string::npos);
}

TEST_CASE("KB0002: duplicate keys are errors pointing at both", "[yaml]") {
  auto r = load("kind: gene\nid: A\nname: x\nid: B\n");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0002");
  CHECK(r.diags[0].location.line == 4);
  REQUIRE(r.diags[0].related.size() == 1);
  CHECK(r.diags[0].related[0].location.line == 2);
  // The first value is kept, the duplicate dropped.
  CHECK(r.file.documents[0].root.find("id")->text == "A");
}

TEST_CASE("KB0002: duplicate keys in a large mapping", "[yaml]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "k" + std::to_string(i) + ": v\n";
  text += "k3: again\nk39: again\n";
  auto r = load(text);
  REQUIRE(r.diags.size() == 2);
  CHECK(r.diags[0].rule == "KB0002");
  CHECK(r.diags[0].related.at(0).location.line == 4);
  CHECK(r.diags[1].related.at(0).location.line == 40);
  CHECK(r.file.documents[0].root.members.size() == 40);
}

TEST_CASE("a file without problems gives no diagnostics (good case of KB0001-KB0009)", "[yaml]") {
  auto r = load("kind: drug\nid: anastrozole\nname: Anastrozole\n");
  CHECK(r.diags.empty());
  CHECK_FALSE(r.file.failed);
}

TEST_CASE("multi-document streams, empty documents, BOM and CRLF", "[yaml]") {
  auto r = load("\xEF\xBB\xBF---\r\nkind: drug\r\nid: a\r\n---\r\n---\r\n# only a comment\r\n---\r\nkind: drug\r\nid: b\r\n");
  CHECK(r.diags.empty());
  REQUIRE(r.file.documents.size() == 2);
  CHECK(r.file.documents[1].root.find("id")->text == "b");
  CHECK(r.file.documents[1].root.find("id")->mark.line == 9);
  CHECK(load("").file.documents.empty());
  CHECK(load("").diags.empty());
  CHECK(load("# nothing but a comment\n").diags.empty());
}

TEST_CASE("KB0003: invalid UTF-8 and NUL bytes", "[yaml]") {
  auto bad = load("kind: gene\nname: caf\xE9\n");
  REQUIRE(bad.diags.size() == 1);
  CHECK(bad.diags[0].rule == "KB0003");
  CHECK(bad.diags[0].location.line == 2);
  CHECK(bad.diags[0].location.column == 10);
  auto nul = load(std::string_view("kind: gene\n\0\x01\x02", 14));
  REQUIRE(nul.diags.size() == 1);
  CHECK(nul.diags[0].rule == "KB0003");
  CHECK(nul.diags[0].message.find("NUL") != std::string::npos);
}

TEST_CASE("KB0006: aliases and anchors are refused, never expanded", "[yaml]") {
  auto r = load("a: &x [1, 2]\nb: *x\n");
  REQUIRE(r.diags.size() == 2);
  CHECK(r.diags[0].rule == "KB0006");
  CHECK(r.diags[1].rule == "KB0006");
  CHECK(r.diags[1].location.line == 2);
  // Billion laughs: bounded work, no expansion.
  std::string laughs = "a: &a [\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    laughs += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ",*" + char(c - 1) + ",*" +
              char(c - 1) + ",*" + char(c - 1) + "]\n";
  auto l = load(laughs);
  CHECK_FALSE(l.diags.empty());
  CHECK(l.diags[0].rule == "KB0006");
}

TEST_CASE("KB0007: deep nesting stops with a diagnostic, not a stack overflow", "[yaml]") {
  std::string deep(200000, '[');
  auto r = load(deep);
  REQUIRE_FALSE(r.diags.empty());
  CHECK((r.diags[0].rule == "KB0007" || r.diags[0].rule == "KB0001"));
  std::string maps;
  for (int i = 0; i < 100; ++i) maps += std::string(i * 2, ' ') + "k:\n";
  auto m = load(maps);
  REQUIRE_FALSE(m.diags.empty());
  CHECK(m.diags[0].rule == "KB0007");
  CHECK(load("a: [[[1]]]\n").diags.empty());
}

TEST_CASE("KB0007: document count and scalar size limits", "[yaml]") {
  LoadLimits limits;
  limits.max_documents = 3;
  auto r = load("---\na: 1\n---\na: 2\n---\na: 3\n---\na: 4\n", limits);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0007");
  limits = {};
  limits.max_scalar_bytes = 10;
  auto s = load("a: 0123456789abcdef\n", limits);
  REQUIRE(s.diags.size() == 1);
  CHECK(s.diags[0].rule == "KB0007");
  // Hundreds of thousands of empty documents are fine and quick.
  std::string empties;
  for (int i = 0; i < 200000; ++i) empties += "---\n";
  auto e = load(empties);
  CHECK(e.diags.empty());
  CHECK(e.file.documents.empty());
}

TEST_CASE("KB0009: keys must be scalars", "[yaml]") {
  auto r = load("? [a, b]\n: value\nkind: x\n");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0009");
  CHECK(r.diags[0].location.line == 1);
}

TEST_CASE("scalars resolve under the YAML 1.2 core schema", "[yaml]") {
  CHECK(resolve_plain_scalar("15") == ScalarType::kInt);
  CHECK(resolve_plain_scalar("-3") == ScalarType::kInt);
  CHECK(resolve_plain_scalar("0.049") == ScalarType::kFloat);
  CHECK(resolve_plain_scalar("1e-5") == ScalarType::kFloat);
  CHECK(resolve_plain_scalar("1.0.0") == ScalarType::kString);
  CHECK(resolve_plain_scalar("2026-11-21") == ScalarType::kString);
  CHECK(resolve_plain_scalar("yes") == ScalarType::kString);  // YAML 1.1 only
  CHECK(resolve_plain_scalar("true") == ScalarType::kBool);
  CHECK(resolve_plain_scalar("~") == ScalarType::kNull);
  CHECK(resolve_plain_scalar("3A") == ScalarType::kString);
  auto r = load("a: \"15\"\nb: 15\nc: !!str 15\n");
  const Node& root = r.file.documents[0].root;
  CHECK(root.find("a")->scalar_type() == ScalarType::kString);
  CHECK(root.find("b")->scalar_type() == ScalarType::kInt);
  CHECK(root.find("c")->scalar_type() == ScalarType::kString);
}

TEST_CASE("columns count characters, not bytes", "[yaml]") {
  // « and Ä are two bytes each in UTF-8: x is the 8th character but the 10th byte.
  auto r = load("a: \xC2\xAB\xC3\x84\n"
                "b: [\xC3\xA9, x]\n");
  REQUIRE(r.diags.empty());
  const Node& root = r.file.documents[0].root;
  REQUIRE(root.find("b"));
  CHECK(root.find("b")->items[1].mark.line == 2);
  CHECK(root.find("b")->items[1].mark.column == 8);
  auto bad = load("name: \xC2\xAB\xC3\x84\xC2\xBB \xFF\n");
  REQUIRE(bad.diags.size() == 1);
  CHECK(bad.diags[0].rule == "KB0003");
  CHECK(bad.diags[0].location.column == 11);  // "name: «Ä» " is 10 characters
}

TEST_CASE("an empty value is located at its key, an empty item at its dash", "[yaml]") {
  auto r = load("a:\nb: 1\nlist:\n  -\n  - x\nc: ~\n");
  REQUIRE(r.diags.empty());
  const Node& root = r.file.documents[0].root;
  CHECK(root.find("a")->mark.line == 1);  // not 2:1, where the next token starts
  CHECK(root.find("a")->mark.column == 1);
  CHECK(root.find("list")->items[0].mark.line == 4);
  CHECK(root.find("list")->items[0].mark.column == 3);
  CHECK(root.find("c")->mark.line == 6);  // an explicit null stays where it is written
  CHECK(root.find("c")->mark.column == 4);
}

TEST_CASE("a tab inside a block scalar is content, not the cause of a later error", "[yaml]") {
  auto r = load("s: |\n  text\n  \tindented with a tab, legally\nk: [1, 2\nm: 3\n");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0001");
  CHECK(r.diags[0].message.find("tab") == std::string::npos);
  CHECK(r.diags[0].location.line >= 4);
}

TEST_CASE("core-schema integers: decimal, 0o, 0x, and overflow is nothing", "[yaml]") {
  CHECK(core_int_value("010") == 10);  // YAML 1.2: not octal
  CHECK(core_int_value("+16") == 16);
  CHECK(core_int_value("-16") == -16);
  CHECK(core_int_value("0o17") == 15);
  CHECK(core_int_value("0x1F") == 31);
  CHECK(core_int_value("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
  CHECK_FALSE(core_int_value("9223372036854775808").has_value());
  CHECK_FALSE(core_int_value("0x").has_value());
  CHECK_FALSE(core_int_value("+0x1").has_value());
  CHECK_FALSE(core_int_value("1.5").has_value());
  CHECK_FALSE(core_int_value("--1").has_value());
}

TEST_CASE("KB0001: invalid YAML that yaml-cpp used to accept is refused", "[yaml]") {
  // Each pasted into an ordinary record (yaml-test-suite QB6E, 9JBA, SU5Z, X4QW).
  for (const char* bad : {"kind: drug\nsummary: \"quoted\ncontinued at column 0\"\n",
                          "kind: drug\nalleles: [a, b]#x\n", "kind: drug\nname: \"v\"# c\n",
                          "kind: drug\nsummary: ># c\n  text\n"}) {
    auto r = load(bad);
    INFO(bad);
    REQUIRE(r.diags.size() == 1);
    CHECK(r.diags[0].rule == "KB0001");
    CHECK(r.diags[0].location.line == 2);
    CHECK(r.file.failed);
  }
  auto glued = load("kind: drug\nname: \"v\"# c\n");
  CHECK(glued.diags[0].message.find("a comment must be separated by a space") != std::string::npos);
}

TEST_CASE("valid YAML that yaml-cpp used to refuse loads", "[yaml]") {
  // A blank line holding only a tab, and a multi-line flow key.
  auto tab = load("kind: drug\n\t\nid: x\n");
  CHECK(tab.diags.empty());
  CHECK(tab.file.documents.at(0).root.find("id")->text == "x");
  auto key = load("{ first: Sammy, last: Sosa }:\n  hr: 65\n");
  REQUIRE(key.diags.size() == 1);
  CHECK(key.diags[0].rule == "KB0009");  // parsed; refused only because the key is a mapping
}

TEST_CASE("KB0006: an unquoted star allele is named as such", "[yaml]") {
  auto r = load("kind: variant\nalleles: [*1, \"*2\"]\n");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0006");
  CHECK(r.diags[0].location.column == 11);
  CHECK(r.diags[0].message.find("quote it") != std::string::npos);
  CHECK(r.diags[0].message.find("\"*1\"") != std::string::npos);
  const Node* alleles = r.file.documents.at(0).root.find("alleles");
  CHECK(alleles->items[0].kind == NodeKind::kNull);  // never expanded
  CHECK(alleles->items[1].text == "*2");
}

TEST_CASE("quoted and block scalars are located at their quote and indicator", "[yaml]") {
  auto r = load("a: \"q\"\nb: 'r'\nc: |\n  text\nd: >-  # folded\n\n  x\ne: [\"s\"]\n");
  REQUIRE(r.diags.empty());
  const Node& root = r.file.documents[0].root;
  CHECK(root.find("a")->mark.column == 4);
  CHECK(root.find("b")->mark.column == 4);
  CHECK(root.find("c")->mark.line == 3);
  CHECK(root.find("c")->mark.column == 4);
  CHECK(root.find("d")->mark.line == 5);
  CHECK(root.find("d")->mark.column == 4);
  CHECK(root.find("d")->text == "\nx");
  CHECK(root.find("e")->items[0].mark.column == 5);
}

TEST_CASE("KB0007: two million nested flow sequences are refused at the depth limit", "[yaml]") {
  // libfyaml buffers a whole flow collection before its first event; the loader feeds it
  // in chunks and stops early, so this ends at depth 65 instead of reading all 4 MB.
  std::string deep = "a: " + std::string(2'000'000, '[') + std::string(2'000'000, ']');
  auto r = load(deep);
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].rule == "KB0007");
  CHECK(r.diags[0].message.find("deeper than 64 levels") != std::string::npos);
  CHECK(r.diags[0].location.column == 4 + 63);  // the root mapping is the first level
  // Wide rather than deep: refused by the pending flow-indicator limit.
  std::string wide = "a: [[" + std::string(200'000, ',') + "]]";
  auto w = load(wide);
  REQUIRE_FALSE(w.diags.empty());
  CHECK(w.diags[0].rule == "KB0007");
  CHECK(w.diags[0].message.find("flow collection") != std::string::npos);
}
