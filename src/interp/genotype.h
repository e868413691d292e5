#pragma once
/// \file
/// A sample's genotype at one variant, as kbinterp compares it with evidence records.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kbbundle/format.h"

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

/// True for an allele the record format allows on a locus variant: ^[ACGT]+$, "-",
/// ^\*[0-9]+[A-Z]?$ (1.0's named allele), or a short tandem repeat such as (TA)7.
bool valid_allele(std::string_view allele);

/// True for an allele of `system` (record format 1.1, "Variants: optional gene, allele
/// systems"): star `*1`, `*2A`, `*2.001`, `*1x2`, `*2xN`; HLA `*58:01`, `*57:01:01`,
/// `*15:02N`; named `L`, `S`, `null`; locus as valid_allele.
bool valid_allele_in(kbbundle::format::AlleleSystem system, std::string_view allele);

/// True for an allele of any system: what a genotypes line may say before its variant
/// (and so its system) is known.
bool valid_allele_any(std::string_view allele);

/// Upper-cases an allele written in nucleotide letters only ("a" -> "A", "(ta)7" ->
/// "(TA)7"); star, HLA and named alleles ("*4a", "null") stay as written.
std::string normalise_allele(std::string_view allele);

/// Parses "X/Y", "X|Y" (phase dropped), "X" (haploid), "./." or "." (not called).
/// Nucleotides may be lower case (they are upper-cased); alleles may be of any system
/// (valid_allele_any). Returns nothing and sets `why` when the text is not a genotype,
/// including half calls such as "./A".
std::optional<Genotype> parse_genotype(std::string_view text, std::string& why);

}  // namespace kb::interp
