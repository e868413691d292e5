#pragma once
/// \file
/// Reads a dbSNP VCF or BCF (plain, bgzipped or gzipped; htslib) for `kbimport pharmgkb
/// --dbsnp`: one pass over the file, keeping only the records whose ID is one of the
/// rsIDs asked for, so memory grows with those rsIDs, not with the file.

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "import/dbsnp_match.h"

namespace kb::import {

/// A dbSNP file that cannot be used (unreadable, not a VCF/BCF, truncated, not GRCh38);
/// what() names the file.
class DbsnpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a pass over the file found.
struct DbsnpScan {
  std::map<std::string, std::vector<DbsnpSite>> sites;  ///< rsID -> its sites, in file order
  std::size_t records = 0;                              ///< data records read
  bool header_grch38 = false;  ///< the header names GRCh38 (else its positions are taken as GRCh38)
};

/// Opens `path` and reads its header: throws DbsnpError when it is not a readable VCF or
/// BCF, its bgzip end-of-file marker is missing, or the header names another assembly
/// than GRCh38. Returns whether the header names GRCh38.
bool check_dbsnp(const std::string& path);

/// Streams the whole file once. Records on contigs that are not chromosomes (unplaced,
/// alt, patch) are passed over; a record on another assembly's chromosome accession
/// (NC_000007.13) throws DbsnpError, as do a truncated or corrupt file and a malformed
/// record. `rsids` are "rs123" strings. Throws kb::import::Interrupted at a signal.
DbsnpScan scan_dbsnp(const std::string& path, const std::vector<std::string>& rsids);

}  // namespace kb::import
