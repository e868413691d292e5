#include "bundle/semver.h"

#include <charconv>

namespace kb::bundle {

namespace {
bool numeric(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool ident_ok(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'))
      return false;
  return true;
}

std::optional<unsigned long long> number(std::string_view s) {
  // Why: semver forbids leading zeros in numeric parts ("01" is not a version).
  if (!numeric(s) || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  unsigned long long v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}
}  // namespace

std::optional<SemVer> parse_semver(std::string_view s) {
  if (auto plus = s.find('+'); plus != std::string_view::npos) {
    for (auto id : split(s.substr(plus + 1), '.'))
      if (!ident_ok(id)) return std::nullopt;
    s = s.substr(0, plus);
  }
  SemVer v;
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    for (auto id : split(s.substr(dash + 1), '.')) {
      if (!ident_ok(id) || (numeric(id) && !number(id))) return std::nullopt;
      v.prerelease.emplace_back(id);
    }
    s = s.substr(0, dash);
  }
  auto parts = split(s, '.');
  if (parts.size() != 3) return std::nullopt;
  auto a = number(parts[0]), b = number(parts[1]), c = number(parts[2]);
  if (!a || !b || !c) return std::nullopt;
  v.major = *a, v.minor = *b, v.patch = *c;
  return v;
}

std::strong_ordering compare(const SemVer& a, const SemVer& b) {
  if (auto c = a.major <=> b.major; c != 0) return c;
  if (auto c = a.minor <=> b.minor; c != 0) return c;
  if (auto c = a.patch <=> b.patch; c != 0) return c;
  // A release outranks any of its pre-releases.
  if (a.prerelease.empty() != b.prerelease.empty())
    return a.prerelease.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  for (std::size_t i = 0; i < a.prerelease.size() && i < b.prerelease.size(); ++i) {
    const auto &x = a.prerelease[i], &y = b.prerelease[i];
    bool nx = numeric(x), ny = numeric(y);
    if (nx && ny) {
      if (auto c = x.size() <=> y.size(); c != 0) return c;  // no leading zeros
      if (auto c = x <=> y; c != 0) return c;
    } else if (nx != ny) {
      return nx ? std::strong_ordering::less : std::strong_ordering::greater;
    } else if (auto c = x <=> y; c != 0) {
      return c;
    }
  }
  return a.prerelease.size() <=> b.prerelease.size();
}

std::string_view bump_name(Bump b) {
  switch (b) {
    case Bump::kNone: return "none";
    case Bump::kPatch: return "patch";
    case Bump::kMinor: return "minor";
    case Bump::kMajor: return "major";
  }
  return "none";
}

Bump bump_between(const SemVer& from, const SemVer& to) {
  if (to.major > from.major) return Bump::kMajor;
  if (to.major < from.major) return Bump::kNone;
  if (to.minor > from.minor) return Bump::kMinor;
  if (to.minor < from.minor) return Bump::kNone;
  if (to.patch > from.patch) return Bump::kPatch;
  return Bump::kNone;
}

}  // namespace kb::bundle
