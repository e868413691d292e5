// Tests of the output formats: golden files for every format, and structural checks
// that parse each machine format back.
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "diag/rules.h"
#include "report/json_stream.h"
#include "report/report.h"
#include "support/files.h"
#include "support/text.h"
#include "test_support.h"

namespace {

using kb::Diagnostic;
using kb::RelatedNote;
using kb::SourceLocation;
using kb::report::Format;
using kb::report::ReportInput;

const std::string kTricky =
    "value \"a<b & c>\" for id: 100% wrong, see\nsecond line \xE2\x80\x94 na\xC3\xAFve";

Diagnostic diag(kb::RuleId rule, std::string file, std::uint32_t line, std::uint32_t col,
                std::string message, std::string record = {}) {
  return kb::make_diagnostic(rule, {std::move(file), line, col}, std::move(message),
                             std::move(record));
}

/// One of each case the writers must handle, sorted as the pipeline sorts them.
std::vector<Diagnostic> sample_diagnostics() {
  std::vector<Diagnostic> ds;
  ds.push_back(diag("KB1003", "", 0, 0, "no knowledge-base manifest (kb.yaml) was found"));
  Diagnostic contra = diag("KB2001", "kb/evidence/CYP19A1/EV0012.yaml", 9, 13,
                           "allele A of rs4646 decreases time-to-progression on anastrozole, "
                           "but EV0001 says it increases it",
                           "EV0012");
  contra.related.push_back(
      RelatedNote{{"kb/evidence/CYP19A1/EV0001.yaml", 9, 12}, "EV0001", "the record it contradicts"});
  ds.push_back(contra);
  ds.push_back(diag("KB0003", "kb/evidence/CYP19A1/EV0013.yaml", 0, 0,
                    "the file is not valid UTF-8 (byte 0xFF at offset 17)"));
  ds.push_back(diag("KB1005", "kb/genes/CYP19A1.yaml", 4, 9,
                    "gene CYP19A1 is not referred to by any variant or evidence", "CYP19A1"));
  ds.push_back(diag("KB0105", "kb/variants/odd name, v2.yaml", 3, 5, kTricky, "rs4646"));
  ds.push_back(diag("KB2002", "kb/variants/rs4646.yaml", 12, 40,
                    "allele C is said to have no association and an association with the "
                    "same phenotype",
                    "rs4646"));
  std::stable_sort(ds.begin(), ds.end(), kb::diagnostic_less);
  return ds;
}

/// Source lines the text format shows: a tab before the column, a multi-byte prefix, a
/// column past the end of its line.
std::optional<std::string> fake_source(const std::string& file, std::uint32_t line) {
  static const std::map<std::pair<std::string, std::uint32_t>, std::string> kLines = {
      {{"kb/evidence/CYP19A1/EV0012.yaml", 9}, "direction:\t decreased"},
      {{"kb/evidence/CYP19A1/EV0001.yaml", 9}, "direction: increased"},
      {{"kb/genes/CYP19A1.yaml", 4}, "title: \xC2\xAB" "Aromatase\xC2\xBB"},
      {{"kb/variants/odd name, v2.yaml", 3}, "id: rs 4646"},
      {{"kb/variants/rs4646.yaml", 12}, "alleles: [A, C]\r"},
  };
  auto it = kLines.find({file, line});
  if (it == kLines.end()) return std::nullopt;
  return it->second;
}

struct Sample {
  std::vector<Diagnostic> diagnostics = sample_diagnostics();
  ReportInput input;
  Sample() {
    input.tool_version = "0.1.0";
    input.diagnostics = &diagnostics;
    input.summary = {12, 40, 4, 1, 1, std::nullopt};
    input.files = {"kb/kb.yaml", "kb/evidence/CYP19A1/EV0001.yaml",
                   "kb/evidence/CYP19A1/EV0012.yaml", "kb/genes/CYP19A1.yaml",
                   "kb/variants/rs4646.yaml"};
    input.source_line = fake_source;
    // Stands in for the docs pages, so editing a page does not change the golden files.
    input.rule_help = [](std::string_view id) -> std::string_view {
      return id == "KB0001" ? "# KB0001 yaml-syntax\n\nThe page, in **Markdown**.\n" : "";
    };
  }
};

std::string render(Format f, const ReportInput& in) {
  std::ostringstream out;
  kb::report::write_report(f, in, out);
  return out.str();
}

/// Compares `actual` with tests/report/golden/`name` (kbtest::check_golden).
void check_golden(const std::string& name, const std::string& actual) {
  kbtest::check_golden(std::filesystem::path(KB_SOURCE_DIR) / "tests/report/golden" / name, actual);
}

}  // namespace

