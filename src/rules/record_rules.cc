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

bool is_allele_syntax(std::string_view s) {
  if (s == "-") return true;
  if (s.empty()) return false;
  if (s[0] == '*') {
    std::size_t i = 1;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == 1) return false;
    if (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') ++i;
    return i == s.size();
  }
  for (char c : s)
    if (c != 'A' && c != 'C' && c != 'G' && c != 'T') return false;
  return true;
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
