#include "interp/genotypes_tsv.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace kb::interp {
namespace {

/// Longest line accepted: real lines are tens of bytes; this keeps messages readable.
constexpr std::size_t kMaxLine = 4096;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// Splits on TAB.
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i)
    if (i == line.size() || line[i] == '\t') out.push_back(trim(line.substr(start, i - start))), start = i + 1;
  return out;
}

/// A printable excerpt of a bad line for messages.
std::string excerpt(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 60)) out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  if (s.size() > 60) out += "...";
  return out;
}

bool valid_variant_name(std::string_view v) {
  return !v.empty() && std::none_of(v.begin(), v.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || !std::isprint(static_cast<unsigned char>(c));
  });
}

}  // namespace

std::string_view next_line(std::string_view text, std::size_t& pos) {
  std::size_t nl = text.find('\n', pos);
  std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
  pos = nl == std::string_view::npos ? text.size() : nl + 1;
  return line;
}

TsvParse parse_genotypes_tsv(std::string_view text, std::string_view name) {
  TsvParse r;
  std::map<std::string, std::size_t, std::less<>> seen;
  bool data_seen = false;
  std::size_t line_no = 0, pos = 0;
  auto fail = [&](const std::string& what) {
    r.error = std::string(name) + ":" + std::to_string(line_no) + ": " + what;
    r.rows.clear();
    return r;
  };
  while (pos < text.size()) {
    std::string_view raw = next_line(text, pos);
    ++line_no;
    if (raw.size() > kMaxLine) return fail("line longer than " + std::to_string(kMaxLine) + " bytes; is this a genotypes TSV?");
    std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    auto f = fields(line);
    // Why: the header is optional, so it is recognised only as the first non-comment line.
    if (!data_seen && f.size() == 2 && iequals(f[0], "variant") && iequals(f[1], "genotype")) {
      data_seen = true;
      continue;
    }
    data_seen = true;
    if (f.size() == 2 && iequals(f[0], "variant") && iequals(f[1], "genotype"))
      return fail("the header line `variant<TAB>genotype` may only be the first line; remove this one");
    if (f.size() != 2)
      return fail("expected `variant<TAB>genotype` (2 tab-separated columns), found " +
                  std::to_string(f.size()) + " in \"" + excerpt(line) +
                  "\"; separate the two columns with one TAB character");
    if (!valid_variant_name(f[0]))
      return fail("\"" + excerpt(f[0]) + "\" is not a variant id; use an rsID (rs4646) or a KB variant id");
    std::string why;
    auto g = parse_genotype(f[1], why);
    if (!g) return fail("bad genotype for " + std::string(f[0]) + ": " + why);
    auto [it, fresh] = seen.emplace(std::string(f[0]), line_no);
    if (!fresh)
      return fail(std::string(f[0]) + " is listed twice (first on line " + std::to_string(it->second) +
                  "); keep one line per variant");
    r.rows.push_back({std::string(f[0]), std::move(*g), line_no});
  }
  return r;
}

}  // namespace kb::interp
