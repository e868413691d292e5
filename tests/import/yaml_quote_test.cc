// yaml_quote(): every string must load back as the same string through kbcheck's loader.
#include <catch2/catch.hpp>

#include <vector>

#include "import/yaml_emit.h"
#include "yaml/loader.h"

using namespace kb::import;

namespace {

/// Loads `key: <quoted s>` with the project's YAML loader; returns the scalar (or fails).
void check_round_trip(const std::string& s) {
  std::string doc = "k: " + yaml_quote(s) + "\nl: " + yaml_flow_list({s, "x"}) + "\n";
  std::vector<kb::Diagnostic> diags;
  auto file = kb::yaml::load_yaml(doc, "t.yaml", {}, diags);
  INFO("input [" << s << "] emitted as [" << yaml_quote(s) << "]");
  REQUIRE(diags.empty());
  REQUIRE(file.documents.size() == 1);
  const auto* k = file.documents[0].root.find("k");
  REQUIRE(k);
  CHECK(k->text == s);
  CHECK(k->scalar_type() == kb::yaml::ScalarType::kString);
  const auto* l = file.documents[0].root.find("l");
  REQUIRE(l);
  REQUIRE(l->items.size() == 2);
  CHECK(l->items[0].text == s);
  CHECK(l->items[0].scalar_type() == kb::yaml::ScalarType::kString);
}

}  // namespace

TEST_CASE("plain strings stay plain", "[import][yaml]") {
  CHECK(yaml_quote("warfarin") == "warfarin");
  CHECK(yaml_quote("people with Asthma") == "people with Asthma");
  CHECK(yaml_quote("C/T") == "C/T");
  CHECK(yaml_quote("o-desmethyl-tramadol") == "o-desmethyl-tramadol");
}

TEST_CASE("strings a YAML reader would mistype are quoted", "[import][yaml]") {
  for (const char* s : {"3", "1A", "0.5", "-1", "+2", ".5", "1e3", "0x1F", "0o17", "true", "False",
                        "null", "~", "yes", "no", "on", "off", "Y", "n", ".inf", "-.inf", ".nan",
                        "2026-11-24", "12:30"})
    CHECK(yaml_quote(s).front() == '"');
}

TEST_CASE("strings with indicators are quoted", "[import][yaml]") {
  for (const char* s : {"*2", "-", "- item", "key: value", "a #comment", "[S-(E)]-EDDP", "{x}", "a, b",
                        "&anchor", "!tag", "|", ">", "'q", "\"q", "%x", "@x", "`x", "? x", ": x",
                        "ends:", " lead", "trail ", "", "tab\there", "line\nbreak", "---", "..."})
    CHECK(yaml_quote(s).front() == '"');
}

TEST_CASE("double quoting escapes what it must", "[import][yaml]") {
  CHECK(yaml_double_quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(yaml_double_quoted("a\nb\tc") == "\"a\\nb\\tc\"");
  CHECK(yaml_double_quoted(std::string("a\x01z")) == "\"a\\x01z\"");
  CHECK(yaml_double_quoted("a\xE2\x80\xA8z") == "\"a\\Lz\"");
}

TEST_CASE("quoted output round-trips through the loader", "[import][yaml]") {
  for (const char* s : {"warfarin", "3", "1A", "*2", "*1/*3", "-", "-/-", "C/T", "true", "no", "null",
                        "~", "0.5", "key: value", "a #b", "a#b", "[S-(E)]-2-ethylidene (S-EDDP)",
                        "Tumor necrosis factor alpha (TNF-alpha) inhibitors", "a, b", "it's", "\"q\"",
                        "back\\slash", "tab\there", "caf\xC3\xA9", "\xE2\x80\x98quoted\xE2\x80\x99",
                        "50%", "@home", "2026-11-24", "1,002 patients", "% HRSD", "ends:", "x: "})
    check_round_trip(s);
}

TEST_CASE("block documents nest and quote", "[import][yaml]") {
  YamlDoc d;
  d.field("kind", "evidence");
  d.field("level", "3");
  d.open("citation");
  d.raw("pmid", "123");
  d.close();
  d.field("summary", "a: b");
  CHECK(d.text() == "kind: evidence\nlevel: \"3\"\ncitation:\n  pmid: 123\nsummary: \"a: b\"\n");
}
