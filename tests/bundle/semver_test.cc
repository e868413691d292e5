#include <catch2/catch.hpp>

#include "bundle/semver.h"

using namespace kb::bundle;

namespace {
bool less(const char* a, const char* b) { return compare(*parse_semver(a), *parse_semver(b)) < 0; }
}  // namespace

TEST_CASE("semver parsing", "[bundle][semver]") {
  CHECK(parse_semver("0.1.0"));
  CHECK(parse_semver("1.0.0-rc.1+build.5"));
  CHECK_FALSE(parse_semver("1.0"));
  CHECK_FALSE(parse_semver("01.0.0"));
  CHECK_FALSE(parse_semver("1.0.0-"));
  CHECK_FALSE(parse_semver("1.0.0-01"));
  CHECK_FALSE(parse_semver("v1.0.0"));
  CHECK_FALSE(parse_semver(""));
}

TEST_CASE("semver precedence (semver.org example chain)", "[bundle][semver]") {
  const char* chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                         "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0",
                         "2.0.0", "10.0.0"};
  for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
    INFO(chain[i] << " < " << chain[i + 1]);
    CHECK(less(chain[i], chain[i + 1]));
    CHECK_FALSE(less(chain[i + 1], chain[i]));
  }
  CHECK(compare(*parse_semver("1.0.0+a"), *parse_semver("1.0.0+b")) == std::strong_ordering::equal);
}

TEST_CASE("bump between versions", "[bundle][semver]") {
  auto b = [](const char* x, const char* y) { return bump_between(*parse_semver(x), *parse_semver(y)); };
  CHECK(b("1.2.3", "2.0.0") == Bump::kMajor);
  CHECK(b("1.2.3", "1.3.0") == Bump::kMinor);
  CHECK(b("1.2.3", "1.2.4") == Bump::kPatch);
  CHECK(b("1.2.3", "1.2.3") == Bump::kNone);
  CHECK(b("1.2.3-rc.1", "1.2.3") == Bump::kNone);
}
