// `kbcheck graph`: DOT/GraphML to stdout or atomically to -o FILE, never overwriting.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "test_support.h"

namespace {

void write_kb(const kbtest::TempDir& dir) {
  dir.write("kb/kb.yaml", kbgraph::kBase);
  dir.write("kb/evidence/EV0001.yaml", kbgraph::yaml_of({"EV0001", "increased"}));
  dir.write("kb/evidence/EV0002.yaml", kbgraph::yaml_of({"EV0002", "decreased"}));
}

}  // namespace

TEST_CASE("kbcheck graph writes DOT and GraphML", "[graph][cli]") {
  REQUIRE(kbtest::kbcheck("graph --help").status == 0);
  kbtest::TempDir dir;
  write_kb(dir);
  auto dot = kbtest::kbcheck("graph kb --format dot", dir.path());
  REQUIRE(dot.status == 0);
  CHECK_THAT(dot.out, Catch::Contains("digraph G {") && Catch::Contains("label=KB2001"));
  auto ml = kbtest::kbcheck("graph kb --format graphml -o out.graphml", dir.path());
  REQUIRE(ml.status == 0);
  CHECK_THAT(kbtest::slurp(dir.path() / "out.graphml"), Catch::Contains("<graphml"));
  CHECK(kbtest::kbcheck("graph kb --format svg", dir.path()).status == 2);
}

TEST_CASE("kbcheck graph -o refuses to overwrite without --force", "[graph][cli]") {
  kbtest::TempDir dir;
  write_kb(dir);
  dir.write("out.dot", "precious");
  auto r = kbtest::kbcheck("graph kb -o out.dot", dir.path());
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("--force"));
  CHECK(kbtest::slurp(dir.path() / "out.dot") == "precious");
  CHECK(kbtest::kbcheck("graph kb -o out.dot --force", dir.path()).status == 0);
  CHECK_THAT(kbtest::slurp(dir.path() / "out.dot"), Catch::Contains("digraph G {"));
}
