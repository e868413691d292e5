#pragma once
/// \file
/// The check pipeline every command that reads a KB runs, in the order mold's main
/// reads: find files, load and validate them in parallel, per-record rules, then the
/// cross-record graph. Commands decide what to write from the result.

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "model/records.h"
#include "yaml/loader.h"

namespace kb::cli {

struct PipelineOptions {
  std::vector<std::string> paths{"kb"};  ///< KB directories or files inside one
  bool cross_record = true;              ///< false for `lint`
  bool build_model = true;               ///< false: count records, keep no model (`lint`)
  unsigned jobs = 0;                     ///< 0: one per core
  std::size_t max_file_bytes = 16u << 20;
  yaml::LoadLimits limits;
  std::string pubmed_cache;  ///< PubMed efetch XML cache dir; empty: <kb>/citations/pubmed
  std::string schema_dir;    ///< empty: the schemas compiled into kbcheck
  std::string cache_dir;     ///< --cache DIR (cli/file_cache.h); empty: no cache
};

/// Wall time of one pipeline phase, for --stats.
struct PhaseTime {
  std::string name;
  double seconds = 0;
};

struct PipelineResult {
  model::KnowledgeBase kb;
  std::vector<Diagnostic> diagnostics;  ///< sorted
  std::size_t files = 0;
  std::size_t records = 0;  ///< records read, whether or not the model was built
  std::string failure;  ///< non-empty: the run itself failed (exit 2), with this message
  std::vector<PhaseTime> phases;  ///< in run order
  std::size_t cache_hits = 0;     ///< files whose findings came from --cache
  std::string cache_problem;      ///< non-empty: the cache dir was unusable (run went on without it)
};

/// Runs the pipeline. Never throws for bad input: problems are diagnostics.
PipelineResult run_pipeline(const PipelineOptions& options);

}  // namespace kb::cli
