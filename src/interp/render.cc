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

std::string requirement(const Report& r, const kbbundle::format::EvidenceRec& e) {
  if (e.flags & kbbundle::format::kEvHasAllele) return "allele " + id(*r.bundle, e.allele);
  std::string s;
  for (auto g : r.bundle->list(e.genotypes)) s += (s.empty() ? "" : " or ") + id(*r.bundle, g);
  return "genotype " + s;
}

}  // namespace detail
}  // namespace kb::interp
