#include "interp/interpret.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "interp/calls_tsv.h"

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

/// Groups matches on (drug, variant or gene, phenotype) with both directions into
/// conflicts: an increased and a decreased record conflict unless a qualifier makes their
/// contexts disjoint (premenopausal vs postmenopausal).
void find_conflicts(const kbbundle::Bundle& b, Report& r) {
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::string, std::string>;
  std::map<Key, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < r.matches.size(); ++i) {
    const auto& m = r.matches[i];
    groups[{m.drug, m.variant, m.gene, std::string(b.str(b.evidence()[m.evidence].phenotype))}].push_back(i);
  }
  auto dir = [&](std::size_t i) { return static_cast<f::Direction>(b.evidence()[r.matches[i].evidence].direction); };
  for (const auto& [key, idx] : groups) {
    std::set<std::size_t> in;
    for (auto i : idx)
      for (auto j : idx)
        if (dir(i) == f::Direction::kIncreased && dir(j) == f::Direction::kDecreased &&
            !qualifier_disjoint(b, r.matches[i].evidence, r.matches[j].evidence))
          in.insert(i), in.insert(j);
    if (in.empty()) continue;
    Conflict c{std::get<1>(key), std::get<0>(key), std::get<2>(key), std::get<3>(key), {}, {}};
    for (auto i : in) {
      (dir(i) == f::Direction::kIncreased ? c.increased : c.decreased).push_back(r.matches[i].evidence);
      r.matches[i].in_conflict = true;
    }
    r.conflicts.push_back(std::move(c));
  }
}

/// The match of gene-phenotype record `e` against the outside calls, if any; records
/// the gene in `called` or `untested`.
std::optional<Match> match_gene_phenotype(const kbbundle::Bundle& b, std::uint32_t e, std::uint32_t d,
                                          std::uint32_t via, const Input& in, std::set<std::string>& called,
                                          std::set<std::string>& untested) {
  auto gp = b.gene_phenotype(e);
  std::string gene(gp->gene);
  auto it = in.phenotypes.find(gene);
  if (it == in.phenotypes.end()) {
    untested.insert(gene);
    return std::nullopt;
  }
  called.insert(gene);
  // Why: the KB's values are CPIC terms (kbcheck checks them); compare in the same form.
  auto want = cpic_term(gp->value);
  if (!want || *want != it->second.value) return std::nullopt;
  return Match{e, f::kNoIndex, d, it->second.value, false, via, kbbundle::SubjectKind::kGenePhenotype, gene};
}

}  // namespace

bool reportable(const kbbundle::Bundle& b, std::uint32_t i) {
  const auto& e = b.evidence()[i];
  auto s = static_cast<f::Status>(e.status);
  return (s == f::Status::kAccepted || s == f::Status::kSubmitted) && e.drug_index != f::kNoIndex &&
         (e.variant_index != f::kNoIndex || b.gene_phenotype(i).has_value());
}

bool qualifier_disjoint(const kbbundle::Bundle& b, std::uint32_t x, std::uint32_t y) {
  auto qx = b.qualifiers(x), qy = b.qualifiers(y);
  for (const auto& [k, v] : qx)
    for (const auto& [k2, v2] : qy)
      if (k == k2 && v != v2) return true;
  return false;
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
    if (std::any_of(ev.begin(), ev.end(), [&](DrugEvidence x) { return reportable(b, x.evidence); }))
      out.push_back(d);
  }
  return out;
}

std::vector<std::uint32_t> variants_for(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& drugs) {
  std::set<std::uint32_t> s;
  for (auto d : drugs)
    for (auto [e, via] : evidence_applying_to(b, d))
      if (reportable(b, e) && b.evidence()[e].variant_index != f::kNoIndex) s.insert(b.evidence()[e].variant_index);
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
  r.undecided = std::move(in.undecided);
  for (const auto& [gene, call] : in.phenotypes) r.phenotypes.push_back(call);
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
    std::set<std::string> genes_called, genes_untested;
    for (auto [e, via] : evidence_applying_to(b, d)) {
      const auto& rec = b.evidence()[e];
      if (!reportable(b, e)) continue;
      if (rec.variant_index == f::kNoIndex) {
        if (auto m = match_gene_phenotype(b, e, d, via, in, genes_called, genes_untested)) r.matches.push_back(*m);
        continue;
      }
      vars.insert(rec.variant_index);
      auto it = in.calls.find(rec.variant_index);
      if (it == in.calls.end() || !it->second.genotype.called()) continue;
      const Genotype& g = it->second.genotype;
      // Why: a haploid call says nothing certain about a diploid genotype record.
      if (g.haploid() && !(rec.flags & f::kEvHasAllele)) {
        haploid_skips[rec.variant_index].emplace_back(b.str(rec.id));
        continue;
      }
      if (matches(b, rec, g))
        r.matches.push_back({e, rec.variant_index, d, g.text(), false, via, b.subject_kind(e), {}});
    }
    for (auto v : vars) {
      auto it = in.calls.find(v);
      (it != in.calls.end() && it->second.genotype.called() ? sec.called : sec.not_tested).push_back(v);
    }
    sec.genes_called.assign(genes_called.begin(), genes_called.end());
    sec.genes_not_tested.assign(genes_untested.begin(), genes_untested.end());
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
    return std::tie(x.drug, x.variant, x.gene, x.evidence) < std::tie(y.drug, y.variant, y.gene, y.evidence);
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
