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
    std::vector<std::atomic<int>> runs(1000);
    CHECK_THROWS_WITH(kb::parallel_for(runs.size(), jobs,
                                       [&](std::size_t i, unsigned) {
                                         runs[i].fetch_add(1);
                                         if (i == 5) throw std::runtime_error("item 5");
                                       }),
                      "item 5");
    int ran = 0;
    for (const auto& r : runs) {
      CHECK(r.load() <= 1);
      ran += r.load();
    }
    // One thread takes items in order and stops at the failure. With more threads, how
    // many others finish before the thrower stops the handing out depends on scheduling
    // (a loaded CI machine can run all of them), so only the single-thread count is exact.
    if (jobs == 1) CHECK(ran == 6);
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

TEST_CASE("escape_controls makes every control character visible", "[text]") {
  CHECK(escape_controls("plain text, é ü 中 and a \\ backslash") == "plain text, é ü 中 and a \\ backslash");
  CHECK(escape_controls("a\nb\r\tc") == "a\\nb\\r\\tc");
  CHECK(escape_controls("a\tb", true) == "a\tb");
  CHECK(escape_controls("\x1b[2J\x1b]0;title\x07") == "\\x1b[2J\\x1b]0;title\\x07");
  CHECK(escape_controls(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
  CHECK(escape_controls("bad \xff\xc3 utf-8") == "bad \\xff\\xc3 utf-8");
  CHECK(escape_controls("c1 \xc2\x9b" "31m, nel \xc2\x85") == "c1 \\u009b31m, nel \\u0085");
  CHECK(escape_controls("bidi \xe2\x80\xae" "txt.yaml \xe2\x81\xa6 ls \xe2\x80\xa8") ==
        "bidi \\u202etxt.yaml \\u2066 ls \\u2028");
  // A new line of output never starts inside an escaped value.
  std::string hostile = "x\n::error file=a::owned\r\n::add-mask::y";
  CHECK(escape_controls(hostile).find('\n') == std::string::npos);
  CHECK(escape_controls(hostile).find('\r') == std::string::npos);
  CHECK(escape_controls("\xe2\x80\x8f") == "\\u200f");
  // The two forms of GitHub workflow commands cannot be written by a value either.
  CHECK(escape_controls("::error::x") == "\\x3a:error::x");
  CHECK(escape_controls(" \t::warning::x", true) == " \t\\x3a:warning::x");
  CHECK(escape_controls("a ::error::x") == "a ::error::x");  // not at a line start: inert
  CHECK(escape_controls("x ##[error]y ##[add-mask]z") == "x \\x23#[error]y \\x23#[add-mask]z");
  CHECK(escape_controls("## heading, #[1]") == "## heading, #[1]");
}

TEST_CASE("escape_controls maps an offset of its input to its output", "[text]") {
  std::size_t at = 2;  // the b of a, ESC, b, c
  CHECK(escape_controls("a\x1b" "bc", true, at) == "a\\x1bbc");
  CHECK(at == 5);
  at = 1;  // inside a leading "::": the escape of the first ':' is before it
  CHECK(escape_controls("::e", true, at) == "\\x3a:e");
  CHECK(at == 4);
  at = 99;  // past the end
  CHECK(escape_controls("\tx", false, at) == "\\tx");
  CHECK(at == 3);
}

TEST_CASE("tsv_safe_cell neutralises formulas as OWASP says", "[text]") {
  CHECK(tsv_safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")");
  CHECK(tsv_safe_cell("+1+cmd|' /C calc'!A0") == "'+1+cmd|' /C calc'!A0");
  CHECK(tsv_safe_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(tsv_safe_cell("-") == "'-");        // a deletion allele: prefixed too
  CHECK(tsv_safe_cell("-0.5") == "'-0.5");  // OWASP makes no exception for numbers
  CHECK(tsv_safe_cell("\t=1+1") == "\\t=1+1");  // a tab cannot start a cell or split one
  CHECK(tsv_safe_cell("a\tb\nc") == "a\\tb\\nc");
  CHECK(tsv_safe_cell("rs4646") == "rs4646");
  CHECK(tsv_safe_cell("") == "");
  CHECK(tsv_safe_cell("A=B") == "A=B");
}
