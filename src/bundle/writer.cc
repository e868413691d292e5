// Bundle writer: records -> sorted fixed-width arrays, a string table, lists, indexes and
// CSR adjacency, laid out as docs/bundle-format.md describes.
#include "bundle/writer.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kbbundle/bundle.h"
#include "kbbundle/format.h"

namespace kb::bundle {

namespace f = kbbundle::format;

namespace {

std::uint32_t u32(std::size_t n) {
  if (n >= f::kNoIndex) throw std::length_error("bundle: more than 4 billion entries");
  return static_cast<std::uint32_t>(n);
}

/// Deduplicated strings, numbered in first-use order (deterministic because records are
/// visited sorted by id). Id 0 is the empty string.
class StringTable {
 public:
  StringTable() { add(""); }
  std::uint32_t add(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    auto id = u32(strings_.size());
    strings_.emplace_back(s);
    ids_.emplace(strings_.back(), id);  // views into the deque's stable elements
    return id;
  }
  const std::deque<std::string>& strings() const { return strings_; }

 private:
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

/// Records of one kind sorted by id, first of each id kept (duplicates are a check error).
template <class T>
std::vector<const T*> sorted_by_id(const std::vector<T>& recs) {
  std::vector<const T*> out;
  out.reserve(recs.size());
  for (const T& r : recs) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const T* a, const T* b) { return a->id < b->id; });
  out.erase(std::unique(out.begin(), out.end(), [](const T* a, const T* b) { return a->id == b->id; }),
            out.end());
  return out;
}

template <class T>
std::unordered_map<std::string_view, std::uint32_t> index_of(const std::vector<const T*>& recs) {
  std::unordered_map<std::string_view, std::uint32_t> m;
  for (std::size_t i = 0; i < recs.size(); ++i) m.emplace(recs[i]->id, u32(i));
  return m;
}

std::uint32_t lookup(const std::unordered_map<std::string_view, std::uint32_t>& m,
                     std::string_view id) {
  auto it = m.find(id);
  return it == m.end() ? f::kNoIndex : it->second;
}

/// CSR built from (row, target) pairs.
std::vector<std::uint32_t> make_csr(std::size_t rows,
                                    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges) {
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<std::uint32_t> out(rows + 1, 0);
  for (auto& [r, t] : edges) ++out[r + 1];
  for (std::size_t i = 0; i < rows; ++i) out[i + 1] += out[i];
  for (auto& e : edges) out.push_back(e.second);
  return out;
}

/// Everything the writer accumulates before layout.
struct Builder {
  StringTable strings;
  std::vector<std::uint32_t> lists;
  std::vector<f::GeneRec> genes;
  std::vector<f::VariantRec> variants;
  std::vector<f::AlleleRec> alleles;
  std::vector<f::DrugRec> drugs;
  std::vector<f::PhenotypeRec> phenotypes;
  std::vector<f::EvidenceRec> evidence;
  // Record format 1.1 content: always built (empty content adds no string), written only
  // when the flag says the KB uses it.
  std::vector<f::VariantExtRec> variant_ext;
  std::vector<f::EvidenceExtRec> evidence_ext;
  std::vector<f::DrugExtRec> drug_ext;
  bool uses_variant_ext = false, uses_evidence_ext = false, uses_groups = false;
  bool uses_format11() const { return uses_variant_ext || uses_evidence_ext || uses_groups; }

  std::uint32_t s(std::string_view v) { return strings.add(v); }
  f::ListRef list(const std::vector<std::string>& items) {
    f::ListRef r{u32(lists.size()), u32(items.size())};
    for (const auto& i : items) lists.push_back(s(i));
    return r;
  }
  f::ListRef pairs(const std::vector<std::pair<std::string, std::string>>& items) {
    f::ListRef r{u32(lists.size()), u32(items.size() * 2)};
    for (const auto& [a, b] : items) {
      lists.push_back(s(a));
      lists.push_back(s(b));
    }
    return r;
  }
};

template <class T>
std::vector<std::string> located_values(const std::vector<model::Located<T>>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.value);
  return out;
}

