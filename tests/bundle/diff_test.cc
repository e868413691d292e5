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
