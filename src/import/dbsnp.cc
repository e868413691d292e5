// --dbsnp: one pass over a dbSNP VCF/BCF with htslib, keeping the wanted rsIDs' sites.
#include "import/dbsnp.h"

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>  // hts_get_bgzfp
#include <htslib/vcf.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_set>

#include "import/dbsnp_contig.h"
#include "import/interrupt.h"
#include "support/hts_handles.h"

namespace kb::import {
namespace {

using hts::Handle;
using hts::KString;

/// An opened, checked dbSNP file.
struct DbsnpFile {
  Handle<htsFile> fp;
  Handle<bcf_hdr_t> hdr;
  bool bcf = false;
  bool grch38 = false;
};

constexpr std::size_t kVcfFixedColumns = 8;  // CHROM POS ID REF ALT QUAL FILTER INFO

std::string header_text(const bcf_hdr_t* h) {
  KString ks;
  bcf_hdr_format(h, 0, &ks.s);
  return std::string(ks.s.s ? ks.s.s : "", ks.s.l);
}

/// Refuses a file that is not a VCF/BCF, or a bgzipped one without its end-of-file block.
void check_format(const std::string& path, htsFile* fp) {
  const htsFormat* fmt = hts_get_format(fp);
  if (fmt->category != variant_data || (fmt->format != vcf && fmt->format != bcf)) {
    char* d = hts_format_description(fmt);  // malloc'd by htslib
    std::string what = d ? d : "unknown data";
    std::free(d);
    throw DbsnpError(path + " is not a VCF or BCF file (it reads as " + what +
                     "); --dbsnp needs dbSNP's GRCh38 VCF (plain or bgzipped) or a BCF");
  }
  // Why: a copy cut at a block boundary reads as a shorter, valid file; the marker tells.
  if (fmt->compression == bgzf && bgzf_check_EOF(hts_get_bgzfp(fp)) == 0)
    throw DbsnpError(path +
                     ": the bgzip end-of-file marker is missing: the file is truncated. Download "
                     "or copy it again");
}

DbsnpFile open_dbsnp(const std::string& path) {
  hts_set_log_level(HTS_LOG_OFF);  // Why: kbimport reports problems itself, naming the file.
  DbsnpFile f;
  errno = 0;
  f.fp.reset(hts_open(path.c_str(), "r"));
  if (!f.fp)
    throw DbsnpError("cannot read dbSNP file " + path + ": " +
                     (errno ? std::strerror(errno) : "not a readable file"));
  check_format(path, f.fp.get());
  f.bcf = hts_get_format(f.fp.get())->format == bcf;
  f.hdr.reset(bcf_hdr_read(f.fp.get()));
  if (!f.hdr) throw DbsnpError(path + ": the VCF header cannot be read (truncated or not a VCF?)");
  HeaderAssembly a = header_assembly(header_text(f.hdr.get()));
  if (!a.other.empty())
    throw DbsnpError(path + " is not on GRCh38: its header says '" + a.other +
                     "'. kbimport writes GRCh38 locations only; give dbSNP's GRCh38 VCF");
  f.grch38 = a.grch38;
  return f;
}

/// "rs123" -> 123, or 0.
std::uint64_t rs_number(std::string_view id) {
  if (id.size() < 3 || id.size() > 22 || !id.starts_with("rs")) return 0;
  std::uint64_t n = 0;
  auto r = std::from_chars(id.data() + 2, id.data() + id.size(), n);
  return r.ec == std::errc() && r.ptr == id.data() + id.size() ? n : 0;
}

/// The pass over the file: the wanted rsIDs and what was found of them.
class Scanner {
 public:
  Scanner(const std::string& path, const std::vector<std::string>& rsids) : path_(path) {
    for (const auto& r : rsids)
      if (auto n = rs_number(r)) wanted_.insert(n);
  }

  /// The chromosome of `contig` ("" when not a chromosome); throws on another assembly.
  const std::string& chrom_of(std::string_view contig) {
    if (contig == last_contig_) return last_chrom_;
    last_contig_ = std::string(contig);
    ContigName c = classify_contig(contig);
    if (c.kind == ContigName::kOtherAssembly)
      throw DbsnpError(
          path_ + ": contig " + last_contig_ + " is chromosome " + c.chrom + " of " + c.assembly +
          ", not GRCh38. kbimport writes GRCh38 locations only; give dbSNP's GRCh38 VCF");
    last_chrom_ = c.kind == ContigName::kNotChromosome ? "" : c.chrom;
    return last_chrom_;
  }

  /// The first wanted rsID of an ID column ("rs1;rs2"), or empty.
  std::string wanted_id(std::string_view ids) const {
    while (!ids.empty()) {
      std::size_t semi = ids.find(';');
      std::string_view id = ids.substr(0, semi);
      if (auto n = rs_number(id); n && wanted_.count(n)) return std::string(id);
      ids.remove_prefix(semi == std::string_view::npos ? ids.size() : semi + 1);
    }
    return {};
  }