TEST_CASE("parse_format knows the six contract names and nothing else") {
  using kb::report::parse_format;
  CHECK(parse_format("text") == Format::kText);
  CHECK(parse_format("json") == Format::kJson);
  CHECK(parse_format("sarif") == Format::kSarif);
  CHECK(parse_format("junit") == Format::kJunit);
  CHECK(parse_format("github") == Format::kGithub);
  CHECK(parse_format("gitlab") == Format::kGitlab);
  CHECK_FALSE(parse_format("xml").has_value());
  CHECK_FALSE(parse_format("").has_value());
  CHECK_FALSE(parse_format("JSON").has_value());
}

TEST_CASE("every format matches its golden file") {
  Sample s;
  check_golden("report.txt", render(Format::kText, s.input));
  check_golden("report.json", render(Format::kJson, s.input));
  check_golden("report.sarif", render(Format::kSarif, s.input));
  check_golden("report.gitlab.json", render(Format::kGitlab, s.input));
  check_golden("report.xml", render(Format::kJunit, s.input));
  check_golden("report.github", render(Format::kGithub, s.input));
  s.input.color = true;
  check_golden("report-color.txt", render(Format::kText, s.input));
}

TEST_CASE("with a baseline every format shows the suppressed count (golden files)") {
  Sample s;
  s.diagnostics.resize(1);  // one finding left after the baseline, three suppressed
  s.input.summary = {12, 40, 1, 0, 0, 3};
  s.input.files.resize(2);
  check_golden("baseline/report.txt", render(Format::kText, s.input));
  check_golden("baseline/report.json", render(Format::kJson, s.input));
  check_golden("baseline/report.sarif", render(Format::kSarif, s.input));
  check_golden("baseline/report.gitlab.json", render(Format::kGitlab, s.input));  // no summary
  check_golden("baseline/report.xml", render(Format::kJunit, s.input));
  check_golden("baseline/report.github", render(Format::kGithub, s.input));
  // Zero suppressed is still said: a baseline was used and matched nothing.
  s.input.summary.suppressed = 0;
  CHECK(render(Format::kText, s.input).find("; 0 suppressed by the baseline\n") != std::string::npos);
  CHECK(nlohmann::json::parse(render(Format::kJson, s.input))["summary"]["suppressed"] == 0);
}

// ---------------------------------------------------------------------------- text

namespace {

/// Text of one diagnostic at `loc` whose source line is `line_text`.
std::string text_for(const SourceLocation& loc, const std::string& line_text, bool color = false) {
  std::vector<Diagnostic> ds{kb::make_diagnostic("KB0103", loc, "bad value")};
  ReportInput in;
  in.diagnostics = &ds;
  in.color = color;
  in.source_line = [&](const std::string&, std::uint32_t) -> std::optional<std::string> {
    return line_text;
  };
  return render(Format::kText, in);
}

/// The caret line of a text report (the third line), or "" if there is none.
std::string caret_line(const std::string& report) {
  std::istringstream s(report);
  std::string l1, l2, l3;
  std::getline(s, l1);
  std::getline(s, l2);
  std::getline(s, l3);
  return l3.find('^') == std::string::npos ? "" : l3;
}

}  // namespace

TEST_CASE("text: the caret sits under the column") {
  SECTION("plain line") {
    CHECK(caret_line(text_for({"f.yaml", 1, 4}, "id: X")) == "   ^");
  }
  SECTION("tabs before the column are kept so the caret aligns at any tab width") {
    CHECK(caret_line(text_for({"f.yaml", 1, 5}, "\ta:\tb")) == "\t  \t^");
  }
  SECTION("a multi-byte UTF-8 prefix counts one column per character") {
    // "é" and "«" are two bytes each; column 4 is the "x".
    CHECK(caret_line(text_for({"f.yaml", 1, 4}, "\xC3\xA9\xC2\xAB x")) == "   ^");
    // A tab after a multi-byte character is still found at its character position.
    CHECK(caret_line(text_for({"f.yaml", 1, 3}, "\xC3\xA9\tx")) == " \t^");
    // Past the end of a multi-byte line: one space per character, not per byte.
    CHECK(caret_line(text_for({"f.yaml", 1, 9}, "\xC3\xA9\xC3\xA9")) == "  ^");
  }
  SECTION("a column past the end of the line puts the caret just after it") {
    CHECK(caret_line(text_for({"f.yaml", 1, 99}, "ab")) == "  ^");
  }
  SECTION("column 1") { CHECK(caret_line(text_for({"f.yaml", 1, 1}, "ab")) == "^"); }
}

