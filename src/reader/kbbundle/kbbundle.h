#ifndef KBBUNDLE_KBBUNDLE_H
#define KBBUNDLE_KBBUNDLE_H
/* kbbundle C API: read kbcheck bundles (.kbb) from any language with a C FFI.
 * See docs/reader-library.md.
 *
 *   kbb_bundle* b = kbb_open("kb.kbb", KBB_VERIFY_CHECKSUM);
 *   if (kbb_error(b)) { fprintf(stderr, "%s\n", kbb_error(b)); kbb_close(b); return 1; }
 *   uint32_t v;
 *   if (kbb_find(b, KBB_VARIANT, "rs4646", &v) || kbb_variant_by_rsid(b, "rs4646", &v)) {
 *     const uint32_t* ev; size_t n;
 *     kbb_evidence_of_variant(b, v, &ev, &n);
 *     for (size_t i = 0; i < n; ++i) { kbb_evidence_info e; kbb_evidence(b, ev[i], &e); ... }
 *   }
 *   kbb_close(b);
 *
 * All strings are NUL-terminated, owned by the bundle, valid until kbb_close; an absent
 * optional string is "". Functions taking an index return 0 (and leave outputs alone)
 * when the index is out of range, 1 on success. */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kbb_bundle kbb_bundle;

typedef enum kbb_kind {
  KBB_GENE = 0,
  KBB_VARIANT = 1,
  KBB_ALLELE = 2,
  KBB_DRUG = 3,
  KBB_PHENOTYPE = 4,
  KBB_EVIDENCE = 5
} kbb_kind;

/* Verify the checksums: the whole file (header included) for format 1.1, the content
   for 1.0. Reserved header bytes are checked either way. */
enum { KBB_VERIFY_CHECKSUM = 1 };

/* Opens and validates a bundle. Returns NULL only when out of memory; otherwise a
 * handle to pass to kbb_error (non-NULL message: the open failed) and kbb_close. */
kbb_bundle* kbb_open(const char* path, unsigned flags);
void kbb_close(kbb_bundle* b);
/* NULL when the bundle opened, else why it did not. */
const char* kbb_error(const kbb_bundle* b);

/* Header. */
const char* kbb_kb_id(const kbb_bundle* b);
const char* kbb_kb_version(const kbb_bundle* b);
const char* kbb_kb_name(const kbb_bundle* b);
void kbb_format_version(const kbb_bundle* b, uint16_t* major, uint16_t* minor);
size_t kbb_count(const kbb_bundle* b, kbb_kind kind);

/* Lookup by id (or rsID): 1 and *index set when found, else 0. */
int kbb_find(const kbb_bundle* b, kbb_kind kind, const char* id, uint32_t* index);
int kbb_variant_by_rsid(const kbb_bundle* b, const char* rsid, uint32_t* index);

typedef struct kbb_gene_info {
  const char* id;
  const char* hgnc;
  const char* name;
  const char* chromosome;
} kbb_gene_info;

typedef struct kbb_variant_info {
  const char* id;
  const char* gene;     /* "" for a variant without a gene (format 1.1) */
  uint32_t gene_index; /* UINT32_MAX when the gene is not in the bundle */
  const char* rsid;
  size_t allele_count;
  int has_location;
  const char* assembly;
  const char* chrom;
  int64_t pos;
} kbb_variant_info;

typedef struct kbb_drug_info {
  const char* id;
  const char* name;
  const char* drug_class;
} kbb_drug_info;

typedef struct kbb_phenotype_info {
  const char* id;
  const char* label;
  const char* category;
} kbb_phenotype_info;

