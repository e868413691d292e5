#include "interp/interpret.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

namespace kb::interp {
namespace {

namespace f = kbbundle::format;

/// True when genotype `g` satisfies evidence record `e` (its allele, or one of its genotypes).
bool matches(const kbbundle::Bundle& b, const f::EvidenceRec& e, const Genotype& g) {
  if (e.flags & f::kEvHasAllele) return g.carries(b.str(e.allele));
  for (std::uint32_t s : b.list(e.genotypes)) {
    std::string why;
    auto want = parse_genotype(b.str(s), why);
    if (want && want->alleles.size() == 2 && g.is_pair(want->alleles[0], want->alleles[1])) return true;
  }
  return false;
}

/// Groups matches on (variant, drug, phenotype) with both directions into conflicts.
void find_conflicts(const kbbundle::Bundle& b, Report& r) {
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::string>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < r.matches.size(); ++i) {
    const auto& m = r.matches[i];
    groups[{m.drug, m.variant, std::string(b.str(b.evidence()[m.evidence].phenotype))}].push_back(i);
  }
  for (const auto& [key, idx] : groups) {
    Conflict c{std::get<1>(key), std::get<0>(key), std::get<2>(key), {}, {}};
    for (auto i : idx) {
      auto d = static_cast<f::Direction>(b.evidence()[r.matches[i].evidence].direction);
      if (d == f::Direction::kIncreased) c.increased.push_back(r.matches[i].evidence);
      if (d == f::Direction::kDecreased) c.decreased.push_back(r.matches[i].evidence);
    }
    if (c.increased.empty() || c.decreased.empty()) continue;
    for (auto i : idx) r.matches[i].in_conflict = true;
    r.conflicts.push_back(std::move(c));
  }
}

}  // namespace

bool reportable(const f::EvidenceRec& e) {
  auto s = static_cast<f::Status>(e.status);
  return (s == f::Status::kAccepted || s == f::Status::kSubmitted) && e.variant_index != f::kNoIndex &&
         e.drug_index != f::kNoIndex;
}

std::vector<DrugEvidence> evidence_applying_to(const kbbundle::Bundle& b, std::uint32_t d) {
  std::vector<DrugEvidence> out;
  for (auto e : b.evidence_of_drug(d)) out.push_back({e, f::kNoIndex});
  for (auto g : b.groups_of_drug(d))
    for (auto e : b.evidence_of_drug(g)) out.push_back({e, g});
  return out;
}

std::vector<std::uint32_t> select_drugs(const kbbundle::Bundle& b, const std::optional<std::string>& drug) {
  std::vector<std::uint32_t> out;
  if (drug) {
    auto d = b.find(kbbundle::Kind::kDrug, *drug);
    if (!d) {
      std::string known;
      for (const auto& rec : b.drugs()) known += (known.empty() ? "" : ", ") + std::string(b.str(rec.id));
      throw InputError("drug \"" + *drug + "\" is not in the bundle " + std::string(b.kb_id()) +
                       "; its drugs are: " + (known.empty() ? "(none)" : known));
    }
    out.push_back(*d);
    return out;
  }
  for (std::uint32_t d = 0; d < b.drugs().size(); ++d) {
    auto ev = evidence_applying_to(b, d);
    if (std::any_of(ev.begin(), ev.end(), [&](DrugEvidence x) { return reportable(b.evidence()[x.evidence]); }))
      out.push_back(d);
  }
  return out;
}

std::vector<std::uint32_t> variants_for(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& drugs) {
  std::set<std::uint32_t> s;
  for (auto d : drugs)
    for (auto [e, via] : evidence_applying_to(b, d))
      if (reportable(b.evidence()[e])) s.insert(b.evidence()[e].variant_index);
  return {s.begin(), s.end()};
}

Report interpret(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& drugs, Input in) {
  Report r;
  r.bundle = &b;
  r.sample = in.sample;
  r.drugs = drugs;
  r.warnings = std::move(in.warnings);
  r.used_index = in.used_index;
  r.input_kind = in.kind;
  auto wanted = variants_for(b, drugs);
  for (auto v : wanted) {
    auto it = in.calls.find(v);
    if (it != in.calls.end()) r.calls.push_back(it->second);
    if (it == in.calls.end() || !it->second.genotype.called()) r.not_tested.push_back(v);
  }
  std::map<std::uint32_t, std::vector<std::string>> haploid_skips;
  for (auto d : drugs) {
    DrugSection sec;
    sec.drug = d;
    std::set<std::uint32_t> vars;
    for (auto [e, via] : evidence_applying_to(b, d)) {
      const auto& rec = b.evidence()[e];
      if (!reportable(rec)) continue;
      vars.insert(rec.variant_index);
      auto it = in.calls.find(rec.variant_index);
      if (it == in.calls.end() || !it->second.genotype.called()) continue;
      const Genotype& g = it->second.genotype;
      // Why: a haploid call says nothing certain about a diploid genotype record.
      if (g.haploid() && !(rec.flags & f::kEvHasAllele)) {
        haploid_skips[rec.variant_index].emplace_back(b.str(rec.id));
        continue;
      }
      if (matches(b, rec, g)) r.matches.push_back({e, rec.variant_index, d, g.text(), false, via});
    }
    for (auto v : vars) {
      auto it = in.calls.find(v);
      (it != in.calls.end() && it->second.genotype.called() ? sec.called : sec.not_tested).push_back(v);
    }
    r.sections.push_back(std::move(sec));
  }
  for (const auto& [v, ids] : haploid_skips) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    std::string vid(b.str(b.variants()[v].id));
    r.warnings.push_back({vid, "the call at " + vid + " is haploid (" + in.calls[v].genotype.text() +
                                   "); genotype records " + list + " describe two alleles and were not evaluated"});
  }
  std::stable_sort(r.matches.begin(), r.matches.end(), [](const Match& x, const Match& y) {
    return std::tie(x.drug, x.variant, x.evidence) < std::tie(y.drug, y.variant, y.evidence);
  });
  find_conflicts(b, r);
  for (std::size_t i = 0; i < r.matches.size(); ++i)
    for (auto& s : r.sections)
      if (s.drug == r.matches[i].drug) s.matches.push_back(i);
  for (std::size_t i = 0; i < r.conflicts.size(); ++i)
    for (auto& s : r.sections)
      if (s.drug == r.conflicts[i].drug) s.conflicts.push_back(i);
  return r;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1) return {};
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

std::string checksum_text(const kbbundle::Bundle& b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "xxh3:%016llx", static_cast<unsigned long long>(b.header().checksum));
  return buf;
}

}  // namespace kb::interp