void add_genes(Builder& b, const std::vector<const model::Gene*>& genes) {
  for (const model::Gene* g : genes) {
    std::vector<std::pair<std::string, std::string>> roles;
    for (const auto& r : g->roles) roles.emplace_back(r.drug.id, r.role);
    f::GeneRec rec{};
    rec.id = b.s(g->id);
    rec.hgnc = b.s(g->hgnc);
    rec.name = b.s(g->name);
    rec.chromosome = b.s(g->chromosome);
    rec.roles = b.pairs(roles);
    b.genes.push_back(rec);
  }
}

void add_variants(Builder& b, const std::vector<const model::Variant*>& variants,
                  const std::unordered_map<std::string_view, std::uint32_t>& gene_ix) {
  for (const model::Variant* v : variants) {
    f::VariantRec rec{};
    rec.id = b.s(v->id);
    rec.gene = b.s(v->gene.id);
    rec.gene_index = lookup(gene_ix, v->gene.id);
    rec.rsid = b.s(v->rsid);
    rec.allele_first = u32(b.alleles.size());
    rec.allele_count = u32(v->alleles.size());
    for (std::size_t i = 0; i < v->alleles.size(); ++i) {
      std::string_view effect;
      for (const auto& fn : v->functions)
        if (fn.allele == v->alleles[i]) effect = fn.effect;
      b.alleles.push_back({u32(b.variants.size()), b.s(v->alleles[i]), b.s(effect), u32(i)});
    }
    rec.aliases = b.list(v->aliases);
    std::vector<std::pair<std::string, std::string>> fns;
    for (const auto& fn : v->functions) fns.emplace_back(fn.allele, fn.effect);
    rec.functions = b.pairs(fns);
    if (v->location) {
      rec.flags |= f::kVariantHasLocation;
      rec.location_assembly = b.s(v->location->assembly);
      rec.location_chrom = b.s(v->location->chrom);
      rec.location_pos = v->location->pos;
    }
    b.variants.push_back(rec);
    b.variant_ext.push_back({static_cast<std::uint8_t>(v->system), {}, 0});
    // Why STR alleles too: a 1.0 reader would take "(TA)7" for a sequence allele.
    bool str = std::any_of(v->alleles.begin(), v->alleles.end(),
                           [](const std::string& a) { return a.starts_with("("); });
    if (v->system != model::AlleleSystem::kLocus || v->gene.id.empty() || str)
      b.uses_variant_ext = true;
  }
}

void add_drugs_phenotypes(Builder& b, const std::vector<const model::Drug*>& drugs,
                          const std::vector<const model::Phenotype*>& phens) {
  for (const model::Drug* d : drugs) {
    f::DrugRec rec{};
    rec.id = b.s(d->id);
    rec.name = b.s(d->name);
    rec.drug_class = b.s(d->drug_class);
    rec.xrefs = b.list(d->xrefs);
    b.drugs.push_back(rec);
    std::vector<std::string> members;
    for (const auto& m : d->members) members.push_back(m.id);
    b.drug_ext.push_back({b.list(members)});
    if (!members.empty()) b.uses_groups = true;
  }
  for (const model::Phenotype* p : phens) {
    f::PhenotypeRec rec{};
    rec.id = b.s(p->id);
    rec.label = b.s(p->label);
    rec.category = b.s(p->category);
    std::vector<std::string> parents;
    for (const auto& r : p->is_a) parents.push_back(r.id);
    rec.is_a = b.list(parents);
    rec.xrefs = b.list(p->xrefs);
    b.phenotypes.push_back(rec);
  }
}

void add_study_and_citation(Builder& b, const model::Evidence& e, f::EvidenceRec& rec) {
  rec.study_design = b.s(e.study.design);
  if (e.study.size) {
    rec.flags |= f::kEvHasStudySize;
    rec.study_size = *e.study.size;
  }
  if (const auto& st = e.study.statistic) {
    rec.flags |= f::kEvHasStatistic;
    rec.stat_measure = b.s(st->measure);
    if (st->value) rec.flags |= f::kEvHasStatValue, rec.stat_value = *st->value;
    if (st->ci) rec.flags |= f::kEvHasStatCi, rec.stat_ci_low = st->ci->first,
                rec.stat_ci_high = st->ci->second;
    if (st->p) rec.flags |= f::kEvHasStatP, rec.stat_p = *st->p;
  }
  const auto& c = e.citation;
  if (c.pmid) rec.flags |= f::kEvHasPmid, rec.pmid = c.pmid->value;
  if (c.year) rec.flags |= f::kEvHasYear, rec.year = c.year->value;
  if (c.doi) rec.flags |= f::kEvHasDoi, rec.doi = b.s(c.doi->value);
  if (c.title) rec.flags |= f::kEvHasTitle, rec.title = b.s(c.title->value);
  if (c.journal) rec.flags |= f::kEvHasJournal, rec.journal = b.s(c.journal->value);
}

