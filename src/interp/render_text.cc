// The plain-text report: one block per drug, then warnings.
#include <sstream>

#include "interp/render.h"

namespace kb::interp {
namespace {

using namespace detail;

std::string call_list(const Report& r, const std::vector<std::uint32_t>& vs) {
  std::string s;
  for (auto v : vs) {
    std::string g = "./.";
    for (const auto& c : r.calls)
      if (c.variant == v) g = c.genotype.text();
    s += (s.empty() ? "" : ", ") + variant_id(r, v) + " " + g;
  }
  return s.empty() ? "(none)" : s;
}

std::string id_list(const Report& r, const std::vector<std::uint32_t>& vs) {
  std::string s;
  for (auto v : vs) s += (s.empty() ? "" : ", ") + variant_id(r, v);
  return s.empty() ? "(none)" : s;
}

std::string evidence_ids(const Report& r, const std::vector<std::uint32_t>& es) {
  std::string s;
  for (auto e : es) s += (s.empty() ? "" : ", ") + id(*r.bundle, ev(r, e).id);
  return s;
}

void write_match(std::ostream& out, const Report& r, const Match& m) {
  const auto& e = ev(r, m.evidence);
  out << "    " << id(*r.bundle, e.id) << "  " << variant_id(r, m.variant) << " " << m.genotype << "  "
      << id(*r.bundle, e.phenotype) << " " << direction(e) << "  level " << id(*r.bundle, e.level);
  if (e.flags & kbbundle::format::kEvHasPmid) out << "  PMID " << e.pmid;
  else if (e.doi) out << "  doi:" << id(*r.bundle, e.doi);
  out << "  (" << requirement(r, e) << ")" << (m.in_conflict ? "  [CONFLICT]" : "") << "\n";
}

}  // namespace

std::string render_text(const Report& r) {
  std::ostringstream out;
  const auto& b = *r.bundle;
  out << "kbinterp report: " << b.kb_id() << " " << b.kb_version() << " (" << checksum_text(b) << ")\n"
      << "Sample: " << (r.sample.empty() ? "(unnamed)" : r.sample) << "\n"
      << kDisclaimer << "\n";
  if (r.sections.empty()) out << "\nThe bundle has no reportable evidence.\n";
  for (const auto& s : r.sections) {
    out << "\n== " << drug_id(r, s.drug) << " ==\n"
        << "  Called:     " << call_list(r, s.called) << "\n"
        << "  Not tested: " << id_list(r, s.not_tested) << "\n";
    if (s.matches.empty()) out << "  Matches:    none\n";
    else out << "  Matches:    " << s.matches.size() << "\n";
    for (auto i : s.matches) write_match(out, r, r.matches[i]);
    for (auto i : s.conflicts) {
      const auto& c = r.conflicts[i];
      out << "  CONFLICT:   " << variant_id(r, c.variant) << " " << c.phenotype << ": increased ("
          << evidence_ids(r, c.increased) << ") vs decreased (" << evidence_ids(r, c.decreased)
          << "); read both records' context\n";
    }
  }
  if (!r.warnings.empty()) {
    out << "\nWarnings:\n";
    for (const auto& w : r.warnings) out << "  " << (w.variant.empty() ? "" : w.variant + ": ") << w.message << "\n";
  }
  return out.str();
}

}  // namespace kb::interp
