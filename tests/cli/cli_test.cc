// The CLI contract (../shared/spec/cli-contract.md) through the real binary.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

using kbtest::TempDir;
namespace fs = std::filesystem;

namespace {

const char* kGene = "kind: gene\nid: CYP19A1\nname: aromatase\n";
const char* kVariant = "kind: variant\nid: rs4646\ngene: CYP19A1\nalleles: [C, A]\n";
const char* kDrug = "kind: drug\nid: anastrozole\nname: Anastrozole\n";
const char* kPhenotype = "kind: phenotype\nid: time-to-progression\nlabel: Time to progression\n";

std::string evidence(const std::string& id, const std::string& direction,
                     const std::string& extra = "") {
  return "kind: evidence\nid: " + id +
         "\nstatus: accepted\nvariant: rs4646\nallele: A\ndrug: anastrozole\n"
         "phenotype: time-to-progression\ncategory: efficacy\n" +
         (direction.empty() ? "" : "direction: " + direction + "\n") +
         "level: \"3\"\ncitation:\n  pmid: 24065098\n" + extra;
}

/// A small valid KB in `d`/kb.
void write_kb(const TempDir& d) {
  d.write("kb/kb.yaml", kbtest::kManifest);
  d.write("kb/genes/CYP19A1.yaml", kGene);
  d.write("kb/variants/rs4646.yaml", kVariant);
  d.write("kb/drugs/anastrozole.yaml", kDrug);
  d.write("kb/phenotypes/ttp.yaml", kPhenotype);
  d.write("kb/evidence/CYP19A1/EV0001.yaml", evidence("EV0001", "increased"));
  d.write("kb/citations/pubmed/24065098.xml", kbtest::kPubmedCache);
}

nlohmann::json json_of(const kbtest::RunResult& r) {
  INFO(r.out);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

}  // namespace

TEST_CASE("a valid KB checks clean with exit 0", "[cli]") {
  TempDir d;
  write_kb(d);
  auto r = kbtest::kbcheck("check kb --color never", d.path());
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(r.out.find("6 files, 6 records: 0 errors") != std::string::npos);
}

TEST_CASE("errors exit 1 and print like a compiler", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("kb/evidence/CYP19A1/EV0002.yaml", evidence("EV0002", "up"));
  auto r = kbtest::kbcheck("check kb --color never", d.path());
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("kb/evidence/CYP19A1/EV0002.yaml:9:12: error: 'up' is not a valid direction "
                   "(expected increased, decreased, no-association or associated) [KB0103]\n"
                   "direction: up\n"
                   "           ^") != std::string::npos);
}

TEST_CASE("exit status follows --fail-on", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("kb/evidence/CYP19A1/EV0002.yaml", evidence("EV0002", "no-association"));  // KB2002
  CHECK(kbtest::kbcheck("check kb", d.path()).status == 0);
  CHECK(kbtest::kbcheck("check kb --fail-on warning", d.path()).status == 1);
  d.write("kb/evidence/CYP19A1/EV0003.yaml", evidence("EV0003", "decreased"));  // KB2001
  CHECK(kbtest::kbcheck("check kb", d.path()).status == 1);
  CHECK(kbtest::kbcheck("check kb --fail-on none", d.path()).status == 0);
}

TEST_CASE("lint runs per-record checks only, check adds cross-record rules", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("kb/evidence/CYP19A1/EV0002.yaml", evidence("EV0002", "decreased"));
  auto lint = kbtest::kbcheck("lint kb --format json", d.path());
  CHECK(lint.status == 0);
  CHECK(json_of(lint)["diagnostics"].empty());
  auto check = kbtest::kbcheck("check kb --format json", d.path());
  CHECK(check.status == 1);
  auto j = json_of(check);
  REQUIRE(j["diagnostics"].size() == 1);
  const auto& diag = j["diagnostics"][0];
  CHECK(diag["rule"] == "KB2001");
  CHECK(diag["name"] == "contradictory-evidence");
  CHECK(diag["severity"] == "error");
  CHECK(diag["record"] == "EV0002");
  CHECK(diag["file"] == "kb/evidence/CYP19A1/EV0002.yaml");
  REQUIRE(diag["related"].size() == 1);
  CHECK(diag["related"][0]["record"] == "EV0001");
  CHECK(diag["related"][0]["file"] == "kb/evidence/CYP19A1/EV0001.yaml");
  CHECK(j["summary"]["errors"] == 1);
  CHECK(j["summary"]["records"] == 7);
  CHECK(j["tool"]["name"] == "kbcheck");
  // lint keeps no typed model but still counts every record it read.
  CHECK(json_of(lint)["summary"]["records"] == 7);
}

