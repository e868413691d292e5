// The plain-text report: one block per drug, then warnings.
#include <sstream>

#include "interp/render.h"
#include "interp/visible_text.h"

namespace kb::interp {
namespace {

using namespace detail;

// Every string from the bundle or the sample's input goes through visible(): a KB or VCF
// value must not reach the terminal as an escape sequence, nor start a line of its own.
std::string variant_of(const Report& r, std::uint32_t v) { return visible(variant_id(r, v)); }
std::string id_of(const kbbundle::Bundle& b, std::uint32_t s) { return visible(id(b, s)); }

std::string call_list(const Report& r, const std::vector<std::uint32_t>& vs) {
  std::string s;
  for (auto v : vs) {
    std::string g = "./.";
    for (const auto& c : r.calls)
      if (c.variant == v) g = visible(c.genotype.text());
    s += (s.empty() ? "" : ", ") + variant_of(r, v) + " " + g;
  }
  return s.empty() ? "(none)" : s;
}

std::string id_list(const Report& r, const std::vector<std::uint32_t>& vs) {
  std::string s;
  for (auto v : vs) s += (s.empty() ? "" : ", ") + variant_of(r, v);
  return s.empty() ? "(none)" : s;
}

std::string evidence_ids(const Report& r, const std::vector<std::uint32_t>& es) {
  std::string s;
  for (auto e : es) s += (s.empty() ? "" : ", ") + id_of(*r.bundle, ev(r, e).id);
  return s;
}

/// "CYP2D6 poor metabolizer; not tested: UGT1A1" for a section's gene-phenotype records.
std::string phenotype_list(const Report& r, const DrugSection& s) {
  std::string out;
  for (const auto& g : s.genes_called)
    for (const auto& c : r.phenotypes)
      if (c.gene == g) out += (out.empty() ? "" : ", ") + visible(g) + " " + visible(c.value);
  if (!s.genes_not_tested.empty()) {
    std::string nt;
    for (const auto& g : s.genes_not_tested) nt += (nt.empty() ? "" : ", ") + visible(g);
    out += (out.empty() ? "" : "; ") + std::string("not tested: ") + nt;
  }
  return out;
}

void write_match(std::ostream& out, const Report& r, const Match& m) {
  const auto& e = ev(r, m.evidence);
  out << "    " << id_of(*r.bundle, e.id) << "  " << visible(subject_id(r, m)) << " " << visible(m.genotype)
      << "  " << id_of(*r.bundle, e.phenotype) << " " << direction(e) << "  level " << id_of(*r.bundle, e.level);
  if (e.flags & kbbundle::format::kEvHasPmid) out << "  PMID " << e.pmid;
  else if (e.doi) out << "  doi:" << id_of(*r.bundle, e.doi);
  out << "  (" << visible(requirement(r, m.evidence)) << ")";
  if (m.via_group != kbbundle::format::kNoIndex) out << "  [class evidence via " << visible(drug_id(r, m.via_group)) << "]";
  out << (m.in_conflict ? "  [CONFLICT]" : "") << "\n";
}

}  // namespace

std::string render_text(const Report& r) {
  std::ostringstream out;
  const auto& b = *r.bundle;
  out << "kbinterp report: " << visible(b.kb_id()) << " " << visible(b.kb_version()) << " (" << checksum_text(b)
      << ")\n"
      << "Sample: " << (r.sample.empty() ? "(unnamed)" : visible(r.sample)) << "\n"
      << kDisclaimer << "\n";
  if (r.sections.empty()) out << "\nThe bundle has no reportable evidence.\n";
  for (const auto& s : r.sections) {
    out << "\n== " << visible(drug_id(r, s.drug)) << " ==\n"
        << "  Called:     " << call_list(r, s.called) << "\n"
        << "  Not tested: " << id_list(r, s.not_tested) << "\n";
    if (!s.genes_called.empty() || !s.genes_not_tested.empty())
      out << "  Phenotypes: " << phenotype_list(r, s) << "\n";
    if (s.matches.empty()) out << "  Matches:    none\n";
    else out << "  Matches:    " << s.matches.size() << "\n";
    for (auto i : s.matches) write_match(out, r, r.matches[i]);
    for (auto i : s.conflicts) {
      const auto& c = r.conflicts[i];
      out << "  CONFLICT:   " << visible(subject_id(r, c)) << " " << visible(c.phenotype) << ": increased ("
          << evidence_ids(r, c.increased) << ") vs decreased (" << evidence_ids(r, c.decreased)
          << "); read both records' context\n";
    }
  }
  if (!r.undecided.empty()) {
    out << "\nUndecided (the input says it, the KB cannot decide it):\n";
    for (const auto& u : r.undecided)
      out << "  " << visible(u.subject) << " " << visible(u.value) << " (" << visible(u.origin)
          << "): " << visible(u.reason) << "\n";
  }
  if (!r.warnings.empty()) {
    out << "\nWarnings:\n";
    for (const auto& w : r.warnings)
      out << "  " << (w.variant.empty() ? "" : visible(w.variant) + ": ") << visible(w.message) << "\n";
  }
  return out.str();
}

}  // namespace kb::interp
