// diff_bundles, contradictions, required bumps and the golden markdown rendering.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "bundle/diff.h"
#include "bundle_fixture.h"
#include "test_support.h"

using namespace kb::bundle;
using kb::model::Direction;

namespace {
kbbundle::Bundle make(const kb::model::KnowledgeBase& kb) {
  auto r = kbbundle::Bundle::from_bytes(build_bundle(kb));
  REQUIRE(r);
  return std::move(r.value());
}

/// full_kb plus a record contradicting EV0002 (rs4646 C increased == A decreased).
kb::model::KnowledgeBase changed_kb() {
  auto kb = kbtest::full_kb();
  kb.records.manifests[0].version = "2.0.0";
  auto& ev = kb.records.evidence[0];  // EV0002
  ev.level.value = "2A";
  ev.summary = "Carriers had a longer TTP.";
  auto c = ev;
  c.id = "EV0009";
  c.allele->value = "C";
  c.context.ancestry = {"european"};
  kb.records.evidence.push_back(c);
  kb.records.genes.erase(kb.records.genes.begin() + 1);  // ABCB1
  kb.records.drugs[0].name = "Arimidex";
  return kb;
}
}  // namespace

TEST_CASE("contradictions: same allele, or the other allele of two", "[bundle][diff]") {
  auto kb = kbtest::full_kb();
  CHECK(bundle_contradictions(make(kb)).empty());
  auto c = changed_kb();
  auto pairs = bundle_contradictions(make(c));
  REQUIRE(pairs.size() == 1);
  CHECK(pairs.begin()->first == "EV0002");
  CHECK(pairs.begin()->second == "EV0009");
  // Disjoint ancestry: no contradiction.
  c.records.evidence.back().context.ancestry = {"african"};
  CHECK(bundle_contradictions(make(c)).empty());
  // Same allele, opposite direction, no context: contradiction.
  c.records.evidence.back().context = {};
  c.records.evidence.back().allele->value = "A";
  c.records.evidence.back().direction.value = Direction::kDecreased;
  CHECK(bundle_contradictions(make(c)).size() == 1);
  c.records.evidence.back().drug.id = "letrozole";
  CHECK(bundle_contradictions(make(c)).empty());
}

TEST_CASE("contradictions: a bundle's genotype claims count, as in the check", "[bundle][diff]") {
  // EV0002 says allele A of rs4646 increases time-to-progression; A/A against C/C is
  // allele A too, so a genotype-only record saying it decreases it contradicts EV0002.
  auto kb = kbtest::full_kb();
  auto g = kb.records.evidence[0];
  g.id = "EV0010";
  g.allele.reset();
  g.genotypes = {{"A/A", {}}};
  g.compared_to = {{"C/C", {}}}, g.compared_to_is_list = true;
  g.direction.value = Direction::kDecreased;
  kb.records.evidence.push_back(g);
  auto b = make(kb);
  auto pairs = bundle_contradictions(b);
  REQUIRE(pairs.size() == 1);
  CHECK(*pairs.begin() == ContradictionPair{"EV0002", "EV0010"});
  CHECK(pairs == kb::rules::cross::contradiction_pairs(kb));  // the check's own definition
  auto d = diff_bundles(make(kbtest::full_kb()), b);
  REQUIRE(d.contradictions_introduced.size() == 1);
  CHECK(d.contradictions_introduced[0] == ContradictionPair{"EV0002", "EV0010"});
}

TEST_CASE("model_of reads back the claims of a bundle", "[bundle][diff]") {
  auto kb = model_of(make(kbtest::full_kb()));
  REQUIRE(kb.records.evidence.size() == 1);  // accepted only
  const auto& e = kb.records.evidence[0];
  CHECK(e.id == "EV0002");
  CHECK(e.variant.id == "rs4646");
  REQUIRE(e.allele.has_value());
  CHECK(e.allele->value == "A");
  CHECK(e.direction.value == Direction::kIncreased);
  CHECK(e.context.sex == "female");
  CHECK(e.context.ancestry == std::vector<std::string>{"east-asian", "european"});
  REQUIRE(kb.records.variants.size() == 2);
  CHECK(kb.records.variants[1].alleles == std::vector<std::string>{"C", "A"});
  bool ttp_is_a_outcome = false;
  for (const auto& p : kb.records.phenotypes)
    if (p.id == "time-to-progression") ttp_is_a_outcome = p.is_a.size() == 1 && p.is_a[0].id == "outcome";
  CHECK(ttp_is_a_outcome);
}

TEST_CASE("diff: added, removed, changed, bumps", "[bundle][diff]") {
  auto a = make(kbtest::full_kb());
  auto b = make(changed_kb());
  auto d = diff_bundles(a, b);
  REQUIRE(d.added.size() == 1);
  CHECK(d.added[0].id == "EV0009");
  REQUIRE(d.removed.size() == 1);
  CHECK(d.removed[0].kind == "gene");
  REQUIRE(d.changed.size() == 2);
  CHECK(d.contradictions_introduced.size() == 1);
  CHECK(d.contradictions_resolved.empty());
  CHECK(required_bump(d, 1) == Bump::kMajor);
  CHECK(required_bump(d, 0) == Bump::kMinor);
  CHECK(diff_bundles(a, a).empty());
  CHECK(required_bump(diff_bundles(a, a), 1) == Bump::kNone);
  auto back = diff_bundles(b, a);
  CHECK(back.contradictions_resolved.size() == 1);

  auto text_only = kbtest::full_kb();
  text_only.records.evidence[0].summary = "reworded";
  CHECK(required_bump(diff_bundles(a, make(text_only)), 1) == Bump::kPatch);
  auto level = kbtest::full_kb();
  level.records.evidence[0].level.value = "1A";
  CHECK(required_bump(diff_bundles(a, make(level)), 1) == Bump::kMinor);
  CHECK(required_bump(diff_bundles(a, make(level)), 0) == Bump::kPatch);
}

TEST_CASE("diff: golden markdown, text and json", "[bundle][diff]") {
  auto d = diff_bundles(make(kbtest::full_kb()), make(changed_kb()));
  auto check = [](const std::string& name, const std::string& got) {
    kbtest::check_golden(std::filesystem::path(KB_SOURCE_DIR) / "tests/bundle/golden" / name, got);
  };
  check("diff.md", render_markdown(d));
  check("diff.txt", render_text(d));
  check("diff.json", render_json(d));
}
