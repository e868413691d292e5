#pragma once
/// \file
/// Finding contradicting evidence (KB2001–KB2003) as pairs of records, for the rule and
/// for the graph export, which highlights them.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rules/cross/kb_index.h"

namespace kb::rules::cross {

enum class ConflictKind : std::uint8_t {
  kContradiction,  ///< KB2001: increased vs decreased
  kConflicting,    ///< KB2002: increased/decreased vs no-association
  kPossible,       ///< KB2003: opposite directions, phenotype vs its is_a ancestor
};

/// One pair of evidence records (indices into records().evidence); `later` > `earlier`.
struct Conflict {
  std::uint32_t later = 0;
  std::uint32_t earlier = 0;
  ConflictKind kind = ConflictKind::kContradiction;
  std::string message;  ///< names both records; ends with the "and N more" note if capped
};

/// Conflicting pairs of one (variant, drug) group that context qualifiers keep apart
/// (KB2004): the first such pair, the key that separates it and how many there are.
struct Separation {
  std::uint32_t later = 0, earlier = 0;  ///< evidence indices of the first pair
  std::string key;                       ///< the qualifier key whose values differ
  std::uint64_t pairs = 0;
  std::string subject, drug;             ///< the variant (or gene) and drug ids
};

/// Findings kept per (variant, drug) group; the rest are counted in a final note.
inline constexpr std::size_t kConflictsPerGroup = 50;

/// Every conflicting pair among active records, at most `cap_per_group` per (variant,
/// drug), ordered by group (first appearance), then (later, earlier). Runs in about
/// O(n log n): claims are bucketed, and pairs are counted per direction/context class,
/// never enumerated beyond the cap. With `involved`, also marks (by evidence index) every
/// record in any conflicting pair, listed or beyond the cap.
/// With `separated`, also lists per group the pairs that would conflict but for their
/// qualifiers.
std::vector<Conflict> find_conflicts(const KbIndex& idx,
                                     std::size_t cap_per_group = kConflictsPerGroup,
                                     std::vector<bool>* involved = nullptr,
                                     std::vector<Separation>* separated = nullptr);

/// The conflicts KB2001–KB2003 report (kConflictsPerGroup per group) and the
/// separations KB2004 reports, from one run of find_conflicts.
struct ConflictScan {
  std::vector<Conflict> conflicts;
  std::vector<Separation> separated;
};

/// The ConflictScan of `idx`, computed once and shared by the rules that report it.
const ConflictScan& conflict_scan(const KbIndex& idx);

/// The rule a conflict is reported as (KB2001, KB2002 or KB2003).
RuleId conflict_rule(ConflictKind k);

/// A pair of contradicting evidence ids, smaller id first.
using ContradictionPair = std::pair<std::string, std::string>;

/// Every pair `kbcheck check` reports as KB2001 for `kb`, by record id, with no cap:
/// the one definition of contradiction, which `kbcheck diff` asks on both sides.
std::set<ContradictionPair> contradiction_pairs(const model::KnowledgeBase& kb);

}  // namespace kb::rules::cross