TEST_CASE("text: positions without a line or column") {
  SECTION("line 0 is the whole file: no line, no snippet") {
    std::string out = text_for({"f.yaml", 0, 0}, "never shown");
    CHECK(out == "f.yaml: error: bad value [KB0103]\n0 files, 0 records: 0 errors, 0 warnings, 0 infos\n");
  }
  SECTION("column 0: the line is shown without a caret") {
    std::string out = text_for({"f.yaml", 3, 0}, "a: b");
    CHECK(out.rfind("f.yaml:3: error: bad value [KB0103]\na: b\n0 files", 0) == 0);
  }
  SECTION("no source reader: no snippet") {
    std::vector<Diagnostic> ds{kb::make_diagnostic("KB0103", {"f.yaml", 2, 3}, "bad value")};
    ReportInput in;
    in.diagnostics = &ds;
    CHECK(render(Format::kText, in) ==
          "f.yaml:2:3: error: bad value [KB0103]\n0 files, 0 records: 0 errors, 0 warnings, 0 infos\n");
  }
}

TEST_CASE("text: colours only when asked") {
  std::string plain = text_for({"f.yaml", 1, 2}, "ab", false);
  std::string color = text_for({"f.yaml", 1, 2}, "ab", true);
  CHECK(plain.find('\033') == std::string::npos);
  CHECK(color.find("\033[1mf.yaml:1:2: \033[0m") != std::string::npos);
  CHECK(color.find("\033[1;31merror: \033[0m") != std::string::npos);
  CHECK(color.find("\033[1;32m^\033[0m") != std::string::npos);
  std::vector<Diagnostic> ds{kb::make_diagnostic("KB2002", {"f.yaml", 1, 1}, "w"),
                             kb::make_diagnostic("KB1005", {"f.yaml", 2, 1}, "i")};
  ReportInput in;
  in.diagnostics = &ds;
  in.color = true;
  std::string out = render(Format::kText, in);
  CHECK(out.find("\033[1;35mwarning: ") != std::string::npos);
  CHECK(out.find("\033[1;36minfo: ") != std::string::npos);
}

TEST_CASE("text: the summary line counts in the singular and the plural") {
  ReportInput in;
  in.summary = {1, 1, 1, 1, 1, std::nullopt};
  CHECK(render(Format::kText, in) == "1 file, 1 record: 1 error, 1 warning, 1 info\n");
  in.summary = {0, 2, 0, 3, 0, std::nullopt};
  CHECK(render(Format::kText, in) == "0 files, 2 records: 0 errors, 3 warnings, 0 infos\n");
}

// ---------------------------------------------------------------------------- json

TEST_CASE("json: the contract's shape, parsed back") {
  Sample s;
  auto doc = nlohmann::json::parse(render(Format::kJson, s.input));
  CHECK(doc["tool"] == nlohmann::json({{"name", "kbcheck"}, {"version", "0.1.0"}}));
  CHECK(doc["summary"] == nlohmann::json({{"files", 12}, {"records", 40}, {"errors", 4},
                                          {"warnings", 1}, {"infos", 1}}));
  REQUIRE(doc["diagnostics"].size() == s.diagnostics.size());
  for (std::size_t i = 0; i < s.diagnostics.size(); ++i) {
    const auto& j = doc["diagnostics"][i];
    const Diagnostic& d = s.diagnostics[i];
    CHECK(j["rule"] == d.rule);
    CHECK(j["name"] == kb::find_rule(d.rule)->name);
    CHECK(j["severity"] == kb::severity_name(d.severity));
    CHECK(j["file"] == d.location.file);
    CHECK(j["line"] == d.location.line);
    CHECK(j["column"] == d.location.column);
    CHECK(j["message"] == d.message);
    CHECK(j.contains("record") == !d.record.empty());
    REQUIRE(j["related"].is_array());
    CHECK(j["related"].size() == d.related.size());
  }
  const auto& contra = doc["diagnostics"][1];
  CHECK(contra["record"] == "EV0012");
  CHECK(contra["related"][0] == nlohmann::json({{"file", "kb/evidence/CYP19A1/EV0001.yaml"},
                                                {"line", 9}, {"column", 12}, {"record", "EV0001"},
                                                {"message", "the record it contradicts"}}));
}

TEST_CASE("json: no diagnostics is an empty list, not a missing key") {
  ReportInput in;
  in.tool_version = "0.1.0";
  auto doc = nlohmann::json::parse(render(Format::kJson, in));
  CHECK(doc["diagnostics"] == nlohmann::json::array());
  CHECK(doc["summary"]["errors"] == 0);
}

