#pragma once
/// \file
/// The rule registry: every rule id kbcheck can report, in one table. Each id has a
/// slug (used in JSON output and docs), a default severity, the phase that runs it, and
/// a one-line summary. docs/rules/<ID>.md documents each; a test enforces that.
///
/// Rules are named in code by typed ids generated from the table, as ruff's `Rule` enum:
///
///     make_diagnostic(Rule::kInvalidEnumValue, where, message);   // KB0103
///     make_diagnostic("KB0103", where, message);   // the same, checked at compile time
///
/// `RuleId` is built from a `Rule` or, at compile time only (consteval), from a registered
/// id string; an unknown id does not compile. Adding a rule: a row in KB_RULE_TABLE,
/// docs/rules/<ID>.md, good and bad tests (tools/add-rule does all three).

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "diag/severity.h"

namespace kb {

/// Which pass of the pipeline reports a rule.
enum class RulePhase { kLoad, kSchema, kRecord, kGraph };

/// One row of the registry.
struct RuleInfo {
  std::string_view id;    ///< "KB0103"
  std::string_view name;  ///< "invalid-enum-value"
  Severity severity;
  RulePhase phase;
  std::string_view summary;
};

// clang-format off
/// The registry, ordered by id: X(constant, id, slug, severity, phase, summary).
#define KB_RULE_TABLE(X) \
  /* Loading: the file and its YAML. */ \
  X(kYamlSyntax, "KB0001", "yaml-syntax", kError, kLoad, "the file is not well-formed YAML") \
  X(kDuplicateKey, "KB0002", "duplicate-key", kError, kLoad, "a mapping repeats a key") \
  X(kInvalidUtf8, "KB0003", "invalid-utf8", kError, kLoad, "the file is not valid UTF-8") \
  X(kNotAMapping, "KB0004", "not-a-mapping", kError, kLoad, "a document is not a mapping") \
  X(kUnknownKind, "KB0005", "unknown-kind", kError, kLoad, "a document's kind is missing or unknown") \
  X(kYamlAlias, "KB0006", "yaml-alias", kError, kLoad, "records may not use YAML anchors, aliases or tags") \
  X(kInputLimit, "KB0007", "input-limit", kError, kLoad, "an input limit (size, depth, documents) was exceeded") \
  X(kUnreadableFile, "KB0008", "unreadable-file", kError, kLoad, "a file or directory of the KB cannot be read") \
  X(kNonScalarKey, "KB0009", "non-scalar-key", kError, kLoad, "a mapping key is not a plain scalar") \
  /* Schema: one JSON Schema per kind (schema/KIND.schema.json). */ \
  X(kUnknownField, "KB0101", "unknown-field", kError, kSchema, "a field the schema does not define") \
  X(kMissingField, "KB0102", "missing-field", kError, kSchema, "a required field is missing") \
  X(kInvalidEnumValue, "KB0103", "invalid-enum-value", kError, kSchema, "a value outside the field's vocabulary") \
  X(kWrongType, "KB0104", "wrong-type", kError, kSchema, "a value of the wrong type") \
  X(kPatternMismatch, "KB0105", "pattern-mismatch", kError, kSchema, "a string that does not match the field's pattern") \
  X(kOutOfRange, "KB0106", "out-of-range", kError, kSchema, "a number or length outside its allowed range") \
  X(kSchemaViolation, "KB0107", "schema-violation", kError, kSchema, "any other schema constraint") \
  /* Per-record rules JSON Schema cannot express. */ \
  X(kAlleleOrGenotypes, "KB0201", "allele-or-genotypes", kError, kRecord, "evidence gives exactly one of allele or genotypes") \
  X(kGenotypeSyntax, "KB0202", "genotype-syntax", kError, kRecord, "a genotype is not an unphased X/Y pair of alleles") \
  X(kValueOutsideCi, "KB0203", "value-outside-ci", kError, kRecord, "a statistic's value lies outside its confidence interval") \
  X(kSelfComparison, "KB0204", "self-comparison", kError, kRecord, "compared_to names the claim's own allele or genotype") \
  X(kInvalidDate, "KB0205", "invalid-date", kError, kRecord, "a curation date is not a real ISO date") \
  /* Cross-record: references and the graph. */ \
  X(kDanglingReference, "KB1001", "dangling-reference", kError, kGraph, "a reference to an id no record defines") \
  X(kDuplicateId, "KB1002", "duplicate-id", kError, kGraph, "two records of one kind share an id") \
  X(kManifest, "KB1003", "manifest", kError, kGraph, "the KB needs exactly one knowledge-base manifest") \
  X(kIsACycle, "KB1004", "is-a-cycle", kError, kGraph, "the phenotype is_a relation has a cycle") \
  X(kOrphan, "KB1005", "orphan", kInfo, kGraph, "a gene or variant nothing refers to") \
  X(kUnknownAllele, "KB1006", "unknown-allele", kError, kGraph, "an allele or genotype that is not of the record's variant") \
  X(kAlleleSystem, "KB1007", "allele-system", kError, kGraph, "an allele whose syntax does not fit the variant's allele system") \
  X(kGroupMember, "KB1008", "group-member", kError, kGraph, "a drug group member that is unknown, a group itself, or the group") \
  X(kQualifierValue, "KB1009", "qualifier-value", kWarning, kGraph, "a recommended context qualifier key with a value outside its list") \
  X(kFormatFeature, "KB1010", "format-feature", kWarning, kGraph, "a format 1.1 feature in a KB whose manifest says format 1.0") \
  /* Cross-record: what records say about each other. */ \
  X(kContradictoryEvidence, "KB2001", "contradictory-evidence", kError, kGraph, "the same allele is said to raise and lower the same phenotype") \
  X(kConflictingEvidence, "KB2002", "conflicting-evidence", kWarning, kGraph, "an association and a no-association for the same allele") \
  X(kPossibleContradiction, "KB2003", "possible-contradiction", kWarning, kGraph, "opposite directions for a phenotype and its is_a ancestor") \
  X(kQualifierSeparated, "KB2004", "qualifier-separated", kInfo, kGraph, "pairs that would conflict but for differing context qualifiers") \
  /* Citations. */ \
  X(kCitationMismatch, "KB3001", "citation-mismatch", kError, kGraph, "records citing one PMID or DOI disagree on title, year or journal") \
  X(kUnverifiedCitation, "KB3002", "unverified-citation", kWarning, kGraph, "a cited PMID is not in the local PubMed cache") \
  X(kCitationDiffersFromPubmed, "KB3003", "citation-differs-from-pubmed", kError, kGraph, "a record's title, year, journal or DOI differs from PubMed's") \
  X(kRetractedCitation, "KB3004", "retracted-citation", kError, kGraph, "an accepted record cites a retracted publication") \
  X(kUnreadableCitationCache, "KB3005", "unreadable-citation-cache", kError, kGraph, "a PubMed cache file cannot be parsed") \
  X(kCitationsUnverified, "KB3006", "citations-unverified", kInfo, kGraph, "citations were not checked because the KB has no PubMed cache") \
  /* Evidence levels. */ \
  X(kLevelUnsupported, "KB4001", "level-unsupported", kWarning, kGraph, "a declared level is higher than the evidence supports") \
  /* The pull-request gate. */ \
  X(kBaselineFixed, "KB5001", "baseline-fixed", kInfo, kGraph, "a --baseline entry that no longer matches any finding") \
  /* end of the table: every row above ends in a backslash */
// clang-format on

/// Every rule, by the constant of its registry row (Rule::kYamlSyntax is KB0001).
enum class Rule : std::uint16_t {
#define KB_RULE_ENUM(constant, id, slug, severity, phase, summary) constant,
  KB_RULE_TABLE(KB_RULE_ENUM)
#undef KB_RULE_ENUM
};

namespace detail {
using enum Severity;
using enum RulePhase;
inline constexpr std::array kRules = {
#define KB_RULE_INFO(constant, id, slug, severity, phase, summary) RuleInfo{id, slug, severity, phase, summary},
    KB_RULE_TABLE(KB_RULE_INFO)
#undef KB_RULE_INFO
};
static_assert(std::is_sorted(kRules.begin(), kRules.end(),
                             [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; }),
              "keep the rule table ordered by id");
}  // namespace detail

/// A registered rule id. Made from a Rule, or from an id string at compile time only:
/// `RuleId("KB0103")` compiles, `RuleId("KB9999")` does not.
class RuleId {
 public:
  constexpr RuleId(Rule r) : index_(static_cast<std::uint16_t>(r)) {}  // NOLINT: implicit on purpose
  consteval RuleId(const char* id) : index_(index_of(id)) {}          // NOLINT: implicit on purpose

  constexpr Rule rule() const { return static_cast<Rule>(index_); }
  constexpr const RuleInfo& info() const { return detail::kRules[index_]; }
  constexpr std::string_view id() const { return info().id; }
  friend constexpr bool operator==(RuleId, RuleId) = default;

 private:
  static consteval std::uint16_t index_of(std::string_view id) {
    for (std::size_t i = 0; i < detail::kRules.size(); ++i)
      if (detail::kRules[i].id == id) return static_cast<std::uint16_t>(i);
    // Reached only for an id not in KB_RULE_TABLE: not a constant expression, so the
    // call does not compile.
    throw "not a registered rule id: add a row to KB_RULE_TABLE in diag/rules.h";
  }
  std::uint16_t index_;
};

/// All registered rules, ordered by id.
std::span<const RuleInfo> all_rules();

/// The registry row for `id`, or nothing for an unknown id (ids read at run time:
/// `kbcheck explain`, reports).
const RuleInfo* find_rule(std::string_view id);

}  // namespace kb
