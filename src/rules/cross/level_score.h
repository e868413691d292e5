#pragma once
/// \file
/// Evidence-level scoring (docs/evidence-levels.md): points per publication by design,
/// size and significance, a replication bonus, and a penalty for conflicting evidence.

#include <string>
#include <vector>

#include "model/records.h"

namespace kb::rules::cross {

/// Points one record's study earns (before replication and conflicts).
double record_points(const model::Evidence& e);

/// "PMID 24065098", "DOI 10.1/x", or "unpublished EV0001".
std::string publication_key(const model::Evidence& e);

/// Rank of a PharmGKB level: 1A=5, 1B=4, 2A=2B=3, 3=2, 4=1; 0 for anything else.
int level_rank(std::string_view level);

/// A publication's contribution: its best record's points.
struct Publication {
  std::string key;
  std::string description;  ///< "PMID 24065098, cohort n=272: 6 points"
  double points = 0;
  bool weak_design = false;  ///< in-vitro or case-report only
};

/// The score of a claim from its supporting and conflicting publications.
struct ClaimScore {
  std::vector<Publication> supporting;
  std::vector<Publication> conflicting;
  double score = 0;
  int allowed_rank = 0;  ///< the highest level rank the evidence supports
  std::string explain() const;
};

/// Scores a claim from the records that support it and those that conflict with it.
ClaimScore score_claim(const std::vector<const model::Evidence*>& supporting,
                       const std::vector<const model::Evidence*>& conflicting);

/// "level 1B needs >= 2 independent publications and >= 25 points".
std::string requirement(std::string_view level);

}  // namespace kb::rules::cross
