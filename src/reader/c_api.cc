// The C API: thin wrappers over kbbundle::Bundle. No exception crosses the boundary.
#include "kbbundle/kbbundle.h"

#include <new>
#include <optional>
#include <string>

#include "kbbundle/bundle.h"

struct kbb_bundle {
  std::optional<kbbundle::Bundle> bundle;
  std::string error;
};

using kbbundle::Bundle;
using kbbundle::Indexes;
using kbbundle::Kind;

namespace {
const Bundle* ok(const kbb_bundle* b) { return b && b->bundle ? &*b->bundle : nullptr; }

int adjacency(const kbb_bundle* h, uint32_t i, std::size_t rows, Indexes (Bundle::*fn)(uint32_t) const,
              const uint32_t** items, size_t* count) {
  const Bundle* b = ok(h);
  if (!b || i >= rows) return 0;
  Indexes r = (b->*fn)(i);
  if (items) *items = r.data();
  if (count) *count = r.size();
  return 1;
}
}  // namespace

extern "C" {

kbb_bundle* kbb_open(const char* path, unsigned flags) {
  auto* h = new (std::nothrow) kbb_bundle;
  if (!h) return nullptr;
  try {
    if (!path) {
      h->error = "kbb_open: path is NULL";
      return h;
    }
    auto r = Bundle::open(path, {.verify_checksum = (flags & KBB_VERIFY_CHECKSUM) != 0});
    if (r) h->bundle.emplace(std::move(r.value()));
    else h->error = r.error();
  } catch (const std::exception& e) {
    h->error = e.what();
  }
  return h;
}

void kbb_close(kbb_bundle* b) { delete b; }

const char* kbb_error(const kbb_bundle* b) {
  if (!b) return "kbb_open failed: out of memory";
  return b->bundle ? nullptr : b->error.c_str();
}

const char* kbb_kb_id(const kbb_bundle* h) {
  const Bundle* b = ok(h);
  return b ? b->c_str(b->header().kb_id) : "";
}
const char* kbb_kb_version(const kbb_bundle* h) {
  const Bundle* b = ok(h);
  return b ? b->c_str(b->header().kb_version) : "";
}
const char* kbb_kb_name(const kbb_bundle* h) {
  const Bundle* b = ok(h);
  return b ? b->c_str(b->header().kb_name) : "";
}

void kbb_format_version(const kbb_bundle* h, uint16_t* major, uint16_t* minor) {
  const Bundle* b = ok(h);
  if (major) *major = b ? b->header().major : 0;
  if (minor) *minor = b ? b->header().minor : 0;
}

size_t kbb_count(const kbb_bundle* h, kbb_kind kind) {
  const Bundle* b = ok(h);
  if (!b || kind < KBB_GENE || kind > KBB_EVIDENCE) return 0;
  return b->count(static_cast<Kind>(kind));
}

int kbb_find(const kbb_bundle* h, kbb_kind kind, const char* id, uint32_t* index) {
  const Bundle* b = ok(h);
  if (!b || !id || kind < KBB_GENE || kind > KBB_EVIDENCE) return 0;
  auto r = b->find(static_cast<Kind>(kind), id);
  if (!r) return 0;
  if (index) *index = *r;
  return 1;
}

int kbb_variant_by_rsid(const kbb_bundle* h, const char* rsid, uint32_t* index) {
  const Bundle* b = ok(h);
  if (!b || !rsid) return 0;
  auto r = b->variant_by_rsid(rsid);
  if (!r) return 0;
  if (index) *index = *r;
  return 1;
}

int kbb_gene(const kbb_bundle* h, uint32_t i, kbb_gene_info* out) {
  const Bundle* b = ok(h);
  if (!b || !out || i >= b->genes().size()) return 0;
  const auto& g = b->genes()[i];
  *out = {b->c_str(g.id), b->c_str(g.hgnc), b->c_str(g.name), b->c_str(g.chromosome)};
  return 1;
}

int kbb_variant(const kbb_bundle* h, uint32_t i, kbb_variant_info* out) {
  const Bundle* b = ok(h);
  if (!b || !out || i >= b->variants().size()) return 0;
  const auto& v = b->variants()[i];
  *out = {b->c_str(v.id), b->c_str(v.gene), v.gene_index, b->c_str(v.rsid), v.allele_count,
          (v.flags & kbbundle::format::kVariantHasLocation) ? 1 : 0,
          b->c_str(v.location_assembly), b->c_str(v.location_chrom), v.location_pos};
  return 1;
}

int kbb_drug(const kbb_bundle* h, uint32_t i, kbb_drug_info* out) {
  const Bundle* b = ok(h);
  if (!b || !out || i >= b->drugs().size()) return 0;
  const auto& d = b->drugs()[i];
  *out = {b->c_str(d.id), b->c_str(d.name), b->c_str(d.drug_class)};
  return 1;
}

int kbb_phenotype(const kbb_bundle* h, uint32_t i, kbb_phenotype_info* out) {
  const Bundle* b = ok(h);
  if (!b || !out || i >= b->phenotypes().size()) return 0;
  const auto& p = b->phenotypes()[i];
  *out = {b->c_str(p.id), b->c_str(p.label), b->c_str(p.category)};
  return 1;
}

int kbb_evidence(const kbb_bundle* h, uint32_t i, kbb_evidence_info* out) {
  namespace f = kbbundle::format;
  const Bundle* b = ok(h);
  if (!b || !out || i >= b->evidence().size()) return 0;
  const auto& e = b->evidence()[i];
  kbb_evidence_info r{};
  r.id = b->c_str(e.id);
  r.status = kbbundle::status_name(e.status).data();
  r.variant = b->c_str(e.variant);
  r.variant_index = e.variant_index;
  r.allele = (e.flags & f::kEvHasAllele) ? b->c_str(e.allele) : "";
  r.genotype_count = e.genotypes.count;
  r.drug = b->c_str(e.drug);
  r.drug_index = e.drug_index;
  r.phenotype = b->c_str(e.phenotype);
  r.phenotype_index = e.phenotype_index;
  r.category = b->c_str(e.category);
  r.direction = kbbundle::direction_name(e.direction).data();
  r.level = b->c_str(e.level);
  r.population = b->c_str(e.ctx_population);
  r.sex = b->c_str(e.ctx_sex);
  r.condition = b->c_str(e.ctx_condition);
  r.design = b->c_str(e.study_design);
  r.has_size = (e.flags & f::kEvHasStudySize) ? 1 : 0;
  r.size = e.study_size;
  r.pmid = (e.flags & f::kEvHasPmid) ? e.pmid : 0;
  r.doi = b->c_str(e.doi);
  r.title = b->c_str(e.title);
  r.journal = b->c_str(e.journal);
  r.year = (e.flags & f::kEvHasYear) ? e.year : 0;
  r.summary = b->c_str(e.summary);
  *out = r;
  return 1;
}

const char* kbb_variant_allele(const kbb_bundle* h, uint32_t v, size_t i) {
  const Bundle* b = ok(h);
  if (!b || v >= b->variants().size()) return nullptr;
  auto al = b->alleles_of(v);
  return i < al.size() ? b->c_str(al[i].name) : nullptr;
}

const char* kbb_evidence_genotype(const kbb_bundle* h, uint32_t e, size_t i) {
  const Bundle* b = ok(h);
  if (!b || e >= b->evidence().size()) return nullptr;
  auto gt = b->list(b->evidence()[e].genotypes);
  return i < gt.size() ? b->c_str(gt[i]) : nullptr;
}

const char* kbb_variant_system(const kbb_bundle* h, uint32_t v) {
  const Bundle* b = ok(h);
  if (!b || v >= b->variants().size()) return nullptr;
  return kbbundle::system_name(b->variant_system(v)).data();
}

int kbb_variant_has_gene(const kbb_bundle* h, uint32_t v) {
  const Bundle* b = ok(h);
  return b && b->variant_gene(v) ? 1 : 0;
}

const char* kbb_evidence_subject(const kbb_bundle* h, uint32_t e) {
  const Bundle* b = ok(h);
  if (!b || e >= b->evidence().size()) return nullptr;
  return kbbundle::subject_kind_name(b->subject_kind(e)).data();
}

int kbb_evidence_gene_phenotype(const kbb_bundle* h, uint32_t e, const char** gene,
                                uint32_t* gene_index, const char** value) {
  const Bundle* b = ok(h);
  auto gp = b ? b->gene_phenotype(e) : std::nullopt;
  if (!gp) return 0;
  // Why data(): every bundle string is NUL-terminated in the mapping.
  if (gene) *gene = gp->gene.data();
  if (gene_index) *gene_index = gp->gene_index;
  if (value) *value = gp->value.data();
  return 1;
}

size_t kbb_evidence_qualifier_count(const kbb_bundle* h, uint32_t e) {
  const Bundle* b = ok(h);
  return b ? b->qualifiers(e).size() : 0;
}

int kbb_evidence_qualifier(const kbb_bundle* h, uint32_t e, size_t i, const char** key,
                           const char** value) {
  const Bundle* b = ok(h);
  if (!b) return 0;
  auto q = b->qualifiers(e);
  if (i >= q.size()) return 0;
  if (key) *key = q[i].first.data();
  if (value) *value = q[i].second.data();
  return 1;
}

int kbb_drug_is_group(const kbb_bundle* h, uint32_t d) {
  const Bundle* b = ok(h);
  return b && b->is_group(d) ? 1 : 0;
}

int kbb_members_of_drug(const kbb_bundle* h, uint32_t d, const uint32_t** items, size_t* n) {
  return adjacency(h, d, ok(h) ? ok(h)->drugs().size() : 0, &Bundle::members_of_drug, items, n);
}

int kbb_groups_of_drug(const kbb_bundle* h, uint32_t d, const uint32_t** items, size_t* n) {
  return adjacency(h, d, ok(h) ? ok(h)->drugs().size() : 0, &Bundle::groups_of_drug, items, n);
}

int kbb_variants_of_gene(const kbb_bundle* h, uint32_t g, const uint32_t** items, size_t* n) {
  return adjacency(h, g, ok(h) ? ok(h)->genes().size() : 0, &Bundle::variants_of_gene, items, n);
}
int kbb_evidence_of_variant(const kbb_bundle* h, uint32_t v, const uint32_t** items, size_t* n) {
  return adjacency(h, v, ok(h) ? ok(h)->variants().size() : 0, &Bundle::evidence_of_variant,
                   items, n);
}
int kbb_evidence_of_gene(const kbb_bundle* h, uint32_t g, const uint32_t** items, size_t* n) {
  return adjacency(h, g, ok(h) ? ok(h)->genes().size() : 0, &Bundle::evidence_of_gene, items, n);
}
int kbb_evidence_of_drug(const kbb_bundle* h, uint32_t d, const uint32_t** items, size_t* n) {
  return adjacency(h, d, ok(h) ? ok(h)->drugs().size() : 0, &Bundle::evidence_of_drug, items, n);
}
int kbb_evidence_of_phenotype(const kbb_bundle* h, uint32_t p, const uint32_t** items,
                              size_t* n) {
  return adjacency(h, p, ok(h) ? ok(h)->phenotypes().size() : 0, &Bundle::evidence_of_phenotype,
                   items, n);
}
int kbb_parents_of_phenotype(const kbb_bundle* h, uint32_t p, const uint32_t** items,
                             size_t* n) {
  return adjacency(h, p, ok(h) ? ok(h)->phenotypes().size() : 0, &Bundle::parents_of_phenotype,
                   items, n);
}

}  // extern "C"
