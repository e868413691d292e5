// JSON: the machine-readable shape fixed by the CLI contract (scripts depend on it).
#include <nlohmann/json.hpp>

#include "report/json_stream.h"
#include "report/writers.h"

namespace kb::report::detail {
namespace {

using nlohmann::ordered_json;

/// `record` is omitted when empty: the contract gives it only "when there is one".
void put_location(ordered_json& j, const SourceLocation& loc, const std::string& record) {
  j["file"] = loc.file;
  j["line"] = loc.line;
  j["column"] = loc.column;
  if (!record.empty()) j["record"] = record;
}

ordered_json diagnostic_json(const Diagnostic& d) {
  ordered_json j;
  j["rule"] = d.rule;
  j["name"] = rule_name(d.rule);
  j["severity"] = severity_name(d.severity);
  put_location(j, d.location, d.record);
  j["message"] = d.message;
  ordered_json related = ordered_json::array();
  for (const RelatedNote& n : d.related) {
    ordered_json r;
    put_location(r, n.location, n.record);
    r["message"] = n.message;
    related.push_back(std::move(r));
  }
  j["related"] = std::move(related);
  return j;
}

}  // namespace

void write_json(const ReportInput& in, std::ostream& out) {
  const auto& list = diagnostics_of(in);
  const Summary& s = in.summary;
  ordered_json doc;
  doc["tool"] = {{"name", "kbcheck"}, {"version", in.tool_version}};
  doc["diagnostics"] = kStreamedArray;
  doc["summary"] = {{"files", s.files},
                    {"records", s.records},
                    {"errors", s.errors},
                    {"warnings", s.warnings},
                    {"infos", s.infos}};
  if (s.suppressed) doc["summary"]["suppressed"] = *s.suppressed;
  dump_with_streamed_array(doc, list.size(), [&](std::size_t i) { return diagnostic_json(list[i]); },
                           out);
}

}  // namespace kb::report::detail
