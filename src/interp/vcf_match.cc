#include "interp/vcf_match.h"

#include <algorithm>
#include <set>

#include "interp/system_alleles.h"
#include "support/assembly_names.h"

namespace kb::interp {
namespace {

/// Whether the ID column ("rs1;rs2", "." for none) names an rsID and none of its
/// entries is exactly `rsid`. Whole entries are compared: rs46461 is not rs4646.
bool names_other_rsid(std::string_view ids, std::string_view rsid) {
  bool any_rsid = false;
  while (!ids.empty()) {
    std::size_t semi = ids.find(';');
    std::string_view id = ids.substr(0, semi);
    if (id == rsid) return false;
    any_rsid = any_rsid || id.starts_with("rs");
    ids.remove_prefix(semi == std::string_view::npos ? ids.size() : semi + 1);
  }
  return any_rsid;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::size_t shared_count(const std::vector<std::string>& site, const std::vector<std::string>& kb) {
  return static_cast<std::size_t>(std::count_if(site.begin(), site.end(), [&](const auto& a) { return contains(kb, a); }));
}

/// Site alleles with the shared first base dropped, or nothing when they do not share one.
std::optional<std::vector<std::string>> trim_anchor(const std::vector<std::string>& site) {
  if (site.size() < 2) return std::nullopt;
  for (const auto& a : site)
    if (a.empty() || a[0] != site[0][0] || a[0] == '<' || a == "*") return std::nullopt;
  std::vector<std::string> out;
  for (const auto& a : site) out.push_back(a.size() == 1 ? "-" : a.substr(1));
  return out;
}

}  // namespace

std::vector<std::string> map_site_alleles(const std::vector<std::string>& site, const std::vector<std::string>& kb) {
  if (contains(kb, "-")) {
    // Why: the trimmed REF must be the KB's reference allele. Otherwise an insertion at a
    // deletion's anchor base (REF A, ALT AT against GAT/-) would read as the deletion.
    if (auto t = trim_anchor(site); t && !kb.empty() && (*t)[0] == kb[0] && shared_count(*t, kb) > shared_count(site, kb))
      return *t;
  }
  return site;
}

std::string normalise_contig(std::string_view c) {
  if (c.size() > 3 && (c.substr(0, 3) == "chr" || c.substr(0, 3) == "CHR" || c.substr(0, 3) == "Chr")) c.remove_prefix(3);
  if (c == "M") return "MT";
  return std::string(c);
}

std::vector<std::string> contig_spellings(std::string_view norm) {
  std::string n(norm);
  if (n == "MT") return {"MT", "chrM", "chrMT", "M"};
  return {n, "chr" + n};
}

std::optional<std::string> header_assembly(std::string_view header) {
  bool g37 = false, g38 = false;
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t nl = header.find('\n', pos);
    std::string_view line = header.substr(pos, nl == header.npos ? header.npos : nl - pos);
    pos = nl == header.npos ? header.size() : nl + 1;
    bool ref = line.rfind("##reference=", 0) == 0, contig = line.rfind("##contig=", 0) == 0;
    if (!ref && !contig) continue;
    auto has = [&](std::string_view s) { return line.find(s) != line.npos; };
    // Why: file names and assembly tags are the usual ways a VCF says its reference. They
    // count as whole words only (assembly_names.h).
    if (assembly::names_any(line, assembly::kGrch37Names)) g37 = true;
    if (assembly::names_any(line, assembly::kGrch38Names)) g38 = true;
    if (contig && (has("ID=1,") || has("ID=chr1,"))) {
      if (has(assembly::kChr1LengthGrch37)) g37 = true;
      if (has(assembly::kChr1LengthGrch38)) g38 = true;
    }
  }
  if (g37 == g38) return std::nullopt;
  return g37 ? "GRCh37" : "GRCh38";
}

VcfMatcher::VcfMatcher(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& wanted) : b_(b), wanted_(wanted) {
  located_.assign(wanted_.size(), false);
  for (std::size_t i = 0; i < wanted_.size(); ++i) {
    std::uint32_t v = wanted_[i];
    const auto& rec = b_.variants()[v];
    by_id_[id_of(v)].push_back(v);
    if (rec.rsid && b_.str(rec.rsid) != b_.str(rec.id)) by_id_[std::string(b_.str(rec.rsid))].push_back(v);
    if ((rec.flags & kbbundle::format::kVariantHasLocation) && rec.location_chrom && rec.location_pos > 0) {
      located_[i] = true;
      index_location(v);
    }
  }
}

void VcfMatcher::index_location(std::uint32_t v) {
  const auto& rec = b_.variants()[v];
  by_loc_[normalise_contig(b_.str(rec.location_chrom))][rec.location_pos].push_back(v);
}

void VcfMatcher::lookup_ids(std::string_view ids, std::vector<std::uint32_t>& out) const {
  if (ids == "." || ids.empty()) return;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= ids.size(); ++i) {
    if (i != ids.size() && ids[i] != ';') continue;
    std::string_view tok = ids.substr(start, i - start);
    start = i + 1;
    if (tok.empty()) continue;
    auto it = by_id_.find(std::string(tok));
    if (it == by_id_.end()) continue;
    for (auto v : it->second)
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
}

void VcfMatcher::lookup_location(std::string_view chrom, std::int64_t pos1, std::vector<std::uint32_t>& out) const {
  if (by_loc_.empty()) return;
  // Why: VCFs are sorted, so the contig rarely changes; cache its position map.
  if (chrom != last_chrom_) {
    last_chrom_ = std::string(chrom);
    auto it = by_loc_.find(normalise_contig(chrom));
    last_map_ = it == by_loc_.end() ? nullptr : &it->second;
  }
  if (!last_map_) return;
  auto it = last_map_->find(pos1);
  if (it != last_map_->end()) out.insert(out.end(), it->second.begin(), it->second.end());
}

std::vector<std::pair<std::string, std::int64_t>> VcfMatcher::locations() const {
  std::set<std::pair<std::string, std::int64_t>> s;
  for (const auto& [chrom, m] : by_loc_)
    for (const auto& [pos, vs] : m) s.emplace(chrom, pos);
  return {s.begin(), s.end()};
}

bool VcfMatcher::all_located() const {
  return std::all_of(located_.begin(), located_.end(), [](bool x) { return x; });
}

std::vector<std::string> VcfMatcher::assemblies() const {
  std::set<std::string> s;
  for (std::size_t i = 0; i < wanted_.size(); ++i)
    if (located_[i]) s.emplace(b_.str(b_.variants()[wanted_[i]].location_assembly));
  return {s.begin(), s.end()};
}

std::size_t VcfMatcher::drop_locations_not_on(const std::string& assembly) {
  std::size_t dropped = 0;
  by_loc_.clear();
  last_chrom_.clear(), last_map_ = nullptr;
  for (std::size_t i = 0; i < wanted_.size(); ++i) {
    if (!located_[i]) continue;
    if (b_.str(b_.variants()[wanted_[i]].location_assembly) == assembly) index_location(wanted_[i]);
    else located_[i] = false, ++dropped;
  }
  return dropped;
}

void VcfMatcher::offer(Picks& p, std::uint32_t v, bool by_id, const SiteCall& sc) const {
  auto kb = kb_alleles(b_, v);
  auto names = map_site_alleles(sc.alleles, kb);
  std::string id = id_of(v);
  bool ref_fits = !names.empty() && contains(kb, names[0]);
  bool alt_fits = std::any_of(names.begin() + (names.empty() ? 0 : 1), names.end(), [&](const auto& a) { return contains(kb, a); });
  std::string alleles_text = "REF " + (sc.alleles.empty() ? "?" : sc.alleles[0]) + " ALT " +
                             (sc.alleles.size() > 1 ? join({sc.alleles.begin() + 1, sc.alleles.end()}, ",") : ".");
  if (!by_id) {
    // Why: another rsID at the same position is another variant (e.g. an indel beside a SNV).
    const auto& rec = b_.variants()[v];
    if (rec.rsid && names_other_rsid(sc.ids, b_.str(rec.rsid))) return;
    if (!ref_fits && !alt_fits) {
      p.rejected[v].push_back("the VCF record at " + sc.site + " (" + alleles_text + ") is at " + id +
                             "'s location but shares none of its alleles (" + join(kb, "/") +
                             "); not used. Check the strand and the assembly; kbinterp does not guess a strand flip");
      return;
    }
  }
  Candidate c;
  c.rank = (by_id ? 0 : 2) + (ref_fits && alt_fits ? 0 : 1);
  c.call.variant = v;
  c.call.source = "vcf";
  c.call.origin = sc.site;
  switch (sc.state) {
    case SiteCall::kCalled:
      for (int i : sc.gt) c.call.genotype.alleles.push_back(names[static_cast<std::size_t>(i)]);
      break;
    case SiteCall::kMissing: break;
    case SiteCall::kHalf:
      c.notes.push_back("the call at " + sc.site + " is half missing (e.g. ./1); treated as not called");
      break;
    case SiteCall::kNoGt: c.notes.push_back("the record at " + sc.site + " has no GT for the sample; treated as not called"); break;
    case SiteCall::kBadIndex:
      c.notes.push_back("the GT at " + sc.site + " names an allele index beyond its ALT column; treated as not called");
      break;
    case SiteCall::kPolyploid:
      c.notes.push_back("the call at " + sc.site + " has more than two alleles (polyploid); the KB's genotypes are pairs, so it is treated as not called");
      break;
    case SiteCall::kBadType:
      c.notes.push_back("the GT at " + sc.site + " is not stored as allele indexes (a malformed BCF record?); treated as not called");
      break;
  }
  bool foreign_call = std::any_of(c.call.genotype.alleles.begin(), c.call.genotype.alleles.end(),
                                  [&](const auto& a) { return !contains(kb, a); });
  if (!ref_fits || foreign_call)
    c.notes.push_back("the VCF record at " + sc.site + " has " + alleles_text + " but the KB's alleles of " + id + " are " +
                      join(kb, "/") + (c.call.genotype.called() ? "; called " + c.call.genotype.text() : std::string()) +
                      ". Alleles the KB does not list match no record (kbinterp does not guess a strand flip)");
  // Only a line whose REF is the KB's can be another line of the same (split) site; an
  // indel written at the same POS has a REF of its own and carries nothing here.
  if (ref_fits)
    for (const auto& a : c.call.genotype.alleles)
      if (a != names[0] && !contains(c.carried, a)) c.carried.push_back(a);
  auto it = p.best.find(v);
  if (it == p.best.end()) {
    p.best.emplace(v, std::move(c));
  } else if (c.rank < it->second.rank) {
    c.others = std::move(it->second.others);
    c.others.emplace_back(it->second.call.origin, std::move(it->second.carried));
    it->second = std::move(c);
  } else {
    it->second.others.emplace_back(c.call.origin, std::move(c.carried));
  }
}

void VcfMatcher::report_others(const std::string& id, Candidate& c, Input& in) {
  if (c.others.empty()) return;
  std::vector<std::string> origins;
  for (const auto& [origin, carried] : c.others) origins.push_back(origin);
  in.warnings.push_back({id, "more than one VCF record names " + id + "; used the one at " + c.call.origin +
                                 ", ignored " + join(origins, ", ")});
  // Why: a split multi-allelic site (C>G 0/1 on one line, C>A 0/0 on the next) must not
  // read as C/C: when an ignored line calls an allele the used call lacks, the lines
  // disagree and the variant is not called.
  if (!c.call.genotype.called()) return;
  for (const auto& [origin, carried] : c.others)
    for (const auto& a : carried)
      if (!contains(c.call.genotype.alleles, a)) {
        in.warnings.push_back({id, "the VCF record at " + origin + " calls allele " + a + ", which the call " +
                                       c.call.genotype.text() + " at " + c.call.origin +
                                       " lacks (a split multi-allelic site?); treated as not called"});
        c.call.genotype.alleles.clear();
        return;
      }
}

void VcfMatcher::finish(Picks& p, Input& in, const std::string& path) const {
  for (auto& [v, c] : p.best) {
    std::string id = id_of(v);
    for (auto& n : c.notes) in.warnings.push_back({id, n});
    report_others(id, c, in);
    c.call.origin = path + " " + c.call.origin;
    in.calls[v] = std::move(c.call);
  }
  for (auto& [v, notes] : p.rejected)
    if (!p.best.count(v))
      for (auto& n : notes) in.warnings.push_back({id_of(v), n});
}

}  // namespace kb::interp
