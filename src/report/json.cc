// JSON: the machine-readable shape fixed by the CLI contract (scripts depend on it).
#include <nlohmann/json.hpp>

#include <ostream>
#include <string_view>

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

/// Writes `j` as ordered_json::dump(2) would at nesting depth `indent.size() / 2`: every
/// line after the first starts with `indent`. JSON strings carry no raw newlines, so
/// splitting at them is safe. Messages may quote bytes from the user's files: invalid
/// UTF-8 becomes U+FFFD rather than an exception.
void write_indented(const ordered_json& j, std::string_view indent, std::ostream& out) {
  std::string text = j.dump(2, ' ', false, ordered_json::error_handler_t::replace);
  std::string_view rest = text;
  for (std::size_t nl; (nl = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(nl + 1))
    out << rest.substr(0, nl + 1) << indent;
  out << rest;
}

}  // namespace

// Streamed diagnostic by diagnostic, because a DOM of a million findings costs
// gigabytes; the bytes are exactly those of the whole document's ordered_json::dump(2).
void write_json(const ReportInput& in, std::ostream& out) {
  out << "{\n  \"tool\": ";
  write_indented({{"name", "kbcheck"}, {"version", in.tool_version}}, "  ", out);
  const auto& list = diagnostics_of(in);
  out << ",\n  \"diagnostics\": [";
  for (std::size_t i = 0; i < list.size(); ++i) {
    out << (i ? ",\n    " : "\n    ");
    write_indented(diagnostic_json(list[i]), "    ", out);
  }
  out << (list.empty() ? "]" : "\n  ]") << ",\n  \"summary\": ";
  const Summary& s = in.summary;
  write_indented({{"files", s.files},
                  {"records", s.records},
                  {"errors", s.errors},
                  {"warnings", s.warnings},
                  {"infos", s.infos}},
                 "  ", out);
  out << "\n}\n";
}

}  // namespace kb::report::detail
