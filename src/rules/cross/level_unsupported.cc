#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "rules/cross/claims.h"
#include "rules/cross/run.h"
#include "rules/cross/level_score.h"
#include "support/text.h"

namespace kb::rules::cross {

using model::Evidence;

namespace {

constexpr double kReplicationBonus = 5;  ///< per independent supporting publication after the first

double design_points(const std::string& d) {
  static const std::map<std::string, double, std::less<>> kDesign = {
      {"meta-analysis", 6}, {"rct", 5},    {"gwas", 4},        {"cohort", 3},   {"case-control", 3},
      {"pk-study", 2},      {"review", 1}, {"case-report", 1}, {"in-vitro", 1}};
  auto it = kDesign.find(d);
  return it == kDesign.end() ? 2 : it->second;
}

bool weak(const Evidence& e) { return e.study.design == "in-vitro" || e.study.design == "case-report"; }

double size_points(const Evidence& e) {
  if (weak(e) || !e.study.size) return 0;
  auto n = *e.study.size;
  return n >= 1000 ? 6 : n >= 500 ? 4 : n >= 200 ? 3 : n >= 50 ? 1 : 0;
}

double p_points(const Evidence& e) {
  if (!e.study.statistic || !e.study.statistic->p || e.direction.value == model::Direction::kNoAssociation)
    return 0;
  double p = *e.study.statistic->p;
  return p < 0.001 ? 2 : p <= 0.05 ? 0 : -2;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", std::round(v * 100) / 100);
  return buf;
}

std::string describe(const std::string& key, const Evidence& e, double points) {
  std::string d = key;
  d += ", ";
  d += e.study.design.empty() ? "design not given" : e.study.design;
  if (e.study.size) d.append(" n=") += std::to_string(*e.study.size);
  d.append(": ") += fmt(points);
  return d += " points";
}

/// Publications of `records`, each counted once with its best record. Claims have a
/// few records: publications are found by a scan, through a hash only for large claims.
std::vector<Publication> publications(const std::vector<const Evidence*>& records) {
  constexpr std::size_t kScanLimit = 16;
  std::vector<Publication> out;
  std::unordered_map<std::string, std::size_t> at;
  for (const Evidence* e : records) {
    double pts = record_points(*e);
    auto key = publication_key(*e);
    std::size_t i = out.size();
    if (out.size() < kScanLimit) {
      i = static_cast<std::size_t>(
          std::find_if(out.begin(), out.end(), [&](const Publication& p) { return p.key == key; }) -
          out.begin());
    } else {
      if (at.empty())
        for (std::size_t k = 0; k < out.size(); ++k) at.emplace(out[k].key, k);
      i = at.try_emplace(key, out.size()).first->second;
    }
    if (i == out.size()) {
      out.push_back({key, describe(key, *e, pts), pts, weak(*e)});
    } else {
      auto& p = out[i];
      p.weak_design = p.weak_design && weak(*e);
      if (pts > p.points) p = {key, describe(key, *e, pts), pts, p.weak_design};
    }
  }
  return out;
}

std::string list(const std::vector<Publication>& pubs) {
  std::string out;
  for (std::size_t i = 0; i < pubs.size() && i < 5; ++i) out += (i ? "; " : "") + pubs[i].description;
  if (pubs.size() > 5) out += "; and " + std::to_string(pubs.size() - 5) + " more";
  return out;
}

}  // namespace

double record_points(const Evidence& e) {
  return std::max(0.0, design_points(e.study.design) + size_points(e) + p_points(e));
}

std::string publication_key(const Evidence& e) {
  if (e.citation.pmid) return "PMID " + std::to_string(e.citation.pmid->value);
  if (e.citation.doi) {
    std::string d = e.citation.doi->value;
    for (auto& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "DOI " + d;
  }
  return "unpublished " + e.id;
}

int level_rank(std::string_view level) {
  if (level == "1A") return 5;
  if (level == "1B") return 4;
  if (level == "2A" || level == "2B") return 3;
  if (level == "3") return 2;
  if (level == "4") return 1;
  return 0;
}

std::string requirement(std::string_view level) {
  int r = level_rank(level);
  const char* pts = r == 5 ? "80" : r == 4 ? "25" : "8";
  return "level " + std::string(level) + " needs >= 2 independent publications and >= " + pts +
         " points, and more than in-vitro or case-report evidence";
}

ClaimScore score_claim(const std::vector<const Evidence*>& supporting,
                       const std::vector<const Evidence*>& conflicting) {
  ClaimScore s;
  s.supporting = publications(supporting);
  s.conflicting = publications(conflicting);
  double sum = 0;
  for (const auto& p : s.supporting) sum += p.points;
  if (s.supporting.size() > 1) sum += kReplicationBonus * static_cast<double>(s.supporting.size() - 1);
  for (const auto& p : s.conflicting) sum -= p.points;
  s.score = std::max(0.0, sum);
  bool weak_only = std::all_of(s.supporting.begin(), s.supporting.end(),
                               [](const Publication& p) { return p.weak_design; });
  const bool replicated = s.supporting.size() >= 2;
  if (weak_only || !replicated) s.allowed_rank = 2;
  else s.allowed_rank = s.score >= 80 ? 5 : s.score >= 25 ? 4 : s.score >= 8 ? 3 : 2;
  return s;
}

std::string ClaimScore::explain() const {
  std::string out = "this claim has " + std::to_string(supporting.size()) +
                    (supporting.size() == 1 ? " publication (" : " independent publications (") +
                    list(supporting) + ")";
  if (supporting.size() > 1) out += " + " + fmt(kReplicationBonus * static_cast<double>(supporting.size() - 1)) + " for replication";
  if (!conflicting.empty())
    out += ", minus " + std::to_string(conflicting.size()) + " conflicting (" + list(conflicting) + ")";
  out += " = " + fmt(score) + " points";
  return out;
}

namespace {

/// (variant, allele or genotype set, drug, phenotype) as one string, written to `k`.
void claim_key(const Evidence& e, std::string& k) {
  k.assign(e.variant.id) += '\x1f';
  if (e.gene_phenotype) {
    k.append("gene_phenotype ").append(e.gene_phenotype->gene.id) += ' ';
    k.append(e.gene_phenotype->value.value);
  } else if (e.allele) {
    k.append("allele ").append(e.allele->value);
  } else {
    std::vector<std::string> gts;
    for (const auto& g : e.genotypes) {
      auto p = parse_genotype(g.value);
      gts.push_back(p ? p->first + "/" + p->second : g.value);
    }
    std::sort(gts.begin(), gts.end());
    k += "genotypes";
    for (const auto& g : gts) k.append(" ").append(g);
  }
  k.append("\x1f").append(e.drug.id).append("\x1f").append(e.phenotype.id);
}

/// A claim's score for one direction, with its explanation once a finding needs it.
struct Scored {
  ClaimScore score;
  std::string explained;
};

}  // namespace

// Why: a declared level promises users a strength of evidence; a 1B built on a single
// small study overstates it. The score follows PharmGKB's clinical-annotation scoring
// in spirit (docs/evidence-levels.md); only levels above 3 are ever questioned.
void check_levels(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& ev = idx.records().evidence;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> group_of;
  std::vector<std::vector<std::uint32_t>> groups;  // in order of first appearance
  std::string key;
  for (std::uint32_t i = 0; i < ev.size(); ++i) {
    const auto& e = ev[i];
    if (!model::is_active(e.status) || !e.claim_valid || (!e.allele && e.genotypes.empty() && !e.gene_phenotype)) continue;
    claim_key(e, key);
    auto it = group_of.find(key);
    if (it == group_of.end()) {
      it = group_of.emplace(key, static_cast<std::uint32_t>(groups.size())).first;
      groups.emplace_back();
    }
    groups[it->second].push_back(i);
  }
  for (const auto& members : groups) {
    std::map<model::Direction, Scored> scores;  // computed on first need, per direction
    for (auto i : members) {
      const auto& e = ev[i];
      int declared = level_rank(e.level.value);
      if (declared <= level_rank("3")) continue;
      auto it = scores.find(e.direction.value);
      if (it == scores.end()) {
        std::vector<const Evidence*> sup, con;
        for (auto j : members) (ev[j].direction.value == e.direction.value ? sup : con).push_back(&ev[j]);
        it = scores.emplace(e.direction.value, Scored{score_claim(sup, con), {}}).first;
      }
      Scored& s = it->second;
      if (declared <= s.score.allowed_rank) continue;
      if (s.explained.empty()) s.explained = s.score.explain();
      std::string msg = e.id;
      msg.append(" declares level ").append(e.level.value).append(", but ");
      msg.append(requirement(e.level.value)).append("; ").append(s.explained);
      out.push_back(
          make_diagnostic(Rule::kLevelUnsupported, idx.where(e.level.pos), std::move(msg), e.id));
    }
  }
}

KB_CROSS_RULE(kLevelUnsupported, kCostly, check_levels);

}  // namespace kb::rules::cross
