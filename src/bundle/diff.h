#pragma once
/// \file
/// What changed between two bundles: records added, removed and changed field by field,
/// level and direction changes, contradictions introduced or resolved (as the check's
/// claims index finds them, rules/cross/contradictions.h); and the version bump those
/// changes require (docs/versioning.md).

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bundle/semver.h"
#include "kbbundle/bundle.h"
#include "model/records.h"
#include "rules/cross/contradictions.h"

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

/// A pair of contradicting evidence ids, smaller id first (rules/cross decides).
using ContradictionPair = rules::cross::ContradictionPair;

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

/// One side of a diff: the bundle whose records are compared field by field, and the
/// same records as the model holds them, which the claims index (rules/cross) reads for
/// contradictions. For a KB directory, `kb` is the KB as loaded, restricted to the
/// evidence the bundle holds; its values as written are shown where the bundle cannot
/// hold them (an invalid `direction: up`). For a bundle file, `kb` is model_of(bundle).
struct DiffSide {
  const kbbundle::Bundle& bundle;
  const model::KnowledgeBase& kb;
};

/// The records of `b` as the model holds them, as far as the claims index reads them:
/// ids, variants' alleles, phenotypes' is_a, and each evidence record's claim and context.
model::KnowledgeBase model_of(const kbbundle::Bundle& b);

/// The KB2001 pairs among a bundle's evidence: rules::cross::contradiction_pairs of
/// model_of(b), the definition `kbcheck check` uses.
std::set<ContradictionPair> bundle_contradictions(const kbbundle::Bundle& b);

/// Diffs two sides; contradictions introduced and resolved come from the claims index
/// of each side's `kb`.
BundleDiff diff_bundles(const DiffSide& old_side, const DiffSide& new_side);

/// Diffs two bundles (each side's model is model_of(bundle)).
BundleDiff diff_bundles(const kbbundle::Bundle& old_b, const kbbundle::Bundle& new_b);

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
