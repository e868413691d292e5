#pragma once
/// \file
/// Normalising evidence claims to "allele X has direction d" (record-format.md, "What a
/// contradiction is"), shared by the contradiction, level and unknown-allele rules.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/records.h"

namespace kb::rules::cross {

/// An unordered genotype: the two alleles, sorted, so "A/C" == "C/A".
using Genotype = std::pair<std::string, std::string>;

/// "X/Y" as a genotype, or nothing when it is not exactly two non-empty alleles.
std::optional<Genotype> parse_genotype(std::string_view text);

/// How many copies of `allele` a genotype carries (0, 1 or 2).
int copies(const Genotype& g, std::string_view allele);

/// The allele a `genotypes` claim is about: the single allele carried by every listed
/// genotype with more copies than in every comparison genotype (explicit `compared_to`
/// genotypes, or implicitly every other genotype of the variant's alleles). Nothing
/// when the claim does not normalise (no or several such alleles, unparsable genotypes).
std::optional<std::string> genotype_claim_allele(const model::Evidence& e,
                                                 const model::Variant* variant);

/// The opposite direction (no-association and associated stay as they are).
model::Direction opposite(model::Direction d);

/// "increases", "decreases", "is not associated with" or "is associated with".
std::string_view verb(model::Direction d);

/// The genotypes of `e` as written, joined: "A/A, A/C".
std::string genotype_list(const model::Evidence& e);

}  // namespace kb::rules::cross
