#pragma once
/// \file
/// Interpretation: which evidence records a sample's calls match, per drug.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interp/input.h"
#include "kbbundle/bundle.h"

namespace kb::interp {

/// An evidence record the sample's genotype matches.
struct Match {
  std::uint32_t evidence = 0;  ///< index into Bundle::evidence()
  std::uint32_t variant = 0;   ///< kNoIndex for a gene-phenotype record
  std::uint32_t drug = 0;
  std::string genotype;        ///< the sample's genotype as in calls, or its CPIC phenotype
  bool in_conflict = false;    ///< part of a Conflict below
  /// Class evidence: the drug group (index) the record is filed under, of which `drug`
  /// is a member; kNoIndex for the drug's own evidence.
  std::uint32_t via_group = kbbundle::format::kNoIndex;
  kbbundle::SubjectKind subject = kbbundle::SubjectKind::kAlleles;
  std::string gene;  ///< the gene of a gene-phenotype record
};

/// An evidence record that applies to a drug: its own, or a group's it is a member of.
struct DrugEvidence {
  std::uint32_t evidence = 0;
  std::uint32_t via_group = kbbundle::format::kNoIndex;
};

/// The evidence that applies to drug `d`: its own, then that of each group it is a
/// member of (record format 1.1 drug classes), every record once.
std::vector<DrugEvidence> evidence_applying_to(const kbbundle::Bundle& b, std::uint32_t d);

/// Matched records on one variant (or gene phenotype), drug and phenotype that point in
/// opposite directions and whose contexts are not disjoint by a qualifier.
struct Conflict {
  std::uint32_t variant = 0, drug = 0;  ///< variant: kNoIndex for gene-phenotype records
  std::string gene;                     ///< the gene, for gene-phenotype records
  std::string phenotype;
  std::vector<std::uint32_t> increased, decreased;  ///< evidence indexes
};

/// The report for one drug.
struct DrugSection {
  std::uint32_t drug = 0;
  std::vector<std::uint32_t> called;      ///< variants with a genotype (sorted by id)
  std::vector<std::uint32_t> not_tested;  ///< KB variants of this drug the input did not cover
  std::vector<std::string> genes_called;      ///< genes of gene-phenotype records with a phenotype call
  std::vector<std::string> genes_not_tested;  ///< ... and without one
  std::vector<std::size_t> matches;       ///< indexes into Report::matches
  std::vector<std::size_t> conflicts;     ///< indexes into Report::conflicts
};

/// Everything the renderers print.
struct Report {
  const kbbundle::Bundle* bundle = nullptr;
  std::string sample;
  std::vector<std::uint32_t> drugs;        ///< the drugs reported, by index
  std::vector<Call> calls;                 ///< calls at the reported drugs' variants, by variant id
  std::vector<Match> matches;              ///< by drug, variant, evidence id
  std::vector<Conflict> conflicts;
  std::vector<std::uint32_t> not_tested;   ///< union over the drugs, by variant id
  std::vector<Warning> warnings;
  std::vector<Undecided> undecided;        ///< what the input says that cannot be decided
  std::vector<PhenotypeCall> phenotypes;   ///< outside-call phenotypes, by gene
  std::vector<DrugSection> sections;
  bool used_index = false;
  std::string input_kind;  ///< "vcf" or "genotypes"
};

/// True for evidence `e` an interpreter reports: status accepted or submitted (drafts,
/// rejected and retracted records never reach a patient report, even if bundled), on a
/// drug of the bundle, about a variant of the bundle or a gene phenotype.
bool reportable(const kbbundle::Bundle& b, std::uint32_t e);

/// True when records `x` and `y` give the same qualifier key with different values:
/// their contexts are disjoint (record format 1.1, "Context qualifiers").
bool qualifier_disjoint(const kbbundle::Bundle& b, std::uint32_t x, std::uint32_t y);

/// The drugs to report: `drug` alone (by id; InputError listing the known drugs when it
/// is not in the bundle), or every drug with reportable evidence.
std::vector<std::uint32_t> select_drugs(const kbbundle::Bundle& b, const std::optional<std::string>& drug);

/// The variants with reportable evidence for `drugs`, ascending (gene-phenotype records
/// have none).
std::vector<std::uint32_t> variants_for(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& drugs);

/// Matches `in`'s calls against the evidence for `drugs`.
Report interpret(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& drugs, Input in);

/// SHA-256 of `bytes` as lower-case hex (the contract's bundle "sha256": of the file).
std::string sha256_hex(std::string_view bytes);

/// "xxh3:0123456789abcdef": the bundle's content checksum from its header.
std::string checksum_text(const kbbundle::Bundle& b);

}  // namespace kb::interp
