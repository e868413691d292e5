#pragma once
/// \file
/// A called star or HLA genotype against the KB's alleles of its variant, for
/// --genotypes and --calls alike: which called allele is read as which KB allele, and
/// what stays undecided, with the reason.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interp/genotype.h"
#include "interp/input.h"
#include "kbbundle/bundle.h"

namespace kb::interp {

/// The alleles of variant `v`, as the KB writes them, in the KB's order.
std::vector<std::string> kb_alleles(const kbbundle::Bundle& b, std::uint32_t v);

/// `v`'s items joined with `sep`.
std::string join(const std::vector<std::string>& v, std::string_view sep);

/// The KB allele that HLA allele `allele` is a more specific allele of: `*57:01:01:02`
/// and `*57:01:02` belong to `*57:01`. The KB allele's fields must be a proper prefix of
/// the call's and the expression suffix (N, L, S, Q) the same, so a null `*15:02:01N`
/// never reads as an expressed `*15:02`. With nested KB alleles the longest wins.
std::optional<std::string> hla_group_of(std::string_view allele, const std::vector<std::string>& kb);

/// A KB allele more specific than HLA allele `allele` (`*57:01:01` for a call of
/// `*57:01`): the call cannot decide records about it.
std::optional<std::string> hla_finer_in(std::string_view allele, const std::vector<std::string>& kb);

/// Resolves genotype `g`, called at the star or HLA variant `id` whose KB alleles are
/// `kb`: an HLA allele more specific than a KB allele is read as that allele (a warning
/// in `in` says so); an allele the KB does not list is added to `in.undecided` with the
/// reason. `where` names the input line ("calls.tsv:3").
void resolve_system_genotype(kbbundle::format::AlleleSystem system, const std::string& id,
                             const std::vector<std::string>& kb, const std::string& where, Genotype& g,
                             Input& in);

}  // namespace kb::interp
