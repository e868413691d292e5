#pragma once
/// \file
/// Every field of a bundle record as (name, text) pairs, in a fixed order: what `diff`
/// compares and what `inspect --records` prints. Names follow the YAML record format
/// (`citation.pmid`, `context.ancestry`); lists are joined with ", "; absent values are "".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kbbundle/bundle.h"

namespace kb::bundle {

struct Field {
  std::string name;
  std::string value;
};

/// Record kinds diff reports on (alleles belong to their variant).
inline constexpr kbbundle::Kind kDiffKinds[] = {kbbundle::Kind::kGene, kbbundle::Kind::kVariant,
                                                kbbundle::Kind::kDrug, kbbundle::Kind::kPhenotype,
                                                kbbundle::Kind::kEvidence};

/// "gene", "variant", "allele", "drug", "phenotype", "evidence".
std::string_view kind_name(kbbundle::Kind k);

/// The id of record `i` of kind `k`.
std::string_view record_id(const kbbundle::Bundle& b, kbbundle::Kind k, std::uint32_t i);

/// Every field of record `i` of kind `k` (not alleles), id first.
std::vector<Field> record_fields(const kbbundle::Bundle& b, kbbundle::Kind k, std::uint32_t i);

/// A number as the shortest text that reads back to the same double.
std::string number_text(double v);

}  // namespace kb::bundle