struct RecordIndexes {
  std::unordered_map<std::string_view, std::uint32_t> genes, variants, drugs, phenotypes;
};

/// The record format 1.1 part of an evidence record (EVIDENCE_EXT).
f::EvidenceExtRec evidence_ext(Builder& b, const model::Evidence& e, const RecordIndexes& ix) {
  f::EvidenceExtRec x{};
  x.gp_gene_index = f::kNoIndex;
  if (const auto& gp = e.gene_phenotype) {
    x.flags |= f::kEvExtGenePhenotype;
    x.gp_gene = b.s(gp->gene.id);
    x.gp_gene_index = lookup(ix.genes, gp->gene.id);
    x.gp_value = b.s(gp->value.value);
  }
  std::vector<std::pair<std::string, std::string>> q;
  for (const auto& [key, value] : e.context.qualifiers) q.emplace_back(key, value.value);
  x.qualifiers = b.pairs(q);
  if (e.gene_phenotype || !q.empty() || e.direction.value == model::Direction::kAssociated)
    b.uses_evidence_ext = true;
  return x;
}

void add_evidence(Builder& b, const std::vector<const model::Evidence*>& evidence,
                  const RecordIndexes& ix) {
  for (const model::Evidence* e : evidence) {
    f::EvidenceRec rec{};
    rec.id = b.s(e->id);
    rec.status = static_cast<std::uint8_t>(e->status);
    rec.direction = static_cast<std::uint8_t>(e->direction.value);
    rec.variant = b.s(e->variant.id);
    rec.variant_index = lookup(ix.variants, e->variant.id);
    rec.drug = b.s(e->drug.id);
    rec.drug_index = lookup(ix.drugs, e->drug.id);
    rec.phenotype = b.s(e->phenotype.id);
    rec.phenotype_index = lookup(ix.phenotypes, e->phenotype.id);
    if (e->allele) rec.flags |= f::kEvHasAllele, rec.allele = b.s(e->allele->value);
    rec.genotypes = b.list(located_values(e->genotypes));
    rec.compared_to = b.list(located_values(e->compared_to));
    if (e->compared_to_is_list) rec.flags |= f::kEvComparedToIsList;
    rec.category = b.s(e->category);
    rec.level = b.s(e->level.value);
    rec.ctx_population = b.s(e->context.population);
    rec.ctx_sex = b.s(e->context.sex);
    rec.ctx_condition = b.s(e->context.condition);
    rec.ctx_ancestry = b.list(e->context.ancestry);
    add_study_and_citation(b, *e, rec);
    rec.summary = b.s(e->summary);
    rec.curator = b.s(e->curation.curator);
    rec.created = b.s(e->curation.created);
    rec.note = b.s(e->curation.note);
    b.evidence.push_back(rec);
    b.evidence_ext.push_back(evidence_ext(b, *e, ix));
  }
}

/// Appends bytes at an 8-byte aligned offset; returns the section entry.
template <class T>
f::SectionEntry put(std::string& out, f::SectionId id, const T* data, std::size_t n) {
  out.resize((out.size() + 7) / 8 * 8, '\0');
  f::SectionEntry e{static_cast<std::uint32_t>(id), f::kSectionRequired, out.size(), n * sizeof(T)};
  if (n) out.append(reinterpret_cast<const char*>(data), n * sizeof(T));
  return e;
}

template <class T>
f::SectionEntry put(std::string& out, f::SectionId id, const std::vector<T>& v) {
  return put(out, id, v.data(), v.size());
}

struct Graph {
  std::vector<std::uint32_t> rsid_index, gene_variants, variant_evidence, gene_evidence,
      drug_evidence, phenotype_evidence, phenotype_parents, drug_members, drug_groups;
};

