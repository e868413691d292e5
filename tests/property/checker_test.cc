// The spec checker itself, on hand-made KBs for each row of the spec's tables and the
// traps of issue 17; and the 1.1 generator's output read back against the spec's syntax.
#include <catch2/catch.hpp>

#include <set>

#include "generator.h"
#include "spec_checker.h"
#include "yaml/loader.h"

using kbprop::Evidence;
using kbprop::Finding;
using kbprop::Kb;
using kbprop::Subject;

namespace {

Kb base_kb() {
  Kb kb;
  kb.format11 = true;
  kb.genes = {"CYP19A1", "CYP2D6"};
  kb.variants = {{"CYP19A1:bi", "CYP19A1", "locus", {"C", "A"}}, {"CYP19A1:tri", "CYP19A1", "locus", {"C", "A", "T"}}};
  kb.drugs = {{"anastrozole", {}}, {"letrozole", {}}, {"ais", {"anastrozole", "letrozole"}}};
  kb.phenotypes = {{"p-root", {}}, {"p-mid", {"p-root"}}, {"p-leaf", {"p-mid"}}};
  return kb;
}

Evidence allele(const std::string& id, const std::string& allele, const std::string& direction) {
  Evidence e;
  e.id = id;
  e.status = "accepted";
  e.variant = "CYP19A1:bi";
  e.allele = allele;
  e.drug = "anastrozole";
  e.phenotype = "p-leaf";
  e.direction = direction;
  return e;
}

std::set<Finding> check(Kb kb, std::vector<Evidence> ev) {
  kb.evidence = std::move(ev);
  return kbprop::spec_findings(kb);
}

const std::set<Finding> kNothing;

}  // namespace

TEST_CASE("spec checker: the 1.0 table", "[property][checker]") {
  Kb kb = base_kb();
  CHECK(check(kb, {allele("EV1", "A", "increased"), allele("EV2", "A", "decreased")}) ==
        std::set<Finding>{{"KB2001", "EV1", "EV2"}});
  // Biallelic: A increased also means C decreased.
  CHECK(check(kb, {allele("EV1", "A", "increased"), allele("EV2", "C", "increased")}) ==
        std::set<Finding>{{"KB2001", "EV1", "EV2"}});
  CHECK(check(kb, {allele("EV1", "A", "decreased"), allele("EV2", "C", "no-association")}) ==
        std::set<Finding>{{"KB2002", "EV1", "EV2"}});
  auto root = allele("EV2", "A", "decreased");
  root.phenotype = "p-root";
  CHECK(check(kb, {allele("EV1", "A", "increased"), root}) == std::set<Finding>{{"KB2003", "EV1", "EV2"}});
  root.direction = "no-association";
  CHECK(check(kb, {allele("EV1", "A", "increased"), root}) == kNothing);
  // Triallelic: no mirror, so A increased and C increased are compatible.
  auto t1 = allele("EV1", "A", "increased"), t2 = allele("EV2", "C", "increased");
  t1.variant = t2.variant = "CYP19A1:tri";
  CHECK(check(kb, {t1, t2}) == kNothing);
}

TEST_CASE("spec checker: genotype claims normalise to the alleles that qualify, or none", "[property][checker]") {
  Kb kb = base_kb();
  auto g = allele("EV2", "", "decreased");
  g.subject = Subject::kGenotypes;
  g.genotypes = {"A/A"};  // against C/C and A/C implicitly: A decreased
  CHECK(check(kb, {allele("EV1", "A", "increased"), g}) == std::set<Finding>{{"KB2001", "EV1", "EV2"}});
  g.genotypes = {"C/A"};  // a heterozygote against both homozygotes: no allele qualifies
  CHECK(check(kb, {allele("EV1", "A", "increased"), g}) == kNothing);
  g.compared_to_list = {"C/C"};  // now A has more copies than the comparison
  CHECK(check(kb, {allele("EV1", "A", "increased"), g}) == std::set<Finding>{{"KB2001", "EV1", "EV2"}});
  // A/T against C/C qualifies both A and T: no single allele, so no claim (KB2001.md).
  g.variant = "CYP19A1:tri";
  g.genotypes = {"A/T"};
  auto t = allele("EV1", "T", "increased");
  t.variant = "CYP19A1:tri";
  CHECK(check(kb, {t, g}) == kNothing);
}

TEST_CASE("spec checker: status, drug and context silence a pair", "[property][checker]") {
  Kb kb = base_kb();
  auto a = allele("EV1", "A", "increased"), b = allele("EV2", "A", "decreased");
  b.status = "draft";
  CHECK(check(kb, {a, b}) == kNothing);
  b.status = "submitted";
  b.drug = "letrozole";
  CHECK(check(kb, {a, b}) == kNothing);
  b.drug = "anastrozole";
  a.context = kbprop::Context{};
  b.context = kbprop::Context{};
  a.context->sex = "female";
  b.context->sex = "male";
  CHECK(check(kb, {a, b}) == kNothing);
  b.context->sex = "any";
  CHECK(check(kb, {a, b}).size() == 1);
  a.context->ancestry = std::vector<std::string>{"european"};
  b.context->ancestry = std::vector<std::string>{"african", "east-asian"};
  CHECK(check(kb, {a, b}) == kNothing);
  b.context->ancestry->push_back("european");
  CHECK(check(kb, {a, b}).size() == 1);
}

