#pragma once
/// \file
/// What changed between two bundles: records added, removed and changed field by field,
/// level and direction changes, contradictions introduced or resolved; and the version
/// bump those changes require (docs/versioning.md).

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bundle/semver.h"
#include "kbbundle/bundle.h"

namespace kb::bundle {

struct RecordKey {
  std::string kind;  ///< "gene", "variant", "drug", "phenotype", "evidence"
  std::string id;
  friend auto operator<=>(const RecordKey&, const RecordKey&) = default;
};

struct FieldChange {
  std::string field;
  std::string old_value, new_value;
};

struct RecordChange {
  RecordKey key;
  std::vector<FieldChange> fields;
};

/// A pair of contradicting evidence ids, smaller id first.
using ContradictionPair = std::pair<std::string, std::string>;

struct BundleDiff {
  std::string old_kb, old_version, new_kb, new_version;
  std::vector<RecordKey> added, removed;
  std::vector<RecordChange> changed;
  std::vector<ContradictionPair> contradictions_introduced, contradictions_resolved;
  bool empty() const {
    return added.empty() && removed.empty() && changed.empty() &&
           contradictions_introduced.empty() && contradictions_resolved.empty();
  }
};

/// Contradictory pairs among a bundle's active (accepted/submitted) evidence: same
/// variant, drug, phenotype and allele, one increased and one decreased, overlapping
/// contexts. On a two-allele variant "X increased" also means "the other decreased".
/// Genotype-only records are not compared (the checker's KB2001 does that).
std::set<ContradictionPair> bundle_contradictions(const kbbundle::Bundle& b);

/// Diffs two bundles. `old_contra`/`new_contra` override the contradiction sets (the
/// CLI passes KB2001 findings when both sides are KB directories).
BundleDiff diff_bundles(const kbbundle::Bundle& old_b, const kbbundle::Bundle& new_b,
                        const std::optional<std::set<ContradictionPair>>& old_contra = {},
                        const std::optional<std::set<ContradictionPair>>& new_contra = {});

/// The smallest version bump docs/versioning.md requires for `d`, at major version
/// `from_major` (0.x shifts every requirement down one step).
Bump required_bump(const BundleDiff& d, unsigned long long from_major);

/// Why `required_bump` says what it says: the first change of the highest class.
std::string bump_reason(const BundleDiff& d);

/// Renderings for `kbcheck diff --format`.
std::string render_text(const BundleDiff& d);
std::string render_json(const BundleDiff& d);
std::string render_markdown(const BundleDiff& d);

}  // namespace kb::bundle
