#include "rules/cross/claims.h"

#include <algorithm>

namespace kb::rules::cross {

std::optional<Genotype> parse_genotype(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos)
    return std::nullopt;
  std::string a(text.substr(0, slash)), b(text.substr(slash + 1));
  if (a.empty() || b.empty()) return std::nullopt;
  if (b < a) std::swap(a, b);
  return Genotype{std::move(a), std::move(b)};
}

int copies(const Genotype& g, std::string_view allele) {
  return (g.first == allele ? 1 : 0) + (g.second == allele ? 1 : 0);
}

namespace {

std::optional<std::vector<Genotype>> parse_all(const std::vector<model::Located<std::string>>& items) {
  std::vector<Genotype> out;
  for (const auto& item : items) {
    auto g = parse_genotype(item.value);
    if (!g) return std::nullopt;
    out.push_back(std::move(*g));
  }
  return out;
}

/// Every unordered genotype of `alleles` not in `claimed`.
std::vector<Genotype> other_genotypes(const std::vector<std::string>& alleles,
                                      const std::vector<Genotype>& claimed) {
  std::vector<Genotype> out;
  for (std::size_t i = 0; i < alleles.size(); ++i)
    for (std::size_t j = i; j < alleles.size(); ++j) {
      Genotype g = alleles[i] <= alleles[j] ? Genotype{alleles[i], alleles[j]}
                                            : Genotype{alleles[j], alleles[i]};
      if (std::find(claimed.begin(), claimed.end(), g) == claimed.end()) out.push_back(g);
    }
  return out;
}

}  // namespace

std::optional<std::string> genotype_claim_allele(const model::Evidence& e,
                                                 const model::Variant* variant) {
  if (e.genotypes.empty()) return std::nullopt;
  auto claimed = parse_all(e.genotypes);
  if (!claimed) return std::nullopt;
  std::vector<Genotype> comparison;
  if (!e.compared_to.empty()) {
    if (!e.compared_to_is_list) return std::nullopt;  // a single allele: not genotypes
    auto parsed = parse_all(e.compared_to);
    if (!parsed) return std::nullopt;
    comparison = std::move(*parsed);
  } else {
    if (!variant) return std::nullopt;
    comparison = other_genotypes(variant->alleles, *claimed);
  }
  if (comparison.empty()) return std::nullopt;
  const std::string* found = nullptr;  // (a pointer: GCC 12 misreads optional<string> here)
  const auto& first = claimed->front();
  for (const std::string* x : {&first.first, &first.second}) {
    if (found && *found == *x) continue;
    int min_claimed = 2, max_compared = 0;
    for (const auto& g : *claimed) min_claimed = std::min(min_claimed, copies(g, *x));
    for (const auto& g : comparison) max_compared = std::max(max_compared, copies(g, *x));
    if (min_claimed == 0 || min_claimed <= max_compared) continue;
    if (found) return std::nullopt;  // two alleles qualify: ambiguous, do not guess
    found = x;
  }
  if (!found) return std::nullopt;
  return *found;
}

model::Direction opposite(model::Direction d) {
  using model::Direction;
  switch (d) {
    case Direction::kIncreased: return Direction::kDecreased;
    case Direction::kDecreased: return Direction::kIncreased;
    case Direction::kNoAssociation: return Direction::kNoAssociation;
    case Direction::kAssociated: return Direction::kAssociated;  // the other allele: associated too
  }
  return d;
}

std::string_view verb(model::Direction d) {
  using model::Direction;
  switch (d) {
    case Direction::kIncreased: return "increases";
    case Direction::kDecreased: return "decreases";
    case Direction::kNoAssociation: return "is not associated with";
    case Direction::kAssociated: return "is associated with";
  }
  return "";
}

std::string genotype_list(const model::Evidence& e) {
  std::string out;
  for (const auto& g : e.genotypes) out += (out.empty() ? "" : ", ") + g.value;
  return out;
}

}  // namespace kb::rules::cross