typedef struct kbb_evidence_info {
  const char* id;
  const char* status;    /* "accepted", "submitted", ... */
  const char* variant;   /* "" for a gene_phenotype record */
  uint32_t variant_index;
  const char* allele;    /* "" when the record uses genotypes */
  size_t genotype_count; /* see kbb_evidence_genotype */
  const char* drug;
  uint32_t drug_index;
  const char* phenotype;
  uint32_t phenotype_index;
  const char* category;
  const char* direction; /* "increased", "decreased", "no-association", "associated" */
  const char* level;
  const char* population;
  const char* sex;
  const char* condition;
  const char* design;
  int has_size;
  int64_t size;
  int64_t pmid; /* 0 when absent */
  const char* doi;
  const char* title;
  const char* journal;
  int64_t year; /* 0 when absent */
  const char* summary;
} kbb_evidence_info;

int kbb_gene(const kbb_bundle* b, uint32_t index, kbb_gene_info* out);
int kbb_variant(const kbb_bundle* b, uint32_t index, kbb_variant_info* out);
int kbb_drug(const kbb_bundle* b, uint32_t index, kbb_drug_info* out);
int kbb_phenotype(const kbb_bundle* b, uint32_t index, kbb_phenotype_info* out);
int kbb_evidence(const kbb_bundle* b, uint32_t index, kbb_evidence_info* out);
/* The i-th allele of a variant (0 is the reference) and the i-th genotype of an
 * evidence record; NULL when out of range. */
const char* kbb_variant_allele(const kbb_bundle* b, uint32_t variant, size_t i);
const char* kbb_evidence_genotype(const kbb_bundle* b, uint32_t evidence, size_t i);

/* Record format 1.1 content (bundle format 1.2; 1.0 answers for older bundles).
 * The allele system of a variant: "locus", "star", "hla" or "named"; NULL when out of
 * range. kbb_variant_has_gene: 1 when the variant names a gene, 0 when it has none (or
 * the index is out of range). */
const char* kbb_variant_system(const kbb_bundle* b, uint32_t variant);
int kbb_variant_has_gene(const kbb_bundle* b, uint32_t variant);
/* What an evidence record is about: "alleles", "genotypes" or "gene_phenotype"; NULL
 * when out of range. kbb_evidence_gene_phenotype: 1 and the outputs set (any may be NULL)
 * when the subject is a gene phenotype, else 0. */
const char* kbb_evidence_subject(const kbb_bundle* b, uint32_t evidence);
int kbb_evidence_gene_phenotype(const kbb_bundle* b, uint32_t evidence, const char** gene,
                                uint32_t* gene_index, const char** value);
/* Context qualifiers (sorted by key): the count, and the i-th (1 on success). */
size_t kbb_evidence_qualifier_count(const kbb_bundle* b, uint32_t evidence);
int kbb_evidence_qualifier(const kbb_bundle* b, uint32_t evidence, size_t i, const char** key,
                           const char** value);
/* Drug groups: 1 when the drug is a group (has members); its member drugs; the groups a
 * drug is a member of (their evidence applies to it as class evidence). */
int kbb_drug_is_group(const kbb_bundle* b, uint32_t drug);
int kbb_members_of_drug(const kbb_bundle* b, uint32_t drug, const uint32_t** items,
                        size_t* count);
int kbb_groups_of_drug(const kbb_bundle* b, uint32_t drug, const uint32_t** items,
                       size_t* count);

/* Graph adjacency: *items points at *count ascending indexes (owned by the bundle). */
int kbb_variants_of_gene(const kbb_bundle* b, uint32_t gene, const uint32_t** items,
                         size_t* count);
int kbb_evidence_of_variant(const kbb_bundle* b, uint32_t variant, const uint32_t** items,
                            size_t* count);
int kbb_evidence_of_gene(const kbb_bundle* b, uint32_t gene, const uint32_t** items,
                         size_t* count);
int kbb_evidence_of_drug(const kbb_bundle* b, uint32_t drug, const uint32_t** items,
                         size_t* count);
int kbb_evidence_of_phenotype(const kbb_bundle* b, uint32_t phenotype, const uint32_t** items,
                              size_t* count);
int kbb_parents_of_phenotype(const kbb_bundle* b, uint32_t phenotype, const uint32_t** items,
                             size_t* count);

#ifdef __cplusplus
}
#endif

#endif /* KBBUNDLE_KBBUNDLE_H */
