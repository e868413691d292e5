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
/// "allele A" or "genotype A/A or A/C": what the record asks for.
std::string requirement(const Report& r, const kbbundle::format::EvidenceRec& e);
/// The one-line disclaimer every format carries.
inline constexpr const char* kDisclaimer =
    "Research evidence from a curated knowledge base, not a clinical recommendation. "
    "Interpret with the patient's full clinical context.";
}  // namespace detail

}  // namespace kb::interp
