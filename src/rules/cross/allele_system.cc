// KB1007 allele-system. Why: a variant's `system` (format 1.1) says what its alleles are;
// an HLA name on a star variant, or a star name on a named site, can never match what a
// genotyping lab or PharmCAT reports for that system, so the records would silently
// never apply.
#include <regex>
#include <string>

#include "rules/cross/run.h"

namespace kb::rules::cross {
namespace {

using model::AlleleSystem;

/// The allele syntax of each system (record-format.md, "Variants: optional gene, allele
/// systems"); a locus variant keeps 1.0's named-allele form `*2`.
const std::regex& syntax(AlleleSystem s) {
  static const std::regex locus(R"(^([ACGT]+|-|\([ACGT]+\)[0-9]+|\*[0-9]+[A-Z]?)$)");
  static const std::regex star(R"(^\*[0-9]+[A-Z]?(\.[0-9]+)?(x([0-9]+|N))?$)");
  static const std::regex hla(R"(^\*[0-9]{2,}(:[0-9]{2,}){1,3}[NLSQ]?$)");
  static const std::regex named(R"(^[A-Za-z0-9][A-Za-z0-9_.+-]*$)");
  switch (s) {
    case AlleleSystem::kLocus: return locus;
    case AlleleSystem::kStar: return star;
    case AlleleSystem::kHla: return hla;
    case AlleleSystem::kNamed: return named;
  }
  return locus;
}

const char* example(AlleleSystem s) {
  switch (s) {
    case AlleleSystem::kLocus: return "nucleotides such as A or TTA, - for a deletion, (TA)7, or *2";
    case AlleleSystem::kStar: return "star alleles such as *1, *2A, *2.001, *1x2 or *2xN";
    case AlleleSystem::kHla: return "HLA names of at least two fields such as *58:01 or *57:01:01N";
    case AlleleSystem::kNamed: return "names such as L, S or null";
  }
  return "";
}

}  // namespace

void check_allele_system(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  for (const auto& v : idx.records().variants)
    for (std::size_t i = 0; i < v.alleles.size(); ++i) {
      const std::string& a = v.alleles[i];
      // Over-long values are the schema's (KB0105); std::regex must not see them.
      if (a.empty() || a.size() > 256 || std::regex_match(a, syntax(v.system))) continue;
      std::string system(model::system_name(v.system));
      out.push_back(make_diagnostic(
          Rule::kAlleleSystem, idx.where(i < v.allele_pos.size() ? v.allele_pos[i] : v.pos),
          "variant " + v.id + ": '" + a + "' is not an allele of system " + system +
              (v.system_text.empty() ? " (the default)" : "") + ", which takes " + example(v.system) +
              "; fix the allele or set the variant's system",
          v.id));
    }
}

KB_CROSS_RULE(kAlleleSystem, kCheap, check_allele_system);

}  // namespace kb::rules::cross
