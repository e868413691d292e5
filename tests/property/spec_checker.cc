#include "spec_checker.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace kbprop {
namespace {

// "Only records with status `accepted` or `submitted` take part."
bool takes_part(const Evidence& e) { return e.status == "accepted" || e.status == "submitted"; }

// "Contexts are disjoint when both give `sex` and the two differ (and neither is `any`),
// or both give `ancestry` and the lists share nothing."  1.1: "Two contexts are disjoint
// when both give the same key and the values differ" (qualifiers).
bool disjoint(const std::optional<Context>& x, const std::optional<Context>& y) {
  if (!x || !y) return false;
  if (x->sex && y->sex && *x->sex != *y->sex && *x->sex != "any" && *y->sex != "any") return true;
  if (x->ancestry && y->ancestry &&
      std::none_of(x->ancestry->begin(), x->ancestry->end(), [&](const std::string& a) {
        return std::find(y->ancestry->begin(), y->ancestry->end(), a) != y->ancestry->end();
      }))
    return true;
  for (const auto& [key, value] : x->qualifiers)
    if (auto it = y->qualifiers.find(key); it != y->qualifiers.end() && it->second != value) return true;
  return false;
}

// The mirror image of a direction for the other allele of a biallelic variant:
// "also means allele R has the opposite direction"; KB2002.md: "A no-association claim on
// one allele of a biallelic variant covers the other allele too"; 1.1: "An `associated`
// claim on a two-allele variant implies nothing about the other allele's direction except
// that it is associated too."
std::string mirrored(const std::string& d) {
  if (d == "increased") return "decreased";
  if (d == "decreased") return "increased";
  return d;
}

/// A normalised claim: a subject ("variant|allele" or "gene-phenotype|gene|value") and a direction.
using Claim = std::pair<std::string, std::string>;

std::pair<std::string, std::string> split_genotype(const std::string& g) {
  auto slash = g.find('/');
  return {g.substr(0, slash), g.substr(slash + 1)};
}

int copies(const std::string& genotype, const std::string& allele) {
  auto [x, y] = split_genotype(genotype);
  return (x == allele) + (y == allele);
}

bool same_genotype(const std::string& g, const std::string& h) {
  auto [a, b] = split_genotype(g);
  auto [c, d] = split_genotype(h);
  return (a == c && b == d) || (a == d && b == c);  // "A/C" == "C/A"
}

// "`genotypes` that all carry X, compared with genotypes that carry fewer copies of X
// (explicitly in `compared_to`, or implicitly all others), mean allele X has direction d."
std::vector<Claim> genotype_claims(const Evidence& e, const Variant& v) {
  std::vector<std::string> others = e.compared_to_list;
  if (others.empty())
    for (std::size_t i = 0; i < v.alleles.size(); ++i)
      for (std::size_t j = i; j < v.alleles.size(); ++j) {
        std::string g = v.alleles[i] + "/" + v.alleles[j];
        if (std::none_of(e.genotypes.begin(), e.genotypes.end(), [&](const auto& h) { return same_genotype(g, h); }))
          others.push_back(g);
      }
  std::vector<Claim> out;
  for (const auto& x : v.alleles) {
    int fewest_in_claim = 2, most_in_others = 0;
    for (const auto& g : e.genotypes) fewest_in_claim = std::min(fewest_in_claim, copies(g, x));
    for (const auto& g : others) most_in_others = std::max(most_in_others, copies(g, x));
    if (fewest_in_claim >= 1 && most_in_others < fewest_in_claim) out.push_back({v.id + "|" + x, e.direction});
  }
  // "allele X has direction d" names one allele: genotypes that qualify two alleles at once
  // (G/T against C/C on a three-allele variant) cannot say which one acts, so they say
  // nothing (docs/rules/KB2001.md: "when no single allele qualifies").
  if (out.size() > 1) out.clear();
  return out;
}

std::vector<Claim> claims(const Kb& kb, const Evidence& e) {
  if (e.subject == Subject::kGenePhenotype)  // "different values never contradict each other"
    return {{"gene-phenotype|" + e.gp_gene + "|" + e.gp_value, e.direction}};
  const Variant& v = *kb.variant(e.variant);
  if (e.subject == Subject::kGenotypes) return genotype_claims(e, v);
  // "`allele: X, direction: d` on a variant with exactly two alleles [R, X] also means
  // allele R has the opposite direction."
  std::vector<Claim> out = {{v.id + "|" + e.allele, e.direction}};
  if (v.alleles.size() == 2) {
    const std::string& r = v.alleles[0] == e.allele ? v.alleles[1] : v.alleles[0];
    out.push_back({v.id + "|" + r, mirrored(e.direction)});
  }
  return out;
}

bool is_ancestor(const Kb& kb, const std::string& ancestor, const std::string& of) {
  for (const auto& p : kb.phenotypes)
    if (p.id == of)
      for (const auto& parent : p.is_a)
        if (parent == ancestor || is_ancestor(kb, ancestor, parent)) return true;
  return false;
}

bool is_member(const Kb& kb, const std::string& member, const std::string& group) {
  for (const auto& d : kb.drugs)
    if (d.id == group && std::find(d.members.begin(), d.members.end(), member) != d.members.end()) return true;
  return false;
}

enum class Relation { kNone, kSame, kWeak };

// "the same phenotype (or, more weakly, a phenotype and its is_a ancestor)"
Relation phenotype_relation(const Kb& kb, const std::string& p, const std::string& q) {
  if (p == q) return Relation::kSame;
  return is_ancestor(kb, p, q) || is_ancestor(kb, q, p) ? Relation::kWeak : Relation::kNone;
}

// Same drug; 1.1: "A record on a group and a record on one of its members that disagree
// are a possible contradiction (warning), like a phenotype and its is_a ancestor."
// Two members of one group are two other drugs: "anything | other drug | nothing".
Relation drug_relation(const Kb& kb, const std::string& x, const std::string& y) {
  if (x == y) return Relation::kSame;
  return is_member(kb, x, y) || is_member(kb, y, x) ? Relation::kWeak : Relation::kNone;
}

struct Row {
  const char* a;
  const char* b;
  const char* rule;
};

// "| X increased | X decreased | contradiction: error |"                        -> KB2001
// "| X increased (or decreased) | X no-association | conflicting evidence |"     -> KB2002
// 1.1: "| X associated | X no-association | conflicting evidence |"              -> KB2002
// 1.1: associated vs increased/decreased/associated: "nothing" (no row).
constexpr Row kSameRows[] = {{"increased", "decreased", "KB2001"},
                             {"increased", "no-association", "KB2002"},
                             {"decreased", "no-association", "KB2002"},
                             {"associated", "no-association", "KB2002"}};
// "| same, phenotype P vs ancestor of P | opposite directions | possible contradiction |"
// (KB2003.md: "no-association against an ancestor is not reported"); group vs member
// likewise (kGroupMemberRule).
constexpr Row kWeakRows[] = {{"increased", "decreased", "KB2003"}};

template <std::size_t N>
const char* rule_for(const std::string& d1, const std::string& d2, const Row (&rows)[N]) {
  for (const Row& r : rows)
    if ((d1 == r.a && d2 == r.b) || (d1 == r.b && d2 == r.a)) return r.rule;
  return nullptr;
}

}  // namespace