TEST_CASE("stats: --stats prints the wall time of each phase on stderr", "[cli]") {
  TempDir d;
  write_kb(d);
  auto r = kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") +
                           "' check kb --format json --stats 2>stats.txt",
                       d.path());
  CHECK(r.status == 0);
  json_of(r);  // stdout stays a clean JSON document
  std::string stats = kbtest::slurp(d.path() / "stats.txt");
  INFO(stats);
  CHECK(stats.find("kbcheck: stats: 6 files, 6 records, 0 findings") != std::string::npos);
  for (const char* phase : {"find files", "load, validate, per-record rules", "cross-record rules",
                            "write the report", "total"})
    CHECK(stats.find(phase) != std::string::npos);
  auto lint = kbtest::kbcheck("lint kb --stats", d.path());
  CHECK(lint.out.find("cross-record rules") == std::string::npos);  // lint has no such phase
}

TEST_CASE("output does not depend on the number of threads", "[cli]") {
  TempDir d;
  write_kb(d);
  // Findings from several rule families and files, of several sizes.
  d.write("kb/evidence/CYP19A1/EV0002.yaml", evidence("EV0002", "decreased"));      // KB2001
  d.write("kb/evidence/CYP19A1/EV0003.yaml", evidence("EV0003", "no-association"));  // KB2002
  d.write("kb/evidence/CYP19A1/EV0004.yaml",
          evidence("EV0004", "increased", "summary: " + std::string(5000, 'x') + "\n"));
  d.write("kb/variants/rs9.yaml", "kind: variant\nid: rs9\ngene: NOPE\nalleles: [C, A]\n");  // KB1001
  d.write("kb/evidence/CYP19A1/EV0005.yaml", evidence("EV0005", "sideways"));  // KB0103
  auto one = kbtest::kbcheck("check kb --format json -j1", d.path());
  CHECK(one.status == 1);
  CHECK(json_of(one)["diagnostics"].size() >= 5);
  for (const char* jobs : {"-j2", "-j3", "-j8"}) {
    auto many = kbtest::kbcheck(std::string("check kb --format json ") + jobs, d.path());
    CHECK(many.out == one.out);
  }
}

TEST_CASE("a file named alone is checked in the context of its KB", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("kb/evidence/CYP19A1/EV0002.yaml", evidence("EV0002", "increased"));
  d.write("kb/evidence/CYP19A1/EV0003.yaml", evidence("EV0003", "up"));
  // EV0002 references resolve through the rest of the KB; EV0003's error is not reported.
  auto one = kbtest::kbcheck("check kb/evidence/CYP19A1/EV0002.yaml --format json", d.path());
  CHECK(one.status == 0);
  auto j = json_of(one);
  CHECK(j["diagnostics"].empty());
  CHECK(j["summary"]["files"] == 1);
  auto bad = kbtest::kbcheck("lint kb/evidence/CYP19A1/EV0003.yaml", d.path());
  CHECK(bad.status == 1);
  CHECK(bad.out.find("EV0003.yaml:9:12") != std::string::npos);
}

TEST_CASE("a record without a direction is a schema error, not a conflict", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("kb/evidence/CYP19A1/EV0002.yaml", evidence("EV0002", ""));
  auto j = json_of(kbtest::kbcheck("check kb --format json", d.path()));
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["rule"] == "KB0102");
}

TEST_CASE("a misspelt required field is one diagnostic, not two", "[cli]") {
  TempDir d;
  write_kb(d);
  std::string ev = evidence("EV0002", "increased");
  ev.replace(ev.find("phenotype:"), 10, "phenotyp:");
  d.write("kb/evidence/CYP19A1/EV0002.yaml", ev);
  auto j = json_of(kbtest::kbcheck("lint kb --format json", d.path()));
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["rule"] == "KB0101");
  CHECK(j["diagnostics"][0]["message"] ==
        "unknown field 'phenotyp' in an evidence record; did you mean 'phenotype' (a required field)?");
}

