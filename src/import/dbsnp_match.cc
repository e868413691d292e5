#include "import/dbsnp_match.h"

#include <algorithm>
#include <set>
#include <utility>

namespace kb::import {
namespace {

bool is_bases(const std::string& s) {
  return !s.empty() && s.find_first_not_of("ACGT") == std::string::npos;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string place(const DbsnpSite& s) { return s.chrom + ":" + std::to_string(s.pos); }

/// "REF C, ALT T,G at 7:123" for notes.
std::string describe(const DbsnpSite& s, const std::vector<std::string>& alleles) {
  std::vector<std::string> alts(alleles.begin() + 1, alleles.end());
  return "REF " + alleles[0] + ", ALT " + (alts.empty() ? "none" : join(alts, ",")) + " at " +
         place(s);
}

/// Every allele is one base and all are A/T, or all C/G: a strand flip cannot be seen.
bool palindromic(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::set<std::string> bases(a.begin(), a.end());
  bases.insert(b.begin(), b.end());
  auto within = [&](std::set<std::string> allowed) {
    return std::all_of(bases.begin(), bases.end(),
                       [&](const auto& x) { return allowed.count(x) != 0; });
  };
  return within({"A", "T"}) || within({"C", "G"});
}

/// Whether every row allele is the reverse complement of one of dbSNP's (and the site
/// is not palindromic, where that would say nothing).
bool opposite_strand(const std::vector<std::string>& rows, const std::vector<std::string>& site) {
  if (rows.empty() || palindromic(rows, site)) return false;
  return std::all_of(rows.begin(), rows.end(), [&](const auto& a) {
    return is_bases(a) && contains(site, reverse_complement(a));
  });
}

DbsnpVerdict keep(const std::vector<std::string>& alleles, DbsnpOutcome outcome, std::string note) {
  return {outcome, alleles, std::nullopt, std::move(note)};
}

DbsnpVerdict several_positions(const std::string& rsid, const std::vector<std::string>& alleles,
                               const std::vector<DbsnpSite>& sites) {
  std::vector<std::string> where;
  for (const auto& s : sites)
    if (!contains(where, place(s))) where.push_back(place(s));
  if (where.size() > 5) where.resize(5), where.push_back("...");
  return keep(alleles, DbsnpOutcome::kSeveralSites,
              "dbSNP: " + rsid + " is at several positions (" + join(where, ", ") +
                  "); no location or alleles taken from dbSNP");
}

DbsnpVerdict mismatch(const std::string& rsid, const std::vector<std::string>& alleles,
                      const DbsnpSite& site, const std::vector<std::string>& d) {
  std::string note = "dbSNP: allele(s) " + join(alleles, "/") + " of " + rsid +
                     " are not dbSNP's (" + describe(site, d) +
                     (alleles.size() < 2 ? "); nothing taken from dbSNP"
                                         : "); alleles kept, no location written") +
                     " (kbimport does not guess a strand flip)";
  if (opposite_strand(alleles, d))
    note +=
        "; they are the reverse complements of dbSNP's alleles: PharmGKB may give them on the "
        "opposite strand";
  return keep(alleles, DbsnpOutcome::kMismatch, std::move(note));
}

/// The rows' alleles with dbSNP's REF first (moved, or added when the rows name ALTs only).
DbsnpVerdict located(const std::string& rsid, const std::vector<std::string>& alleles,
                     const DbsnpSite& site, const std::vector<std::string>& d) {
  DbsnpVerdict v{DbsnpOutcome::kLocated, alleles, VariantLocation{"GRCh38", site.chrom, site.pos},
                 ""};
  const std::string& ref = d[0];
  if (alleles[0] == ref) return v;
  v.alleles.erase(std::remove(v.alleles.begin(), v.alleles.end(), ref), v.alleles.end());
  v.alleles.insert(v.alleles.begin(), ref);
  v.note = contains(alleles, ref)
               ? "dbSNP: reference allele " + ref + " of " + rsid + " (GRCh38 REF at " +
                     place(site) + ") put first; the rows' order was " + join(alleles, "/")
               : "dbSNP: reference allele " + ref + " of " + rsid + " (GRCh38 REF at " +
                     place(site) + ") added first; the rows name ALT alleles only";
  return v;
}

DbsnpVerdict completed(const std::string& rsid, const std::vector<std::string>& alleles,
                       const DbsnpSite& site, const std::vector<std::string>& d) {
  if (d.size() < 2)
    return keep(
        alleles, DbsnpOutcome::kNotFound,
        "dbSNP: " + rsid + " has no ALT allele in the dbSNP file (" + describe(site, d) + ")");
  return {DbsnpOutcome::kCompleted, d, VariantLocation{"GRCh38", site.chrom, site.pos},
          "dbSNP: alleles " + join(d, "/") + " of " + rsid + " from dbSNP (" + describe(site, d) +
              "); the rows name " + (alleles.empty() ? "none" : alleles[0])};
}

}  // namespace

std::string reverse_complement(const std::string& bases) {
  if (bases == "-") return bases;
  std::string out(bases.rbegin(), bases.rend());
  for (char& c : out) {
    switch (c) {
      case 'A': c = 'T'; break;
      case 'T': c = 'A'; break;
      case 'C': c = 'G'; break;
      case 'G': c = 'C'; break;
      default: break;
    }
  }
  return out;
}

std::vector<std::string> record_alleles(const std::vector<std::string>& vcf) {
  if (vcf.empty() || !is_bases(vcf[0])) return {};
  std::vector<std::string> out;
  for (const auto& a : vcf)
    if (is_bases(a) && !contains(out, a)) out.push_back(a);
  bool anchored = out.size() >= 2 && std::all_of(out.begin(), out.end(),
                                                 [&](const auto& a) { return a[0] == out[0][0]; });
  bool indel = std::any_of(out.begin(), out.end(), [](const auto& a) { return a.size() == 1; }) &&
               std::any_of(out.begin(), out.end(), [](const auto& a) { return a.size() > 1; });
  if (anchored && indel)
    for (auto& a : out) a = a.size() == 1 ? "-" : a.substr(1);
  return out;
}

DbsnpVerdict match_dbsnp(const std::string& rsid, const std::vector<std::string>& alleles,
                         const std::vector<DbsnpSite>& sites) {
  if (alleles.empty()) return keep(alleles, DbsnpOutcome::kNotFound, "");
  if (sites.empty())
    return keep(alleles, DbsnpOutcome::kNotFound,
                alleles.size() < 2 ? "dbSNP: " + rsid + " is not in the dbSNP file" : "");
  for (const auto& s : sites)
    if (s.chrom != sites[0].chrom || s.pos != sites[0].pos)
      return several_positions(rsid, alleles, sites);
  // One position; several sites there differ in REF (an SNV and an indel record): the one
  // holding every allele of the rows is used, if there is exactly one.
  const DbsnpSite* first = nullptr;
  std::vector<std::pair<const DbsnpSite*, std::vector<std::string>>> fits;
  std::vector<std::string> first_d;
  for (const auto& s : sites) {
    auto d = record_alleles(s.alleles);
    if (d.empty()) continue;
    if (!first) first = &s, first_d = d;
    if (!alleles.empty() &&
        std::all_of(alleles.begin(), alleles.end(), [&](const auto& a) { return contains(d, a); }))
      fits.emplace_back(&s, std::move(d));
  }
  if (!first)
    return keep(alleles, DbsnpOutcome::kNotFound,
                "dbSNP: the REF of " + rsid + " in the dbSNP file is not A/C/G/T");
  if (fits.size() > 1)
    return keep(alleles, DbsnpOutcome::kSeveralSites,
                "dbSNP: " + rsid + " has several records with different REF at " + place(*first) +
                    " that hold the rows' alleles; no location or alleles taken from dbSNP");
  if (fits.empty()) return mismatch(rsid, alleles, *first, first_d);
  const auto& [site, d] = fits[0];
  return alleles.size() < 2 ? completed(rsid, alleles, *site, d) : located(rsid, alleles, *site, d);
}

}  // namespace kb::import
