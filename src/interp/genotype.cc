#include "interp/genotype.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <regex>

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
  static const std::regex repeat(R"(\([ACGT]+\)[0-9]+)");
  if (a[0] == '(') return std::regex_match(a.begin(), a.end(), repeat);
  return std::all_of(a.begin(), a.end(), [](char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; });
}

bool valid_allele_in(kbbundle::format::AlleleSystem system, std::string_view a) {
  using S = kbbundle::format::AlleleSystem;
  // The record format's syntaxes (docs/record-format.md, "Allele systems").
  static const std::regex star(R"(\*[0-9]+[A-Z]?(\.[0-9]+)?(x([0-9]+|N))?)");
  static const std::regex hla(R"(\*[0-9]{2,}(:[0-9]{2,}){1,3}[NLSQ]?)");
  static const std::regex named(R"([A-Za-z0-9][A-Za-z0-9_.+-]*)");
  switch (system) {
    case S::kLocus: return valid_allele(a);
    case S::kStar: return std::regex_match(a.begin(), a.end(), star);
    case S::kHla: return std::regex_match(a.begin(), a.end(), hla);
    case S::kNamed: return std::regex_match(a.begin(), a.end(), named);
  }
  return false;
}

bool valid_allele_any(std::string_view a) {
  using S = kbbundle::format::AlleleSystem;
  return a.size() <= 64 && (valid_allele_in(S::kLocus, a) || valid_allele_in(S::kStar, a) ||
                            valid_allele_in(S::kHla, a) || valid_allele_in(S::kNamed, a));
}

std::string normalise_allele(std::string_view a) {
  std::string s(a);
  bool nucleotides = std::all_of(s.begin(), s.end(), [](char c) {
    return std::strchr("ACGTacgt()0123456789-", c) != nullptr && c != '\0';
  });
  if (nucleotides)
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
    if (!valid_allele_any(a)) {
      why = "\"" + std::string(p) + "\" is not an allele (expected nucleotides such as A or CT, "
            "\"-\" for a deletion, a repeat such as (TA)7, a star or HLA allele such as *4 or *58:01, "
            "or a named allele such as S)";
      return std::nullopt;
    }
    g.alleles.push_back(std::move(a));
  }
  return g;
}

}  // namespace kb::interp
