// Contradiction checks scale: one (variant, drug) group of many records is bucketed and
// counted, never compared pair by pair. Not timed; the count proves nothing was dropped.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "rules/cross/contradictions.h"

namespace {

kb::model::KnowledgeBase synthetic(std::size_t n) {
  using namespace kb::model;
  KnowledgeBase kb;
  kb.root = "kb";
  kb.files = {"kb/base.yaml", "kb/evidence/all.yaml"};
  kb.records.manifests.push_back({{"synthetic", {0, {2, 5}}}, "S", "1.0.0", 1, ""});
  Variant v;
  v.id = "rs1";
  v.alleles = {"C", "T"};
  v.gene = {"G", {}};
  kb.records.variants.push_back(v);
  Gene g;
  g.id = "G";
  kb.records.genes.push_back(g);
  kb.records.drugs.push_back({{"d", {}}, "D", "", {}});
  kb.records.phenotypes.push_back({{"p", {}}, "P", "", {}, {}});
  const char* sexes[] = {"", "female", "male", "any"};
  for (std::size_t i = 0; i < n; ++i) {
    Evidence e;
    e.id = "EV" + std::to_string(100000 + i);
    e.pos = {1, {static_cast<std::uint32_t>(i * 20 + 2), 5}};
    e.status = Status::kAccepted;
    e.variant = {"rs1", {}};
    e.allele = Located<std::string>{i % 3 ? "T" : "C", {}};
    e.drug = {"d", {}};
    e.phenotype = {"p", {}};
    e.direction = {i % 2 ? Direction::kIncreased : Direction::kDecreased, {1, {static_cast<std::uint32_t>(i * 20 + 9), 12}}};
    e.context.sex = sexes[i % 4];
    kb.records.evidence.push_back(std::move(e));
  }
  return kb;
}

}  // namespace

TEST_CASE("scale: 50k records in one (variant, drug) group give a bounded report", "[graph][scale]") {
  auto kb = synthetic(50000);
  kb::rules::cross::KbIndex idx(kb);
  auto conflicts = kb::rules::cross::find_conflicts(idx);
  REQUIRE(conflicts.size() == kb::rules::cross::kConflictsPerGroup);
  // Every record claims T (C claims flip to T on this biallelic variant); directions
  // alternate with the index and flip for C, and sexes female/male never meet.
  std::uint64_t pairs = 0;
  {
    std::uint64_t count[2][4] = {};  // [T increased?][sex]
    for (std::size_t i = 0; i < 50000; ++i) {
      bool inc = (i % 2 == 1) != (i % 3 == 0);
      count[inc][i % 4]++;
    }
    auto overlap = [](int a, int b) { return !((a == 1 && b == 2) || (a == 2 && b == 1)); };
    for (int a = 0; a < 4; ++a)
      for (int b = 0; b < 4; ++b)
        if (overlap(a, b)) pairs += count[1][a] * count[0][b];
  }
  const auto& last = conflicts.back().message;
  CHECK_THAT(last, Catch::Contains("and " + std::to_string(pairs - conflicts.size()) + " more conflicting pairs"));
  // Reported in (later, earlier) order: the first finding is the earliest possible pair.
  CHECK(conflicts.front().earlier == 0);
  CHECK(conflicts.front().later == 2);  // records 0 and 1 agree

  std::vector<kb::Diagnostic> out;
  kb::rules::cross::run_cross_record_rules(kb, {}, out);
  CHECK(out.size() < 200);
}
