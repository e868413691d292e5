#pragma once
/// \file
/// What dbSNP says about one imported rsID variant, and what the import does with it
/// (`kbimport pharmgkb --dbsnp`, docs/import-pharmgkb.md "dbSNP: alleles and locations"):
/// a location, a single-allele variant completed with dbSNP's REF and ALTs, the reference
/// allele put first, or a note why nothing was taken. No htslib here: dbsnp.h reads the
/// file, this decides.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kb::import {

/// One dbSNP site of an rsID: a GRCh38 chromosome (1-22, X, Y, MT), the VCF POS, and
/// the alleles, REF first then the ALTs, upper case, as the VCF writes them (indels with
/// their anchor base). Records of one rsID at the same chrom, POS and REF are one site.
struct DbsnpSite {
  std::string chrom;
  std::int64_t pos = 0;
  std::vector<std::string> alleles;
};

/// A variant's location in the record format (`location: {assembly, chrom, pos}`).
struct VariantLocation {
  std::string assembly, chrom;
  std::int64_t pos = 0;
};

/// What became of one rsID variant.
enum class DbsnpOutcome {
  kNotFound,      ///< the rsID is not in the file (or only on unplaced/alt contigs)
  kLocated,       ///< alleles agree: location written (alleles possibly reordered REF first)
  kCompleted,     ///< one allele in the rows: completed from dbSNP, location written
  kMismatch,      ///< an allele of the rows is not dbSNP's: nothing taken
  kSeveralSites,  ///< dbSNP places the rsID at several positions (or REFs): nothing taken
};

/// The verdict for one variant.
struct DbsnpVerdict {
  DbsnpOutcome outcome = DbsnpOutcome::kNotFound;
  std::vector<std::string> alleles;  ///< the variant's alleles afterwards (REF first when located)
  std::optional<VariantLocation> location;
  std::string note;  ///< for the rows of the variant; empty when there is nothing to say
};

/// Matches the alleles the rows give for `rsid` (ordered, any number) against its dbSNP
/// `sites`. The rows' alleles are never rewritten: they are kept, reordered with REF
/// first, or completed with dbSNP's REF and ALTs when the rows name only one of them.
DbsnpVerdict match_dbsnp(const std::string& rsid, const std::vector<std::string>& alleles,
                         const std::vector<DbsnpSite>& sites);

/// A site's alleles in the record format's spelling: bases other than ACGT (symbolic
/// `<DEL>`, `*`, `N`) are dropped (a REF that is not ACGT: nothing); an indel whose
/// alleles share the VCF anchor base loses it, the empty allele becoming "-"
/// (REF `CT`, ALT `C` -> `T`, `-`), as kbinterp reads VCFs.
std::vector<std::string> record_alleles(const std::vector<std::string>& vcf_alleles);

/// The reverse complement of a nucleotide string ("AC" -> "GT"); "-" stays "-".
std::string reverse_complement(const std::string& bases);

}  // namespace kb::import
