#pragma once
/// \file
/// Keeps over-long values away from `pattern`. valijson checks patterns with std::regex,
/// whose matcher recurses once per character: a 50,000-character id overflows the stack
/// (a crash, from input any pull request can carry). Values a pattern would check are
/// therefore refused above kMaxPatternedBytes, before valijson sees the record; and every
/// pattern is compiled once at schema load, so a pattern std::regex rejects is a clear
/// load error rather than an exception in the middle of a run.

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace kb::schema {

/// The longest value checked against a pattern. Ids, rsIDs, DOIs, dates and alleles are
/// far shorter; std::regex stays well inside a thread's stack, sanitizers included.
inline constexpr std::size_t kMaxPatternedBytes = 1024;

/// Which values of a kind's records a `pattern` applies to.
struct PatternFields {
  std::set<std::string, std::less<>> names;  ///< property names whose values are patterned
  bool any = false;  ///< a pattern applies under names the schema does not list
};

/// Scans a draft-07 schema (properties, items, combinators, local $refs), compiling each
/// pattern with std::regex. Returns an error message naming a pattern that does not
/// compile, or "".
std::string scan_patterns(const nlohmann::json& schema, PatternFields& out);

/// Reports each value (or key) of `doc` that a pattern would check and that is longer
/// than kMaxPatternedBytes (KB0105). Returns true when there was one: the caller then
/// skips schema validation of the record.
bool report_overlong_values(const yaml::Node& doc, const PatternFields& fields,
                            const std::string& file, const std::string& record_id,
                            std::vector<Diagnostic>& out);

}  // namespace kb::schema
