// SARIF 2.1.0: for GitHub code scanning and other static-analysis dashboards.
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "diag/rules.h"
#include "report/json_stream.h"
#include "report/writers.h"
#include "support/text.h"

namespace kb::report::detail {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "note";
  }
  return "error";
}

/// A display path as a URI reference: forward slashes, "./" dropped, every byte outside
/// the unreserved set (and '/') percent-encoded. Absolute paths become file:// URIs.
std::string path_to_uri(std::string_view path) {
  std::string p(path);
  for (char& c : p)
    if (c == '\\') c = '/';
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  std::string uri = p.rfind('/', 0) == 0 ? "file://" : "";
  for (unsigned char c : p) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      uri += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      uri += buf;
    }
  }
  return uri;
}

/// physicalLocation of `loc`; a relative path is resolved against %SRCROOT% (the
/// checkout). A line-0 location (the whole file) gets line 1, as GitHub wants a region on
/// every result. A finding about no file in particular points at the checkout itself
/// ("."): GitHub rejects a whole upload if any result lacks a location.
ordered_json physical_location(const SourceLocation& loc) {
  ordered_json artifact;
  artifact["uri"] = loc.file.empty() ? std::string(".") : path_to_uri(loc.file);
  if (loc.file.empty() || loc.file.front() != '/') artifact["uriBaseId"] = "%SRCROOT%";
  ordered_json phys;
  phys["artifactLocation"] = std::move(artifact);
  ordered_json region;
  region["startLine"] = loc.line > 0 ? loc.line : 1;
  if (loc.line > 0 && loc.column > 0) region["startColumn"] = loc.column;
  phys["region"] = std::move(region);
  return phys;
}

/// A stable fingerprint that needs no library and no line numbers, so an alert survives
/// edits that move it.
std::string fingerprint(const Diagnostic& d) {
  return fnv1a_hex({d.rule, d.location.file, d.record, d.message});
}

/// `s` without spaces, tabs, CR and LF.
std::string without_whitespace(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  return out;
}

/// primaryLocationLineHash without its ":n" occurrence suffix: FNV-1a of the rule id, the
/// file and the primary line's text with all whitespace removed ("" when the line cannot
/// be read, and for whole-file and KB-level findings).
std::string line_hash(const ReportInput& in, const Diagnostic& d) {
  std::string text;
  if (d.location.line > 0 && in.source_line)
    if (auto line = in.source_line(d.location.file, d.location.line)) text = without_whitespace(*line);
  return fnv1a_hex({d.rule, d.location.file, text});
}

/// `s` with '[' and ']' backslash-escaped: SARIF message text reads "[text](id)" as a link.
std::string escape_brackets(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

/// The message text of `d`, linking each related location: "... (see [EV0001](1))".
std::string message_text(const Diagnostic& d) {
  std::string text = escape_brackets(d.message);
  for (std::size_t i = 0; i < d.related.size(); ++i) {
    const RelatedNote& n = d.related[i];
    std::string label = !n.record.empty() ? n.record : n.location.file.empty() ? "related" : n.location.file;
    text += i == 0 ? " (see " : ", ";
    text += "[" + escape_brackets(label) + "](" + std::to_string(i + 1) + ")";
  }
  if (!d.related.empty()) text += ")";
  return text;
}

/// The first paragraph of a rule page's body (after the "# ID" title and any "## "
/// headings), joined to one line; "" when the page has none.
std::string first_paragraph(std::string_view page) {
  std::string para;
  std::size_t pos = 0;
  while (pos < page.size()) {
    std::size_t end = page.find('\n', pos);
    if (end == std::string_view::npos) end = page.size();
    std::string_view line = page.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') {
      if (!para.empty()) break;
      continue;
    }
    if (!para.empty()) para += ' ';
    para += line;
  }
  return para;
}

ordered_json rule_descriptors(const ReportInput& in) {
  ordered_json rules = ordered_json::array();
  for (const RuleInfo& r : all_rules()) {
    auto page = in.rule_help ? in.rule_help(r.id) : std::string_view{};
    std::string full = first_paragraph(page);
    ordered_json j;
    j["id"] = r.id;
    j["name"] = r.name;
    j["shortDescription"] = {{"text", r.summary}};
    j["fullDescription"] = {{"text", full.empty() ? std::string(r.summary) : full}};
    j["helpUri"] = in.rule_docs_url + std::string(r.id) + ".md";
    j["defaultConfiguration"] = {{"level", sarif_level(r.severity)}};
    // The rule's page itself too: viewers (GitHub code scanning) show it beside the
    // alert, also when the helpUri site is not reachable.
    if (!page.empty())
      j["help"] = {{"text", std::string(page)}, {"markdown", std::string(page)}};
    rules.push_back(std::move(j));
  }
  return rules;
}

ordered_json result_json(const Diagnostic& d, const std::string& line_hash) {
  ordered_json j;
  j["ruleId"] = d.rule;
  auto rules = all_rules();
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id == d.rule) j["ruleIndex"] = i;
  j["level"] = sarif_level(d.severity);
  j["message"] = {{"text", message_text(d)}};
  ordered_json primary;
  primary["physicalLocation"] = physical_location(d.location);
  j["locations"] = ordered_json::array();
  j["locations"].push_back(std::move(primary));
  ordered_json related = ordered_json::array();
  int id = 0;
  for (const RelatedNote& n : d.related) {
    ordered_json r;
    r["id"] = ++id;
    r["physicalLocation"] = physical_location(n.location);
    r["message"] = {{"text", (n.record.empty() ? "" : n.record + ": ") + n.message}};
    related.push_back(std::move(r));
  }
  if (!related.empty()) j["relatedLocations"] = std::move(related);
  j["partialFingerprints"] = {{"primaryLocationLineHash", line_hash},
                              {"kbcheckFingerprint/v1", fingerprint(d)}};
  if (!d.record.empty()) j["properties"] = {{"record", d.record}};
  return j;
}

}  // namespace

void write_sarif(const ReportInput& in, std::ostream& out) {
  ordered_json driver;
  driver["name"] = "kbcheck";
  driver["version"] = in.tool_version;
  driver["rules"] = rule_descriptors(in);
  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["columnKind"] = "unicodeCodePoints";
  if (in.summary.suppressed)  // findings a --baseline left out, in the run's property bag
    run["properties"] = {{"suppressedByBaseline", *in.summary.suppressed}};
  run["results"] = kStreamedArray;
  ordered_json doc;
  doc["$schema"] = kSchema;
  doc["version"] = "2.1.0";
  doc["runs"] = ordered_json::array();
  doc["runs"].push_back(std::move(run));
  const auto& list = diagnostics_of(in);
  // The n-th result with the same line hash gets ":n", as GitHub's own fingerprints do.
  std::map<std::string, std::size_t> seen;
  dump_with_streamed_array(
      doc, list.size(),
      [&](std::size_t i) {
        std::string h = line_hash(in, list[i]);
        std::size_t n = ++seen[h];
        return result_json(list[i], h + ":" + std::to_string(n));
      },
      out);
}

}  // namespace kb::report::detail