  /// Keeps one record: merged into the rsID's site at the same chrom, POS and REF.
  void add(const std::string& rsid, const std::string& chrom, std::int64_t pos,
           std::vector<std::string> alleles) {
    for (auto& a : alleles)
      for (char& c : a) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::erase(alleles, std::string("."));  // ALT "." (none)
    if (alleles.empty()) return;
    auto& sites = scan.sites[rsid];
    for (auto& s : sites) {
      if (s.chrom != chrom || s.pos != pos || s.alleles[0] != alleles[0]) continue;
      for (const auto& a : alleles)
        if (std::find(s.alleles.begin(), s.alleles.end(), a) == s.alleles.end())
          s.alleles.push_back(a);
      return;
    }
    sites.push_back({chrom, pos, std::move(alleles)});
  }

  void count_record() {
    if ((++scan.records & 0xffff) == 0) throw_if_interrupted();
  }

  const std::string& path() const { return path_; }
  DbsnpScan scan;

 private:
  std::string path_;
  std::unordered_set<std::uint64_t> wanted_;
  std::string last_contig_ = "\n";  // no contig is named so
  std::string last_chrom_;
};

/// The TAB-separated fields of a text VCF line (the first `n`, or fewer).
std::vector<std::string_view> fields(std::string_view line, std::size_t n) {
  std::vector<std::string_view> out;
  while (out.size() < n) {
    std::size_t t = line.find('\t');
    out.push_back(line.substr(0, t));
    if (t == std::string_view::npos) break;
    line.remove_prefix(t + 1);
  }
  return out;
}

/// REF and the ALTs of a text line's fields.
std::vector<std::string> text_alleles(std::string_view ref, std::string_view alt) {
  std::vector<std::string> out{std::string(ref)};
  while (!alt.empty()) {
    std::size_t comma = alt.find(',');
    out.emplace_back(alt.substr(0, comma));
    alt.remove_prefix(comma == std::string_view::npos ? alt.size() : comma + 1);
  }
  return out;
}

/// One data line of a text VCF.
void text_line(Scanner& s, std::string_view l, std::size_t lineno) {
  auto f = fields(l, 5);
  auto where = [&] { return s.path() + ": data line " + std::to_string(lineno); };
  if (f.size() < 5)
    throw DbsnpError(where() + " has fewer than 8 tab-separated columns (truncated or not a VCF?)");
  const std::string& chrom = s.chrom_of(f[0]);
  if (chrom.empty()) return;
  std::string rsid = s.wanted_id(f[2]);
  if (rsid.empty()) return;
  std::int64_t pos = 0;
  auto r = std::from_chars(f[1].data(), f[1].data() + f[1].size(), pos);
  if (r.ec != std::errc() || r.ptr != f[1].data() + f[1].size() || pos < 1)
    throw DbsnpError(where() + ": POS '" + std::string(f[1]) + "' is not a position");
  s.add(rsid, chrom, pos, text_alleles(f[3], f[4]));
}

/// Streams a text VCF; only lines naming a wanted rsID are split beyond the ID.
void scan_text(Scanner& s, DbsnpFile& f) {
  KString ks;
  std::size_t lineno = 0, last_columns = kVcfFixedColumns;
  int ret;
  while ((ret = hts_getline(f.fp.get(), KS_SEP_LINE, &ks.s)) >= 0) {
    ++lineno;
    std::string_view l(ks.s.s, ks.s.l);
    if (l.empty()) continue;
    last_columns = 1 + static_cast<std::size_t>(std::count(l.begin(), l.end(), '\t'));
    s.count_record();
    text_line(s, l, lineno);
  }
  if (ret < -1) throw DbsnpError(s.path() + ": read error (truncated or corrupt compressed data?)");
  // Why: a copy cut mid-record must not read as a shorter file.
  if (last_columns < kVcfFixedColumns)
    throw DbsnpError(s.path() + ": the last record (data line " + std::to_string(lineno) +
                     ") has " + std::to_string(last_columns) +
                     " of 8 columns: the file is truncated");
}

void scan_bcf(Scanner& s, DbsnpFile& f) {
  Handle<bcf1_t> rec(bcf_init());
  int ret;
  while ((ret = bcf_read(f.fp.get(), f.hdr.get(), rec.get())) == 0) {
    s.count_record();
    const std::string& chrom = s.chrom_of(bcf_seqname_safe(f.hdr.get(), rec.get()));
    if (chrom.empty()) continue;
    bcf_unpack(rec.get(), BCF_UN_STR);
    std::string rsid = s.wanted_id(rec->d.id ? rec->d.id : ".");
    if (rsid.empty()) continue;
    std::vector<std::string> alleles;
    for (int i = 0; i < rec->n_allele; ++i) alleles.emplace_back(rec->d.allele[i]);
    s.add(rsid, chrom, rec->pos + 1, std::move(alleles));
  }
  if (ret < -1) throw DbsnpError(s.path() + ": read error (truncated or corrupt BCF?)");
}

}  // namespace

bool check_dbsnp(const std::string& path) { return open_dbsnp(path).grch38; }

DbsnpScan scan_dbsnp(const std::string& path, const std::vector<std::string>& rsids) {
  DbsnpFile f = open_dbsnp(path);
  Scanner s(path, rsids);
  s.scan.header_grch38 = f.grch38;
  if (f.bcf)
    scan_bcf(s, f);
  else
    scan_text(s, f);
  return std::move(s.scan);
}

}  // namespace kb::import