TEST_CASE("documents that are not mappings and unknown kinds", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("kb/misc.yaml", "---\n- a list\n---\nkind: gen\nid: X\n---\nid: no-kind\n");
  auto r = kbtest::kbcheck("lint kb --color never", d.path());
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("kb/misc.yaml:2:1: error: a document must be a mapping") != std::string::npos);
  kbtest::expect_rule(r.out, "KB0004");
  CHECK(r.out.find("kb/misc.yaml:4:7: error: 'gen' is not a known kind") != std::string::npos);
  CHECK(r.out.find("kb/misc.yaml:7:1: error: document has no 'kind' field") != std::string::npos);
  kbtest::expect_rule(r.out, "KB0005");
}

TEST_CASE("quiet mode prints nothing for a clean text run but always a JSON document", "[cli]") {
  TempDir d;
  write_kb(d);
  CHECK(kbtest::kbcheck("check -q kb", d.path()).out.empty());
  json_of(kbtest::kbcheck("check -q kb --format json", d.path()));
}

TEST_CASE("a schema directory validates with other schemas, a broken one exits 2", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("schemas/drug.schema.json", R"({"type": "object", "required": ["smiles"]})");
  auto r = kbtest::kbcheck("lint kb --schema-dir schemas --color never", d.path());
  CHECK(r.status == 1);
  CHECK(r.out.find("missing required field 'smiles'") != std::string::npos);
  d.write("schemas/drug.schema.json", "{not json");
  auto bad = kbtest::kbcheck("lint kb --schema-dir schemas", d.path());
  CHECK(bad.status == 2);
  CHECK(bad.out.find("drug") != std::string::npos);
}

TEST_CASE("NO_COLOR and --color", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("kb/evidence/CYP19A1/EV0002.yaml", evidence("EV0002", "up"));
  CHECK(kbtest::kbcheck("check kb --color always", d.path()).out.find("\x1b[") != std::string::npos);
  CHECK(kbtest::run("NO_COLOR=1 '" + kbtest::binary("KBCHECK", "kbcheck") + "' check kb 2>&1", d.path())
            .out.find("\x1b[") == std::string::npos);
}

TEST_CASE("explain prints a rule's docs page, SARIF carries it as rule help", "[cli]") {
  auto page = kbtest::slurp(fs::path(KB_SOURCE_DIR) / "docs/rules/KB2001.md");
  REQUIRE_FALSE(page.empty());
  auto r = kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' explain kb2001");
  CHECK(r.status == 0);
  CHECK(r.out == page);

  auto table = kbtest::kbcheck("explain");
  CHECK(table.status == 0);
  CHECK(table.out.find("KB2001  error    contradictory-evidence") != std::string::npos);
  CHECK(table.out.find("KB4001") != std::string::npos);

  auto bad = kbtest::kbcheck("explain KB9999");
  CHECK(bad.status == 2);
  CHECK(bad.out.find("'KB9999' is not a rule id; run 'kbcheck explain' for the list") !=
        std::string::npos);

  TempDir d;
  write_kb(d);
  auto sarif = json_of(kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") +
                                   "' check kb --format sarif", d.path()));
  bool found = false;
  for (const auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) {
    CHECK(rule.contains("help"));  // every registered rule has a page
    if (rule["id"] == "KB2001") found = rule["help"]["markdown"] == page;
  }
  CHECK(found);
}

TEST_CASE("checking the earlier record's file alone still shows its contradiction", "[cli]") {
  TempDir d;
  write_kb(d);  // EV0001 increased
  d.write("kb/evidence/CYP19A1/EV0002.yaml", evidence("EV0002", "decreased"));
  // The finding is located at the later record (EV0002); EV0001's file is its related note.
  auto r = kbtest::kbcheck("check kb/evidence/CYP19A1/EV0001.yaml --format json", d.path());
  CHECK(r.status == 1);
  auto j = json_of(r);
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["rule"] == "KB2001");
  CHECK(j["diagnostics"][0]["related"][0]["file"] == "kb/evidence/CYP19A1/EV0001.yaml");
}

TEST_CASE("0o and 0x integers are integers to the schema too", "[cli]") {
  TempDir d;
  write_kb(d);
  d.write("kb/evidence/CYP19A1/EV0002.yaml",
          "kind: evidence\nid: EV0002\nstatus: accepted\nvariant: rs4646\nallele: A\ndrug: anastrozole\n"
          "phenotype: time-to-progression\ncategory: efficacy\ndirection: increased\nlevel: \"3\"\n"
          "citation:\n  pmid: 0o20\n  year: 2013\n");
  auto r = kbtest::kbcheck("lint kb --format json", d.path());
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(json_of(r)["diagnostics"].empty());
}
