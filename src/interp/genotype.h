#pragma once
/// \file
/// A sample's genotype at one variant, as kbinterp compares it with evidence records.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::interp {

/// An unphased genotype: no alleles (not called), one (haploid) or two (diploid).
/// Phase is dropped on purpose: evidence records describe unphased genotypes.
struct Genotype {
  std::vector<std::string> alleles;

  bool called() const { return !alleles.empty(); }
  bool haploid() const { return alleles.size() == 1; }
  /// True when any allele equals `allele`.
  bool carries(std::string_view allele) const;
  /// True when this is the diploid genotype {x, y} in either order ("A/C" == "C/A").
  bool is_pair(std::string_view x, std::string_view y) const;
  /// "A/C", "A" (haploid) or "./." (not called).
  std::string text() const;
};

/// True for an allele the record format allows: ^[ACGT]+$, "-", or ^\*[0-9]+[A-Z]?$.
bool valid_allele(std::string_view allele);

/// Upper-cases an allele's letters, except a star allele's ("*4a" stays as written).
std::string normalise_allele(std::string_view allele);

/// Parses "X/Y", "X|Y" (phase dropped), "X" (haploid), "./." or "." (not called).
/// Nucleotides may be lower case (they are upper-cased). Returns nothing and sets
/// `why` when the text is not a genotype, including half calls such as "./A".
std::optional<Genotype> parse_genotype(std::string_view text, std::string& why);

}  // namespace kb::interp