/// Group -> member and member -> group edges (unknown members are left out).
void drug_edges(const std::vector<const model::Drug*>& drugs,
                const std::unordered_map<std::string_view, std::uint32_t>& drug_ix, Graph& g) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> members, groups;
  for (std::uint32_t d = 0; d < drugs.size(); ++d)
    for (const auto& m : drugs[d]->members)
      if (auto mi = lookup(drug_ix, m.id); mi != f::kNoIndex) {
        members.emplace_back(d, mi);
        groups.emplace_back(mi, d);
      }
  g.drug_members = make_csr(drugs.size(), std::move(members));
  g.drug_groups = make_csr(drugs.size(), std::move(groups));
}

Graph build_graph(const Builder& b, const std::vector<const model::Variant*>& variants,
                  const std::unordered_map<std::string_view, std::uint32_t>& phen_ix,
                  const std::vector<const model::Phenotype*>& phens) {
  Graph g;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> gv, ve, ge, de, pe, pp;
  for (std::uint32_t v = 0; v < b.variants.size(); ++v) {
    if (b.variants[v].gene_index != f::kNoIndex) gv.emplace_back(b.variants[v].gene_index, v);
    if (!variants[v]->rsid.empty()) g.rsid_index.push_back(v);
  }
  std::stable_sort(g.rsid_index.begin(), g.rsid_index.end(), [&](std::uint32_t x, std::uint32_t y) {
    return variants[x]->rsid < variants[y]->rsid;
  });
  for (std::uint32_t e = 0; e < b.evidence.size(); ++e) {
    const auto& r = b.evidence[e];
    if (r.variant_index != f::kNoIndex) {
      ve.emplace_back(r.variant_index, e);
      auto gi = b.variants[r.variant_index].gene_index;
      if (gi != f::kNoIndex) ge.emplace_back(gi, e);
    }
    // A gene-phenotype record is evidence about its gene.
    if (auto gi = b.evidence_ext[e].gp_gene_index; gi != f::kNoIndex) ge.emplace_back(gi, e);
    if (r.drug_index != f::kNoIndex) de.emplace_back(r.drug_index, e);
    if (r.phenotype_index != f::kNoIndex) pe.emplace_back(r.phenotype_index, e);
  }
  for (std::uint32_t p = 0; p < phens.size(); ++p)
    for (const auto& parent : phens[p]->is_a)
      if (auto pi = lookup(phen_ix, parent.id); pi != f::kNoIndex) pp.emplace_back(p, pi);
  g.gene_variants = make_csr(b.genes.size(), std::move(gv));
  g.variant_evidence = make_csr(b.variants.size(), std::move(ve));
  g.gene_evidence = make_csr(b.genes.size(), std::move(ge));
  g.drug_evidence = make_csr(b.drugs.size(), std::move(de));
  g.phenotype_evidence = make_csr(b.phenotypes.size(), std::move(pe));
  g.phenotype_parents = make_csr(b.phenotypes.size(), std::move(pp));
  return g;
}

