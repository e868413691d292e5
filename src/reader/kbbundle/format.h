#pragma once
/// \file
/// On-disk layout of a kbcheck bundle (.kbb), format 1.2. Shared by the writer
/// (src/bundle) and the reader (this library). Full description with examples:
/// docs/bundle-format.md. Everything is little-endian; every struct below is
/// fixed-width, 8-byte aligned in the file, and checked with static_assert.
///
/// File layout (byte offsets from the start of the file):
///
///   0    FileHeader (128 bytes, `header_size` says how many; a newer minor version may
///        grow it, readers skip what they do not know)
///   128  SectionEntry[section_count] (24 bytes each)
///   ...  section payloads, each starting at an 8-byte aligned offset, in any order
///
/// FileHeader:
///   0   char[8]  magic "KBBUNDLE"
///   8   u16      format major (1)    -- a reader refuses a newer major
///   10  u16      format minor (0..2) -- a newer minor only adds; readers accept it
///                (the writer stamps the oldest minor that describes the file: 1, or 2
///                when it holds a section of the record format 1.1 content below)
///   12  u32      header_size (>= 128)
///   16  u64      file_size (the whole file)
///   24  u64      checksum: XXH3-64 (seed 0) of bytes [header_size, file_size) (the
///                content checksum of 1.0, kept so that 1.0 readers still read 1.1)
///   32  u32      flags (bit 0: build_time is set)
///   36  u32      section_count
///   40  u64      section_table_offset (== header_size)
///   48  i64      build_time (SOURCE_DATE_EPOCH seconds, 0 when flag bit 0 is clear)
///   56  u32 x4   kb_id, kb_version, kb_name, kb_license (string ids)
///   72  u32      record_format (the manifest's `format`)
///   76  u32      string_count
///   80  u32 x6   gene, variant, allele, drug, phenotype, evidence counts
///   104 u32      list_count (u32 entries of the LISTS section)
///   108 u32      reserved, zero
///   112 u64      file_checksum (since 1.1): XXH3-64 (seed 0) of the whole file,
///                bytes [0, file_size), read with bytes 112..119 as zero; it covers the
///                header, the content checksum and every payload
///   120 u32 x2   reserved, zero
///
/// Checksum rule: a bundle of minor >= 1 must carry a matching file_checksum; a 1.0
/// bundle is checked by its content checksum only (its header field by field). Reserved
/// fields must be zero (up to the reader's minor): so changing the minor of a 1.1
/// bundle to 0 does not make it a valid 1.0 one, since 1.0 requires bytes 112..119 zero.
///
/// SectionEntry: u32 id, u32 flags (bit 0: required), u64 offset, u64 size.
/// A reader skips a section whose id it does not know unless its `required` bit is set,
/// in which case it refuses the file (the data cannot be read correctly without it).
///
/// Strings: string id i names bytes [offsets[i], offsets[i+1] - 1) of STRING_DATA; the
/// byte at offsets[i+1] - 1 is a NUL terminator (so C callers get `const char*`).
/// String 0 is the empty string and means "not given". Strings are deduplicated and
/// numbered in first-use order (records are visited sorted by id, so this is stable).
///
/// Lists: a ListRef {first, count} names LISTS[first .. first+count), u32 entries that
/// are string ids (aliases, xrefs, ancestry, genotypes, compared_to, is_a) or, for
/// gene roles and allele functions, (string, string) pairs (count is then even).
///
/// Records: arrays of GeneRec, VariantRec, AlleleRec, DrugRec, PhenotypeRec,
/// EvidenceRec, each sorted by id (bytewise), so lookup by id is a binary search.
/// A reference to another record holds its id (string) and its index (kNoIndex when
/// the target is not in the bundle).
///
/// Record format 1.1 content (since bundle format 1.2). Each of these sections is written
/// only when the KB uses what it carries, and always with the `required` bit: a reader
/// that does not know it would otherwise misread or silently miss claims (a gene-phenotype
/// record read as one without a subject, class evidence not reaching its members,
/// qualifiers that make two contexts disjoint), so it refuses the file instead. A KB
/// without such content bundles exactly as under 1.1 (minor 1, same bytes).
///   VARIANT_EXT   VariantExtRec[variant_count]: allele system (locus/star/hla/named);
///                 written when a variant is not `locus`, has no gene (VariantRec::gene 0)
///                 or has a short-tandem-repeat allele such as "(TA)7"
///   EVIDENCE_EXT  EvidenceExtRec[evidence_count]: the gene_phenotype subject and the
///                 context qualifiers; written when a record has either or uses
///                 `direction: associated` (code 3, valid only with this section)
///   DRUG_EXT      DrugExtRec[drug_count]: member ids of a drug group, as written
///   CSR_DRUG_MEMBERS, CSR_DRUG_GROUPS: resolved member indexes per group and group
///                 indexes per drug. The three drug sections are written together,
///                 when a drug has members.
///
/// Indexes: INDEX_RSID lists the indexes of variants with an rsID sorted by rsID.
/// CSR adjacency sections (u32 offsets[rows + 1], then u32 targets[offsets[rows]]):
/// gene -> variants, variant -> evidence, gene -> evidence, drug -> evidence,
/// phenotype -> evidence, phenotype -> is_a parents. Targets are sorted ascending.

