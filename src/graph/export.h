#pragma once
/// \file
/// The gene–variant–allele–drug–phenotype–evidence graph export (docs/graph.md). The
/// cross-record rules it highlights live in rules/cross/ (run.h runs them).

#include <ostream>

#include "model/records.h"

namespace kb::graph {

enum class ExportFormat { kDot, kGraphml };

/// The gene–variant–allele–drug–phenotype–evidence graph, contradictions highlighted.
/// Output is deterministic (vertices and edges in KB order).
void export_graph(const model::KnowledgeBase& kb, ExportFormat f, std::ostream& out);

}  // namespace kb::graph