std::string layout(Builder& b, const Graph& g, f::FileHeader h) {
  std::vector<std::uint64_t> offsets{0};
  std::string data;
  for (const auto& s : b.strings.strings()) {
    data += s;
    data += '\0';
    offsets.push_back(data.size());
  }
  std::size_t count = 16 + (b.uses_variant_ext ? 1 : 0) + (b.uses_evidence_ext ? 1 : 0) +
                      (b.uses_groups ? 3 : 0);
  std::string out(sizeof(f::FileHeader) + count * sizeof(f::SectionEntry), '\0');
  using S = f::SectionId;
  std::vector<f::SectionEntry> secs{
      put(out, S::kStringOffsets, offsets), put(out, S::kStringData, data.data(), data.size()),
      put(out, S::kLists, b.lists), put(out, S::kGenes, b.genes),
      put(out, S::kVariants, b.variants), put(out, S::kAlleles, b.alleles),
      put(out, S::kDrugs, b.drugs), put(out, S::kPhenotypes, b.phenotypes),
      put(out, S::kEvidence, b.evidence), put(out, S::kIndexRsid, g.rsid_index),
      put(out, S::kCsrGeneVariants, g.gene_variants),
      put(out, S::kCsrVariantEvidence, g.variant_evidence),
      put(out, S::kCsrGeneEvidence, g.gene_evidence), put(out, S::kCsrDrugEvidence, g.drug_evidence),
      put(out, S::kCsrPhenotypeEvidence, g.phenotype_evidence),
      put(out, S::kCsrPhenotypeParents, g.phenotype_parents)};
  if (b.uses_variant_ext) secs.push_back(put(out, S::kVariantExt, b.variant_ext));
  if (b.uses_evidence_ext) secs.push_back(put(out, S::kEvidenceExt, b.evidence_ext));
  if (b.uses_groups) {
    secs.push_back(put(out, S::kDrugExt, b.drug_ext));
    secs.push_back(put(out, S::kCsrDrugMembers, g.drug_members));
    secs.push_back(put(out, S::kCsrDrugGroups, g.drug_groups));
  }
  // Why: a KB without record format 1.1 content stays a 1.1 bundle, byte for byte, and
  // readable by readers that predate 1.2.
  h.minor = b.uses_format11() ? f::kMinorFormat11 : f::kMinorFileChecksum;
  out.resize((out.size() + 7) / 8 * 8, '\0');
  std::memcpy(out.data() + sizeof(f::FileHeader), secs.data(), secs.size() * sizeof(f::SectionEntry));
  h.string_count = u32(b.strings.strings().size());
  h.list_count = u32(b.lists.size());
  h.section_count = u32(secs.size());
  h.file_size = out.size();
  h.checksum = kbbundle::content_checksum(out.data() + sizeof h, out.size() - sizeof h);
  h.file_checksum = 0;
  std::memcpy(out.data(), &h, sizeof h);
  // Last: the file checksum covers the header (content checksum included) and payloads.
  h.file_checksum = kbbundle::file_checksum(out.data(), out.size());
  std::memcpy(out.data() + offsetof(f::FileHeader, file_checksum), &h.file_checksum,
              sizeof h.file_checksum);
  return out;
}

}  // namespace

std::string build_bundle(const model::KnowledgeBase& kb, const BundleOptions& o) {
  const auto& rs = kb.records;
  auto genes = sorted_by_id(rs.genes);
  auto variants = sorted_by_id(rs.variants);
  auto drugs = sorted_by_id(rs.drugs);
  auto phens = sorted_by_id(rs.phenotypes);
  auto evidence = sorted_by_id(rs.evidence);
  std::erase_if(evidence, [&](const model::Evidence* e) { return !o.statuses.count(e->status); });

  Builder b;
  f::FileHeader h{};
  std::memcpy(h.magic, f::kMagic, sizeof h.magic);
  h.major = f::kMajor;
  h.header_size = sizeof h;
  h.section_table_offset = sizeof h;
  if (!rs.manifests.empty()) {
    const auto& m = *sorted_by_id(rs.manifests).front();
    h.kb_id = b.s(m.id), h.kb_version = b.s(m.version), h.kb_name = b.s(m.name);
    h.kb_license = b.s(m.license);
    h.record_format = static_cast<std::uint32_t>(m.format);
  }
  if (o.source_date_epoch) h.flags |= f::kHeaderFlagBuildTime, h.build_time = *o.source_date_epoch;

  auto gene_ix = index_of(genes);
  RecordIndexes ix{gene_ix, index_of(variants), index_of(drugs), index_of(phens)};
  add_genes(b, genes);
  add_variants(b, variants, gene_ix);
  add_drugs_phenotypes(b, drugs, phens);
  add_evidence(b, evidence, ix);
  Graph g = build_graph(b, variants, ix.phenotypes, phens);
  drug_edges(drugs, ix.drugs, g);
  for (std::uint32_t gi = 0; gi < b.genes.size(); ++gi)
    b.genes[gi].variant_count = g.gene_variants[gi + 1] - g.gene_variants[gi];
  h.gene_count = u32(b.genes.size()), h.variant_count = u32(b.variants.size());
  h.allele_count = u32(b.alleles.size()), h.drug_count = u32(b.drugs.size());
  h.phenotype_count = u32(b.phenotypes.size()), h.evidence_count = u32(b.evidence.size());
  return layout(b, g, h);
}

}  // namespace kb::bundle
