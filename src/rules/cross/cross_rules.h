#pragma once
/// \file
/// The cross-record rules, one function per rule file. Each appends its findings to
/// `out`; none throws for bad input. graph/cross_check.cc runs them all.

#include <vector>

#include "diag/diagnostic.h"
#include "pubmed/pubmed.h"
#include "rules/cross/kb_index.h"

namespace kb::rules::cross {

void check_dangling_references(const KbIndex& idx, std::vector<Diagnostic>& out);  // KB1001
void check_duplicate_ids(const KbIndex& idx, std::vector<Diagnostic>& out);        // KB1002
void check_manifest(const KbIndex& idx, std::vector<Diagnostic>& out);             // KB1003
void check_is_a_cycles(const KbIndex& idx, std::vector<Diagnostic>& out);          // KB1004
void check_orphans(const KbIndex& idx, std::vector<Diagnostic>& out);              // KB1005
void check_unknown_alleles(const KbIndex& idx, std::vector<Diagnostic>& out);      // KB1006
void check_contradictions(const KbIndex& idx, std::vector<Diagnostic>& out);  // KB2001-KB2003
void check_citation_consistency(const KbIndex& idx, std::vector<Diagnostic>& out);  // KB3001
/// KB3002-KB3005 against a loaded PubMed cache (nothing when the cache does not exist).
void check_pubmed_citations(const KbIndex& idx, const pubmed::PubmedCache& cache,
                            std::vector<Diagnostic>& out);
void check_levels(const KbIndex& idx, std::vector<Diagnostic>& out);  // KB4001

}  // namespace kb::rules::cross
