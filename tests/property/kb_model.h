#pragma once
// The random KBs of the property test as plain data: the generator fills it and writes
// it as YAML, the spec checker reads it. Nothing here comes from src/.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kbprop {

/// A variant: id `GENE:name`, its system ("locus" or, in 1.1, "star"), its alleles (the
/// first is the reference).
struct Variant {
  std::string id;
  std::string gene;
  std::string system = "locus";
  std::vector<std::string> alleles;
};

/// A drug; a drug with members is a group (format 1.1).
struct Drug {
  std::string id;
  std::vector<std::string> members;
};

/// A phenotype and its is_a parents.
struct Phenotype {
  std::string id;
  std::vector<std::string> is_a;
};

/// An evidence record's context (each part optional).
struct Context {
  std::optional<std::string> sex;
  std::optional<std::vector<std::string>> ancestry;
  std::map<std::string, std::string> qualifiers;  ///< format 1.1
  std::optional<std::string> population;          ///< never decides anything
};

enum class Subject { kAllele, kGenotypes, kGenePhenotype };

/// One evidence record; genotypes are written "X/Y" in the order given here.
struct Evidence {
  std::string id;
  std::string status;
  Subject subject = Subject::kAllele;
  std::string variant;                      ///< empty for gene_phenotype
  std::string allele;                       ///< Subject::kAllele
  std::vector<std::string> genotypes;       ///< Subject::kGenotypes
  std::string gp_gene, gp_value;            ///< Subject::kGenePhenotype
  std::optional<std::string> compared_to;   ///< a single allele (allele records)
  std::vector<std::string> compared_to_list;  ///< genotypes, or gene-phenotype values
  std::string drug;
  std::string phenotype;
  std::string direction;
  std::optional<Context> context;
  std::optional<std::string> level;
};

/// A whole generated KB.
struct Kb {
  bool format11 = false;
  std::vector<std::string> genes;
  std::vector<Variant> variants;
  std::vector<Drug> drugs;
  std::vector<Phenotype> phenotypes;
  std::vector<Evidence> evidence;

  const Variant* variant(const std::string& id) const {
    for (const auto& v : variants)
      if (v.id == id) return &v;
    return nullptr;
  }
};

}  // namespace kbprop
