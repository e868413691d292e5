#include "interp/render.h"

namespace kb::interp {

std::optional<Format> parse_format(std::string_view n) {
  if (n == "text") return Format::kText;
  if (n == "json") return Format::kJson;
  if (n == "tsv") return Format::kTsv;
  if (n == "html") return Format::kHtml;
  return std::nullopt;
}

std::string render(const Report& r, Format format) {
  switch (format) {
    case Format::kText: return render_text(r);
    case Format::kJson: return render_json(r);
    case Format::kTsv: return render_tsv(r);
    case Format::kHtml: return render_html(r);
  }
  return {};
}

namespace detail {

std::string id(const kbbundle::Bundle& b, std::uint32_t s) { return std::string(b.str(s)); }
std::string variant_id(const Report& r, std::uint32_t v) { return id(*r.bundle, r.bundle->variants()[v].id); }
std::string drug_id(const Report& r, std::uint32_t d) { return id(*r.bundle, r.bundle->drugs()[d].id); }
const kbbundle::format::EvidenceRec& ev(const Report& r, std::uint32_t e) { return r.bundle->evidence()[e]; }
std::string direction(const kbbundle::format::EvidenceRec& e) {
  return std::string(kbbundle::direction_name(e.direction));
}

std::string requirement(const Report& r, std::uint32_t i) {
  if (auto gp = r.bundle->gene_phenotype(i)) return "phenotype " + std::string(gp->value);
  const auto& e = r.bundle->evidence()[i];
  if (e.flags & kbbundle::format::kEvHasAllele) return "allele " + id(*r.bundle, e.allele);
  std::string s;
  for (auto g : r.bundle->list(e.genotypes)) s += (s.empty() ? "" : " or ") + id(*r.bundle, g);
  return "genotype " + s;
}

std::string subject_id(const Report& r, const Match& m) {
  return m.variant == kbbundle::format::kNoIndex ? m.gene : variant_id(r, m.variant);
}

std::string subject_id(const Report& r, const Conflict& c) {
  return c.variant == kbbundle::format::kNoIndex ? c.gene : variant_id(r, c.variant);
}

std::string subject_name(kbbundle::SubjectKind k) {
  switch (k) {
    case kbbundle::SubjectKind::kAlleles: return "allele";
    case kbbundle::SubjectKind::kGenotypes: return "genotypes";
    case kbbundle::SubjectKind::kGenePhenotype: return "gene_phenotype";
  }
  return "allele";
}

}  // namespace detail
}  // namespace kb::interp
