#pragma once
/// \file
/// Semantic versions (semver.org 2.0.0) of KB content, for the release guard.

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::bundle {

struct SemVer {
  unsigned long long major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  ///< dot-separated identifiers; empty: a release
};

/// Parses MAJOR.MINOR.PATCH[-PRE][+BUILD]; nothing when `s` is not a semantic version.
std::optional<SemVer> parse_semver(std::string_view s);

/// Precedence per semver 2.0.0 §11 (build metadata ignored).
std::strong_ordering compare(const SemVer& a, const SemVer& b);

/// How much a version moved, or must move.
enum class Bump { kNone = 0, kPatch = 1, kMinor = 2, kMajor = 3 };

/// "none", "patch", "minor", "major".
std::string_view bump_name(Bump b);

/// The largest component that increased from `from` to `to` (kNone if none did).
Bump bump_between(const SemVer& from, const SemVer& to);

}  // namespace kb::bundle
