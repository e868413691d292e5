#pragma once
/// \file
/// kbbundle: zero-copy reader of kbcheck bundles (.kbb). Depends only on the C++20
/// standard library. See docs/reader-library.md.
///
///     auto r = kbbundle::Bundle::open("anastrozole.kbb");
///     if (!r) { std::cerr << r.error() << '\n'; return 1; }
///     const kbbundle::Bundle& b = r.value();
///     for (std::uint32_t e : b.evidence_for_variant("rs4646"))
///       std::cout << b.str(b.evidence()[e].id) << '\n';
///
/// Every offset, length, string id, list slice, record index and CSR row of the file is
/// validated by open(), so the accessors below never read outside the mapping.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "kbbundle/format.h"

namespace kbbundle {

/// The version of this library and the bundle format major it reads.
inline constexpr int kVersionMajor = 1;
inline constexpr int kVersionMinor = 2;

struct OpenOptions {
  /// Hash the file (XXH3-64) and compare with the header: the file checksum (whole file)
  /// for format 1.1 and later, the content checksum for 1.0.
  bool verify_checksum = true;
  /// Behave as a reader of this format minor: sections added after it are unknown, so a
  /// bundle needing them is refused as that reader would refuse it (compatibility tests
  /// and consumers that must not accept newer content). Clamped to format::kMinor.
  std::uint16_t reader_minor = format::kMinor;
};

/// What an evidence record is about (record format 1.1 adds the gene phenotype).
enum class SubjectKind { kAlleles, kGenotypes, kGenePhenotype };

/// The gene_phenotype subject of an evidence record.
struct GenePhenotype {
  std::string_view gene;
  std::uint32_t gene_index;  ///< format::kNoIndex when the gene is not in the bundle
  std::string_view value;    ///< e.g. "poor metabolizer"
};

/// One context qualifier (effect modifier), e.g. {"menopausal-status", "postmenopausal"}.
using Qualifier = std::pair<std::string_view, std::string_view>;

class Bundle;

/// A value or an error message (a tiny std::expected).
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  static Result failure(std::string message) { return Result(std::move(message), 0); }
  explicit operator bool() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const std::string& error() const { return std::get<1>(v_); }

 private:
  Result(std::string message, int) : v_(std::in_place_index<1>, std::move(message)) {}
  std::variant<T, std::string> v_;
};

/// One row of the CSR adjacency: indexes into another record array.
using Indexes = std::span<const std::uint32_t>;

/// Record kinds, for generic access.
enum class Kind { kGene, kVariant, kAllele, kDrug, kPhenotype, kEvidence };

/// An opened bundle. Move-only; the mapping is released when it dies.
class Bundle {
 public:
  /// Maps and validates `path`. Never throws for a bad file: returns the reason.
  static Result<Bundle> open(const std::string& path, OpenOptions options = {});
  /// Validates a bundle held in memory (the bytes are copied and owned).
  static Result<Bundle> from_bytes(std::string bytes, OpenOptions options = {});

  Bundle(Bundle&&) noexcept;
  Bundle& operator=(Bundle&&) noexcept;
  Bundle(const Bundle&) = delete;
  Bundle& operator=(const Bundle&) = delete;
  ~Bundle();

  // Header.
  const format::FileHeader& header() const { return *header_; }
  std::span<const format::SectionEntry> sections() const { return sections_; }
  std::string_view kb_id() const { return str(header_->kb_id); }
  std::string_view kb_version() const { return str(header_->kb_version); }
  std::string_view kb_name() const { return str(header_->kb_name); }
  std::string_view kb_license() const { return str(header_->kb_license); }
  std::optional<std::int64_t> build_time() const;
  /// The whole file.
  std::string_view bytes() const { return {data_, size_}; }

  // Raw access (zero copy).
  std::string_view str(std::uint32_t id) const;
  const char* c_str(std::uint32_t id) const;  ///< NUL-terminated
  Indexes list(format::ListRef ref) const { return lists_.subspan(ref.first, ref.count); }
  std::span<const format::GeneRec> genes() const { return genes_; }
  std::span<const format::VariantRec> variants() const { return variants_; }
  std::span<const format::AlleleRec> alleles() const { return alleles_; }
  std::span<const format::DrugRec> drugs() const { return drugs_; }
  std::span<const format::PhenotypeRec> phenotypes() const { return phenotypes_; }
  std::span<const format::EvidenceRec> evidence() const { return evidence_; }
  std::size_t count(Kind k) const;
  std::size_t string_count() const { return header_->string_count; }
  /// The alleles of variant `v`, in written order (the first is the reference).
  std::span<const format::AlleleRec> alleles_of(std::uint32_t v) const;

