#include "generator.h"

#include <algorithm>
#include <random>
#include <set>

namespace kbprop {
namespace {

/// mt19937's sequence is fixed by the standard; the distributions are not, so draw by hand.
class Rng {
 public:
  explicit Rng(std::uint32_t seed) : gen_(seed) {}
  std::size_t below(std::size_t n) { return gen_() % n; }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

 private:
  std::mt19937 gen_;
};

const std::vector<std::string> kLetters = {"C", "A", "T", "G"};
const std::vector<std::string> kStarAlleles = {"*1", "*4", "*10", "*2.001", "*1x2"};
const std::vector<std::string> kAncestries = {"european", "east-asian", "african"};
const std::vector<std::string> kSexes = {"female", "male", "any"};
const std::vector<std::string> kMetabolizerValues = {"poor metabolizer", "intermediate metabolizer",
                                                     "normal metabolizer"};
const std::vector<std::string> kFunctionValues = {"decreased function", "normal function"};
const std::map<std::string, std::vector<std::string>> kQualifiers = {
    {"menopausal-status", {"premenopausal", "perimenopausal", "postmenopausal"}},
    {"disease-stage", {"early", "metastatic"}}};

/// Every unordered genotype of `alleles`, as pairs.
std::vector<std::pair<std::string, std::string>> all_genotypes(const std::vector<std::string>& alleles) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < alleles.size(); ++i)
    for (std::size_t j = i; j < alleles.size(); ++j) out.emplace_back(alleles[i], alleles[j]);
  return out;
}

/// "X/Y", in a random order ("A/C" == "C/A" is part of what is tested).
std::string genotype_text(Rng& rng, const std::pair<std::string, std::string>& g) {
  return rng.chance(50) ? g.first + "/" + g.second : g.second + "/" + g.first;
}

Variant make_variant(Rng& rng, const std::string& id, const std::string& gene) {
  Variant v{id, gene, "locus", {}};
  std::vector<std::string> letters = kLetters;
  std::size_t n = rng.chance(50) ? 2 : 3;
  while (v.alleles.size() < n) {
    std::size_t i = rng.below(letters.size());
    v.alleles.push_back(letters[i]);
    letters.erase(letters.begin() + static_cast<long>(i));
  }
  return v;
}

Variant make_star_variant(Rng& rng) {
  Variant v{"CYP2D6:star", "CYP2D6", "star", {"*1"}};
  std::vector<std::string> rest(kStarAlleles.begin() + 1, kStarAlleles.end());
  std::size_t n = rng.chance(50) ? 2 : 3;
  while (v.alleles.size() < n) {
    std::size_t i = rng.below(rest.size());
    v.alleles.push_back(rest[i]);
    rest.erase(rest.begin() + static_cast<long>(i));
  }
  return v;
}

Context make_context(Rng& rng, bool format11) {
  Context c;
  if (rng.chance(50)) c.sex = rng.pick(kSexes);
  if (rng.chance(45)) {
    std::vector<std::string> a;
    for (const auto& x : kAncestries)
      if (rng.chance(45)) a.push_back(x);
    if (a.empty()) a.push_back(rng.pick(kAncestries));
    c.ancestry = a;
  }
  if (rng.chance(20)) c.population = "postmenopausal women";
  if (format11)
    for (const auto& [key, values] : kQualifiers)
      if (rng.chance(40)) c.qualifiers[key] = rng.pick(values);
  return c;
}

