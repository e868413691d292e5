// --genotypes: parse the TSV, then resolve each row against the bundle.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "interp/genotypes_tsv.h"
#include "interp/input.h"
#include "interp/system_alleles.h"

namespace kb::interp {
namespace {

/// Genotypes TSVs are tiny; this bound keeps a wrong file (a whole VCF) from being slurped.
constexpr std::size_t kMaxTsvBytes = 64u << 20;

}  // namespace

std::string read_small_file(const std::string& path, const std::string& option) {
  std::error_code ec;
  // A directory opens as a stream that reads nothing, and /dev/zero never ends: only
  // regular files are read, and never more than the bound.
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError("cannot read " + path + ": " +
                     (std::filesystem::exists(path, ec) ? "not a regular file" : "no such file") +
                     "; check the " + option + " path");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read " + path + ": not readable; check the " + option + " path");
  std::string s;
  char chunk[1 << 16];
  while (s.size() <= kMaxTsvBytes && in.read(chunk, sizeof chunk).gcount() > 0)
    s.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw InputError("cannot read " + path + ": read error");
  if (s.size() > kMaxTsvBytes)
    throw InputError(path + " is larger than 64 MiB; a genotypes or calls TSV lists one line per variant "
                     "or gene — for whole genomes use --vcf");
  return s;
}

namespace {


}  // namespace

Input read_genotypes_tsv(const kbbundle::Bundle& b, const std::string& path) {
  TsvParse p = parse_genotypes_tsv(read_small_file(path, "--genotypes"), path);
  if (!p.ok()) throw InputError(p.error);
  Input in;
  in.kind = "genotypes";
  for (auto& row : p.rows) {
    auto v = b.find_variant(row.variant);
    std::string where = path + ":" + std::to_string(row.line);
    if (!v) {
      in.warnings.push_back({"", where + ": " + row.variant + " is not a variant of this KB; ignored"});
      continue;
    }
    std::string id(b.str(b.variants()[*v].id));
    if (in.calls.count(*v)) {
      throw InputError(where + ": " + row.variant + " names variant " + id +
                       ", already given on another line (by id or rsID); keep one line per variant");
    }
    auto alleles = kb_alleles(b, *v);
    auto system = b.variant_system(*v);
    for (const auto& a : row.genotype.alleles)
      if (!valid_allele_in(system, a))
        throw InputError(where + ": \"" + a + "\" is not a " + std::string(kbbundle::system_name(system)) +
                         " allele, which " + id + " is; write its alleles as the KB does (" + join(alleles, ", ") + ")");
    if (system == kbbundle::format::AlleleSystem::kStar || system == kbbundle::format::AlleleSystem::kHla)
      resolve_system_genotype(system, id, alleles, where, row.genotype, in);
    else
      for (const auto& a : row.genotype.alleles)
        if (std::find(alleles.begin(), alleles.end(), a) == alleles.end())
          in.warnings.push_back({id, where + ": allele " + a + " of genotype " + row.genotype.text() +
                                         " is not one of the KB's alleles of " + id + " (" +
                                         join(alleles, "/") + "); only records about the alleles it "
                                         "shares can match"});
    in.calls[*v] = Call{*v, std::move(row.genotype), "genotypes", where};
  }
  return in;
}

}  // namespace kb::interp
