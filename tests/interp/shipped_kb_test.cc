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

/// The evidence ids matched for `drug` (class evidence included), sorted.
std::vector<std::string> matched(const Json& j, const std::string& drug) {
  std::vector<std::string> ids;
  for (const auto& m : j["matches"])
    if (m["drug"] == drug) ids.push_back(m["evidence"]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

/// The group through which `evidence` reaches `drug`, or "" for direct evidence.
std::string via_group(const Json& j, const std::string& drug, const std::string& evidence) {
  for (const auto& m : j["matches"])
    if (m["drug"] == drug && m["evidence"] == evidence) return m.value("via_group", "");
  return "(absent)";
}

}  // namespace

TEST_CASE("shipped KB: a VCF without rsIDs is matched by GRCh38 location") {
  Json j = shipped_kb_report();
  INFO(j.dump(2));
  CHECK(j["bundle"]["kb"] == "anastrozole-pgx");

  // Every line of the VCF is found, by position alone, and read with the KB's alleles.
  const std::vector<std::pair<const char*, const char*>> calls = {
      {"rs1045642", "G/G"},  {"rs2032582", "A/A"},  {"rs1128503", "G/G"}, {"rs35599367", "A/G"},
      {"rs4646", "A/C"},     {"rs727479", "A/A"},   {"rs1008805", "G/G"}, {"rs700518", "T/T"},
      {"rs2234693", "C/T"},  {"rs9340799", "A/A"},  {"rs11849538", "C/G"}, {"rs2073618", "C/C"},
      {"rs7984870", "G/G"},  {"rs4735715", "A/G"},  {"rs3802201", "G/G"}, {"rs746460", "T/T"},
      {"rs13260300", "C/T"}, {"rs4476990", "G/T"},  {"rs2891356", "A/A"}};
  for (const auto& [variant, genotype] : calls) {
    INFO(variant);
    CHECK(call_of(j, variant) == genotype);
  }

  // For anastrozole, what each genotype implies (hand-derived from kb/evidence):
  // ABCB1 2677 A/A -> higher concentration (EV0006); 3435 G/G -> no association with
  // concentration (EV0008), not the A/A arthralgia record (EV0007); 1236 G/G (EV0018);
  // CYP3A4*22 carrier (EV0015); rs4646 A/C (EV0001, EV0002; not the A/A-only EV0022/23
  // nor the C/C EV0019); rs727479 A/A (EV0003); rs1008805 G/G (EV0004); rs700518 T/T
  // (EV0005); ESR1 T carrier (EV0012) and A/A (EV0013); rs11849538 G carrier (EV0014);
  // rs2073618 C/C (EV0017, EV0021); rs7984870 G/G matches neither C/C record; the
  // MIR2052HG SNPs whose named allele is carried (EV0024, EV0026, EV0027, EV0028; not
  // EV0025 or EV0029).
  CHECK(matched(j, "anastrozole") ==
        std::vector<std::string>{"EV0001", "EV0002", "EV0003", "EV0004", "EV0005", "EV0006",
                                 "EV0008", "EV0012", "EV0013", "EV0014", "EV0015", "EV0017",
                                 "EV0018", "EV0021", "EV0024", "EV0026", "EV0027", "EV0028"});
  CHECK(via_group(j, "anastrozole", "EV0001") == "");
  CHECK(via_group(j, "anastrozole", "EV0005") == "aromatase-inhibitors");
  CHECK(via_group(j, "anastrozole", "EV0014") == "anastrozole-or-exemestane");
  for (const auto& m : j["matches"])
    if (m["evidence"] == "EV0018") CHECK(m["status"] == "submitted");

  // Every rsID variant has a location, so each is tested; only the UGT1A4 promoter
  // variants (no rsID, no location) are not.
  CHECK(j["not_tested"] == Json::array({"UGT1A4:-163G>A", "UGT1A4:-217T>G", "UGT1A4:-219C>T"}));

  // No strand or allele warning: every REF is the KB's first allele.
  CHECK(j["warnings"].empty());
}
