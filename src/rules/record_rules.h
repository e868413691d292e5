#pragma once
/// \file
/// Per-record rules: what JSON Schema cannot say about one record on its own
/// (KB0201–KB0205). Each rule is one file; check_record runs them all.

#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace kb::rules {

/// One document being checked, and where its findings go.
struct RecordContext {
  const yaml::Node& doc;
  std::string_view kind;
  const std::string& file;
  const std::string& record_id;
  std::vector<Diagnostic>& out;

  /// Reports `rule` at `at` with `message`.
  void report(RuleId rule, const yaml::Node& at, std::string message) const {
    out.push_back(make_diagnostic(rule, {file, at.mark.line, at.mark.column}, std::move(message),
                                  record_id));
  }
};

/// Runs every per-record rule on `ctx.doc`.
void check_record(const RecordContext& ctx);

void check_allele_or_genotypes(const RecordContext& ctx);  ///< KB0201
void check_genotype_syntax(const RecordContext& ctx);      ///< KB0202
void check_value_outside_ci(const RecordContext& ctx);     ///< KB0203
void check_self_comparison(const RecordContext& ctx);      ///< KB0204
void check_invalid_date(const RecordContext& ctx);         ///< KB0205

/// True when `s` has the syntax of an allele of some system (record-format.md): nucleotides,
/// "-", a repeat "(TA)7", a star allele "*2.001" / "*1x2", an HLA allele "*58:01", or a
/// name "L". Whether it fits its variant's system is KB1007's business (check, not lint).
bool is_allele_syntax(std::string_view s);

/// Splits an unphased genotype "X/Y"; false when it is not one.
bool split_genotype(std::string_view g, std::string_view& a, std::string_view& b);

}  // namespace kb::rules