TEST_CASE("json and sarif: invalid UTF-8 in a message does not throw") {
  std::vector<Diagnostic> ds{kb::make_diagnostic("KB0003", {"f.yaml", 1, 1}, "bad \xFF\xC3 byte")};
  ReportInput in;
  in.diagnostics = &ds;
  std::string json;
  REQUIRE_NOTHROW(json = render(Format::kJson, in));
  CHECK(nlohmann::json::parse(json)["diagnostics"][0]["message"] == "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");
  std::string sarif;
  REQUIRE_NOTHROW(sarif = render(Format::kSarif, in));
  CHECK_NOTHROW(nlohmann::json::parse(sarif));
}

TEST_CASE("json: the text writer gives the bytes of the DOM it replaced", "[report]") {
  using nlohmann::ordered_json;
  // Quotes, escapes, controls, DEL, non-ASCII, invalid UTF-8 and the "##[" escape.
  const std::string tricky = "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f \xC3\xA9 \xE2\x80\xA8 \xFF ##[x ###[";
  std::vector<Diagnostic> ds{
      kb::make_diagnostic("KB0003", {"f " + tricky + ".yaml", 3, 4}, tricky, tricky),
      kb::make_diagnostic("KB2001", {"g.yaml", 0, 0}, "plain")};
  ds[1].related.push_back({{"h.yaml", 7, 8}, "", tricky});
  ds[1].related.push_back({{tricky, 9, 10}, "EV1", "second"});
  ReportInput in;
  in.tool_version = "0.1.0";
  in.diagnostics = &ds;
  ordered_json doc;
  doc["tool"] = {{"name", "kbcheck"}, {"version", "0.1.0"}};
  doc["diagnostics"] = ordered_json::array();
  for (const Diagnostic& d : ds) {
    ordered_json j;
    j["rule"] = d.rule;
    j["name"] = kb::find_rule(d.rule)->name;
    j["severity"] = kb::severity_name(d.severity);
    auto location = [](ordered_json& o, const kb::SourceLocation& l, const std::string& record) {
      o["file"] = l.file;
      o["line"] = l.line;
      o["column"] = l.column;
      if (!record.empty()) o["record"] = record;
    };
    location(j, d.location, d.record);
    j["message"] = d.message;
    j["related"] = ordered_json::array();
    for (const auto& n : d.related) {
      ordered_json r;
      location(r, n.location, n.record);
      r["message"] = n.message;
      j["related"].push_back(r);
    }
    doc["diagnostics"].push_back(j);
  }
  doc["summary"] = {{"files", 0}, {"records", 0}, {"errors", 0}, {"warnings", 0}, {"infos", 0}};
  CHECK(render(Format::kJson, in) ==
        kb::json_for_logs(doc.dump(2, ' ', false, ordered_json::error_handler_t::replace)) + "\n");
}

// ---------------------------------------------------------------------------- sarif

TEST_CASE("sarif: required keys, rules and locations") {
  Sample s;
  auto doc = nlohmann::json::parse(render(Format::kSarif, s.input));
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].size() == 1);
  const auto& run = doc["runs"][0];
  const auto& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "kbcheck");
  CHECK(driver["version"] == "0.1.0");
  CHECK_FALSE(driver.contains("informationUri"));  // no web site is claimed
  REQUIRE(driver["rules"].size() == kb::all_rules().size());
  for (const auto& r : driver["rules"]) {
    // The rule's docs page travels in the file (GitHub shows help.markdown with an alert).
    CHECK(r["helpUri"] == std::string(kb::report::kDefaultRuleDocsUrl) +
                              r["id"].get<std::string>() + ".md");
    if (r["id"] == "KB0001") {
      CHECK(r["help"]["markdown"] == "# KB0001 yaml-syntax\n\nThe page, in **Markdown**.\n");
      CHECK(r["help"]["text"] == r["help"]["markdown"]);
      CHECK(r["fullDescription"]["text"] == "The page, in **Markdown**.");
    } else {
      CHECK_FALSE(r.contains("help"));  // no page: no help object
      CHECK(r["fullDescription"]["text"] == r["shortDescription"]["text"]);
    }
    CHECK_FALSE(r["shortDescription"]["text"].get<std::string>().empty());
  }
  const auto& results = run["results"];
  REQUIRE(results.size() == s.diagnostics.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    const Diagnostic& d = s.diagnostics[i];
    CHECK(r["ruleId"] == d.rule);
    CHECK(driver["rules"][r["ruleIndex"].get<std::size_t>()]["id"] == d.rule);
    if (d.related.empty()) CHECK(r["message"]["text"] == d.message);
    // GitHub rejects a whole upload if one result has no location; it wants a region.
    REQUIRE(r["locations"].size() == 1);
    const auto& phys = r["locations"][0]["physicalLocation"];
    CHECK_FALSE(phys["artifactLocation"]["uri"].get<std::string>().empty());
    CHECK(phys["region"]["startLine"] == std::max<std::uint32_t>(d.location.line, 1));
    CHECK(phys["region"].contains("startColumn") == (d.location.line > 0));
    std::string lh = r["partialFingerprints"]["primaryLocationLineHash"];
    CHECK(lh.size() == 18);  // 16 hex digits + ":1"
    CHECK(lh.substr(16) == ":1");
  }
  CHECK(results[1]["message"]["text"] == s.diagnostics[1].message + " (see [EV0001](1))");
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == ".");
  CHECK(results[1]["level"] == "error");
  CHECK(results[1]["relatedLocations"][0]["id"] == 1);
  CHECK(results[1]["relatedLocations"][0]["message"]["text"] == "EV0001: the record it contradicts");
  CHECK(results[1]["relatedLocations"][0]["physicalLocation"]["region"]["startColumn"] == 12);
  CHECK(results[3]["level"] == "note");  // info
  CHECK(results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "kb/variants/odd%20name%2C%20v2.yaml");
  CHECK(results[5]["level"] == "warning");
}

