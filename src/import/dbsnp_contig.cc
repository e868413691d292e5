#include "import/dbsnp_contig.h"

#include <array>
#include <charconv>

#include "support/assembly_names.h"

namespace kb::import {
namespace {

// The version of each GRCh38 chromosome's RefSeq accession NC_0000NN (NN = 1..22, 23 = X,
// 24 = Y), from the GRCh38 assembly report; GRCh37's is one less for every chromosome.
constexpr std::array<int, 25> kGrch38Version = {0,  11, 12, 12, 12, 10, 12, 14, 11, 12, 11, 10, 12,
                                                11, 9,  10, 10, 11, 10, 10, 11, 9,  11, 11, 10};

std::string chrom_of_number(int n) {
  if (n == 23) return "X";
  if (n == 24) return "Y";
  return std::to_string(n);
}

/// `NC_0000NN.V` as {NN, V}, or {0, 0}.
std::pair<int, int> accession(std::string_view name) {
  if (!name.starts_with("NC_0000") || name.size() < 11 || name[9] != '.') return {0, 0};
  int nn = 0, version = 0;
  auto r1 = std::from_chars(name.data() + 7, name.data() + 9, nn);
  auto r2 = std::from_chars(name.data() + 10, name.data() + name.size(), version);
  if (r1.ec != std::errc() || r1.ptr != name.data() + 9 || r2.ec != std::errc() ||
      r2.ptr != name.data() + name.size() || nn < 1 || nn > 24)
    return {0, 0};
  return {nn, version};
}

bool plain_chromosome(std::string_view s) {
  if (s == "X" || s == "Y" || s == "MT") return true;
  int n = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && n >= 1 && n <= 22 && s[0] != '0';
}

/// The contig ID of a `##contig=<ID=...,...>` line.
std::string_view contig_id(std::string_view line) {
  auto p = line.find("ID=");
  if (p == line.npos) return {};
  line.remove_prefix(p + 3);
  return line.substr(0, line.find_first_of(",>"));
}

/// Looks at one meta line; sets `h` when it names an assembly.
void read_meta_line(std::string_view line, HeaderAssembly& h) {
  bool contig = line.starts_with("##contig=");
  if (!contig && !line.starts_with("##reference=") && !line.starts_with("##assembly=")) return;
  static constexpr std::string_view kOlder[] = {"NCBI36", "hg18", "b36"};  // before GRCh37
  if (h.other.empty() && (assembly::names_any(line, assembly::kGrch37Names) || assembly::names_any(line, kOlder)))
    h.other = std::string(line);
  if (assembly::names_any(line, assembly::kGrch38Names)) h.grch38 = true;
  if (!contig) return;
  std::string_view id = contig_id(line);
  ContigName c = classify_contig(id);
  if (c.kind == ContigName::kOtherAssembly && h.other.empty()) h.other = std::string(line);
  if (c.kind == ContigName::kGrch38 && c.chrom != "MT") h.grch38 = true;
  // chr1's length differs between the assemblies.
  if (c.chrom == "1" && line.find(assembly::kChr1LengthGrch37) != line.npos && h.other.empty())
    h.other = std::string(line);
  if (c.chrom == "1" && line.find(assembly::kChr1LengthGrch38) != line.npos) h.grch38 = true;
}

}  // namespace

ContigName classify_contig(std::string_view name) {
  ContigName c;
  if (name == "NC_012920.1") {  // the mitochondrion (rCRS) is the same in GRCh37 and GRCh38
    c.kind = ContigName::kGrch38, c.chrom = "MT";
    return c;
  }
  if (auto [nn, version] = accession(name); nn) {
    c.chrom = chrom_of_number(nn);
    if (version == kGrch38Version[static_cast<std::size_t>(nn)]) {
      c.kind = ContigName::kGrch38;
    } else {
      c.kind = ContigName::kOtherAssembly;
      c.assembly = version + 1 == kGrch38Version[static_cast<std::size_t>(nn)]
                       ? "GRCh37"
                       : "an assembly other than GRCh38";
    }
    return c;
  }
  std::string_view s = name;
  if (s.size() > 3 && (s.starts_with("chr") || s.starts_with("Chr") || s.starts_with("CHR")))
    s.remove_prefix(3);
  if (s == "M") s = "MT";
  if (plain_chromosome(s)) c.kind = ContigName::kPlain, c.chrom = std::string(s);
  return c;
}

HeaderAssembly header_assembly(std::string_view header) {
  HeaderAssembly h;
  while (!header.empty()) {
    std::size_t nl = header.find('\n');
    std::string_view line = header.substr(0, nl);
    header.remove_prefix(nl == header.npos ? header.size() : nl + 1);
    if (!line.starts_with("##")) break;
    read_meta_line(line, h);
  }
  return h;
}

}  // namespace kb::import
