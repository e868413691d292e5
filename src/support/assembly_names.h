#pragma once
/// \file
/// How a VCF header names its reference assembly, for every reader that must tell GRCh37
/// from GRCh38 (kbinterp's VCF input, kbimport's dbSNP scan). Header-only, so kbinterp
/// uses it without linking the rest of kbcheck.

#include <cctype>
#include <cstddef>
#include <string_view>

namespace kb::assembly {

/// Names of GRCh37 in `##reference`/`##contig` lines: the assembly, UCSC's and the usual
/// reference file names.
inline constexpr std::string_view kGrch37Names[] = {"GRCh37", "hg19", "b37", "hs37d5", "g1k_v37"};

/// Names of GRCh38 in the same lines.
inline constexpr std::string_view kGrch38Names[] = {"GRCh38", "hg38", "hs38", "hs38DH"};

/// chr1's `length=` in a `##contig` line: it differs between the assemblies.
inline constexpr std::string_view kChr1LengthGrch37 = "length=249250621";
inline constexpr std::string_view kChr1LengthGrch38 = "length=248956422";

/// Whether `needle` occurs in `text` with no letter or digit on either side: "b37"
/// inside an md5 or a path like /lab37/ says nothing about the assembly.
inline bool contains_word(std::string_view text, std::string_view needle) {
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t p = text.find(needle); p != text.npos; p = text.find(needle, p + 1)) {
    std::size_t end = p + needle.size();
    if ((p == 0 || !alnum(text[p - 1])) && (end == text.size() || !alnum(text[end]))) return true;
  }
  return false;
}

/// Whether `line` names any of `names` as a whole word.
template <std::size_t N>
bool names_any(std::string_view line, const std::string_view (&names)[N]) {
  for (std::string_view n : names)
    if (contains_word(line, n)) return true;
  return false;
}

}  // namespace kb::assembly
