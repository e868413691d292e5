#pragma once
/// \file
/// Typed records of the v1 record format (../docs/record-format.md). Plain data, no I/O.
/// Positions are kept only for what cross-record diagnostics point at; a `Pos` names a
/// file by index into `KnowledgeBase::files` so a million records stay compact.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/source_location.h"

namespace kb::model {

using FileId = std::uint32_t;

/// A position inside one of the KB's files.
struct Pos {
  FileId file = 0;
  Mark mark;
};

/// A reference to another record by id, with where it was written.
struct Ref {
  std::string id;
  Pos pos;
};

/// What every record has: its id and where the record (its `id` value) is.
struct RecordBase {
  std::string id;
  Pos pos;  ///< position of the id value (or of the document when id is missing)
};

struct Manifest : RecordBase {
  std::string name;
  std::string version;
  std::int64_t format = 0;  ///< major; 0: missing or not a number or "M.m" string
  std::string license;
  std::int64_t format_minor = 0;  ///< 1 for format "1.1"
  Pos format_pos;                 ///< the `format` value (or the document when missing)
};

struct GeneRole {
  Ref drug;
  std::string role;  ///< target | metabolism | transport | receptor | pathway
};

struct Gene : RecordBase {
  std::string hgnc;
  std::string name;
  std::string chromosome;
  std::vector<GeneRole> roles;
};

struct AlleleFunction {
  std::string allele;
  std::string effect;  ///< increased | decreased | none | unknown
  Pos pos;
};

struct GenomicLocation {
  std::string assembly;  ///< GRCh37 | GRCh38
  std::string chrom;
  std::int64_t pos = 0;  ///< 1-based
};

/// What a variant's alleles are (format 1.1; `locus` when not given).
enum class AlleleSystem : std::uint8_t { kLocus, kStar, kHla, kNamed };

struct Variant : RecordBase {
  Ref gene;  ///< empty id: no gene (format 1.1)
  AlleleSystem system = AlleleSystem::kLocus;
  std::string system_text;  ///< as written; empty when not given
  std::string rsid;
  std::vector<std::string> alleles;  ///< first is the reference allele
  std::vector<Pos> allele_pos;       ///< position of each entry of `alleles`
  std::vector<std::string> aliases;
  std::optional<GenomicLocation> location;
  std::vector<AlleleFunction> functions;
};

struct Drug : RecordBase {
  std::string name;
  std::string drug_class;
  std::vector<std::string> xrefs;
  std::vector<Ref> members;  ///< format 1.1: a drug with members is a group
  Pos members_pos;           ///< the `members` key
};

struct Phenotype : RecordBase {
  std::string label;
  std::string category;
  std::vector<Ref> is_a;
  std::vector<std::string> xrefs;
};

enum class Status : std::uint8_t { kDraft, kSubmitted, kAccepted, kRejected, kRetracted };
enum class Direction : std::uint8_t { kIncreased, kDecreased, kNoAssociation, kAssociated };

/// A value with the position it was written at.
template <class T>
struct Located {
  T value{};
  Pos pos;
};

struct Statistic {
  std::string measure;
  std::optional<double> value;
  std::optional<std::pair<double, double>> ci;
  std::optional<double> p;
};

struct Context {
  std::string population;
  std::vector<std::string> ancestry;  ///< empty: not given
  std::string sex;                    ///< empty: not given
  std::string condition;
  /// Format 1.1 effect modifiers, sorted by key; each with the position of its value.
  std::vector<std::pair<std::string, Located<std::string>>> qualifiers;
};

struct Study {
  std::string design;  ///< empty: not given
  std::optional<std::int64_t> size;
  std::optional<Statistic> statistic;
};

struct Citation {
  std::optional<Located<std::int64_t>> pmid;
  std::optional<Located<std::string>> doi;
  std::optional<Located<std::string>> title;
  std::optional<Located<std::string>> journal;
  std::optional<Located<std::int64_t>> year;
  Pos pos;  ///< the `citation` key
};

struct Curation {
  std::string curator;
  std::string created;
  std::string note;
};

struct Evidence : RecordBase {
  Status status = Status::kDraft;
  /// False when status or direction is missing or not in its vocabulary: the schema
  /// reports that, and claim-level rules (contradictions, levels) skip the record.
  bool claim_valid = true;
  Ref variant;
  std::optional<Located<std::string>> allele;
  /// Format 1.1: `gene_phenotype: {gene, value}`, the third subject form.
  struct GenePhenotype {
    Ref gene;
    Located<std::string> value;
    Pos pos;  ///< the `gene_phenotype` key
  };
  std::optional<GenePhenotype> gene_phenotype;
  std::vector<Located<std::string>> genotypes;  ///< as written, e.g. "A/C"
  Pos genotypes_pos;
  std::vector<Located<std::string>> compared_to;  ///< an allele, or genotypes
  bool compared_to_is_list = false;
  Ref drug;
  Ref phenotype;
  std::string category;
  Located<Direction> direction;
  /// The direction as written; differs from direction_name(direction.value) only when it
  /// is not in the vocabulary (`direction: up`), which `kbcheck diff` shows as written.
  std::string direction_text;
  Context context;
  Study study;
  Located<std::string> level;
  Citation citation;
  std::string summary;
  Curation curation;
};

/// The records of one file or of a whole KB, in file order.
struct RecordSet {
  std::vector<Manifest> manifests;
  std::vector<Gene> genes;
  std::vector<Variant> variants;
  std::vector<Drug> drugs;
  std::vector<Phenotype> phenotypes;
  std::vector<Evidence> evidence;

  std::size_t size() const {
    return manifests.size() + genes.size() + variants.size() + drugs.size() +
           phenotypes.size() + evidence.size();
  }
  /// Moves every record of `other` to the end of this set.
  void append(RecordSet&& other);
};

/// A loaded knowledge base: its files (display paths) and its records.
struct KnowledgeBase {
  std::string root;                ///< the KB directory as the user named it
  std::vector<std::string> files;  ///< display path per FileId
  RecordSet records;

  /// The full source location of `pos`.
  SourceLocation where(const Pos& pos) const {
    return {pos.file < files.size() ? files[pos.file] : std::string(), pos.mark.line,
            pos.mark.column};
  }
};

std::string_view status_name(Status s);
std::string_view system_name(AlleleSystem s);
std::optional<AlleleSystem> parse_system(std::string_view s);
std::string_view direction_name(Direction d);
std::optional<Status> parse_status(std::string_view s);
std::optional<Direction> parse_direction(std::string_view s);

/// True for statuses that take part in cross-record checks (accepted, submitted).
inline bool is_active(Status s) { return s == Status::kAccepted || s == Status::kSubmitted; }

}  // namespace kb::model
