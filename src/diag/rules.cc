#include "diag/rules.h"

#include <algorithm>
#include <array>

namespace kb {
namespace {

using enum Severity;
using enum RulePhase;

// Ordered by id. Adding a rule: a row here, docs/rules/<ID>.md, good and bad tests.
constexpr std::array kRules = {
    // Loading: the file and its YAML.
    RuleInfo{"KB0001", "yaml-syntax", kError, kLoad, "the file is not well-formed YAML"},
    RuleInfo{"KB0002", "duplicate-key", kError, kLoad, "a mapping repeats a key"},
    RuleInfo{"KB0003", "invalid-utf8", kError, kLoad, "the file is not valid UTF-8"},
    RuleInfo{"KB0004", "not-a-mapping", kError, kLoad, "a document is not a mapping"},
    RuleInfo{"KB0005", "unknown-kind", kError, kLoad, "a document's kind is missing or unknown"},
    RuleInfo{"KB0006", "yaml-alias", kError, kLoad, "records may not use YAML anchors, aliases or tags"},
    RuleInfo{"KB0007", "input-limit", kError, kLoad, "an input limit (size, depth, documents) was exceeded"},
    RuleInfo{"KB0008", "unreadable-file", kError, kLoad, "a file or directory of the KB cannot be read"},
    RuleInfo{"KB0009", "non-scalar-key", kError, kLoad, "a mapping key is not a plain scalar"},
    // Schema: one JSON Schema per kind (schema/*.schema.json).
    RuleInfo{"KB0101", "unknown-field", kError, kSchema, "a field the schema does not define"},
    RuleInfo{"KB0102", "missing-field", kError, kSchema, "a required field is missing"},
    RuleInfo{"KB0103", "invalid-enum-value", kError, kSchema, "a value outside the field's vocabulary"},
    RuleInfo{"KB0104", "wrong-type", kError, kSchema, "a value of the wrong type"},
    RuleInfo{"KB0105", "pattern-mismatch", kError, kSchema, "a string that does not match the field's pattern"},
    RuleInfo{"KB0106", "out-of-range", kError, kSchema, "a number or length outside its allowed range"},
    RuleInfo{"KB0107", "schema-violation", kError, kSchema, "any other schema constraint"},
    // Per-record rules JSON Schema cannot express.
    RuleInfo{"KB0201", "allele-or-genotypes", kError, kRecord, "evidence gives exactly one of allele or genotypes"},
    RuleInfo{"KB0202", "genotype-syntax", kError, kRecord, "a genotype is not an unphased X/Y pair of alleles"},
    RuleInfo{"KB0203", "value-outside-ci", kError, kRecord, "a statistic's value lies outside its confidence interval"},
    RuleInfo{"KB0204", "self-comparison", kError, kRecord, "compared_to names the claim's own allele or genotype"},
    RuleInfo{"KB0205", "invalid-date", kError, kRecord, "a curation date is not a real ISO date"},
    // Cross-record: references and the graph.
    RuleInfo{"KB1001", "dangling-reference", kError, kGraph, "a reference to an id no record defines"},
    RuleInfo{"KB1002", "duplicate-id", kError, kGraph, "two records of one kind share an id"},
    RuleInfo{"KB1003", "manifest", kError, kGraph, "the KB needs exactly one knowledge-base manifest"},
    RuleInfo{"KB1004", "is-a-cycle", kError, kGraph, "the phenotype is_a relation has a cycle"},
    RuleInfo{"KB1005", "orphan", kInfo, kGraph, "a gene or variant nothing refers to"},
    RuleInfo{"KB1006", "unknown-allele", kError, kGraph, "an allele or genotype that is not of the record's variant"},
    // Cross-record: what records say about each other.
    RuleInfo{"KB2001", "contradictory-evidence", kError, kGraph, "the same allele is said to raise and lower the same phenotype"},
    RuleInfo{"KB2002", "conflicting-evidence", kWarning, kGraph, "an association and a no-association for the same allele"},
    RuleInfo{"KB2003", "possible-contradiction", kWarning, kGraph, "opposite directions for a phenotype and its is_a ancestor"},
    // Citations.
    RuleInfo{"KB3001", "citation-mismatch", kError, kGraph, "records citing one PMID or DOI disagree on title, year or journal"},
    RuleInfo{"KB3002", "unverified-citation", kWarning, kGraph, "a cited PMID is not in the local PubMed cache"},
    RuleInfo{"KB3003", "citation-differs-from-pubmed", kError, kGraph, "a record's title or year differs from PubMed's"},
    RuleInfo{"KB3004", "retracted-citation", kError, kGraph, "an accepted record cites a retracted publication"},
    RuleInfo{"KB3005", "unreadable-citation-cache", kError, kGraph, "a PubMed cache file cannot be parsed"},
    // Evidence levels.
    RuleInfo{"KB4001", "level-unsupported", kWarning, kGraph, "a declared level is higher than the evidence supports"},
};

static_assert(std::is_sorted(kRules.begin(), kRules.end(),
                             [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; }),
              "keep the rule table ordered by id");

}  // namespace

std::span<const RuleInfo> all_rules() { return kRules; }

const RuleInfo* find_rule(std::string_view id) {
  auto it = std::lower_bound(kRules.begin(), kRules.end(), id,
                             [](const RuleInfo& r, std::string_view v) { return r.id < v; });
  return (it != kRules.end() && it->id == id) ? &*it : nullptr;
}

}  // namespace kb
