#pragma once
/// \file
/// Which format 1.1 features (record-format.md, "Format 1.1") a KB's records use: for
/// the warning under a 1.0 manifest (KB1010).

#include <string>
#include <vector>

#include "model/records.h"

namespace kb::model {

/// One use of a format 1.1 feature.
struct FeatureUse {
  std::string kind;     ///< record kind: variant, drug, evidence
  std::string record;   ///< the record's id
  std::string feature;  ///< e.g. "direction: associated", "context.qualifiers"
  Pos pos;              ///< where it is written
};

/// Every use of a 1.1 feature, in record order (variants, drugs, evidence).
std::vector<FeatureUse> format11_features(const RecordSet& records);

}  // namespace kb::model
