#pragma once
/// \file
/// Conversion of PharmGKB variant annotations (var_drug_ann.tsv) into v1 records.
/// See docs/import-pharmgkb.md for the mapping and its rules.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/dbsnp_match.h"
#include "import/pharmgkb_sentence.h"

namespace kb::import {

/// dbSNP's sites of the rsIDs asked for (rsID -> sites); see dbsnp.h. Throws what the
/// reader throws (DbsnpError, Interrupted).
using DbsnpLookup = std::function<std::map<std::string, std::vector<DbsnpSite>>(const std::vector<std::string>& rsids)>;

/// Settings of one import.
struct ImportOptions {
  std::string kb_id = "pharmgkb-var-drug-ann";
  std::string kb_name = "PharmGKB variant annotations (drug)";
  std::string version = "0.1.0";
  std::size_t records_per_file = 200;  ///< evidence/variant documents per YAML file
  /// `--dbsnp`: called once, after the rows, with every rsID the import met; unset: no
  /// locations, and single-allele rsIDs stay skipped.
  DbsnpLookup dbsnp;
};

/// What happened to one data row (row numbers are 1-based, the header is row 1).
struct RowReport {
  std::size_t row = 0;
  std::string annotation;
  std::string outcome;  ///< converted | split | skipped
  std::size_t records = 0;
  std::string code;     ///< short reason code (skipped rows, splits, notes)
  std::string detail;   ///< human-readable explanation
};

struct GeneOut {
  std::string id;
};

struct DrugOut {
  std::string id, name, pharmgkb;  ///< pharmgkb: "PA451906" or empty
  std::vector<std::string> members;  ///< format 1.1: a group's drug ids (pooled drugs)
};

struct PhenotypeOut {
  std::string id, label, category;
};

struct VariantOut {
  std::string id, gene, rsid;  ///< gene empty: a gene-less (intergenic) variant
  std::string system;          ///< star | hla | named; empty for locus
  std::vector<std::string> alleles;  ///< ordered: see order_alleles(); REF first when located
  std::optional<VariantLocation> location;  ///< from dbSNP (--dbsnp)
};

/// What --dbsnp did, in variants (rsIDs) unless said otherwise.
struct DbsnpCounts {
  bool used = false;
  std::size_t asked = 0;       ///< rsIDs looked up
  std::size_t found = 0;       ///< of them in the file (on a GRCh38 chromosome)
  std::size_t located = 0;     ///< variants written with a location (completed ones included)
  std::size_t completed = 0;   ///< single-allele variants completed from dbSNP
  std::size_t completed_rows = 0;  ///< rows that converted because of that
  std::size_t reordered = 0;   ///< variants whose alleles were put REF first
  std::size_t mismatched = 0;  ///< rows' alleles not dbSNP's: no location
  std::size_t several = 0;     ///< at several positions (or REFs): nothing taken
};

/// One evidence record to write.
struct EvidenceOut {
  std::string id, status, variant, allele;
  std::vector<std::string> genotypes;
  std::string gene_phenotype;  ///< format 1.1: a CPIC term of `gene` (variant empty)
  std::optional<Comparison> compared;
  std::string drug, phenotype, category, direction, level;
  SentenceContext context;
  std::int64_t pmid = 0;
  std::string summary, note;
  std::string gene;  ///< the variant's gene: the evidence/<GENE>/ directory (kNoGeneDir if none)
};

/// The evidence directory of records whose variant has no gene (not a gene symbol: lower case).
inline constexpr std::string_view kNoGeneDir = "no-gene";

/// An evidence record that is written: its id, its evidence/<GENE>/ directory, and the
/// handle under which an EvidenceStore keeps it.
struct EvidenceRef {
  std::string id, gene;
  std::size_t handle = 0;
};

/// Holds each converted evidence record from its row until the files are written (rows
/// convert before the variants are final, so a record may still be dropped). A streaming
/// import keeps them on disk (EvidenceSpool), not in memory.
class EvidenceStore {
 public:
  virtual ~EvidenceStore() = default;
  /// Keeps `e`; returns its handle.
  virtual std::size_t add(const EvidenceOut& e) = 0;
  /// The YAML document (render_evidence) of the record behind `handle`.
  virtual std::string document(std::size_t handle) = 0;
};

/// Everything an import produces.
struct ImportResult {
  std::map<std::string, GeneOut> genes;
  std::map<std::string, DrugOut> drugs;
  std::map<std::string, PhenotypeOut> phenotypes;
  std::map<std::string, VariantOut> variants;
  std::vector<EvidenceOut> evidence;  ///< the written records; filled by the in-memory API only
  std::vector<EvidenceRef> kept;      ///< the written records, in row order (both APIs)
  std::vector<RowReport> rows;  ///< one per data row, in file order
  std::size_t converted_rows = 0;
  DbsnpCounts dbsnp;
  std::string fatal;  ///< set when the file as a whole is unusable (bad header)
};

/// Converts the whole TSV text; the records are in `evidence` (and `kept`, handle = index).
ImportResult convert_pharmgkb(std::string_view tsv, const ImportOptions& options);

/// Converts a TSV read line by line from `in`, keeping nothing per row but its report and
/// what the cross-row merge needs; the records go to `store` and are listed in `kept`
/// (`evidence` stays empty). Throws what `store` throws and kb::import::Interrupted.
ImportResult convert_pharmgkb(std::istream& in, const ImportOptions& options, EvidenceStore& store);

/// A PharmGKB "Phenotype Category" value as a v1 category ("metabolism/PK" ->
/// "pharmacokinetics", "toxicity/ADR" -> "toxicity"); nothing when unknown.
std::optional<std::string> map_category(std::string_view pharmgkb_category);

/// The v1 category a phenotype phrase implies ("dose" -> dosage, "clearance" ->
/// pharmacokinetics, "response" -> efficacy); empty when none.
std::string category_of_phrase(std::string_view phrase);

/// Lower-case kebab-case id (^[a-z0-9][a-z0-9-]*$), at most `max_len` characters;
/// empty when `text` has no letters or digits.
std::string slugify(std::string_view text, std::size_t max_len = 60);

/// Splits a PharmGKB list cell: `"a (PA1)","b (PA2)"` or a single `a (PA1)`.
std::vector<std::string> split_pharmgkb_list(std::string_view cell);

/// Orders a variant's alleles: star alleles by number (so *1, the nomenclature's
/// reference, comes first); other alleles with the most-used comparison allele first. Any
/// allele that star_number() refuses (not "*N[A-Z]", or N beyond int) selects the latter.
std::vector<std::string> order_alleles(const std::vector<std::string>& first_seen,
                                       const std::map<std::string, int>& baseline_uses);

}  // namespace kb::import