/// The subject of a variant claim: one allele, or a proper subset of the genotypes.
void make_variant_subject(Rng& rng, const Variant& v, Evidence& e) {
  e.variant = v.id;
  if (rng.chance(55)) {
    e.subject = Subject::kAllele;
    e.allele = rng.pick(v.alleles);
    // On a biallelic variant the comparison allele can only be the other one.
    if (v.alleles.size() == 2 && rng.chance(30)) e.compared_to = v.alleles[0] == e.allele ? v.alleles[1] : v.alleles[0];
    return;
  }
  e.subject = Subject::kGenotypes;
  auto all = all_genotypes(v.alleles);
  std::vector<std::size_t> order(all.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  std::size_t n = 1 + rng.below(2);
  for (std::size_t i = 0; i < n; ++i) e.genotypes.push_back(genotype_text(rng, all[order[i]]));
  if (rng.chance(40)) {
    std::size_t m = 1 + rng.below(std::min<std::size_t>(2, order.size() - n));
    for (std::size_t i = n; i < n + m; ++i) e.compared_to_list.push_back(genotype_text(rng, all[order[i]]));
  }
}

Evidence make_evidence(Rng& rng, const Kb& kb, int number) {
  Evidence e;
  e.id = "EV" + std::string(number < 10 ? "000" : "00") + std::to_string(number);
  static const std::vector<std::string> kStatus = {"accepted", "accepted", "accepted", "submitted",
                                                   "submitted", "draft", "rejected", "retracted"};
  e.status = rng.pick(kStatus);
  if (kb.format11 && rng.chance(20)) {
    e.subject = Subject::kGenePhenotype;
    e.gp_gene = rng.chance(70) ? "CYP2D6" : "CYP19A1";
    const auto& values = e.gp_gene == "CYP2D6" ? kMetabolizerValues : kFunctionValues;
    e.gp_value = rng.pick(values);
    if (rng.chance(30))
      for (const auto& v : values)
        if (v != e.gp_value) { e.compared_to_list.push_back(v); break; }
  } else {
    // Bias towards the first variant so that pairs meet often.
    make_variant_subject(rng, rng.chance(70) ? kb.variants[0] : rng.pick(kb.variants), e);
  }
  e.drug = rng.chance(65) ? kb.drugs[0].id : rng.pick(kb.drugs).id;
  // Mostly on the chain, where the same phenotype and an ancestor meet.
  static const std::vector<std::size_t> kPhenotypeBias = {0, 1, 2, 2, 2, 3};
  e.phenotype = kb.phenotypes[rng.pick(kPhenotypeBias)].id;
  std::vector<std::string> directions = {"increased", "decreased", "no-association"};
  if (kb.format11) directions.push_back("associated");
  e.direction = rng.pick(directions);
  if (rng.chance(55)) e.context = make_context(rng, kb.format11);
  bool active = e.status == "accepted" || e.status == "submitted";
  if (active || !kb.format11 || rng.chance(50)) e.level = "3";
  return e;
}

}  // namespace

Kb generate_kb(std::uint32_t seed, bool format11) {
  Rng rng(seed * 2654435761u + (format11 ? 1u : 0u));
  Kb kb;
  kb.format11 = format11;
  kb.genes = {"CYP19A1", "ESR1"};
  kb.variants.push_back(make_variant(rng, "CYP19A1:v1", "CYP19A1"));
  kb.variants.push_back(make_variant(rng, "ESR1:v2", "ESR1"));
  if (format11) {
    kb.genes.push_back("CYP2D6");
    if (rng.chance(50)) kb.variants.insert(kb.variants.begin(), make_star_variant(rng));
  }
  kb.drugs = {{"anastrozole", {}}, {"letrozole", {}}};
  if (format11) {
    kb.drugs.push_back({"exemestane", {}});
    kb.drugs.push_back({"aromatase-inhibitors", {"anastrozole", "letrozole"}});
    if (rng.chance(50)) std::swap(kb.drugs[0], kb.drugs[3]);  // the group first: often used
  }
  // A small is_a chain p-leaf -> p-mid -> p-root, sometimes a second parent, and p-other.
  kb.phenotypes = {{"p-root", {}}, {"p-mid", {"p-root"}}, {"p-leaf", {"p-mid"}}, {"p-other", {}}};
  if (rng.chance(30)) kb.phenotypes[2].is_a.push_back("p-other");
  // At most 10 records: never near the 50 pairs per (variant, drug) that KB2001 lists.
  int n = 4 + static_cast<int>(rng.below(7));
  for (int i = 1; i <= n; ++i) kb.evidence.push_back(make_evidence(rng, kb, i));
  return kb;
}

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string list(const std::vector<std::string>& items, bool quote) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + (quote ? quoted(items[i]) : items[i]);
  return out + "]";
}

