// TSV: one row per matched record, for spreadsheets and scripts.
#include <sstream>

#include "interp/render.h"
#include "interp/visible_text.h"

namespace kb::interp {
namespace {

/// Bundle strings and VCF alleles are input: tabs and line breaks would break the
/// columns, control characters would reach a terminal, and a cell starting with = + - @
/// would run as a spreadsheet formula. tsv_cell makes the first two visible (\t, \x1b)
/// and puts a ' in front of the last (docs/kbinterp.md, "TSV").
std::string cell(std::string_view s) { return tsv_cell(s); }

}  // namespace

std::string render_tsv(const Report& r) {
  using namespace detail;
  std::ostringstream out;
  out << "drug\tvariant\tgenotype\tevidence\tphenotype\tdirection\tlevel\tpmid\tdoi\tconflict\tvia_group\tsubject\n";
  for (const auto& m : r.matches) {
    const auto& e = ev(r, m.evidence);
    out << cell(drug_id(r, m.drug)) << '\t' << cell(subject_id(r, m)) << '\t' << cell(m.genotype) << '\t'
        << cell(id(*r.bundle, e.id)) << '\t' << cell(id(*r.bundle, e.phenotype)) << '\t' << direction(e) << '\t'
        << cell(id(*r.bundle, e.level)) << '\t'
        << ((e.flags & kbbundle::format::kEvHasPmid) ? std::to_string(e.pmid) : "") << '\t'
        << cell(id(*r.bundle, e.doi)) << '\t' << (m.in_conflict ? "yes" : "no") << '\t'
        << (m.via_group != kbbundle::format::kNoIndex ? cell(drug_id(r, m.via_group)) : "") << '\t'
        << subject_name(m.subject) << '\n';
  }
  return out.str();
}

}  // namespace kb::interp
