#include "interp/genotype.h"

#include <algorithm>
#include <cctype>

namespace kb::interp {

bool Genotype::carries(std::string_view allele) const {
  return std::find(alleles.begin(), alleles.end(), allele) != alleles.end();
}

bool Genotype::is_pair(std::string_view x, std::string_view y) const {
  if (alleles.size() != 2) return false;
  return (alleles[0] == x && alleles[1] == y) || (alleles[0] == y && alleles[1] == x);
}

std::string Genotype::text() const {
  if (alleles.empty()) return "./.";
  std::string s = alleles[0];
  for (std::size_t i = 1; i < alleles.size(); ++i) s += "/" + alleles[i];
  return s;
}

bool valid_allele(std::string_view a) {
  if (a == "-") return true;
  if (a.empty()) return false;
  if (a[0] == '*') {
    // Named star allele: digits, then at most one capital letter.
    std::size_t i = 1;
    while (i < a.size() && std::isdigit(static_cast<unsigned char>(a[i]))) ++i;
    if (i == 1) return false;
    if (i < a.size() && std::isupper(static_cast<unsigned char>(a[i]))) ++i;
    return i == a.size();
  }
  return std::all_of(a.begin(), a.end(), [](char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; });
}

std::string normalise_allele(std::string_view a) {
  std::string s(a);
  if (!s.empty() && s[0] != '*')
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::optional<Genotype> parse_genotype(std::string_view text, std::string& why) {
  if (text.empty()) {
    why = "the genotype is empty";
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/' || text[i] == '|') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() > 2) {
    why = "\"" + std::string(text) + "\" has " + std::to_string(parts.size()) +
          " alleles; write one (haploid) or two, as X/Y";
    return std::nullopt;
  }
  std::size_t missing = std::count(parts.begin(), parts.end(), std::string_view("."));
  if (missing == parts.size()) return Genotype{};
  if (missing) {
    why = "\"" + std::string(text) + "\" is half called; write ./. when the variant was not called";
    return std::nullopt;
  }
  Genotype g;
  for (auto p : parts) {
    std::string a = normalise_allele(p);
    if (!valid_allele(a)) {
      why = "\"" + std::string(p) + "\" is not an allele (expected nucleotides such as A or CT, "
            "\"-\" for a deletion, or a star allele such as *2)";
      return std::nullopt;
    }
    g.alleles.push_back(std::move(a));
  }
  return g;
}

}  // namespace kb::interp
