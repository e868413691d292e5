#include <catch2/catch.hpp>

#include "support/text.h"

using namespace kb;

TEST_CASE("find_invalid_utf8 accepts UTF-8 and finds the first bad byte", "[support]") {
  CHECK_FALSE(find_invalid_utf8("plain ascii").has_value());
  CHECK_FALSE(find_invalid_utf8("caf\xC3\xA9 \xE2\x88\x9E \xF0\x9F\x92\x8A").has_value());
  CHECK(find_invalid_utf8("ab\xFFz") == 2u);
  CHECK(find_invalid_utf8("ab\xC3") == 2u);               // truncated sequence
  CHECK(find_invalid_utf8("\xC0\xAF") == 0u);             // overlong encoding
  CHECK(find_invalid_utf8("\xED\xA0\x80") == 0u);         // UTF-16 surrogate
}

TEST_CASE("closest_match suggests near names only", "[support]") {
  std::vector<std::string> fields{"direction", "drug", "phenotype", "category"};
  CHECK(closest_match("directon", fields) == "direction");
  CHECK(closest_match("phenotyp", fields) == "phenotype");
  CHECK_FALSE(closest_match("zzzzzz", fields).has_value());
}

TEST_CASE("normalize_for_compare ignores case, spacing and punctuation", "[support]") {
  CHECK(normalize_for_compare("A Polymorphism at the 3'-UTR Region.") ==
        normalize_for_compare("a polymorphism at the 3 UTR region"));
  CHECK(normalize_for_compare("Title A") != normalize_for_compare("Title B"));
}

TEST_CASE("join_alternatives and line_of", "[support]") {
  CHECK(join_alternatives({"a", "b", "c"}) == "a, b or c");
  CHECK(join_alternatives({"x"}, true) == "'x'");
  CHECK(line_of("one\r\ntwo\nthree", 2) == "two");
  CHECK(line_of("one\ntwo", 1) == "one");
  CHECK(line_of("one", 5).empty());
}
