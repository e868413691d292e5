#pragma once
/// \file
/// Report writers: text, JSON (docs/kbinterp.md, cli-contract), TSV and HTML.

#include <optional>
#include <string>
#include <string_view>

#include "interp/interpret.h"

namespace kb::interp {

enum class Format { kText, kJson, kTsv, kHtml };

/// "text", "json", "tsv", "html"; nothing otherwise.
std::optional<Format> parse_format(std::string_view name);

/// The report in `format`.
std::string render(const Report& r, Format format);

std::string render_text(const Report& r);
std::string render_json(const Report& r);
std::string render_tsv(const Report& r);
std::string render_html(const Report& r);

/// Small helpers the writers share.
namespace detail {
std::string id(const kbbundle::Bundle& b, std::uint32_t string_id);
std::string variant_id(const Report& r, std::uint32_t v);
std::string drug_id(const Report& r, std::uint32_t d);
const kbbundle::format::EvidenceRec& ev(const Report& r, std::uint32_t e);
std::string direction(const kbbundle::format::EvidenceRec& e);
/// "allele A", "genotype A/A or A/C" or "phenotype poor metabolizer": what evidence
/// record `e` (an index) asks for.
std::string requirement(const Report& r, std::uint32_t e);
/// The match's variant id, or the gene of a gene-phenotype record.
std::string subject_id(const Report& r, const Match& m);
/// The conflict's variant id, or its gene.
std::string subject_id(const Report& r, const Conflict& c);
/// "allele", "genotypes" or "gene_phenotype" (cli-contract's "subject").
std::string subject_name(kbbundle::SubjectKind k);
/// The one-line disclaimer every format carries.
inline constexpr const char* kDisclaimer =
    "Research evidence from a curated knowledge base, not a clinical recommendation. "
    "Interpret with the patient's full clinical context.";
}  // namespace detail

}  // namespace kb::interp
