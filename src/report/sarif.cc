// SARIF 2.1.0: for GitHub code scanning and other static-analysis dashboards.
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "diag/rules.h"
#include "report/json_stream.h"
#include "report/writers.h"

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
/// checkout), and a line-0 location (the whole file) has no region. A finding about no
/// file in particular points at the checkout itself ("."): GitHub rejects a whole upload
/// if any result lacks a location.
ordered_json physical_location(const SourceLocation& loc) {
  ordered_json artifact;
  artifact["uri"] = loc.file.empty() ? std::string(".") : path_to_uri(loc.file);
  if (loc.file.empty() || loc.file.front() != '/') artifact["uriBaseId"] = "%SRCROOT%";
  ordered_json phys;
  phys["artifactLocation"] = std::move(artifact);
  if (loc.line > 0) {
    ordered_json region;
    region["startLine"] = loc.line;
    if (loc.column > 0) region["startColumn"] = loc.column;
    phys["region"] = std::move(region);
  }
  return phys;
}

/// FNV-1a, 64 bits: a stable fingerprint that needs no library and no line numbers, so
/// an alert survives edits that move it.
std::string fingerprint(const Diagnostic& d) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::string_view part : {std::string_view(d.rule), std::string_view(d.location.file),
                                std::string_view(d.record), std::string_view(d.message)}) {
    for (unsigned char c : part) h = (h ^ c) * 0x100000001b3ULL;
    h = (h ^ 0xFF) * 0x100000001b3ULL;  // separator, so ("ab","c") != ("a","bc")
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

ordered_json rule_descriptors(const ReportInput& in) {
  ordered_json rules = ordered_json::array();
  for (const RuleInfo& r : all_rules()) {
    ordered_json j;
    j["id"] = r.id;
    j["name"] = r.name;
    j["shortDescription"] = {{"text", r.summary}};
    j["defaultConfiguration"] = {{"level", sarif_level(r.severity)}};
    // The rule's page itself, not a link: viewers (GitHub code scanning) show it beside
    // the alert, and no web site has to exist for it.
    if (auto page = in.rule_help ? in.rule_help(r.id) : std::string_view{}; !page.empty())
      j["help"] = {{"text", std::string(page)}, {"markdown", std::string(page)}};
    rules.push_back(std::move(j));
  }
  return rules;
}

ordered_json result_json(const Diagnostic& d) {
  ordered_json j;
  j["ruleId"] = d.rule;
  auto rules = all_rules();
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id == d.rule) j["ruleIndex"] = i;
  j["level"] = sarif_level(d.severity);
  j["message"] = {{"text", d.message}};
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
  j["partialFingerprints"] = {{"kbcheckFingerprint/v1", fingerprint(d)}};
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
  run["results"] = kStreamedArray;
  ordered_json doc;
  doc["$schema"] = kSchema;
  doc["version"] = "2.1.0";
  doc["runs"] = ordered_json::array();
  doc["runs"].push_back(std::move(run));
  const auto& list = diagnostics_of(in);
  dump_with_streamed_array(doc, list.size(), [&](std::size_t i) { return result_json(list[i]); },
                           out);
}

}  // namespace kb::report::detail