TEST_CASE("spec checker: the traps of format 1.1", "[property][checker]") {
  Kb kb = base_kb();
  auto a = allele("EV1", "A", "increased"), b = allele("EV2", "A", "decreased");
  // Opposite findings that differ only by menopausal-status are no contradiction.
  a.context = kbprop::Context{};
  b.context = kbprop::Context{};
  a.context->qualifiers["menopausal-status"] = "premenopausal";
  b.context->qualifiers["menopausal-status"] = "postmenopausal";
  CHECK(check(kb, {a, b}) == kNothing);
  b.context->qualifiers["menopausal-status"] = "premenopausal";
  CHECK(check(kb, {a, b}).size() == 1);
  // associated vs increased is compatible; associated vs no-association is a warning.
  CHECK(check(kb, {allele("EV1", "A", "associated"), allele("EV2", "A", "increased")}) == kNothing);
  CHECK(check(kb, {allele("EV1", "A", "associated"), allele("EV2", "C", "no-association")}) ==
        std::set<Finding>{{"KB2002", "EV1", "EV2"}});
  // poor vs normal metabolizer never contradict; the same value does.
  auto pm = allele("EV1", "", "increased"), nm = allele("EV2", "", "decreased");
  pm.subject = nm.subject = Subject::kGenePhenotype;
  pm.variant = nm.variant = "";
  pm.gp_gene = nm.gp_gene = "CYP2D6";
  pm.gp_value = "poor metabolizer";
  nm.gp_value = "normal metabolizer";
  CHECK(check(kb, {pm, nm}) == kNothing);
  nm.gp_value = "poor metabolizer";
  CHECK(check(kb, {pm, nm}) == std::set<Finding>{{"KB2001", "EV1", "EV2"}});
  // A class record and a member record that disagree: a warning; two members: nothing.
  auto cls = allele("EV2", "A", "decreased");
  cls.drug = "ais";
  CHECK(check(kb, {allele("EV1", "A", "increased"), cls}) ==
        std::set<Finding>{{kbprop::kGroupMemberRule, "EV1", "EV2"}});
  auto let = allele("EV2", "A", "decreased");
  let.drug = "letrozole";
  CHECK(check(kb, {allele("EV1", "A", "increased"), let}) == kNothing);
}

TEST_CASE("the 1.1 generator writes the spec's 1.1 syntax", "[property][generator]") {
  std::map<std::string, int> seen;
  for (std::uint32_t seed = 1; seed <= 200; ++seed) {
    auto files = kbprop::kb_files(kbprop::generate_kb(seed, true));
    REQUIRE(files.at("kb.yaml").find("format: \"1.1\"\n") != std::string::npos);
    for (const auto& [path, text] : files) {
      std::vector<kb::Diagnostic> diags;
      auto loaded = kb::yaml::load_yaml(text, path, {}, diags);
      INFO("seed " << seed << " " << path << ":\n" << text);
      REQUIRE(diags.empty());
      for (const auto& doc : loaded.documents) {
        const auto& root = doc.root;
        REQUIRE(root.find("kind"));
        if (const auto* d = root.find("direction"); d && d->text == "associated") ++seen["associated"];
        if (const auto* gp = root.find("gene_phenotype")) {
          REQUIRE(gp->kind == kb::yaml::NodeKind::kMapping);
          REQUIRE(gp->find("gene"));
          REQUIRE(gp->find("value"));
          REQUIRE_FALSE(root.find("variant"));
          ++seen["gene_phenotype"];
        }
        if (const auto* c = root.find("context"); c && c->find("qualifiers")) {
          REQUIRE(c->find("qualifiers")->kind == kb::yaml::NodeKind::kMapping);
          ++seen["qualifiers"];
        }
        if (const auto* m = root.find("members")) {
          REQUIRE(m->kind == kb::yaml::NodeKind::kSequence);
          ++seen["members"];
        }
        if (root.find("drug") && root.find("drug")->text == "aromatase-inhibitors") ++seen["group evidence"];
        if (const auto* s = root.find("system"); s && s->text == "star") {
          // "*1" must reach the loader as a string, not as an alias.
          REQUIRE(root.find("alleles")->items.at(0).text == "*1");
          ++seen["star"];
        }
        if (root.find("kind")->text == "evidence" && !root.find("level")) {
          // "`level` is required only on records with status `submitted` or `accepted`."
          std::string status = root.find("status")->text;
          REQUIRE((status == "draft" || status == "rejected" || status == "retracted"));
          ++seen["no level"];
        }
      }
    }
  }
  for (const char* feature :
       {"associated", "gene_phenotype", "qualifiers", "members", "group evidence", "star", "no level"}) {
    INFO(feature);
    CHECK(seen[feature] >= 20);
  }
}
