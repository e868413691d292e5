// libFuzzer target: open arbitrary bytes as a bundle (checksum off, so the structural
// validation is what is exercised), then walk every record, list and CSR row.
#include <cstddef>
#include <cstdint>
#include <string>

#include "kbbundle/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto r = kbbundle::Bundle::from_bytes(bytes, {.verify_checksum = false});
  if (!r) return 0;
  const kbbundle::Bundle& b = r.value();
  std::size_t n = b.kb_id().size() + b.kb_version().size();
  for (std::uint32_t g = 0; g < b.genes().size(); ++g) {
    n += b.str(b.genes()[g].id).size() + b.list(b.genes()[g].roles).size();
    for (auto v : b.variants_of_gene(g))
      for (auto e : b.evidence_of_variant(v)) n += b.str(b.evidence()[e].summary).size();
    n += b.evidence_of_gene(g).size();
  }
  for (std::uint32_t v = 0; v < b.variants().size(); ++v) {
    for (const auto& a : b.alleles_of(v)) n += b.str(a.name).size();
    n += b.find_variant(b.str(b.variants()[v].rsid)).has_value();
  }
  for (const auto& e : b.evidence()) {
    for (auto s : b.list(e.genotypes)) n += b.str(s).size();
    n += std::string_view(b.c_str(e.title)).size();
    n += b.evidence_for_drug(b.str(e.drug)).size() + b.evidence_for_phenotype(b.str(e.phenotype)).size();
  }
  for (std::uint32_t p = 0; p < b.phenotypes().size(); ++p) n += b.parents_of_phenotype(p).size();
  // Record format 1.1 content (bundle format 1.2 sections).
  for (std::uint32_t v = 0; v < b.variants().size(); ++v)
    n += kbbundle::system_name(b.variant_system(v)).size() + b.variant_gene(v).has_value();
  for (std::uint32_t e = 0; e < b.evidence().size(); ++e) {
    if (auto gp = b.gene_phenotype(e)) n += gp->gene.size() + gp->value.size();
    for (const auto& [k, v] : b.qualifiers(e)) n += k.size() + v.size();
    n += static_cast<std::size_t>(b.subject_kind(e));
  }
  for (std::uint32_t d = 0; d < b.drugs().size(); ++d) {
    for (auto m : b.members_of_drug(d)) n += b.str(b.drugs()[m].id).size();
    for (auto id : b.member_ids(d)) n += b.str(id).size();
    n += b.groups_of_drug(d).size() + b.is_group(d);
  }
  return n == static_cast<std::size_t>(-1);  // keep `n` alive
}
