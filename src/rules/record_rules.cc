#include "rules/record_rules.h"

#include <cctype>

namespace kb::rules {

void check_record(const RecordContext& ctx) {
  if (ctx.kind != "evidence") return;
  check_allele_or_genotypes(ctx);
  check_genotype_syntax(ctx);
  check_value_outside_ci(ctx);
  check_self_comparison(ctx);
  check_invalid_date(ctx);
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_nucleotide(char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; }

/// Advances `i` over digits; how many there were.
std::size_t digits(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i - start;
}

/// A star allele: *2, *2A, *2.001, *1x2, *2xN.
bool is_star(std::string_view s) {
  std::size_t i = 1;
  if (digits(s, i) == 0) return false;
  if (i < s.size() && is_upper(s[i]) && s[i] != 'N') ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits(s, i) == 0) return false;
  }
  if (i < s.size() && s[i] == 'x') {
    ++i;
    if (i < s.size() && s[i] == 'N') ++i;
    else if (digits(s, i) == 0) return false;
  }
  return i == s.size();
}

/// An HLA allele of two to four fields: *58:01, *57:01:01, with an expression suffix N L S Q.
bool is_hla(std::string_view s) {
  std::size_t i = 1, fields = 0;
  for (;;) {
    if (digits(s, i) < 2) return false;
    ++fields;
    if (i < s.size() && s[i] == ':' && fields < 4) ++i;
    else break;
  }
  if (i < s.size() && std::string_view("NLSQ").find(s[i]) != std::string_view::npos) ++i;
  return fields >= 2 && i == s.size();
}

/// A short tandem repeat count: (TA)7.
bool is_repeat(std::string_view s) {
  std::size_t close = s.find(')');
  if (close == std::string_view::npos || close < 2) return false;
  for (std::size_t i = 1; i < close; ++i)
    if (!is_nucleotide(s[i])) return false;
  std::size_t i = close + 1;
  return digits(s, i) > 0 && i == s.size();
}

/// A named allele (format 1.1 `system: named`): L, S, null. Nucleotides are names too.
bool is_name(std::string_view s) {
  auto alnum = [](char c) { return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z'); };
  if (!alnum(s[0])) return false;
  for (char c : s)
    if (!alnum(c) && c != '_' && c != '.' && c != '+' && c != '-') return false;
  return true;
}

}  // namespace

bool is_allele_syntax(std::string_view s) {
  if (s == "-") return true;
  if (s.empty() || s.size() > 256) return false;
  if (s[0] == '*') return is_star(s) || is_hla(s);
  if (s[0] == '(') return is_repeat(s);
  return is_name(s);
}

bool split_genotype(std::string_view g, std::string_view& a, std::string_view& b) {
  auto slash = g.find('/');
  if (slash == std::string_view::npos || g.find('/', slash + 1) != std::string_view::npos)
    return false;
  a = g.substr(0, slash);
  b = g.substr(slash + 1);
  return is_allele_syntax(a) && is_allele_syntax(b);
}

}  // namespace kb::rules
