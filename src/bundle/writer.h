#pragma once
/// \file
/// Compiles a checked knowledge base into a bundle (docs/bundle-format.md). The output
/// depends only on the records: everything is sorted by id, no paths are stored, and a
/// build time only when the caller passes SOURCE_DATE_EPOCH.

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "model/records.h"

namespace kb::bundle {

struct BundleOptions {
  /// Evidence statuses to include (accepted by default; `--include submitted` adds one).
  std::set<model::Status> statuses{model::Status::kAccepted};
  /// Stored as the build time when set (from SOURCE_DATE_EPOCH); nothing otherwise.
  std::optional<std::int64_t> source_date_epoch;
};

/// The bundle bytes for `kb`. Never throws for unusual records (dangling references get
/// kNoIndex); throws std::length_error only past the format's 4-billion-entry limits.
std::string build_bundle(const model::KnowledgeBase& kb, const BundleOptions& o = {});

}  // namespace kb::bundle
