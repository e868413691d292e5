// Single-quoted scalars: kbcheck decodes the ones libfyaml 0.7.12 may misread (those with
// a '' escape) and must fold lines exactly as libfyaml does for all others.
#include <catch2/catch.hpp>

#include <optional>
#include <random>

#include "yaml/loader.h"
#include "yaml/node.h"
#include "yaml/single_quoted.h"

using namespace kb;
using namespace kb::yaml;

namespace {

/// The value the loader gives `v: '<raw>'`, or nothing when the document is refused.
std::optional<std::string> loaded_value(const std::string& raw) {
  std::vector<Diagnostic> diags;
  LoadedFile f = load_yaml("v: '" + raw + "'\n", "f.yaml", {}, diags);
  if (f.failed || !diags.empty() || f.documents.empty()) return std::nullopt;
  const Node* v = f.documents[0].root.find("v");
  return v ? std::optional<std::string>(v->text) : std::nullopt;
}

/// `s` with line breaks and tabs visible, for failure messages.
std::string visible(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\\n") : c == '\t' ? std::string("\\t") : std::string(1, c);
  return out;
}

}  // namespace

// Expected values in this file were checked with PyYAML 6.0 (yaml.safe_load).
TEST_CASE("'' escapes in a single-quoted scalar read as YAML says", "[yaml]") {
  // libfyaml 0.7.12 reads 'x''''y' as "x'''".
  CHECK(loaded_value("x''''y") == "x''y");
  CHECK(loaded_value("''''") == "''");
  CHECK(loaded_value("a''''''b") == "a'''b");
  CHECK(loaded_value("it''s ''''quoted'''' text") == "it's ''quoted'' text");
  CHECK(loaded_value("it''s") == "it's");
  // A long run also leaked libfyaml's chunk buffer (the CI fuzzer found it): 60 quotes.
  CHECK(loaded_value(std::string(120, '\'')) == std::string(60, '\''));
  // An escape on a line after empty lines (libfyaml 0.7.12: "\n'\n\n").
  CHECK(loaded_value("\n\n ''\n\n ''") == "\n'\n'");
  CHECK(loaded_value("\ta''''b''\n\n ") == "\ta''b'\n");
  // Folding still applies around them.
  CHECK(loaded_value("a''''  \n   \n  b''''\n  c") == "a''\nb'' c");
}

TEST_CASE("decode_single_quoted folds lines as YAML 1.2 says", "[yaml]") {
  CHECK(decode_single_quoted("") == "");
  CHECK(decode_single_quoted("  a  ") == "  a  ");
  CHECK(decode_single_quoted("a  \n  b") == "a b");
  CHECK(decode_single_quoted("a\n\n b") == "a\nb");
  CHECK(decode_single_quoted("a\n \n\t\n b") == "a\n\nb");
  CHECK(decode_single_quoted("a\n  ") == "a ");
  CHECK(decode_single_quoted("a\n\n") == "a\n");
  CHECK(decode_single_quoted("\n a") == " a");
  CHECK(decode_single_quoted("a\r\n b\rc") == "a b c");
  CHECK(decode_single_quoted("x'' \n ''y") == "x' 'y");
  CHECK(decode_single_quoted("''\n\n ''\n\n ") == "'\n'\n");
  CHECK_FALSE(libfyaml_misreads_single_quoted("it's \n folded"));
  CHECK(libfyaml_misreads_single_quoted("it''s"));
}

TEST_CASE("decode_single_quoted folds exactly as libfyaml where libfyaml reads correctly", "[yaml]") {
  // Random scalars of letters, spaces, tabs and line breaks, without escapes (libfyaml
  // decodes those); every one it accepts must decode to the same value. Continuation
  // lines start with white space so that none is a document marker.
  std::mt19937 rng(20261202);
  const char* pieces[] = {"a", "b", " ", "\t", "\n ", "\n\n ", "\n\t "};
  int compared = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string raw;
    for (int n = std::uniform_int_distribution<int>(0, 12)(rng); n > 0; --n) raw += pieces[rng() % 7];
    auto expected = loaded_value(raw);
    if (!expected) continue;
    INFO("raw: " << visible(raw) << " libfyaml: " << visible(*expected) << " decoded: "
                 << visible(decode_single_quoted(raw)));
    REQUIRE(decode_single_quoted(raw) == *expected);
    ++compared;
  }
  CHECK(compared > 2000);  // 2,320 with this seed
}