std::set<Finding> spec_findings(const Kb& kb) {
  std::set<Finding> out;
  for (std::size_t i = 0; i < kb.evidence.size(); ++i)
    for (std::size_t j = i + 1; j < kb.evidence.size(); ++j) {
      const Evidence& x = kb.evidence[i];
      const Evidence& y = kb.evidence[j];
      // "| anything | disjoint context, other drug, draft/rejected/retracted | nothing |"
      if (!takes_part(x) || !takes_part(y) || disjoint(x.context, y.context)) continue;
      Relation drugs = drug_relation(kb, x.drug, y.drug);
      Relation phenotypes = phenotype_relation(kb, x.phenotype, y.phenotype);
      if (drugs == Relation::kNone || phenotypes == Relation::kNone) continue;
      bool weak = drugs == Relation::kWeak || phenotypes == Relation::kWeak;
      std::string group_rule = drugs == Relation::kWeak ? kGroupMemberRule : "KB2003";
      for (const Claim& cx : claims(kb, x))
        for (const Claim& cy : claims(kb, y))
          if (cx.first == cy.first)  // the same allele of the same variant, or gene+value
            if (const char* rule = weak ? rule_for(cx.second, cy.second, kWeakRows)
                                        : rule_for(cx.second, cy.second, kSameRows))
              out.insert({weak ? group_rule : rule, std::min(x.id, y.id), std::max(x.id, y.id)});
    }
  return out;
}

}  // namespace kbprop
