// KB4001: a declared level higher than the evidence supports (docs/evidence-levels.md).
#include <catch2/catch.hpp>

#include "fixture.h"
#include "rules/cross/level_score.h"

using kbgraph::Ev;
using kbgraph::KbBuilder;

namespace {

std::string study(const std::string& design, int size, long pmid, const std::string& p = {}) {
  std::string s = "study:\n  design: " + design + "\n  size: " + std::to_string(size) + "\n";
  if (!p.empty()) s += "  statistic:\n    measure: OR\n    p: " + p + "\n";
  return s + "citation:\n  pmid: " + std::to_string(pmid) + "\n";
}

std::vector<kb::Diagnostic> levels(const std::vector<Ev>& records) {
  KbBuilder b;
  b.base();
  for (const auto& e : records) b.evidence(e);
  REQUIRE(b.load_errors() == 0);
  return b.run("KB4001");
}

}  // namespace

TEST_CASE("KB4001 bad: level 1B from a single cohort", "[graph][KB4001]") {
  auto ds = levels({{.id = "EV0001", .level = "1B", .extra = study("cohort", 272, 24065098)}});
  REQUIRE(ds.size() == 1);
  kbtest::expect_rule(ds, "KB4001");
  CHECK(ds[0].severity == kb::Severity::kWarning);
  CHECK(ds[0].record == "EV0001");
  CHECK(ds[0].location == kb::SourceLocation{"kb/evidence/EV0001.yaml", 10, 8});
  CHECK(ds[0].message ==
        "EV0001 declares level 1B, but level 1B needs >= 2 independent publications and >= 25 points, "
        "and more than in-vitro or case-report evidence; this claim has 1 publication (PMID 24065098, "
        "cohort n=272: 6 points) = 6 points");
}

TEST_CASE("KB4001 good: two strong replicated publications support 1B, not 1A", "[graph][KB4001]") {
  std::vector<Ev> records{
      {.id = "EV0001", .level = "1B", .extra = study("meta-analysis", 2000, 1, "0.0001")},
      {.id = "EV0002", .level = "1B", .extra = study("meta-analysis", 3000, 2, "0.0002")}};
  CHECK(levels(records).empty());  // 14 + 14 + 5 = 33 points
  records[1].level = "1A";
  auto ds = levels(records);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0002");
  CHECK_THAT(ds[0].message, Catch::Contains("2 independent publications") && Catch::Contains("= 33 points"));
}

TEST_CASE("KB4001: one publication counts once however many records cite it", "[graph][KB4001]") {
  auto ds = levels({{.id = "EV0001", .level = "2A", .extra = study("rct", 1000, 7, "0.0001")},
                    {.id = "EV0002", .level = "2A", .extra = study("rct", 1000, 7, "0.0001")}});
  CHECK(ds.size() == 2);
}

TEST_CASE("KB4001: conflicting evidence lowers the score", "[graph][KB4001]") {
  std::vector<Ev> records{
      {.id = "EV0001", .level = "1B", .extra = study("meta-analysis", 2000, 1, "0.0001")},
      {.id = "EV0002", .level = "1B", .extra = study("meta-analysis", 3000, 2, "0.0002")},
      {.id = "EV0003", .direction = "no-association", .level = "3", .extra = study("meta-analysis", 2000, 3)}};
  auto ds = levels(records);
  REQUIRE(ds.size() == 2);
  CHECK_THAT(ds[0].message, Catch::Contains("minus 1 conflicting (PMID 3, meta-analysis n=2000: 12 points)") &&
                                Catch::Contains("= 21 points"));
  records[2].status = "draft";  // drafts do not count
  CHECK(levels(records).empty());
}

TEST_CASE("KB4001: levels 3 and 4 are never questioned, in-vitro only above 3 is", "[graph][KB4001]") {
  CHECK(levels({{.id = "EV0001", .level = "3", .extra = study("case-report", 1, 1)},
                {.id = "EV0002", .level = "4", .extra = study("in-vitro", 1, 2)}})
            .empty());
  auto ds = levels({{.id = "EV0001", .level = "2B", .extra = study("in-vitro", 10, 1)},
                    {.id = "EV0002", .level = "3", .extra = study("in-vitro", 10, 2)}});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].record == "EV0001");
}

TEST_CASE("level scoring helpers", "[graph][KB4001]") {
  using kb::rules::cross::level_rank;
  CHECK(level_rank("1A") > level_rank("1B"));
  CHECK(level_rank("2A") == level_rank("2B"));
  CHECK(level_rank("4") < level_rank("3"));
  CHECK(level_rank("9") == 0);
}
