// Bare repeat counts in PharmGKB sentences (pharmgkb_repeats.h).
#include "import/pharmgkb_repeats.h"

#include <cctype>
#include <regex>

namespace kb::import {

std::set<std::string> repeat_units_in(std::string_view text) {
  std::set<std::string> units;
  for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
    std::size_t close = text.find_first_not_of("ACGT", open + 1);
    if (close == open + 1 || close == std::string_view::npos || text[close] != ')') continue;
    if (close + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[close + 1])))
      units.insert(std::string(text.substr(open + 1, close - open - 1)));
  }
  return units;
}

namespace {

/// One count list ("67 + 77" or "7") written with `unit`, or nothing.
std::optional<std::string> expand_list(const std::string& list, bool genotypes, std::string_view unit) {
  const std::string u = "(" + std::string(unit) + ")";
  std::string out;
  for (std::size_t start = 0; start <= list.size();) {
    std::size_t plus = list.find(" + ", start);
    std::string count = list.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
    if (genotypes && count.size() != 2) return std::nullopt;
    out += out.empty() ? "" : " + ";
    out += genotypes ? u + count[0] + "/" + u + count[1] : u + count;
    if (plus == std::string::npos) break;
    start = plus + 3;
  }
  return out;
}

}  // namespace

std::optional<std::string> expand_repeat_counts(std::string_view sentence, std::string_view unit) {
  // "Genotype 77", "genotypes 67 + 77", "Allele 7": a count list ends at a space,
  // punctuation or the end, never inside a longer token ("Allele 7A" is not a count).
  static const std::regex kCounts(R"(\b([Gg]enotypes?|[Aa]lleles?) ([0-9]+(?: \+ [0-9]+)*)(?=[ .,;]|$))");
  std::string text(sentence), out;
  bool any = false;
  auto begin = std::sregex_iterator(text.begin(), text.end(), kCounts);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    bool genotypes = std::tolower(static_cast<unsigned char>(m[1].str()[0])) == 'g';
    auto list = expand_list(m[2].str(), genotypes, unit);
    if (!list) return std::nullopt;
    out += text.substr(last, static_cast<std::size_t>(m.position(0)) - last) + m[1].str() + " " + *list;
    last = static_cast<std::size_t>(m.position(0) + m.length(0));
    any = true;
  }
  if (!any) return std::nullopt;
  return out + text.substr(last);
}

}  // namespace kb::import
