#pragma once
/// \file
/// Contig names and assemblies of a dbSNP VCF (docs/import-pharmgkb.md, "dbSNP: alleles
/// and locations"): RefSeq chromosome accessions (`NC_000007.14`), `chr7` and `7` become
/// the record format's chromosome (1-22, X, Y, MT); an accession or header naming an
/// assembly other than GRCh38 is told apart so that kbimport can refuse the file.

#include <string>
#include <string_view>

namespace kb::import {

/// What a VCF contig name says.
struct ContigName {
  enum Kind {
    kGrch38,         ///< a GRCh38 RefSeq chromosome accession (NC_000007.14, NC_012920.1)
    kPlain,          ///< `7`, `chr7`, `chrM`: a chromosome; the assembly is the header's
    kOtherAssembly,  ///< an NC_ chromosome accession of another assembly (NC_000007.13: GRCh37)
    kNotChromosome,  ///< anything else: unplaced, alt and patch contigs (NT_, NW_, chrUn_...)
  };
  Kind kind = kNotChromosome;
  std::string chrom;     ///< 1-22, X, Y or MT for kGrch38, kPlain and kOtherAssembly
  std::string assembly;  ///< kOtherAssembly: "GRCh37", or "an assembly other than GRCh38"
};

/// Classifies one contig name.
ContigName classify_contig(std::string_view name);

/// What a VCF header says about its assembly.
struct HeaderAssembly {
  std::string other;    ///< why it is not GRCh38 ("##reference=GRCh37.p13"), or empty
  bool grch38 = false;  ///< it names GRCh38 (a tag, a GRCh38 accession, chr1's length)
};

/// Reads `##reference=`, `##assembly=` and `##contig=` lines: the words GRCh37, hg19,
/// b37, hs37d5, g1k_v37, NCBI36, hg18 (whole words: `b37` inside an md5 says nothing),
/// contig IDs that are older RefSeq accessions, and chr1's length (249250621 is GRCh37's).
HeaderAssembly header_assembly(std::string_view header);

}  // namespace kb::import
