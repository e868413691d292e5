// --calls: parse PharmCAT's outside-call TSV, then resolve each gene against the bundle.
#include <algorithm>

#include "interp/calls_tsv.h"
#include "interp/input.h"
#include "interp/system_alleles.h"

namespace kb::interp {
namespace {

namespace f = kbbundle::format;

bool allele_system(f::AlleleSystem s) { return s == f::AlleleSystem::kStar || s == f::AlleleSystem::kHla; }

/// The gene's star or HLA variant: `GENE:star` / `GENE:hla` first, else any variant of
/// the gene in one of those systems.
std::optional<std::uint32_t> system_variant(const kbbundle::Bundle& b, const std::string& gene) {
  for (const char* suffix : {":star", ":hla"})
    if (auto v = b.find(kbbundle::Kind::kVariant, gene + suffix); v && allele_system(b.variant_system(*v))) return v;
  for (std::uint32_t v = 0; v < b.variants().size(); ++v)
    if (b.variant_gene(v) == std::optional<std::string_view>(gene) && allele_system(b.variant_system(v))) return v;
  return std::nullopt;
}

bool gene_known(const kbbundle::Bundle& b, const std::string& gene) {
  if (b.find(kbbundle::Kind::kGene, gene)) return true;
  for (std::uint32_t e = 0; e < b.evidence().size(); ++e)
    if (auto gp = b.gene_phenotype(e); gp && gp->gene == gene) return true;
  return false;
}

/// Adds the row's diplotype as a call at the gene's star/HLA variant, or says why not.
void add_diplotype(const kbbundle::Bundle& b, CallsRow& row, const std::string& where, Input& in) {
  auto v = system_variant(b, row.gene);
  if (!v) {
    in.undecided.push_back({row.gene, row.diplotype_text,
                            "the KB has no star or HLA allele system for " + row.gene +
                                ", so no record can be matched by diplotype", where});
    return;
  }
  std::string id(b.str(b.variants()[*v].id));
  auto system = b.variant_system(*v);
  auto kb = kb_alleles(b, *v);
  for (const auto& a : row.diplotype->alleles)
    if (!valid_allele_in(system, a))
      throw InputError(where + ": \"" + a + "\" is not a " + std::string(kbbundle::system_name(system)) +
                       " allele (" + id + "); write alleles as the KB does (" + join(kb, ", ") + ")");
  resolve_system_genotype(system, id, kb, where, *row.diplotype, in);
  if (auto it = in.calls.find(*v); it != in.calls.end() && it->second.genotype.called())
    throw InputError(where + ": " + row.gene + "'s diplotype is a call at " + id + ", already given in " +
                     it->second.origin + "; give each variant once");
  in.calls[*v] = Call{*v, std::move(*row.diplotype), "calls", where};
}

}  // namespace

void read_calls_tsv(const kbbundle::Bundle& b, const std::string& path, Input& in) {
  CallsParse p = parse_calls_tsv(read_small_file(path, "--calls"), path);
  if (!p.ok()) throw InputError(p.error);
  for (auto& row : p.rows) {
    std::string where = path + ":" + std::to_string(row.line);
    if (!gene_known(b, row.gene)) {
      std::string said = row.diplotype_text;
      if (!row.phenotype.empty()) said += (said.empty() ? "" : ", ") + row.phenotype;
      in.undecided.push_back({row.gene, said, row.gene + " is not a gene of this KB; nothing about it can be matched",
                              where});
      continue;
    }
    if (row.diplotype) add_diplotype(b, row, where, in);
    if (row.phenotype.empty()) continue;
    auto term = cpic_term(row.phenotype);
    if (!term) {
      in.undecided.push_back({row.gene, row.phenotype,
                              "\"" + row.phenotype + "\" is not a CPIC phenotype term (such as \"poor metabolizer\" "
                              "or \"normal function\"); gene-phenotype records cannot be decided", where});
      continue;
    }
    in.phenotypes[row.gene] = PhenotypeCall{row.gene, *term, row.phenotype, row.activity, where};
  }
}

}  // namespace kb::interp
