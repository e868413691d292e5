// --vcf: find the KB's variants in a VCF/BCF (by rsID in the ID column, or by location),
// decode the chosen sample's GT, and map its allele indexes to allele names.
#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include "interp/genotype.h"
#include "interp/input.h"
#include "interp/vcf_match.h"
#include "support/hts_handles.h"

namespace kb::interp {
namespace {

using hts::Handle;
using hts::KString;

/// An opened VCF/BCF with its header and the chosen samples' columns.
struct VcfFile {
  Handle<htsFile> fp;
  Handle<bcf_hdr_t> hdr;
  bool bcf = false;
  std::vector<std::string> samples;  ///< the chosen samples, in report order
  std::vector<int> columns;          ///< their columns in `hdr` (after any subsetting)
};

std::string list_samples(const bcf_hdr_t* h) {
  std::string s;
  int n = bcf_hdr_nsamples(h);
  for (int i = 0; i < n && i < 20; ++i) s += (i ? ", " : "") + std::string(h->samples[i]);
  if (n > 20) s += ", ... (" + std::to_string(n) + " in all)";
  return s;
}

/// The first sample name a text VCF's #CHROM line repeats (htslib refuses such a
/// header without saying why), or nothing.
std::optional<std::string> duplicated_sample(const std::string& path) {
  Handle<htsFile> fp(hts_open(path.c_str(), "r"));
  if (!fp || hts_get_format(fp.get())->format != vcf) return std::nullopt;
  KString ks;
  while (hts_getline(fp.get(), KS_SEP_LINE, &ks.s) >= 0) {
    std::string_view l(ks.s.s, ks.s.l);
    if (l.rfind("##", 0) == 0) continue;
    if (l.rfind("#CHROM", 0) != 0) return std::nullopt;
    std::set<std::string_view> seen;
    std::size_t column = 0;
    for (std::size_t start = 0; start <= l.size(); ++column) {
      std::size_t end = std::min(l.find('\t', start), l.size());
      std::string_view name = l.substr(start, end - start);
      if (column >= 9 && !seen.insert(name).second) return std::string(name);
      start = end + 1;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

/// Opens the file and reads its header; it must have sample columns.
VcfFile open_file(const std::string& path) {
  VcfFile f;
  f.fp.reset(hts_open(path.c_str(), "r"));
  if (!f.fp) throw InputError("cannot read " + path + ": no such file or not readable; check the --vcf path");
  const htsFormat* fmt = hts_get_format(f.fp.get());
  if (fmt->category != variant_data || (fmt->format != vcf && fmt->format != bcf)) {
    char* d = hts_format_description(fmt);  // malloc'd by htslib
    std::string what = d ? d : "unknown data";
    std::free(d);
    throw InputError(path + " is not a VCF or BCF file (it reads as " + what +
                     "); give a VCF (plain, bgzipped) or BCF, or use --genotypes for a TSV");
  }
  f.bcf = fmt->format == bcf;
  f.hdr.reset(bcf_hdr_read(f.fp.get()));
  if (!f.hdr) {
    if (auto dup = duplicated_sample(path))
      throw InputError(path + ": sample \"" + *dup + "\" appears twice in the #CHROM header line; rename one " +
                       "(bcftools reheader -s) so that each column has its own name");
    throw InputError(path + ": the VCF header cannot be read; check the file with `bcftools view -h`");
  }
  if (bcf_hdr_nsamples(f.hdr.get()) == 0)
    throw InputError(path + " has no sample columns (a sites-only VCF); kbinterp needs a sample's FORMAT/GT");
  return f;
}

/// One sample: `name`, or the only one. Its FORMAT columns alone are parsed.
VcfFile open_vcf(const VcfOptions& o) {
  VcfFile f = open_file(o.path);
  int n = bcf_hdr_nsamples(f.hdr.get());
  std::string name = o.sample;
  if (name.empty()) {
    if (n > 1)
      throw InputError(o.path + " has " + std::to_string(n) + " samples; choose one with --sample NAME (" +
                       list_samples(f.hdr.get()) + "), or report them all with --all-samples -o DIR");
    name = f.hdr->samples[0];
  } else if (bcf_hdr_id2int(f.hdr.get(), BCF_DT_SAMPLE, name.c_str()) < 0) {
    throw InputError("sample \"" + name + "\" is not in " + o.path + "; its samples are: " + list_samples(f.hdr.get()));
  }
  // Why: parsing only the chosen sample's FORMAT columns keeps multi-sample files fast.
  // htslib reads its argument as a list ("a,b", "^a" = all but a, "-" = all), so a name
  // with that syntax is not subset: its column is then picked by index.
  bool list_syntax = name == "-" || name.find(',') != name.npos || name.rfind('^', 0) == 0;
  if (!list_syntax && n > 1) {
    if (bcf_hdr_set_samples(f.hdr.get(), name.c_str(), 0) != 0 || bcf_hdr_nsamples(f.hdr.get()) != 1 ||
        name != f.hdr->samples[0])
      throw InputError(o.path + ": cannot select sample \"" + name + "\"");
  }
  int column = bcf_hdr_id2int(f.hdr.get(), BCF_DT_SAMPLE, name.c_str());
  if (column < 0) throw InputError(o.path + ": cannot select sample \"" + name + "\"");
  f.samples = {name};
  f.columns = {column};
  return f;
}

/// Several samples (`names`, or every sample when empty), by column: no subsetting, as
/// a name may contain the list syntax htslib's subsetting reads.
VcfFile open_cohort(const std::string& path, const std::vector<std::string>& names) {
  VcfFile f = open_file(path);
  const bcf_hdr_t* h = f.hdr.get();
  if (names.empty()) {
    for (int i = 0; i < bcf_hdr_nsamples(h); ++i) f.samples.emplace_back(h->samples[i]), f.columns.push_back(i);
    return f;
  }
  for (const auto& name : names) {
    int column = bcf_hdr_id2int(h, BCF_DT_SAMPLE, name.c_str());
    if (column < 0)
      throw InputError("sample \"" + name + "\" of --samples is not in " + path + "; its samples are: " +
                       list_samples(h) + ". Fix the list or the file");
    f.samples.push_back(name), f.columns.push_back(column);
  }
  return f;
}

/// Where each chosen sample's picks go while the file is read.
struct Sinks {
  const VcfMatcher& m;
  std::vector<VcfMatcher::Picks> picks;  ///< by position in VcfFile::columns
};

/// The record's location as "CHROM:POS" for messages.
std::string site_name(const bcf_hdr_t* h, const bcf1_t* r) {
  return std::string(bcf_seqname_safe(h, r)) + ":" + std::to_string(r->pos + 1);
}

/// Every sample's GT of a record, as htslib decodes it.
struct GtValues {
  int32_t* gt = nullptr;
  int ploidy = 0;
  int nsamples = 0;  ///< columns in `gt`
  SiteCall::State state = SiteCall::kCalled;  ///< kNoGt or kBadType for the whole record
  GtValues() = default;
  GtValues(const GtValues&) = delete;
  GtValues& operator=(const GtValues&) = delete;
  ~GtValues() { std::free(gt); }
};

/// Decodes the record's GT for every sample of the header (once per record).
void fetch_gt(const bcf_hdr_t* h, bcf1_t* r, GtValues& g) {
  // Why: htslib's bcf_get_format_values calls exit(1) when the stored GT is not an integer
  // vector. Text VCF stores a GT every sample's column leaves out ("DP:GT" with "12") as
  // BCF_BT_NULL; a malformed BCF can store any type. Both are answered here instead.
  if (const bcf_fmt_t* fmt = bcf_get_fmt(h, r, "GT");
      fmt && fmt->type != BCF_BT_INT8 && fmt->type != BCF_BT_INT16 && fmt->type != BCF_BT_INT32) {
    g.state = fmt->type == BCF_BT_NULL ? SiteCall::kNoGt : SiteCall::kBadType;
    return;
  }
  int ngt_arr = 0;
  int ngt = bcf_get_genotypes(h, r, &g.gt, &ngt_arr);
  // ngt holds every kept sample's GT (the header's count, as htslib sizes it), each padded
  // to the record's largest ploidy.
  int nsamples = bcf_hdr_nsamples(h);
  if (ngt <= 0 || nsamples <= 0 || ngt % nsamples != 0) {
    g.state = SiteCall::kNoGt;
    return;
  }
  g.ploidy = ngt / nsamples;
  g.nsamples = nsamples;
}

/// The GT of the sample in `column` as sorted allele indexes; sets `state`.
std::vector<int> decode_gt(const GtValues& g, int column, int n_allele, SiteCall::State& state) {
  std::vector<int> idx;
  if (g.state != SiteCall::kCalled) {
    state = g.state;
    return idx;
  }
  if (column < 0 || column >= g.nsamples) {
    state = SiteCall::kNoGt;
    return idx;
  }
  const int32_t* gt = g.gt + static_cast<std::ptrdiff_t>(column) * g.ploidy;
  // Why: a sample whose column leaves out a GT that other samples have ("." for the
  // whole field, or a shorter FORMAT) is stored as int32 "missing" or vector_end.
  if (g.ploidy == 0 || gt[0] == bcf_int32_vector_end || gt[0] == bcf_int32_missing) {
    state = SiteCall::kNoGt;
    return idx;
  }
  bool missing = false;
  for (int i = 0; i < g.ploidy; ++i) {
    if (gt[i] == bcf_int32_vector_end) break;
    if (bcf_gt_is_missing(gt[i])) {
      missing = true;
      continue;
    }
    int a = bcf_gt_allele(gt[i]);
    if (a < 0 || a >= n_allele) {
      state = SiteCall::kBadIndex;
      return {};
    }
    idx.push_back(a);
  }
  state = idx.empty() ? SiteCall::kMissing : missing ? SiteCall::kHalf : SiteCall::kCalled;
  // Why: KB genotypes are pairs; a triploid call would silently match no genotype record.
  if (state == SiteCall::kCalled && idx.size() > 2) state = SiteCall::kPolyploid;
  if (state != SiteCall::kCalled) idx.clear();
  // Why: phase is dropped (0|1 == 1|0), and a sorted index list gives REF-first display.
  std::sort(idx.begin(), idx.end());
  return idx;
}

/// The site's alleles as strings (REF first). Bases are upper-cased: VCF bases are
/// case-insensitive, KB alleles are upper case. Symbolic alleles are kept as written.
std::vector<std::string> site_alleles(const bcf1_t* r) {
  std::vector<std::string> a;
  for (int i = 0; i < r->n_allele; ++i) {
    std::string_view s = r->d.allele[i];
    a.push_back(s.find_first_not_of("ACGTNacgtn") == s.npos ? normalise_allele(s) : std::string(s));
  }
  return a;
}

/// Reads one record (already parsed) and offers each chosen sample's call to its picks.
void offer_record(Sinks& s, const VcfFile& f, bcf1_t* rec, const std::vector<std::uint32_t>& cands,
                  const std::vector<bool>& by_id) {
  bcf_unpack(rec, BCF_UN_STR);
  SiteCall sc;
  sc.site = site_name(f.hdr.get(), rec);
  sc.alleles = site_alleles(rec);
  std::string_view id = rec->d.id ? rec->d.id : ".";
  sc.ids = id;
  GtValues g;
  fetch_gt(f.hdr.get(), rec, g);
  for (std::size_t k = 0; k < f.columns.size(); ++k) {
    sc.gt = decode_gt(g, f.columns[k], rec->n_allele, sc.state);
    for (std::size_t i = 0; i < cands.size(); ++i) s.m.offer(s.picks[k], cands[i], by_id[i], sc);
  }
}

/// Candidates for a record from its contig, position and ID column.
void candidates_for(const VcfMatcher& m, std::string_view chrom, std::int64_t pos1, std::string_view ids,
                    std::vector<std::uint32_t>& cands, std::vector<bool>& by_id) {
  cands.clear(), by_id.clear();
  m.lookup_ids(ids, cands);
  by_id.assign(cands.size(), true);
  std::size_t n = cands.size();
  m.lookup_location(chrom, pos1, cands);
  for (std::size_t i = n; i < cands.size(); ++i) {
    // A record found by both rsID and location is one candidate, found by rsID.
    if (std::find(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(n), cands[i]) != cands.begin() + static_cast<std::ptrdiff_t>(n)) {
      cands.erase(cands.begin() + static_cast<std::ptrdiff_t>(i--));
      continue;
    }
    by_id.push_back(false);
  }
}

/// Splits the first three TAB-separated columns of a VCF data line.
bool split_prefix(std::string_view line, std::string_view& chrom, std::int64_t& pos1, std::string_view& id) {
  std::size_t t1 = line.find('\t');
  if (t1 == line.npos) return false;
  std::size_t t2 = line.find('\t', t1 + 1);
  if (t2 == line.npos) return false;
  std::size_t t3 = line.find('\t', t2 + 1);
  if (t3 == line.npos) return false;
  chrom = line.substr(0, t1);
  auto r = std::from_chars(line.data() + t1 + 1, line.data() + t2, pos1);
  if (r.ec != std::errc()) pos1 = -1;
  id = line.substr(t2 + 1, t3 - t2 - 1);
  return true;
}

/// Streams a text VCF: only lines whose CHROM/POS or ID name a KB variant are parsed.
void stream_vcf(Sinks& s, VcfFile& f, const std::string& path) {
  const VcfMatcher& m = s.m;
  Handle<bcf1_t> rec(bcf_init());
  KString ks;
  kstring_t& line = ks.s;
  std::vector<std::uint32_t> cands;
  std::vector<bool> by_id;
  std::size_t lineno = 0;
  int ret;
  // Why: a record cut short (a copy that stopped mid-write) must not read as a short
  // file: the last line must have all 9 + samples columns (the header's, before subsetting).
  const bcf_hdr_t* h = f.hdr.get();
  const std::ptrdiff_t columns = 9 + (h->keep_samples ? h->nsamples_ori : bcf_hdr_nsamples(h));
  std::ptrdiff_t last_columns = columns;
  while ((ret = hts_getline(f.fp.get(), KS_SEP_LINE, &line)) >= 0) {
    ++lineno;
    std::string_view l(line.s, line.l), chrom, id;
    last_columns = l.empty() ? columns : 1 + std::count(l.begin(), l.end(), '\t');
    std::int64_t pos1 = 0;
    if (l.empty()) continue;
    if (!split_prefix(l, chrom, pos1, id))
      throw InputError(path + ": data line " + std::to_string(lineno) +
                       " after the header has fewer than 4 tab-separated columns; is the file truncated or "
                       "space-separated?");
    candidates_for(m, chrom, pos1, id, cands, by_id);
    if (cands.empty()) continue;
    if (vcf_parse(&line, f.hdr.get(), rec.get()) < 0)
      throw InputError(path + ": cannot parse the record at " + std::string(chrom) + ":" + std::to_string(pos1) +
                       "; check it with `bcftools view`");
    offer_record(s, f, rec.get(), cands, by_id);
  }
  if (ret < -1) throw InputError(path + ": read error (truncated or corrupt compressed data?)");
  if (last_columns < columns)
    throw InputError(path + ": the last record (data line " + std::to_string(lineno) + ") has " +
                     std::to_string(last_columns) + " of " + std::to_string(columns) +
                     " columns: the file ends in the middle of a record. Copy or export it again");
}

/// Streams a BCF (binary records are cheap to decode; the ID needs BCF_UN_STR).
void stream_bcf(Sinks& s, VcfFile& f, const std::string& path) {
  const VcfMatcher& m = s.m;
  Handle<bcf1_t> rec(bcf_init());
  std::vector<std::uint32_t> cands;
  std::vector<bool> by_id;
  int ret;
  while ((ret = bcf_read(f.fp.get(), f.hdr.get(), rec.get())) == 0) {
    bcf_unpack(rec.get(), BCF_UN_STR);
    candidates_for(m, bcf_seqname_safe(f.hdr.get(), rec.get()), rec->pos + 1, rec->d.id ? rec->d.id : ".", cands,
                   by_id);
    if (!cands.empty()) offer_record(s, f, rec.get(), cands, by_id);
  }
  if (ret < -1) throw InputError(path + ": read error (truncated or corrupt BCF?)");
}

/// The contig name the index knows for `chrom` ("15" or "chr15"), or -1.
int find_tid(const VcfFile& f, tbx_t* tbx, std::string_view norm) {
  for (std::string name : contig_spellings(norm)) {
    int tid = tbx ? tbx_name2id(tbx, name.c_str()) : bcf_hdr_name2id(f.hdr.get(), name.c_str());
    if (tid >= 0) return tid;
  }
  return -1;
}

/// Region queries at each wanted location. False (nothing read) when a KB contig is not
/// in the index: the caller then streams, so rsID matches are not lost.
bool query_regions(Sinks& s, VcfFile& f, const std::string& path) {
  const VcfMatcher& m = s.m;
  // Why: an index seeks in BGZF blocks. Beside a plain or gzip-compressed file (an index
  // copied or left from another file) htslib would seek in the wrong kind of stream.
  if (hts_get_format(f.fp.get())->compression != bgzf) return false;
  Handle<tbx_t> tbx;
  Handle<hts_idx_t> idx;
  if (f.bcf) idx.reset(bcf_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
  else tbx.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
  if (!idx && !tbx) return false;
  std::vector<std::pair<int, std::int64_t>> queries;
  for (const auto& [chrom, pos1] : m.locations()) {
    int tid = find_tid(f, tbx.get(), chrom);
    if (tid < 0) return false;
    queries.emplace_back(tid, pos1);
  }
  Handle<bcf1_t> rec(bcf_init());
  KString ks;
  kstring_t& line = ks.s;
  std::vector<std::uint32_t> cands;
  std::vector<bool> by_id;
  int prev_tid = -1;
  std::int64_t prev_pos1 = 0;
  for (auto [tid, pos1] : queries) {
    // Why: queries on a contig come in position order. A record that starts at or before
    // the previous queried position and reaches this one covered that one too, so it was
    // offered already; offering it twice raised a false "more than one record" warning.
    std::int64_t seen_upto = tid == prev_tid ? prev_pos1 : 0;
    prev_tid = tid, prev_pos1 = pos1;
    Handle<hts_itr_t> itr(tbx ? tbx_itr_queryi(tbx.get(), tid, pos1 - 1, pos1) : bcf_itr_queryi(idx.get(), tid, pos1 - 1, pos1));
    if (!itr) continue;
    int ret;
    while ((ret = tbx ? tbx_itr_next(f.fp.get(), tbx.get(), itr.get(), &line)
                      : bcf_itr_next(f.fp.get(), itr.get(), rec.get())) >= 0) {
        if (tbx && vcf_parse(&line, f.hdr.get(), rec.get()) < 0)
        throw InputError(path + ": cannot parse a record near " + std::string(bcf_hdr_id2name(f.hdr.get(), tid)) +
                         ":" + std::to_string(pos1) + "; check it with `bcftools view`");
      if (rec->pos + 1 <= seen_upto) continue;
      bcf_unpack(rec.get(), BCF_UN_STR);
      candidates_for(m, bcf_seqname_safe(f.hdr.get(), rec.get()), rec->pos + 1, rec->d.id ? rec->d.id : ".", cands,
                     by_id);
      if (!cands.empty()) offer_record(s, f, rec.get(), cands, by_id);
    }
    if (ret < -1) throw InputError(path + ": read error in an indexed region (corrupt file or stale index?)");
  }
  return true;
}

/// The header's text, for the assembly check.
std::string header_text(const bcf_hdr_t* h) {
  kstring_t s = KS_INITIALIZE;
  bcf_hdr_format(h, 0, &s);
  std::string out(s.s ? s.s : "", s.l);
  free(s.s);
  return out;
}


/// Reads the chosen samples of `f` (reopened by `reopen` when an index does not cover
/// the KB's contigs); one Input per sample, in f.samples order.
template <class Reopen>
std::vector<Input> read_samples(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& wanted, VcfFile f,
                                const std::string& path, bool allow_index, Reopen reopen) {
  hts_set_log_level(HTS_LOG_OFF);  // Why: kbinterp reports problems itself, with advice.
  VcfMatcher m(b, wanted);
  std::vector<Warning> warnings;
  if (auto a = header_assembly(header_text(f.hdr.get()))) {
    // Why: a position on another assembly is another place; rsIDs still match.
    if (std::size_t n = m.drop_locations_not_on(*a); n)
      warnings.push_back({"", "the VCF header says " + *a + " but " + std::to_string(n) +
                                  " KB variant location(s) are on another assembly; those variants are matched by "
                                  "rsID only"});
  }
  Sinks sinks{m, std::vector<VcfMatcher::Picks>(f.columns.size())};
  bool used_index = false;
  if (allow_index && m.all_located() && !m.locations().empty()) {
    // Why: a region query per KB position reads kilobytes of a whole-genome file.
    used_index = query_regions(sinks, f, path);
    if (!used_index) f = reopen();  // rewind: the index did not cover the KB's contigs
  }
  if (!used_index) {
    if (f.bcf) stream_bcf(sinks, f, path);
    else stream_vcf(sinks, f, path);
  }
  std::vector<Input> out(f.samples.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    Input& in = out[k];
    in.kind = "vcf";
    in.sample = f.samples[k];
    in.used_index = used_index;
    in.warnings = warnings;
    m.finish(sinks.picks[k], in, path);
  }
  return out;
}

}  // namespace

Input read_vcf(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& wanted, const VcfOptions& o) {
  hts_set_log_level(HTS_LOG_OFF);
  auto in = read_samples(b, wanted, open_vcf(o), o.path, o.allow_index, [&] { return open_vcf(o); });
  return std::move(in.front());
}

std::vector<Input> read_vcf_cohort(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& wanted,
                                   const CohortOptions& o) {
  hts_set_log_level(HTS_LOG_OFF);
  return read_samples(b, wanted, open_cohort(o.path, o.samples), o.path, o.allow_index,
                      [&] { return open_cohort(o.path, o.samples); });
}

}  // namespace kb::interp