#include <cstddef>
#include <cstdint>

namespace kbbundle::format {

static_assert(sizeof(double) == 8, "kbbundle needs IEEE-754 binary64 doubles");

inline constexpr char kMagic[8] = {'K', 'B', 'B', 'U', 'N', 'D', 'L', 'E'};
inline constexpr std::uint16_t kMajor = 1;
inline constexpr std::uint16_t kMinor = 2;
/// The first minor version whose header carries `file_checksum`.
inline constexpr std::uint16_t kMinorFileChecksum = 1;
/// The first minor version with the record format 1.1 sections (VARIANT_EXT ...).
inline constexpr std::uint16_t kMinorFormat11 = 2;
inline constexpr std::uint32_t kNoIndex = 0xFFFFFFFFu;
inline constexpr std::uint32_t kHeaderFlagBuildTime = 1u << 0;
inline constexpr std::uint32_t kSectionRequired = 1u << 0;
/// Hard limits that keep a hostile header from asking for absurd work.
inline constexpr std::uint32_t kMaxSections = 4096;

/// Section ids. Values are stable: new ones are added, none is ever reused.
enum class SectionId : std::uint32_t {
  kStringOffsets = 0x01,  ///< u64[string_count + 1]
  kStringData = 0x02,     ///< bytes
  kLists = 0x03,          ///< u32[list_count]
  kGenes = 0x10,
  kVariants = 0x11,
  kAlleles = 0x12,
  kDrugs = 0x13,
  kPhenotypes = 0x14,
  kEvidence = 0x15,
  kIndexRsid = 0x20,             ///< u32 variant indexes sorted by rsID
  kCsrGeneVariants = 0x30,       ///< rows: genes
  kCsrVariantEvidence = 0x31,    ///< rows: variants
  kCsrGeneEvidence = 0x32,       ///< rows: genes
  kCsrDrugEvidence = 0x33,       ///< rows: drugs
  kCsrPhenotypeEvidence = 0x34,  ///< rows: phenotypes
  kCsrPhenotypeParents = 0x35,   ///< rows: phenotypes
  // Since 1.2, required, present only when used (see the file comment).
  kVariantExt = 0x16,      ///< VariantExtRec[variant_count]
  kEvidenceExt = 0x17,     ///< EvidenceExtRec[evidence_count]
  kDrugExt = 0x18,         ///< DrugExtRec[drug_count]
  kCsrDrugMembers = 0x36,  ///< rows: drugs (groups); targets: member drugs
  kCsrDrugGroups = 0x37,   ///< rows: drugs; targets: the groups they are members of
};

struct FileHeader {
  char magic[8];
  std::uint16_t major;
  std::uint16_t minor;
  std::uint32_t header_size;
  std::uint64_t file_size;
  std::uint64_t checksum;
  std::uint32_t flags;
  std::uint32_t section_count;
  std::uint64_t section_table_offset;
  std::int64_t build_time;
  std::uint32_t kb_id;
  std::uint32_t kb_version;
  std::uint32_t kb_name;
  std::uint32_t kb_license;
  std::uint32_t record_format;
  std::uint32_t string_count;
  std::uint32_t gene_count;
  std::uint32_t variant_count;
  std::uint32_t allele_count;
  std::uint32_t drug_count;
  std::uint32_t phenotype_count;
  std::uint32_t evidence_count;
  std::uint32_t list_count;
  std::uint32_t reserved0;      ///< zero
  std::uint64_t file_checksum;  ///< since 1.1; zero (reserved) in 1.0
  std::uint32_t reserved1[2];   ///< zero
};
static_assert(sizeof(FileHeader) == 128);
static_assert(offsetof(FileHeader, checksum) == 24);
static_assert(offsetof(FileHeader, kb_id) == 56);
static_assert(offsetof(FileHeader, gene_count) == 80);
static_assert(offsetof(FileHeader, list_count) == 104);
static_assert(offsetof(FileHeader, reserved0) == 108);
static_assert(offsetof(FileHeader, file_checksum) == 112);
static_assert(offsetof(FileHeader, reserved1) == 120);

struct SectionEntry {
  std::uint32_t id;
  std::uint32_t flags;
  std::uint64_t offset;
  std::uint64_t size;
};
static_assert(sizeof(SectionEntry) == 24);

/// A slice of the LISTS section.
struct ListRef {
  std::uint32_t first;
  std::uint32_t count;
};
static_assert(sizeof(ListRef) == 8);

struct GeneRec {
  std::uint32_t id;
  std::uint32_t hgnc;
  std::uint32_t name;
  std::uint32_t chromosome;
  ListRef roles;  ///< (drug id, role) pairs
  std::uint32_t variant_count;  ///< informational; the CSR is authoritative
  std::uint32_t reserved;
};
static_assert(sizeof(GeneRec) == 32);

inline constexpr std::uint32_t kVariantHasLocation = 1u << 0;

struct VariantRec {
  std::uint32_t id;
  std::uint32_t gene;        ///< gene id string
  std::uint32_t gene_index;  ///< kNoIndex if the gene is not in the bundle
  std::uint32_t rsid;
  std::uint32_t allele_first;  ///< slice of the ALLELES array, in written order
  std::uint32_t allele_count;
  ListRef aliases;
  ListRef functions;  ///< (allele, effect) pairs
  std::uint32_t location_assembly;
  std::uint32_t location_chrom;
  std::int64_t location_pos;
  std::uint32_t flags;
  std::uint32_t reserved;
};
static_assert(sizeof(VariantRec) == 64);
static_assert(offsetof(VariantRec, location_pos) == 48);

struct AlleleRec {
  std::uint32_t variant;  ///< index of the variant
  std::uint32_t name;     ///< string id ("A", "*2", "-")
  std::uint32_t effect;   ///< function effect string id, 0 when not given
  std::uint32_t ordinal;  ///< position in the variant's list; 0 is the reference allele
};
static_assert(sizeof(AlleleRec) == 16);

struct DrugRec {
  std::uint32_t id;
  std::uint32_t name;
  std::uint32_t drug_class;
  std::uint32_t reserved;
  ListRef xrefs;
};
static_assert(sizeof(DrugRec) == 24);

struct PhenotypeRec {
  std::uint32_t id;
  std::uint32_t label;
  std::uint32_t category;
  std::uint32_t reserved;
  ListRef is_a;  ///< parent ids as written (the CSR holds the resolved indexes)
  ListRef xrefs;
};
static_assert(sizeof(PhenotypeRec) == 32);

/// Status and direction codes (the order of the record format's vocabularies).
enum class Status : std::uint8_t { kDraft, kSubmitted, kAccepted, kRejected, kRetracted };
/// kAssociated (since 1.2) only appears in a bundle with the EVIDENCE_EXT section.
enum class Direction : std::uint8_t { kIncreased, kDecreased, kNoAssociation, kAssociated };
inline constexpr std::uint8_t kStatusCount = 5;
inline constexpr std::uint8_t kDirectionCount = 4;

/// EvidenceRec::flags bits: which optional values are present.
enum EvidenceFlag : std::uint32_t {
  kEvHasAllele = 1u << 0,
  kEvComparedToIsList = 1u << 1,
  kEvHasStudySize = 1u << 2,
  kEvHasStatistic = 1u << 3,
  kEvHasStatValue = 1u << 4,
  kEvHasStatCi = 1u << 5,
  kEvHasStatP = 1u << 6,
  kEvHasPmid = 1u << 7,
  kEvHasYear = 1u << 8,
  kEvHasDoi = 1u << 9,
  kEvHasTitle = 1u << 10,
  kEvHasJournal = 1u << 11,
};

struct EvidenceRec {
  // 8-byte values first.
  std::int64_t study_size;
  double stat_value;
  double stat_ci_low;
  double stat_ci_high;
  double stat_p;
  std::int64_t pmid;
  std::int64_t year;  // 56
  std::uint32_t id;
  std::uint32_t flags;
  std::uint8_t status;     ///< Status
  std::uint8_t direction;  ///< Direction
  std::uint16_t reserved0;
  std::uint32_t variant;  ///< variant id string
  std::uint32_t variant_index;
  std::uint32_t drug;
  std::uint32_t drug_index;
  std::uint32_t phenotype;
  std::uint32_t phenotype_index;
  std::uint32_t allele;  ///< valid when kEvHasAllele
  ListRef genotypes;
  ListRef compared_to;  ///< one allele (count 1) or genotypes (kEvComparedToIsList)
  std::uint32_t category;
  std::uint32_t level;
  std::uint32_t ctx_population;
  std::uint32_t ctx_sex;
  std::uint32_t ctx_condition;
  ListRef ctx_ancestry;
  std::uint32_t study_design;
  std::uint32_t stat_measure;
  std::uint32_t doi;
  std::uint32_t title;
  std::uint32_t journal;
  std::uint32_t summary;
  std::uint32_t curator;
  std::uint32_t created;
  std::uint32_t note;
};
static_assert(offsetof(EvidenceRec, id) == 56);
static_assert(sizeof(EvidenceRec) == 176);

/// A variant's allele system (record format 1.1; the order of its vocabulary).
enum class AlleleSystem : std::uint8_t { kLocus, kStar, kHla, kNamed };
inline constexpr std::uint8_t kSystemCount = 4;

/// VARIANT_EXT entry, parallel to VARIANTS.
struct VariantExtRec {
  std::uint8_t system;  ///< AlleleSystem
  std::uint8_t reserved0[3];
  std::uint32_t reserved1;
};
static_assert(sizeof(VariantExtRec) == 8);

/// EvidenceExtRec::flags bits.
enum EvidenceExtFlag : std::uint32_t {
  kEvExtGenePhenotype = 1u << 0,  ///< the subject is gp_gene/gp_value, not a variant
};

/// EVIDENCE_EXT entry, parallel to EVIDENCE.
struct EvidenceExtRec {
  std::uint32_t flags;
  std::uint32_t gp_gene;        ///< gene id string (kEvExtGenePhenotype)
  std::uint32_t gp_gene_index;  ///< kNoIndex if the gene is not in the bundle
  std::uint32_t gp_value;       ///< e.g. "poor metabolizer"
  ListRef qualifiers;           ///< (key, value) pairs, sorted by key
};
static_assert(sizeof(EvidenceExtRec) == 24);

/// DRUG_EXT entry, parallel to DRUGS.
struct DrugExtRec {
  ListRef members;  ///< member drug ids as written (the CSR holds the resolved indexes)
};
static_assert(sizeof(DrugExtRec) == 8);

}  // namespace kbbundle::format
