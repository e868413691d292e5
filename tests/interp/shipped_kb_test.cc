// End-to-end test of the KB shipped in kb/ (not the fixture KB): most pipelines write VCFs
// without dbSNP annotation (ID column "."), so kbinterp can only find the KB's variants
// through their GRCh38 `location`. The VCF holds one line at each located variant's
// position (tests/interp/fixtures/vcf/shipped-kb-no-ids.vcf); the test fails if a location
// is dropped or moved, or if its reference allele stops being the KB's first allele.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

/// kb/ bundled with its submitted evidence, then kbinterp on the no-ID VCF.
Json shipped_kb_report() {
  kbtest::TempDir t;
  auto bundle = t.path() / "anastrozole-pgx.kbb";
  auto b = kbtest::run("'" + kbtest::binary("KBCHECK", KBCHECK_PATH) + "' bundle kb -o '" + bundle.string() +
                           "' --include submitted 2>&1",
                       KB_SOURCE_DIR);
  INFO(b.out);
  REQUIRE(b.status == 0);
  auto err = t.path() / "stderr";
  auto r = kbtest::run("'" + kbtest::binary("KBINTERP", KBINTERP_PATH) + "' --bundle '" + bundle.string() +
                           "' --vcf tests/interp/fixtures/vcf/shipped-kb-no-ids.vcf --format json 2>'" +
                           err.string() + "'",
                       KB_SOURCE_DIR);
  INFO(kbtest::slurp(err));
  REQUIRE(r.status == 0);
  return Json::parse(r.out);
}

/// The call for `variant` as a sorted "X/Y" pair, or "(absent)".
std::string call_of(const Json& j, const std::string& variant) {
  for (const auto& c : j["calls"]) {
    if (c["variant"] != variant) continue;
    std::string g = c["genotype"];
    auto slash = g.find('/');
    if (slash == std::string::npos) return g;
    std::string a = g.substr(0, slash), b = g.substr(slash + 1);
    if (b < a) std::swap(a, b);
    return a + "/" + b;
  }
  return "(absent)";
}

std::vector<std::string> matched(const Json& j) {
  std::vector<std::string> ids;
  for (const auto& m : j["matches"]) ids.push_back(m["evidence"]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool contains(const Json& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

TEST_CASE("shipped KB: a VCF without rsIDs is matched by GRCh38 location") {
  Json j = shipped_kb_report();
  INFO(j.dump(2));
  CHECK(j["bundle"]["kb"] == "anastrozole-pgx");

  // Every line of the VCF is found, by position alone, and read with the KB's alleles.
  CHECK(call_of(j, "rs1045642") == "G/G");
  CHECK(call_of(j, "rs2032582") == "A/A");
  CHECK(call_of(j, "rs1128503") == "G/G");
  CHECK(call_of(j, "rs35599367") == "A/G");

  // ABCB1 2677 A/A -> higher anastrozole (EV0006); 3435 G/G -> no association with
  // concentration (EV0008) but not the A/A arthralgia record (EV0007); 1236 G/G -> no
  // association (EV0018, submitted); CYP3A4*22 carrier -> higher anastrozole (EV0015).
  CHECK(matched(j) == std::vector<std::string>{"EV0006", "EV0008", "EV0015", "EV0018"});
  for (const auto& m : j["matches"])
    if (m["evidence"] == "EV0018") CHECK(m["status"] == "submitted");

  // Located variants are tested; variants without a location (rsID-only) are not.
  for (const char* v : {"rs1045642", "rs2032582", "rs1128503", "rs35599367"}) CHECK_FALSE(contains(j["not_tested"], v));
  CHECK(contains(j["not_tested"], "rs4646"));

  // No strand or allele warning for the located variants: REF is the KB's first allele.
  for (const auto& w : j["warnings"]) {
    std::string v = w.value("variant", "");
    CHECK(v != "rs1045642");
    CHECK(v != "rs2032582");
    CHECK(v != "rs1128503");
    CHECK(v != "rs35599367");
  }
}
