#pragma once
/// \file
/// Matching VCF records to KB variants, independent of htslib (so it is unit-testable):
/// which KB variants a record may be, which record wins when several are, and how its
/// GT allele indexes map to the KB's allele names.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "interp/input.h"
#include "kbbundle/bundle.h"

namespace kb::interp {

/// One VCF record as the matcher sees it: the chosen sample's call at one site.
struct SiteCall {
  enum State { kCalled, kMissing, kHalf, kNoGt, kBadIndex, kBadType, kPolyploid };
  State state = kCalled;
  std::string site;                  ///< "CHROM:POS" as written in the file
  std::vector<std::string> alleles;  ///< REF, then the ALTs
  std::vector<int> gt;               ///< allele indexes, sorted (phase dropped); empty unless called
  std::string_view ids;              ///< the ID column ("rs1;rs2" or ".")
};

/// "chr15" -> "15", "chrM"/"M" -> "MT", otherwise as written.
std::string normalise_contig(std::string_view chrom);
/// The spellings a file may use for a normalised contig ("15" -> {"15", "chr15"}).
std::vector<std::string> contig_spellings(std::string_view norm);
/// The assembly a VCF header names (##reference, ##contig assembly= or chr1's length):
/// "GRCh37", "GRCh38" or nothing when it does not say or says both.
std::optional<std::string> header_assembly(std::string_view header);

/// Collects the best VCF record for each wanted KB variant.
class VcfMatcher {
 public:
  VcfMatcher(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& wanted);

  /// Appends the wanted variants named in an ID column (";"-separated rsIDs or ids).
  void lookup_ids(std::string_view ids, std::vector<std::uint32_t>& out) const;
  /// Appends the wanted variants located at chrom:pos1 (any "chr" spelling).
  void lookup_location(std::string_view chrom, std::int64_t pos1, std::vector<std::uint32_t>& out) const;
  /// The distinct (normalised contig, position) pairs of the wanted variants.
  std::vector<std::pair<std::string, std::int64_t>> locations() const;
  /// True when every wanted variant has a usable location.
  bool all_located() const;
  /// Stops matching by location the variants whose assembly is not `assembly`; returns
  /// how many were affected.
  std::size_t drop_locations_not_on(const std::string& assembly);
  /// The assemblies of the wanted variants' locations.
  std::vector<std::string> assemblies() const;

  struct Candidate {
    Call call;
    int rank = 0;  ///< lower is better: 0 rsID + alleles fit ... 3 location only, poor fit
    std::vector<std::string> notes;
    std::vector<std::string> carried;  ///< called alleles other than the site's REF
    /// The other records for the variant, not used: where, and the alleles they carry.
    std::vector<std::pair<std::string, std::vector<std::string>>> others;
  };
  /// One sample's chosen records so far: a cohort keeps one per sample and shares the
  /// lookup tables (memory: KB variants x samples).
  struct Picks {
    std::map<std::uint32_t, Candidate> best;
    std::map<std::uint32_t, std::vector<std::string>> rejected;  ///< location hits with foreign alleles
  };

  /// Offers a record that names variant `v` (by ID column when `by_id`, else by location).
  void offer(std::uint32_t v, bool by_id, const SiteCall& sc) { offer(picks_, v, by_id, sc); }
  /// The same for one sample of a cohort.
  void offer(Picks& p, std::uint32_t v, bool by_id, const SiteCall& sc) const;
  /// Moves the chosen calls and their warnings into `in`; `path` prefixes origins.
  void finish(Input& in, const std::string& path) { finish(picks_, in, path); }
  /// The same for one sample of a cohort.
  void finish(Picks& p, Input& in, const std::string& path) const;

 private:
  /// Warns about the records `c` won over; un-calls `c` when one of them carries an
  /// allele its call lacks.
  static void report_others(const std::string& id, Candidate& c, Input& in);
  using PosMap = std::unordered_map<std::int64_t, std::vector<std::uint32_t>>;

  const kbbundle::Bundle& b_;
  std::vector<std::uint32_t> wanted_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_id_;
  std::unordered_map<std::string, PosMap> by_loc_;
  std::vector<bool> located_;  ///< by wanted_ position
  Picks picks_;  ///< the single-sample run's
  mutable std::string last_chrom_;
  mutable const PosMap* last_map_ = nullptr;

  void index_location(std::uint32_t v);
  std::string id_of(std::uint32_t v) const { return std::string(b_.str(b_.variants()[v].id)); }
};

/// Maps site alleles to KB allele names: literally, or, when the KB writes a deletion as
/// "-", by dropping the VCF's shared anchor base (REF CA, ALT C -> "A", "-").
std::vector<std::string> map_site_alleles(const std::vector<std::string>& site,
                                          const std::vector<std::string>& kb);

}  // namespace kb::interp
