#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "rules/cross/claims.h"
#include "rules/cross/run.h"
#include "rules/cross/level_score.h"

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

std::string describe(const Evidence& e, double points) {
  std::string d = publication_key(e) + ", " + (e.study.design.empty() ? "design not given" : e.study.design);
  if (e.study.size) d += " n=" + std::to_string(*e.study.size);
  return d + ": " + fmt(points) + " points";
}

/// Publications of `records`, each counted once with its best record.
std::vector<Publication> publications(const std::vector<const Evidence*>& records) {
  std::vector<Publication> out;
  std::unordered_map<std::string, std::size_t> at;
  for (const Evidence* e : records) {
    double pts = record_points(*e);
    auto key = publication_key(*e);
    auto [it, inserted] = at.try_emplace(key, out.size());
    if (inserted) {
      out.push_back({key, describe(*e, pts), pts, weak(*e)});
    } else {
      auto& p = out[it->second];
      p.weak_design = p.weak_design && weak(*e);
      if (pts > p.points) p = {key, describe(*e, pts), pts, p.weak_design};
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

/// (variant, allele or genotype set, drug, phenotype) as one string.
std::string claim_key(const Evidence& e) {
  std::string k = e.variant.id + '\x1f';
  if (e.gene_phenotype) {
    k += "gene_phenotype " + e.gene_phenotype->gene.id + " " + e.gene_phenotype->value.value;
  } else if (e.allele) {
    k += "allele " + e.allele->value;
  } else {
    std::vector<std::string> gts;
    for (const auto& g : e.genotypes) {
      auto p = parse_genotype(g.value);
      gts.push_back(p ? p->first + "/" + p->second : g.value);
    }
    std::sort(gts.begin(), gts.end());
    k += "genotypes";
    for (const auto& g : gts) k += " " + g;
  }
  return k + '\x1f' + e.drug.id + '\x1f' + e.phenotype.id;
}

}  // namespace

// Why: a declared level promises users a strength of evidence; a 1B built on a single
// small study overstates it. The score follows PharmGKB's clinical-annotation scoring
// in spirit (docs/evidence-levels.md); only levels above 3 are ever questioned.
void check_levels(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& ev = idx.records().evidence;
  std::unordered_map<std::string, std::uint32_t> group_of;
  std::vector<std::vector<std::uint32_t>> groups;  // in order of first appearance
  for (std::uint32_t i = 0; i < ev.size(); ++i) {
    const auto& e = ev[i];
    if (!model::is_active(e.status) || !e.claim_valid || (!e.allele && e.genotypes.empty() && !e.gene_phenotype)) continue;
    auto [it, inserted] = group_of.try_emplace(claim_key(e), static_cast<std::uint32_t>(groups.size()));
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  for (const auto& members : groups) {
    std::map<model::Direction, ClaimScore> scores;  // computed on first need, per direction
    for (auto i : members) {
      const auto& e = ev[i];
      int declared = level_rank(e.level.value);
      if (declared <= level_rank("3")) continue;
      auto it = scores.find(e.direction.value);
      if (it == scores.end()) {
        std::vector<const Evidence*> sup, con;
        for (auto j : members) (ev[j].direction.value == e.direction.value ? sup : con).push_back(&ev[j]);
        it = scores.emplace(e.direction.value, score_claim(sup, con)).first;
      }
      if (declared <= it->second.allowed_rank) continue;
      out.push_back(make_diagnostic(Rule::kLevelUnsupported, idx.where(e.level.pos),
                                    e.id + " declares level " + e.level.value + ", but " +
                                        requirement(e.level.value) + "; " +
                                        it->second.explain(),
                                    e.id));
    }
  }
}

KB_CROSS_RULE(kLevelUnsupported, kCostly, check_levels);

}  // namespace kb::rules::cross
