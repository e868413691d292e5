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
#include <unordered_map>

#include "interp/genotype.h"
#include "interp/input.h"
#include "interp/vcf_match.h"

namespace kb::interp {
namespace {

struct HtsCloser {
  void operator()(htsFile* f) const { hts_close(f); }
  void operator()(bcf_hdr_t* h) const { bcf_hdr_destroy(h); }
  void operator()(bcf1_t* r) const { bcf_destroy(r); }
  void operator()(tbx_t* t) const { tbx_destroy(t); }
  void operator()(hts_idx_t* i) const { hts_idx_destroy(i); }
  void operator()(hts_itr_t* i) const { hts_itr_destroy(i); }
};
template <class T>
using Hts = std::unique_ptr<T, HtsCloser>;

/// A kstring_t that frees its buffer.
struct KString {
  kstring_t s = KS_INITIALIZE;
  KString() = default;
  KString(const KString&) = delete;
  KString& operator=(const KString&) = delete;
  ~KString() { ks_free(&s); }
};

/// An opened VCF/BCF with its header, subset to one sample.
struct VcfFile {
  Hts<htsFile> fp;
  Hts<bcf_hdr_t> hdr;
  bool bcf = false;
  std::string sample;
  int sample_index = 0;  ///< the sample's column in `hdr` (0 once the header is subset)
};

std::string list_samples(const bcf_hdr_t* h) {
  std::string s;
  int n = bcf_hdr_nsamples(h);
  for (int i = 0; i < n && i < 20; ++i) s += (i ? ", " : "") + std::string(h->samples[i]);
  if (n > 20) s += ", ... (" + std::to_string(n) + " in all)";
  return s;
}

VcfFile open_vcf(const VcfOptions& o) {
  VcfFile f;
  f.fp.reset(hts_open(o.path.c_str(), "r"));
  if (!f.fp) throw InputError("cannot read " + o.path + ": no such file or not readable; check the --vcf path");
  const htsFormat* fmt = hts_get_format(f.fp.get());
  if (fmt->category != variant_data || (fmt->format != vcf && fmt->format != bcf)) {
    char* d = hts_format_description(fmt);  // malloc'd by htslib
    std::string what = d ? d : "unknown data";
    std::free(d);
    throw InputError(o.path + " is not a VCF or BCF file (it reads as " + what +
                     "); give a VCF (plain, bgzipped) or BCF, or use --genotypes for a TSV");
  }
  f.bcf = fmt->format == bcf;
  f.hdr.reset(bcf_hdr_read(f.fp.get()));
  if (!f.hdr) throw InputError(o.path + ": the VCF header cannot be read; check the file with `bcftools view -h`");
  int n = bcf_hdr_nsamples(f.hdr.get());
  if (n == 0)
    throw InputError(o.path + " has no sample columns (a sites-only VCF); kbinterp needs a sample's FORMAT/GT");
  if (o.sample.empty()) {
    if (n > 1)
      throw InputError(o.path + " has " + std::to_string(n) + " samples; choose one with --sample NAME (" +
                       list_samples(f.hdr.get()) + ")");
    f.sample = f.hdr->samples[0];
  } else {
    if (bcf_hdr_id2int(f.hdr.get(), BCF_DT_SAMPLE, o.sample.c_str()) < 0)
      throw InputError("sample \"" + o.sample + "\" is not in " + o.path + "; its samples are: " +
                       list_samples(f.hdr.get()));
    f.sample = o.sample;
  }
  // Why: parsing only the chosen sample's FORMAT columns keeps multi-sample files fast.
  // htslib reads its argument as a list ("a,b", "^a" = all but a, "-" = all), so a name
  // with that syntax is not subset: its column is then picked by index in decode_gt.
  const std::string& name = f.sample;
  bool list_syntax = name == "-" || name.find(',') != name.npos || name.rfind('^', 0) == 0;
  if (!list_syntax && n > 1) {
    if (bcf_hdr_set_samples(f.hdr.get(), name.c_str(), 0) != 0 || bcf_hdr_nsamples(f.hdr.get()) != 1 ||
        name != f.hdr->samples[0])
      throw InputError(o.path + ": cannot select sample \"" + name + "\"");
  }
  f.sample_index = bcf_hdr_id2int(f.hdr.get(), BCF_DT_SAMPLE, name.c_str());
  if (f.sample_index < 0) throw InputError(o.path + ": cannot select sample \"" + name + "\"");
  return f;
}

/// The record's location as "CHROM:POS" for messages.
std::string site_name(const bcf_hdr_t* h, const bcf1_t* r) {
  return std::string(bcf_seqname_safe(h, r)) + ":" + std::to_string(r->pos + 1);
}

/// Decodes the chosen sample's GT (column `sample`) into allele indexes; sets `state`.
std::vector<int> decode_gt(const bcf_hdr_t* h, bcf1_t* r, int sample, SiteCall::State& state) {
  std::vector<int> idx;
  // Why: htslib's bcf_get_format_values calls exit(1) when the stored GT is not an integer
  // vector. Text VCF stores a GT the sample's column leaves out ("DP:GT" with "12") as
  // BCF_BT_NULL; a malformed BCF can store any type. Both are answered here instead.
  if (const bcf_fmt_t* fmt = bcf_get_fmt(h, r, "GT");
      fmt && fmt->type != BCF_BT_INT8 && fmt->type != BCF_BT_INT16 && fmt->type != BCF_BT_INT32) {
    state = fmt->type == BCF_BT_NULL ? SiteCall::kNoGt : SiteCall::kBadType;
    return idx;
  }
  int32_t* gt = nullptr;
  int ngt_arr = 0;
  int ngt = bcf_get_genotypes(h, r, &gt, &ngt_arr);
  std::unique_ptr<int32_t, decltype(&std::free)> guard(gt, &std::free);
  if (ngt <= 0) {
    state = SiteCall::kNoGt;
    return idx;
  }
  // ngt holds every kept sample's GT (the header's count, as htslib sizes it), each padded
  // to the record's largest ploidy.
  int nsamples = bcf_hdr_nsamples(h);
  if (nsamples <= 0 || sample >= nsamples || ngt % nsamples != 0) {
    state = SiteCall::kNoGt;
    return idx;
  }
  int ploidy = ngt / nsamples;
  bool missing = false;
  for (int i = sample * ploidy; i < (sample + 1) * ploidy; ++i) {
    if (gt[i] == bcf_int32_vector_end) break;
    if (bcf_gt_is_missing(gt[i])) {
      missing = true;
      continue;
    }
    int a = bcf_gt_allele(gt[i]);
    if (a < 0 || a >= r->n_allele) {
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

/// Reads one record (already parsed) and offers it to the matcher.
void offer_record(VcfMatcher& m, const VcfFile& f, bcf1_t* rec, const std::vector<std::uint32_t>& cands,
                  const std::vector<bool>& by_id) {
  bcf_unpack(rec, BCF_UN_STR);
  SiteCall sc;
  sc.gt = decode_gt(f.hdr.get(), rec, f.sample_index, sc.state);
  sc.site = site_name(f.hdr.get(), rec);
  sc.alleles = site_alleles(rec);
  std::string_view id = rec->d.id ? rec->d.id : ".";
  sc.ids = id;
  for (std::size_t i = 0; i < cands.size(); ++i) m.offer(cands[i], by_id[i], sc);
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
void stream_vcf(VcfMatcher& m, VcfFile& f, const std::string& path) {
  Hts<bcf1_t> rec(bcf_init());
  KString ks;
  kstring_t& line = ks.s;
  std::vector<std::uint32_t> cands;
  std::vector<bool> by_id;
  std::size_t lineno = 0;
  int ret;
  while ((ret = hts_getline(f.fp.get(), KS_SEP_LINE, &line)) >= 0) {
    ++lineno;
    std::string_view l(line.s, line.l), chrom, id;
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
    offer_record(m, f, rec.get(), cands, by_id);
  }
  if (ret < -1) throw InputError(path + ": read error (truncated or corrupt compressed data?)");
}

/// Streams a BCF (binary records are cheap to decode; the ID needs BCF_UN_STR).
void stream_bcf(VcfMatcher& m, VcfFile& f, const std::string& path) {
  Hts<bcf1_t> rec(bcf_init());
  std::vector<std::uint32_t> cands;
  std::vector<bool> by_id;
  int ret;
  while ((ret = bcf_read(f.fp.get(), f.hdr.get(), rec.get())) == 0) {
    bcf_unpack(rec.get(), BCF_UN_STR);
    candidates_for(m, bcf_seqname_safe(f.hdr.get(), rec.get()), rec->pos + 1, rec->d.id ? rec->d.id : ".", cands,
                   by_id);
    if (!cands.empty()) offer_record(m, f, rec.get(), cands, by_id);
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
bool query_regions(VcfMatcher& m, VcfFile& f, const std::string& path) {
  // Why: an index seeks in BGZF blocks. Beside a plain or gzip-compressed file (an index
  // copied or left from another file) htslib would seek in the wrong kind of stream.
  if (hts_get_format(f.fp.get())->compression != bgzf) return false;
  Hts<tbx_t> tbx;
  Hts<hts_idx_t> idx;
  if (f.bcf) idx.reset(bcf_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
  else tbx.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
  if (!idx && !tbx) return false;
  std::vector<std::pair<int, std::int64_t>> queries;
  for (const auto& [chrom, pos1] : m.locations()) {
    int tid = find_tid(f, tbx.get(), chrom);
    if (tid < 0) return false;
    queries.emplace_back(tid, pos1);
  }
  Hts<bcf1_t> rec(bcf_init());
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
    Hts<hts_itr_t> itr(tbx ? tbx_itr_queryi(tbx.get(), tid, pos1 - 1, pos1) : bcf_itr_queryi(idx.get(), tid, pos1 - 1, pos1));
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
      if (!cands.empty()) offer_record(m, f, rec.get(), cands, by_id);
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

}  // namespace

Input read_vcf(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& wanted, const VcfOptions& o) {
  hts_set_log_level(HTS_LOG_OFF);  // Why: kbinterp reports problems itself, with advice.
  VcfFile f = open_vcf(o);
  VcfMatcher m(b, wanted);
  Input in;
  in.kind = "vcf";
  in.sample = f.sample;
  if (auto a = header_assembly(header_text(f.hdr.get()))) {
    // Why: a position on another assembly is another place; rsIDs still match.
    if (std::size_t n = m.drop_locations_not_on(*a); n)
      in.warnings.push_back({"", "the VCF header says " + *a + " but " + std::to_string(n) +
                                     " KB variant location(s) are on another assembly; those variants are matched by "
                                     "rsID only"});
  }
  bool all_located = m.all_located();
  if (o.allow_index && all_located && !m.locations().empty()) {
    // Why: a region query per KB position reads kilobytes of a whole-genome file.
    bool done = query_regions(m, f, o.path);
    if (done) {
      in.used_index = true;
    } else {
      f = open_vcf(o);  // rewind: the index did not cover the KB's contigs
    }
  }
  if (!in.used_index) {
    if (f.bcf) stream_bcf(m, f, o.path);
    else stream_vcf(m, f, o.path);
  }
  m.finish(in, o.path);
  return in;
}

}  // namespace kb::interp
