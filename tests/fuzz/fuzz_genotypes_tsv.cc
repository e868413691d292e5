// libFuzzer target: kbinterp's genotypes TSV parser and its PharmCAT outside-call parser
// (--calls) on arbitrary bytes. They must never crash, and what they return must hold:
// either an error naming the file and a line, or rows whose genotypes use only valid
// alleles, on strictly increasing lines.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "interp/calls_tsv.h"
#include "interp/genotypes_tsv.h"

namespace {

void check_calls(std::string_view text) {
  auto r = kb::interp::parse_calls_tsv(text, "fuzz.tsv");
  if (!r.ok()) {
    if (r.error.rfind("fuzz.tsv:", 0) != 0 || !r.rows.empty()) std::abort();
    return;
  }
  std::size_t last = 0;
  for (const auto& row : r.rows) {
    if (row.line <= last || row.gene.empty() || (!row.diplotype && row.phenotype.empty())) std::abort();
    last = row.line;
    if (row.diplotype)
      for (const auto& a : row.diplotype->alleles)
        if (!kb::interp::valid_allele_any(a)) std::abort();
    (void)kb::interp::cpic_term(row.phenotype);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_calls(text);
  auto r = kb::interp::parse_genotypes_tsv(text, "fuzz.tsv");
  if (!r.ok()) {
    if (r.error.rfind("fuzz.tsv:", 0) != 0 || !r.rows.empty()) std::abort();
    return 0;
  }
  std::size_t last = 0;
  for (const auto& row : r.rows) {
    if (row.line <= last || row.variant.empty() || row.genotype.alleles.size() > 2) std::abort();
    last = row.line;
    for (const auto& a : row.genotype.alleles)
      if (!kb::interp::valid_allele_any(a)) std::abort();
    std::string_view g = row.genotype.text();
    if (g.empty()) std::abort();
  }
  return 0;
}
