#pragma once
/// \file
/// Short-tandem-repeat counts PharmGKB writes without their unit. Some rows of
/// rs8175347 (UGT1A1 promoter TATA box) say "Genotype 77" or "Allele 7" where others of
/// the same rsID say "(TA)7/(TA)7" and "(TA)7": the import reads the bare counts with
/// the unit the other rows spell, and only when they spell exactly one.

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace kb::import {

/// The repeat units a text spells: "(TA)6/(TA)7 + (TA)7/(TA)7" -> {"TA"}; a unit is
/// [ACGT]+ in parentheses followed by a count.
std::set<std::string> repeat_units_in(std::string_view text);

/// `sentence` with each bare repeat count after "Genotype(s)" / "Allele(s)" (either
/// case) written with `unit`: "Genotypes 67 + 77 are ..." -> "Genotypes (TA)6/(TA)7 +
/// (TA)7/(TA)7 are ...", "allele 6" -> "allele (TA)6". A genotype count must be two
/// digits (one count per allele). Nothing when the sentence has no bare count, or has a
/// genotype count that is not two digits.
std::optional<std::string> expand_repeat_counts(std::string_view sentence, std::string_view unit);

}  // namespace kb::import
