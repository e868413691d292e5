#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "diag/diagnostic.h"
#include "support/parallel.h"
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

TEST_CASE("parallel_for runs every item once and rethrows a worker's exception", "[support]") {
  for (unsigned jobs : {1u, 2u, 4u}) {
    std::vector<std::atomic<int>> seen(1000);
    std::atomic<bool> bad_worker{false};  // Catch's CHECK is not thread-safe
    kb::parallel_for(seen.size(), jobs, [&](std::size_t i, unsigned worker) {
      if (worker >= jobs) bad_worker = true;
      seen[i].fetch_add(1);
    });
    CHECK_FALSE(bad_worker.load());
    for (const auto& s : seen) CHECK(s.load() == 1);
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH(kb::parallel_for(1000, jobs,
                                       [&](std::size_t i, unsigned) {
                                         ++ran;
                                         if (i == 5) throw std::runtime_error("item 5");
                                       }),
                      "item 5");
    CHECK(ran.load() < 1000);  // handing out stopped after the failure
  }
  kb::parallel_for(0, 4, [](std::size_t, unsigned) { FAIL("no items, no calls"); });
}

TEST_CASE("make_diagnostic cuts very long messages at a UTF-8 boundary", "[diag]") {
  std::string msg = "x" + std::string(3000, 'a');
  for (int i = 0; i < 1000; ++i) msg += "\xC3\xA9";  // é, two bytes each
  auto d = kb::make_diagnostic("KB0105", {"f.yaml", 1, 1}, msg);
  CHECK(d.message.size() < msg.size());
  CHECK(d.message.ends_with("... (cut at 4096 bytes)"));
  CHECK_FALSE(kb::find_invalid_utf8(d.message).has_value());
  auto short_one = kb::make_diagnostic("KB0105", {"f.yaml", 1, 1}, "short");
  CHECK(short_one.message == "short");
}
