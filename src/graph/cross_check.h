#pragma once
/// \file
/// The cross-record pass (KB1001–KB4001) and the gene–variant–allele–drug–phenotype–
/// evidence graph export. See docs/graph.md and docs/rules/KB1001.md onwards.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "model/records.h"

namespace kb::graph {

struct CrossCheckOptions {
  std::string pubmed_cache_dir;  ///< dir of PubMed efetch XML files (*.xml); empty = none
  std::size_t max_xml_bytes = 256u << 20;  ///< larger cache files are refused (KB3005)
  unsigned jobs = 1;  ///< threads for independent rule families
};

/// Runs every cross-record rule (KB1001–KB4001) on a loaded KB, appending findings.
void run_cross_record_rules(const model::KnowledgeBase& kb, const CrossCheckOptions& opts,
                            std::vector<Diagnostic>& out);

enum class ExportFormat { kDot, kGraphml };

/// The gene–variant–allele–drug–phenotype–evidence graph, contradictions highlighted.
/// Output is deterministic (vertices and edges in KB order).
void export_graph(const model::KnowledgeBase& kb, ExportFormat f, std::ostream& out);

}  // namespace kb::graph
