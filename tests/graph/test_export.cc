// Graph export: DOT and GraphML, deterministic, contradictions highlighted; golden files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixture.h"
#include "graph/export.h"
#include "test_support.h"

using kbgraph::Ev;
using kbgraph::KbBuilder;

namespace {

KbBuilder sample() {
  KbBuilder b;
  b.base()
      .file("kb/genes/roles.yaml", "kind: gene\nid: ESR1\nroles:\n  - drug: anastrozole\n    role: target\n")
      .evidence({"EV0001", "increased"})
      .evidence({"EV0002", "decreased"})
      .evidence({.id = "EV0003", .claim = R"(genotypes: ["A/A", "A/C"])", .phenotype = "arthralgia"})
      .evidence({.id = "EV0004", .status = "draft", .variant = "rs3"});
  return b;
}

std::string render(const kb::model::KnowledgeBase& kb, kb::graph::ExportFormat f) {
  std::ostringstream s;
  kb::graph::export_graph(kb, f, s);
  return s.str();
}

/// Compares with tests/graph/golden/NAME (kbtest::check_golden).
void check_golden(const std::string& name, const std::string& text) {
  kbtest::check_golden(std::filesystem::path(KB_SOURCE_DIR) / "tests" / "graph" / "golden" / name, text);
}

}  // namespace

TEST_CASE("export: DOT shows every kind of vertex and edge, contradictions in red", "[graph][export]") {
  auto b = sample();
  auto dot = render(b.kb(), kb::graph::ExportFormat::kDot);
  CHECK(dot.rfind("digraph G {", 0) == 0);
  for (const char* node : {"\"gene:CYP19A1\"", "\"variant:rs4646\"", "\"allele:rs4646:A\"", "\"drug:anastrozole\"",
                           "\"phenotype:arthralgia\"", "\"evidence:EV0001\""})
    CHECK_THAT(dot, Catch::Contains(node));
  CHECK_THAT(dot, Catch::Contains("\"evidence:EV0002\"->\"evidence:EV0001\"  [color=red, label=KB2001, style=dashed]"));
  CHECK_THAT(dot, Catch::Contains("\"evidence:EV0001\" [color=red"));
  CHECK_THAT(dot, Catch::Contains("\"gene:ESR1\"->\"drug:anastrozole\"  [color=black, label=target"));
  CHECK_THAT(dot, Catch::Contains("\"phenotype:arthralgia\"->\"phenotype:musculoskeletal-adverse-event\""));
  CHECK(dot == render(b.kb(), kb::graph::ExportFormat::kDot));  // deterministic
  check_golden("sample.dot", dot);
}

TEST_CASE("export: GraphML carries kind, label and id", "[graph][export]") {
  auto b = sample();
  auto xml = render(b.kb(), kb::graph::ExportFormat::kGraphml);
  CHECK_THAT(xml, Catch::Contains("<graphml"));
  CHECK_THAT(xml, Catch::Contains("attr.name=\"kind\""));
  CHECK_THAT(xml, Catch::Contains("attr.name=\"id\""));
  CHECK_THAT(xml, Catch::Contains(">contradicts</data>"));
  check_golden("sample.graphml", xml);
}

TEST_CASE("export: an empty KB is an empty graph", "[graph][export]") {
  kb::model::KnowledgeBase empty;
  CHECK_THAT(render(empty, kb::graph::ExportFormat::kDot), Catch::Contains("digraph G {"));
  CHECK_THAT(render(empty, kb::graph::ExportFormat::kGraphml), Catch::Contains("</graphml>"));
}

TEST_CASE("export: every record in a conflict is red, beyond the 50 pairs listed", "[graph][export]") {
  KbBuilder b;
  b.base();
  for (int i = 0; i < 120; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "EV%04d", i);
    b.evidence({id, i % 2 ? "decreased" : "increased"});
  }
  auto dot = render(b.kb(), kb::graph::ExportFormat::kDot);
  std::size_t red = 0, evidence = 0;
  std::istringstream lines(dot);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("\"evidence:", 0) != 0 || line.find("\" [") == std::string::npos) continue;
    ++evidence;
    red += line.find("color=red") != std::string::npos;
  }
  CHECK(evidence == 120);
  CHECK(red == 120);
}
