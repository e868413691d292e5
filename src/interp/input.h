#pragma once
/// \file
/// A sample's calls at the KB's variants, read from a VCF/BCF or a genotypes TSV.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "interp/genotype.h"
#include "kbbundle/bundle.h"

namespace kb::interp {

/// A failure of the run itself (unreadable or malformed input, unknown sample...):
/// kbinterp prints the message and exits with status 2. Messages say what to do.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The sample's genotype at one KB variant.
struct Call {
  std::uint32_t variant = 0;  ///< index into Bundle::variants()
  Genotype genotype;          ///< empty when the input has the variant but no call
  std::string source;         ///< "vcf" or "genotypes"
  std::string origin;         ///< where it came from, for messages ("in.vcf 15:51210647", "g.tsv:3")
};

/// Something the reader noticed that the report must show (allele mismatch, half call...).
struct Warning {
  std::string variant;  ///< the KB variant id concerned, or empty for the whole input
  std::string message;
};

/// Something the input says that kbinterp cannot decide against the KB: an allele not
/// in the KB's allele system of that variant, a phenotype that is no CPIC term, a gene
/// the KB does not know. Listed in every report, never dropped.
struct Undecided {
  std::string subject;  ///< the KB variant id or the gene, as written
  std::string value;    ///< what the input said ("*1/*99", "Fast Metabolizer")
  std::string reason;   ///< why it cannot be decided
  std::string origin;   ///< "calls.tsv:3"
};

/// A gene's phenotype from an outside call (--calls), as a CPIC term.
struct PhenotypeCall {
  std::string gene;
  std::string value;    ///< the CPIC term, lower case ("normal metabolizer")
  std::string written;  ///< as the file wrote it ("Extensive Metabolizer")
  std::string activity; ///< the activity score column, as written (may be empty)
  std::string origin;   ///< "calls.tsv:2"
};

/// Everything read from the input.
struct Input {
  std::string sample;                    ///< sample name ("" for a TSV)
  std::map<std::uint32_t, Call> calls;   ///< by variant index
  std::vector<Warning> warnings;
  bool used_index = false;               ///< the VCF was read by region queries
  std::string kind;                      ///< "vcf", "genotypes" or "calls" (only --calls)
  std::vector<Undecided> undecided;
  std::map<std::string, PhenotypeCall, std::less<>> phenotypes;  ///< by gene
};

/// How to read a VCF.
struct VcfOptions {
  std::string path;
  std::string sample;        ///< empty: the only sample in the file
  bool allow_index = true;   ///< use .tbi/.csi region queries when possible
};

/// Reads the calls of the variants `wanted` (indexes into b.variants()) from a VCF,
/// bgzipped VCF or BCF. Throws InputError.
Input read_vcf(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& wanted, const VcfOptions& o);

/// How to read a VCF for a cohort (--all-samples, --samples FILE).
struct CohortOptions {
  std::string path;
  std::vector<std::string> samples;  ///< empty: every sample of the file, in file order
  bool allow_index = true;
};

/// Reads the calls of `wanted` for several samples in one pass over the file; one Input
/// per sample, in o.samples (or file) order, each equal to what read_vcf gives for that
/// sample alone. Throws InputError (a --samples name not in the file, read errors).
std::vector<Input> read_vcf_cohort(const kbbundle::Bundle& b, const std::vector<std::uint32_t>& wanted,
                                   const CohortOptions& o);

/// Reads a genotypes TSV and resolves its variants against the bundle (by id or rsID).
/// Unknown variants and alleles the KB does not list become warnings. Throws InputError.
Input read_genotypes_tsv(const kbbundle::Bundle& b, const std::string& path);

/// Reads a PharmCAT outside-call TSV (--calls) into `in`: diplotypes become calls at the
/// gene's star or HLA variant, phenotypes become PhenotypeCalls; what cannot be decided
/// is added to in.undecided. A variant `in` already has a call for is an error. Throws
/// InputError naming FILE:LINE.
void read_calls_tsv(const kbbundle::Bundle& b, const std::string& path, Input& in);

/// Reads a regular file of at most 64 MiB (TSV inputs); `option` names the flag in
/// messages. Throws InputError.
std::string read_small_file(const std::string& path, const std::string& option);

}  // namespace kb::interp