  // Record format 1.1 content (bundle format 1.2); 1.0 answers for older bundles.
  /// Allele system of variant `v` (kLocus when the bundle does not say).
  format::AlleleSystem variant_system(std::uint32_t v) const;
  /// The gene of variant `v`; nullopt for a variant without a gene.
  std::optional<std::string_view> variant_gene(std::uint32_t v) const;
  SubjectKind subject_kind(std::uint32_t e) const;
  /// The gene phenotype of evidence `e`, when that is its subject.
  std::optional<GenePhenotype> gene_phenotype(std::uint32_t e) const;
  /// The context qualifiers of evidence `e`, sorted by key.
  std::vector<Qualifier> qualifiers(std::uint32_t e) const;
  /// True when drug `d` is a group (a drug class with `members`).
  bool is_group(std::uint32_t d) const;
  /// The member drugs of group `d` (indexes; members not in the bundle are left out).
  Indexes members_of_drug(std::uint32_t d) const { return row(drug_members_, d); }
  /// The member ids of group `d` as written.
  Indexes member_ids(std::uint32_t d) const;
  /// The groups drug `d` is a member of: their evidence applies to `d` as class evidence.
  Indexes groups_of_drug(std::uint32_t d) const { return row(drug_groups_, d); }

  // Lookup by id (binary search over the sorted record arrays).
  std::optional<std::uint32_t> find(Kind k, std::string_view id) const;
  std::optional<std::uint32_t> variant_by_rsid(std::string_view rsid) const;
  /// A variant by id, or else by rsID.
  std::optional<std::uint32_t> find_variant(std::string_view id_or_rsid) const;

  // Graph adjacency (CSR rows; indexes are ascending).
  Indexes variants_of_gene(std::uint32_t g) const { return row(gene_variants_, g); }
  Indexes evidence_of_variant(std::uint32_t v) const { return row(variant_evidence_, v); }
  Indexes evidence_of_gene(std::uint32_t g) const { return row(gene_evidence_, g); }
  Indexes evidence_of_drug(std::uint32_t d) const { return row(drug_evidence_, d); }
  Indexes evidence_of_phenotype(std::uint32_t p) const { return row(phenotype_evidence_, p); }
  Indexes parents_of_phenotype(std::uint32_t p) const { return row(phenotype_parents_, p); }

  // Lookup by id then adjacency; empty when the id is unknown.
  Indexes evidence_for_variant(std::string_view id_or_rsid) const;
  Indexes evidence_for_gene(std::string_view id) const;
  Indexes evidence_for_drug(std::string_view id) const;
  Indexes evidence_for_phenotype(std::string_view id) const;

  /// A CSR section: offsets[rows + 1] and targets.
  struct Csr {
    std::span<const std::uint32_t> offsets;
    std::span<const std::uint32_t> targets;
  };

 private:
  Bundle() = default;
  struct Mapping;
  static Result<Bundle> validate(Bundle b, OpenOptions options);
  static Indexes row(const Csr& c, std::uint32_t i);

  std::unique_ptr<Mapping> mapping_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  const format::FileHeader* header_ = nullptr;
  std::span<const format::SectionEntry> sections_;
  std::span<const std::uint64_t> string_offsets_;
  const char* string_data_ = nullptr;
  std::span<const std::uint32_t> lists_;
  std::span<const format::GeneRec> genes_;
  std::span<const format::VariantRec> variants_;
  std::span<const format::AlleleRec> alleles_;
  std::span<const format::DrugRec> drugs_;
  std::span<const format::PhenotypeRec> phenotypes_;
  std::span<const format::EvidenceRec> evidence_;
  std::span<const std::uint32_t> rsid_index_;
  Csr gene_variants_, variant_evidence_, gene_evidence_, drug_evidence_,
      phenotype_evidence_, phenotype_parents_;
  // Empty when the bundle does not have the (format 1.2) section.
  std::span<const format::VariantExtRec> variant_ext_;
  std::span<const format::EvidenceExtRec> evidence_ext_;
  std::span<const format::DrugExtRec> drug_ext_;
  Csr drug_members_, drug_groups_;

  friend class Validator;
};

/// XXH3-64 (seed 0) of `data`: the bundle content checksum (of bytes after the header).
std::uint64_t content_checksum(const void* data, std::size_t size);

/// The file checksum of a bundle of format 1.1 or later: XXH3-64 (seed 0) of all `size`
/// bytes at `data`, read with the file_checksum field (bytes 112..119) as zero. `size`
/// must be at least sizeof(format::FileHeader).
std::uint64_t file_checksum(const void* data, std::size_t size);

/// "increased", "decreased", "no-association", "associated"; "draft" ... "retracted".
std::string_view direction_name(std::uint8_t d);
std::string_view status_name(std::uint8_t s);
/// "locus", "star", "hla", "named".
std::string_view system_name(format::AlleleSystem s);
/// "alleles", "genotypes", "gene_phenotype".
std::string_view subject_kind_name(SubjectKind k);

}  // namespace kbbundle