std::string context_yaml(const Context& c) {
  std::string out = "context:\n";
  if (c.population) out += "  population: " + *c.population + "\n";
  if (c.ancestry) out += "  ancestry: " + list(*c.ancestry, false) + "\n";
  if (c.sex) out += "  sex: " + *c.sex + "\n";
  if (!c.qualifiers.empty()) {
    out += "  qualifiers:\n";
    for (const auto& [k, v] : c.qualifiers) out += "    " + k + ": " + v + "\n";
  }
  if (out == "context:\n") out = "context: {}\n";
  return out;
}

std::string evidence_yaml(const Evidence& e) {
  std::string out = "kind: evidence\nid: " + e.id + "\nstatus: " + e.status + "\n";
  switch (e.subject) {
    case Subject::kAllele:
      out += "variant: " + e.variant + "\nallele: " + quoted(e.allele) + "\n";
      if (e.compared_to) out += "compared_to: " + quoted(*e.compared_to) + "\n";
      break;
    case Subject::kGenotypes:
      out += "variant: " + e.variant + "\ngenotypes: " + list(e.genotypes, true) + "\n";
      if (!e.compared_to_list.empty()) out += "compared_to: " + list(e.compared_to_list, true) + "\n";
      break;
    case Subject::kGenePhenotype:
      out += "gene_phenotype:\n  gene: " + e.gp_gene + "\n  value: " + e.gp_value + "\n";
      if (!e.compared_to_list.empty()) out += "compared_to: " + list(e.compared_to_list, false) + "\n";
      break;
  }
  out += "drug: " + e.drug + "\nphenotype: " + e.phenotype + "\ncategory: efficacy\ndirection: " + e.direction + "\n";
  if (e.context) out += context_yaml(*e.context);
  if (e.level) out += "level: " + quoted(*e.level) + "\n";
  out += "citation:\n  pmid: 24065098\n";
  return out;
}

const std::map<std::string, std::string> kGeneNames = {
    {"CYP19A1", "cytochrome P450 family 19 subfamily A member 1"},
    {"ESR1", "estrogen receptor 1"},
    {"CYP2D6", "cytochrome P450 family 2 subfamily D member 6"}};

}  // namespace

std::map<std::string, std::string> kb_files(const Kb& kb) {
  std::map<std::string, std::string> files;
  files["kb.yaml"] = std::string("kind: knowledge-base\nid: property-kb\nname: Property test KB\nversion: 0.1.0\n") +
                     (kb.format11 ? "format: \"1.1\"\n" : "format: 1\n");
  std::string genes, variants, drugs, phenotypes;
  for (const auto& g : kb.genes) genes += "---\nkind: gene\nid: " + g + "\nname: " + kGeneNames.at(g) + "\n";
  for (const auto& v : kb.variants) {
    variants += "---\nkind: variant\nid: " + v.id + "\ngene: " + v.gene + "\n";
    if (v.system != "locus") variants += "system: " + v.system + "\n";
    variants += "alleles: " + list(v.alleles, true) + "\n";
  }
  for (const auto& d : kb.drugs) {
    drugs += "---\nkind: drug\nid: " + d.id + "\nname: " + d.id + "\n";
    if (!d.members.empty()) drugs += "members: " + list(d.members, false) + "\n";
  }
  for (const auto& p : kb.phenotypes) {
    phenotypes += "---\nkind: phenotype\nid: " + p.id + "\nlabel: " + p.id + "\n";
    if (!p.is_a.empty()) phenotypes += "is_a: " + list(p.is_a, false) + "\n";
  }
  files["genes/genes.yaml"] = genes;
  files["variants/variants.yaml"] = variants;
  files["drugs/drugs.yaml"] = drugs;
  files["phenotypes/phenotypes.yaml"] = phenotypes;
  for (const auto& e : kb.evidence) files["evidence/" + e.id + ".yaml"] = evidence_yaml(e);
  return files;
}

}  // namespace kbprop