TEST_CASE("sarif: paths become URIs") {
  auto uri_of = [](const std::string& file) {
    std::vector<Diagnostic> ds{kb::make_diagnostic("KB0001", {file, 1, 1}, "m")};
    ReportInput in;
    in.diagnostics = &ds;
    auto doc = nlohmann::json::parse(render(Format::kSarif, in));
    return doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  };
  CHECK(uri_of("./kb/a.yaml")["uri"] == "kb/a.yaml");
  CHECK(uri_of("kb/g\xC3\xA8ne #1.yaml")["uri"] == "kb/g%C3%A8ne%20%231.yaml");
  CHECK(uri_of("/abs/kb/a.yaml")["uri"] == "file:///abs/kb/a.yaml");
  CHECK_FALSE(uri_of("/abs/kb/a.yaml").contains("uriBaseId"));
  CHECK(uri_of("kb/a.yaml")["uriBaseId"] == "%SRCROOT%");
}

TEST_CASE("sarif: message links, bracket escapes, line hashes and the docs URL") {
  std::vector<Diagnostic> ds{diag("KB2001", "kb/a.yaml", 3, 1, "says [x]", "EV1"),
                             diag("KB2001", "kb/a.yaml", 7, 1, "says y", "EV2"),
                             diag("KB2001", "kb/a.yaml", 9, 1, "says z", "EV3")};
  ds[0].related.push_back(RelatedNote{{"kb/b.yaml", 2, 1}, "EV9", "other"});
  ds[0].related.push_back(RelatedNote{{"kb/c [1].yaml", 2, 1}, "", "third"});
  ReportInput in;
  in.diagnostics = &ds;
  in.rule_docs_url = "https://example.org/r/";
  // Lines 3 and 7 hold the same text up to whitespace; line 9 differs.
  in.source_line = [](const std::string&, std::uint32_t line) -> std::optional<std::string> {
    return line == 3 ? "a: 1" : line == 7 ? "  a:1 " : "b: 2";
  };
  auto doc = nlohmann::json::parse(render(Format::kSarif, in));
  const auto& results = doc["runs"][0]["results"];
  CHECK(results[0]["message"]["text"] == "says \\[x\\] (see [EV9](1), [kb/c \\[1\\].yaml](2))");
  CHECK(results[0]["relatedLocations"][1]["id"] == 2);
  std::string h0 = results[0]["partialFingerprints"]["primaryLocationLineHash"];
  std::string h1 = results[1]["partialFingerprints"]["primaryLocationLineHash"];
  std::string h2 = results[2]["partialFingerprints"]["primaryLocationLineHash"];
  CHECK(h0.substr(0, 16) == h1.substr(0, 16));  // whitespace does not count
  CHECK(h0.substr(16) == ":1");
  CHECK(h1.substr(16) == ":2");  // the second occurrence of that hash
  CHECK(h2.substr(0, 16) != h0.substr(0, 16));
  CHECK(h2.substr(16) == ":1");
  CHECK(doc["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] == "https://example.org/r/KB0001.md");
}

TEST_CASE("sarif: the output validates against the SARIF 2.1.0 JSON schema") {
  auto schema_json = nlohmann::json::parse(
      kbtest::slurp(std::filesystem::path(KB_SOURCE_DIR) / "tests/report/sarif-schema-2.1.0.json"));
  valijson::Schema schema;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
  parser.populateSchema(schema_adapter, schema);
  auto validate = [&](const nlohmann::json& doc) {
    valijson::Validator validator;
    valijson::ValidationResults errors;
    valijson::adapters::NlohmannJsonAdapter data(doc);
    bool ok = validator.validate(schema, data, &errors);
    valijson::ValidationResults::Error e;
    while (errors.popError(e)) {
      std::string where;
      for (const auto& c : e.context) where += c;
      UNSCOPED_INFO(where << ": " << e.description);
    }
    return ok;
  };
  Sample s;
  auto doc = nlohmann::json::parse(render(Format::kSarif, s.input));
  CHECK(validate(doc));
  std::vector<Diagnostic> none;
  ReportInput empty;
  empty.diagnostics = &none;
  CHECK(validate(nlohmann::json::parse(render(Format::kSarif, empty))));
  // The check can fail: a result without its message is refused.
  doc["runs"][0]["results"][0].erase("message");
  CHECK_FALSE(validate(doc));
}

// ---------------------------------------------------------------------------- gitlab

TEST_CASE("gitlab: GitLab's documented Code Quality shape") {
  Sample s;
  auto doc = nlohmann::json::parse(render(Format::kGitlab, s.input));
  REQUIRE(doc.is_array());
  REQUIRE(doc.size() == s.diagnostics.size());
  std::set<std::string> fingerprints;
  const std::set<std::string> kSeverities = {"info", "minor", "major", "critical", "blocker"};
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const auto& issue = doc[i];
    const Diagnostic& d = s.diagnostics[i];
    // Exactly the keys GitLab reads, with their types.
    std::set<std::string> keys;
    for (const auto& [k, v] : issue.items()) keys.insert(k);
    CHECK(keys == std::set<std::string>{"description", "check_name", "fingerprint", "severity",
                                        "location"});
    CHECK(issue["description"] == d.message);
    CHECK(issue["check_name"] == d.rule);
    CHECK(kSeverities.count(issue["severity"].get<std::string>()) == 1);
    CHECK(fingerprints.insert(issue["fingerprint"].get<std::string>()).second);  // unique
    CHECK_FALSE(issue["location"]["path"].get<std::string>().empty());
    CHECK(issue["location"]["lines"]["begin"] == std::max<std::uint32_t>(d.location.line, 1));
  }
  CHECK(doc[0]["location"]["path"] == ".");  // the KB-level finding
  CHECK(doc[1]["severity"] == "major");      // error
  CHECK(doc[3]["severity"] == "info");       // info
  CHECK(doc[5]["severity"] == "minor");      // warning
}

TEST_CASE("gitlab: equal findings get distinct fingerprints, kept through a line move") {
  std::vector<Diagnostic> ds{diag("KB0101", "kb/a.yaml", 3, 1, "same"),
                             diag("KB0101", "kb/a.yaml", 4, 1, "same")};
  ReportInput in;
  in.diagnostics = &ds;
  auto before = nlohmann::json::parse(render(Format::kGitlab, in));
  CHECK(before[0]["fingerprint"] != before[1]["fingerprint"]);
  ds[0].location.line = 10;
  ds[1].location.line = 11;
  auto after = nlohmann::json::parse(render(Format::kGitlab, in));
  CHECK(after[0]["fingerprint"] == before[0]["fingerprint"]);
  std::vector<Diagnostic> none;
  in.diagnostics = &none;
  CHECK(render(Format::kGitlab, in) == "[]\n");
}

// ---------------------------------------------------------------------------- junit

namespace {

struct XmlDocFree {
  void operator()(xmlDocPtr d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

XmlDoc parse_xml(const std::string& text) {
  return XmlDoc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "junit.xml", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

std::string attr(xmlNodePtr n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return "<absent>";
  std::string s = reinterpret_cast<const char*>(v);
  xmlFree(v);
  return s;
}

std::string content(xmlNodePtr n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

bool named(xmlNodePtr n, const char* name) {
  return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::vector<xmlNodePtr> children(xmlNodePtr n, const char* name) {
  std::vector<xmlNodePtr> out;
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (named(c, name)) out.push_back(c);
  return out;
}

}  // namespace

TEST_CASE("junit: parsed back with libxml2") {
  Sample s;
  XmlDoc doc = parse_xml(render(Format::kJunit, s.input));
  REQUIRE(doc);
  xmlNodePtr root = xmlDocGetRootElement(doc.get());
  REQUIRE(named(root, "testsuites"));
  // 5 checked files + EV0013 and "odd name, v2" only in diagnostics + the file-less one.
  CHECK(attr(root, "tests") == "8");
  CHECK(attr(root, "failures") == "4");
  auto suites = children(root, "testsuite");
  REQUIRE(suites.size() == 1);
  CHECK(attr(suites[0], "name") == "kbcheck");
  CHECK(attr(suites[0], "errors") == "0");
  auto cases = children(suites[0], "testcase");
  REQUIRE(cases.size() == 8);
  std::map<std::string, xmlNodePtr> by_name;
  for (xmlNodePtr c : cases) {
    CHECK(attr(c, "classname") == "kbcheck");
    by_name[attr(c, "name")] = c;
  }
  for (const std::string& f : s.input.files) CHECK(by_name.count(f) == 1);
  CHECK(children(by_name["kb/kb.yaml"], "failure").empty());

  auto contra = children(by_name["kb/evidence/CYP19A1/EV0012.yaml"], "failure");
  REQUIRE(contra.size() == 1);
  CHECK(attr(contra[0], "type") == "KB2001");
  CHECK(content(contra[0]).find("note: EV0001: the record it contradicts") != std::string::npos);

  auto tricky = children(by_name["kb/variants/odd name, v2.yaml"], "failure");
  REQUIRE(tricky.size() == 1);
  // XML escaping round-trips; the newline is shown as \n, as in every text format.
  CHECK(attr(tricky[0], "message") == kb::escape_controls(kTricky));
  CHECK(attr(tricky[0], "type") == "KB0105");

  auto warn = by_name["kb/variants/rs4646.yaml"];
  CHECK(children(warn, "failure").empty());
  auto out = children(warn, "system-out");
  REQUIRE(out.size() == 1);
  CHECK(content(out[0]).find("warning: allele C") != std::string::npos);
  CHECK(by_name.count("(knowledge base)") == 1);
}

TEST_CASE("junit: control characters and invalid UTF-8 are made visible, and the output still parses") {
  std::vector<Diagnostic> ds{
      kb::make_diagnostic("KB0003", {"f\x01.yaml", 1, 1}, "nul-ish \x02 and bad \xFF ]]> end")};
  ReportInput in;
  in.diagnostics = &ds;
  XmlDoc doc = parse_xml(render(Format::kJunit, in));
  REQUIRE(doc);
  auto suite = children(xmlDocGetRootElement(doc.get()), "testsuite")[0];
  auto c = children(suite, "testcase");
  REQUIRE(c.size() == 1);
  CHECK(attr(c[0], "name") == "f\\x01.yaml");
  CHECK(attr(children(c[0], "failure")[0], "message") == "nul-ish \\x02 and bad \\xff ]]> end");
  CHECK(content(children(c[0], "failure")[0]) ==
        "f\\x01.yaml:1:1: error: nul-ish \\x02 and bad \\xff ]]> end [KB0003]\n");
}

TEST_CASE("junit: a clean run has one passing test case per file") {
  ReportInput in;
  in.files = {"kb/kb.yaml", "kb/genes/A.yaml"};
  XmlDoc doc = parse_xml(render(Format::kJunit, in));
  REQUIRE(doc);
  xmlNodePtr root = xmlDocGetRootElement(doc.get());
  CHECK(attr(root, "tests") == "2");
  CHECK(attr(root, "failures") == "0");
}

// ---------------------------------------------------------------------------- github

TEST_CASE("github: workflow commands with escaped properties and data") {
  Diagnostic d = kb::make_diagnostic("KB2001", {"kb/a,b:c.yaml", 9, 12}, "50% up\r\nnext",
                                     "EV0012");
  d.related.push_back(RelatedNote{{"kb/x.yaml", 3, 4}, "EV0001", "the record it contradicts"});
  std::vector<Diagnostic> ds{d, kb::make_diagnostic("KB2002", {"w.yaml", 0, 0}, "w"),
                             kb::make_diagnostic("KB1005", {"i.yaml", 2, 0}, "i")};
  ReportInput in;
  in.diagnostics = &ds;
  in.summary = {3, 3, 1, 1, 1, std::nullopt};
  CHECK(render(Format::kGithub, in) ==
        "::error file=kb/a%2Cb%3Ac.yaml,line=9,col=12,title=KB2001 contradictory-evidence::"
        "50%25 up\\r\\nnext (see kb/x.yaml:3: EV0001: the record it contradicts)\n"
        "::warning file=w.yaml,title=KB2002 conflicting-evidence::w\n"
        "::notice file=i.yaml,line=2,title=KB1005 orphan::i\n");
}

TEST_CASE("github: a clean run prints nothing") {
  ReportInput in;
  in.summary = {3, 3, 0, 0, 0, std::nullopt};
  CHECK(render(Format::kGithub, in).empty());
}

// ---------------------------------------------------------------------------- source reader

TEST_CASE("disk source reader: lines by number, CRLF stripped, missing files and lines") {
  kbtest::TempDir dir;
  auto path = dir.write("a.yaml", "first\r\nsecond\n\tthird").string();
  auto read = kb::report::make_disk_source_reader();
  CHECK(read(path, 1) == "first");
  CHECK(read(path, 2) == "second");
  CHECK(read(path, 3) == "\tthird");
  CHECK_FALSE(read(path, 4).has_value());
  CHECK_FALSE(read(path, 0).has_value());
  CHECK_FALSE(read((dir.path() / "missing.yaml").string(), 1).has_value());
  // Cached: the file's later removal does not change the answer.
  std::filesystem::remove(path);
  CHECK(read(path, 2) == "second");
}

// ---------------------------------------------------------------------------- end to end

TEST_CASE("kbcheck writes every format for a KB with an error") {
  kbtest::TempDir dir;
  dir.write("kb/kb.yaml", kbtest::kManifest);
  dir.write("kb/genes/bad gene.yaml", "kind: gene\nid: [unclosed\n");
  auto run = [&](const std::string& format) {
    // stdout only: stderr is not part of the report.
    return kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' check --format " + format +
                           " kb 2>/dev/null",
                       dir.path());
  };
  // CTest always names the built binary; an empty stdout is the regression this guards.
  REQUIRE(std::filesystem::exists(kbtest::binary("KBCHECK", "")));
  auto text = run("text");
  REQUIRE_FALSE(text.out.empty());
  CHECK(text.status == 1);
  CHECK(text.out.find("kb/genes/bad gene.yaml:") == 0);
  CHECK(text.out.find("[KB0001]") != std::string::npos);

  auto json = run("json");
  CHECK(json.status == 1);
  auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["summary"]["errors"] == 1);
  CHECK(doc["diagnostics"][0]["rule"] == "KB0001");

  auto sarif = nlohmann::json::parse(run("sarif").out);
  CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
             ["uri"] == "kb/genes/bad%20gene.yaml");

  XmlDoc junit = parse_xml(run("junit").out);
  REQUIRE(junit);
  CHECK(attr(xmlDocGetRootElement(junit.get()), "failures") == "1");

  auto github = run("github");
  CHECK(github.status == 1);
  CHECK(github.out.rfind("::error file=kb/genes/bad gene.yaml,line=", 0) == 0);

  auto gitlab_run = run("gitlab");
  CHECK(gitlab_run.status == 1);
  auto gitlab = nlohmann::json::parse(gitlab_run.out);
  REQUIRE(gitlab.size() == 1);
  CHECK(gitlab[0]["check_name"] == "KB0001");
  CHECK(gitlab[0]["location"]["path"] == "kb/genes/bad gene.yaml");
}

TEST_CASE("streamed arrays are written byte for byte as dump(2)", "[report]") {
  using nlohmann::ordered_json;
  using kb::report::detail::dump_with_streamed_array;
  using kb::report::detail::kStreamedArray;
  auto element = [](std::size_t i) {
    return ordered_json{{"i", i}, {"nested", {{"list", {1, 2}}, {"text", "a\nb \xff"}}}, {"empty", ordered_json::array()}};
  };
  for (std::size_t count : {0u, 1u, 3u}) {
    ordered_json items = ordered_json::array();
    for (std::size_t i = 0; i < count; ++i) items.push_back(element(i));
    // The placeholder at the top level and two levels down, with keys before and after.
    ordered_json flat = {{"head", 1}, {"items", kStreamedArray}, {"tail", {{"x", 2}}}};
    ordered_json deep = {{"runs", ordered_json::array({{{"tool", "t"}, {"results", kStreamedArray}}})}};
    for (ordered_json doc : {flat, deep}) {
      std::ostringstream streamed;
      dump_with_streamed_array(doc, count, element, streamed);
      ordered_json whole = doc;
      if (whole.contains("items")) whole["items"] = items;
      else whole["runs"][0]["results"] = items;
      INFO("count " << count << "\n" << streamed.str());
      CHECK(streamed.str() ==
            whole.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n");
    }
  }
}
