#pragma once
// Building small knowledge bases in memory from YAML text, for the cross-record tests.

#include <algorithm>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "model/from_yaml.h"
#include "model/records.h"
#include "rules/cross/run.h"
#include "test_support.h"
#include "yaml/loader.h"

// Tests build records with designated initializers and leave the rest defaulted.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace kbgraph {

/// One evidence record; its lines are fixed so tests can assert positions:
/// 1 kind, 2 id, 3 status, 4 variant, 5 claim, 6 drug, 7 phenotype, 8 category,
/// 9 direction (value at column 12), 10 level (column 8), 11+ `extra`.
struct Ev {
  std::string id;
  std::string direction = "increased";
  std::string claim = "allele: A";
  std::string phenotype = "time-to-progression";
  std::string drug = "anastrozole";
  std::string status = "accepted";
  std::string variant = "rs4646";
  std::string level = "3";
  std::string extra;
};

inline std::string yaml_of(const Ev& e) {
  return "kind: evidence\nid: " + e.id + "\nstatus: " + e.status + "\nvariant: " + e.variant + "\n" +
         e.claim + "\ndrug: " + e.drug + "\nphenotype: " + e.phenotype +
         "\ncategory: efficacy\ndirection: " + e.direction + "\nlevel: \"" + e.level + "\"\n" + e.extra;
}

/// The reference data most tests share: one gene, a biallelic and a triallelic variant,
/// two drugs, phenotypes with an is_a edge (arthralgia is_a musculoskeletal-adverse-event).
inline const char* kBase = R"(kind: knowledge-base
id: test-kb
name: Test KB
version: 0.1.0
format: 1
---
kind: gene
id: CYP19A1
---
kind: variant
id: rs4646
gene: CYP19A1
alleles: [C, A]
---
kind: variant
id: rs3
gene: CYP19A1
alleles: [C, A, T]
---
kind: drug
id: anastrozole
name: Anastrozole
---
kind: drug
id: letrozole
name: Letrozole
---
kind: phenotype
id: time-to-progression
label: Time to progression
---
kind: phenotype
id: musculoskeletal-adverse-event
label: Musculoskeletal adverse event
---
kind: phenotype
id: arthralgia
label: Arthralgia
is_a: [musculoskeletal-adverse-event]
)";

/// A knowledge base assembled file by file, in the order files are added.
class KbBuilder {
 public:
  KbBuilder() { kb_.root = "kb"; }
  /// Adds a file (a YAML stream) under the KB; returns *this for chaining.
  KbBuilder& file(const std::string& display, const std::string& content) {
    std::vector<kb::Diagnostic> diags;
    auto loaded = kb::yaml::load_yaml(content, display, {}, diags);
    auto id = static_cast<kb::model::FileId>(kb_.files.size());
    kb_.files.push_back(display);
    load_errors_ += diags.size();
    for (const auto& doc : loaded.documents)
      if (const auto* kind = doc.root.find("kind"); kind && kb::model::is_known_kind(kind->text))
        kb::model::add_record(doc.root, kind->text, id, kb_.records);
    return *this;
  }
  KbBuilder& base() { return file("kb/base.yaml", kBase); }
  KbBuilder& evidence(const Ev& e) { return file("kb/evidence/" + e.id + ".yaml", yaml_of(e)); }
  const kb::model::KnowledgeBase& kb() const { return kb_; }
  std::size_t load_errors() const { return load_errors_; }

  /// Runs every cross-record rule; keeps only `rule` when given.
  std::vector<kb::Diagnostic> run(const std::string& rule = {}, const std::string& cache = {}) const {
    std::vector<kb::Diagnostic> out;
    kb::rules::cross::CrossCheckOptions o;
    o.pubmed_cache_dir = cache;
    kb::rules::cross::run_cross_record_rules(kb_, o, out);
    if (!rule.empty())
      out.erase(std::remove_if(out.begin(), out.end(), [&](const kb::Diagnostic& d) { return d.rule != rule; }),
                out.end());
    return out;
  }

 private:
  kb::model::KnowledgeBase kb_;
  std::size_t load_errors_ = 0;
};

/// Diagnostics of rules in the given family prefix ("KB20" → KB2001..KB2003).
inline std::vector<kb::Diagnostic> with_prefix(std::vector<kb::Diagnostic> ds, const std::string& prefix) {
  ds.erase(std::remove_if(ds.begin(), ds.end(),
                          [&](const kb::Diagnostic& d) { return d.rule.rfind(prefix, 0) != 0; }),
           ds.end());
  return ds;
}

}  // namespace kbgraph
