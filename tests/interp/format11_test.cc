// kbinterp on record format 1.1 (cli-contract.md, "kbinterp: diplotypes, outside calls,
// cohorts"): star and HLA genotypes, PharmCAT outside calls, gene-phenotype evidence, the
// "subject" of every match, and conflicts that respect context qualifiers. The KB is
// tests/cli/fixtures/format11-kb, which uses every 1.1 feature.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "interp_fixtures.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

/// The format 1.1 fixture bundled once, with its submitted record (EV0010, HLA-B).
interptest::BundledKb& env() {
  static interptest::BundledKb e(fs::path(KB_SOURCE_DIR) / "tests/cli/fixtures/format11-kb", "f11.kbb",
                                 "--include submitted");
  return e;
}

using interptest::Out;

Out interp(const std::string& args) { return interptest::run_interp(env().bundle, args); }

Json report(const std::string& args) {
  auto r = interp(args + " --format json");
  INFO(args << "\n" << r.err);
  REQUIRE(r.status == 0);
  return Json::parse(r.out);
}

/// drug -> evidence ids matched.
std::map<std::string, std::set<std::string>> matched(const Json& j) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& m : j["matches"]) out[m["drug"]].insert(m["evidence"].get<std::string>());
  return out;
}

const Json& match_of(const Json& j, const std::string& drug, const std::string& evidence) {
  for (const auto& m : j["matches"])
    if (m["drug"] == drug && m["evidence"] == evidence) return m;
  FAIL("no match " << drug << " " << evidence);
  throw std::logic_error("unreachable");
}

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

// The patient of the acceptance test: star/HLA/named/repeat genotypes, and PharmCAT calls.
constexpr const char* kGenotypes =
    "rs4646\tC/A\nHLA-B:hla\t*15:02N/*58:01\nSLC6A4:5-HTTLPR\tL/L\nUGT1A1:TA\t(TA)6/(TA)7\n";
constexpr const char* kCalls =
    "gene\tdiplotype\tphenotype\tactivity score\n"
    "CYP2D6\t*4/*4\tPoor Metabolizer\t0.0\n"
    "HLA-A\t*31:01/*02:01\t\t\n";

}  // namespace

TEST_CASE("kbinterp 1.1: star/HLA genotypes and outside calls report exactly the evidence the spec implies") {
  kbtest::TempDir t;
  auto g = t.write("patient.tsv", kGenotypes);
  auto c = t.write("calls.tsv", kCalls);
  Json j = report("--genotypes " + quote(g) + " --calls " + quote(c));
  using S = std::set<std::string>;
  // Every record of the KB, decided by hand from record-format.md "Format 1.1":
  // EV0001 draft, EV0015 rejected: never. EV0002-4 allele A on rs4646 C/A: carried.
  // EV0006 on the group: under each member and the group. EV0011 wants S (L/L): no.
  // EV0013/14 rs2891356: not tested. EV0007 poor metabolizer = the call; EV0008 normal: no.
  // EV0009 *4/*4 = the diplotype. EV0010 *58:01 carried (order of the pair is free).
  // EV0012 (TA)7 carried.
  CHECK(matched(j) == std::map<std::string, S>{{"anastrozole", {"EV0002", "EV0003", "EV0004", "EV0006"}},
                                              {"aromatase-inhibitors", {"EV0006"}},
                                              {"exemestane", {"EV0006"}},
                                              {"letrozole", {"EV0005", "EV0006"}},
                                              {"tamoxifen", {"EV0007", "EV0009", "EV0012"}},
                                              {"allopurinol", {"EV0010"}}});
  // "subject" on every match, per the contract.
  for (const auto& m : j["matches"]) CHECK(m.contains("subject"));
  const auto& gp = match_of(j, "tamoxifen", "EV0007");
  CHECK(gp["subject"] == "gene_phenotype");
  CHECK(gp["gene"] == "CYP2D6");
  CHECK(gp["gene_phenotype"] == "poor metabolizer");
  CHECK_FALSE(gp.contains("variant"));
  CHECK(match_of(j, "tamoxifen", "EV0009")["subject"] == "genotypes");
  CHECK(match_of(j, "tamoxifen", "EV0009")["genotype"] == "*4/*4");
  CHECK(match_of(j, "allopurinol", "EV0010")["subject"] == "allele");
  CHECK(match_of(j, "allopurinol", "EV0010")["genotype"] == "*15:02N/*58:01");
  // The diplotype came from --calls.
  bool star_from_calls = false;
  for (const auto& call : j["calls"])
    if (call["variant"] == "CYP2D6:star") star_from_calls = call["source"] == "calls" && call["genotype"] == "*4/*4";
  CHECK(star_from_calls);
  REQUIRE(j["phenotype_calls"].size() == 1);
  CHECK(j["phenotype_calls"][0]["phenotype"] == "poor metabolizer");
  CHECK(j["phenotype_calls"][0]["written"] == "Poor Metabolizer");
  CHECK(j["phenotype_calls"][0]["activity_score"] == "0.0");
  // HLA-A is not a gene of the KB: listed, not dropped.
  REQUIRE(j["undecided"].size() == 1);
  CHECK(j["undecided"][0]["subject"] == "HLA-A");
  CHECK(j["undecided"][0]["origin"].get<std::string>().find("calls.tsv:3") != std::string::npos);
  // Qualifiers: EV0003 (premenopausal) vs EV0004 (postmenopausal) is no conflict; the
  // class record EV0006 (no qualifiers) vs EV0004 still is.
  REQUIRE(j["conflicts"].size() == 1);
  CHECK(j["conflicts"][0]["drug"] == "anastrozole");
  CHECK(j["conflicts"][0]["increased"] == Json::array({"EV0006"}));
  CHECK(j["conflicts"][0]["decreased"] == Json::array({"EV0004"}));
  CHECK(match_of(j, "anastrozole", "EV0003")["conflict"] == false);
  CHECK(match_of(j, "anastrozole", "EV0004")["conflict"] == true);
  CHECK(j["not_tested"] == Json::array({"rs2891356"}));
}

TEST_CASE("kbinterp 1.1: PharmGKB's extensive metabolizer is CPIC's normal metabolizer, also with --calls alone") {
  kbtest::TempDir t;
  auto c = t.write("ext.tsv", "CYP2D6\t\tExtensive Metabolizer\n");
  Json j = report("--calls " + quote(c) + " --drug tamoxifen");
  CHECK(j["input"]["kind"] == "calls");
  CHECK(j["sample"] == "ext");
  CHECK(matched(j) == std::map<std::string, std::set<std::string>>{{"tamoxifen", {"EV0008"}}});
  CHECK(j["undecided"].empty());
  // Without a phenotype call the gene's phenotype records are listed as not tested.
  auto g = t.write("g.tsv", "UGT1A1:TA\t(TA)6/(TA)6\n");
  Json none = report("--genotypes " + quote(g) + " --drug tamoxifen");
  CHECK(none["phenotypes_not_tested"] == Json::array({"CYP2D6"}));
  CHECK(none["matches"].empty());
}

TEST_CASE("kbinterp 1.1: an HLA call more specific than the KB's allele matches it, with a warning") {
  kbtest::TempDir t;
  // HLA typing tools often report three or four fields; the KB's EV0010 is about *58:01.
  auto c = t.write("c.tsv", "HLA-B\t*58:01:01:02/*44:03\n");
  Json j = report("--calls " + quote(c));
  CHECK(matched(j)["allopurinol"] == std::set<std::string>{"EV0010"});
  bool warned = false;
  for (const auto& w : j["warnings"])
    warned = warned || w["message"].get<std::string>().find("HLA allele *58:01:01:02 is read as the KB's *58:01") !=
                           std::string::npos;
  CHECK(warned);
  REQUIRE(j["undecided"].size() == 1);  // *44:03 is still not in the KB
  CHECK(j["undecided"][0]["value"] == "*58:01:01:02/*44:03");
  // Less specific than the KB is not enough: *57:01 cannot decide *57:01:01.
  auto coarse = t.write("coarse.tsv", "HLA-B:hla\t*57:01/*58:01\n");
  Json k = report("--genotypes " + quote(coarse));
  REQUIRE(k["undecided"].size() == 1);
  CHECK(k["undecided"][0]["reason"].get<std::string>().find("fewer fields than the KB's *57:01:01") !=
        std::string::npos);
}

TEST_CASE("kbinterp 1.1: what a call cannot decide is listed with the reason, never dropped") {
  kbtest::TempDir t;
  auto g = t.write("g.tsv", "CYP2D6:star\t*1/*99\nHLA-B:hla\t*44:03/*58:01\n");
  auto c = t.write("c.tsv", "UGT1A1\t\tfast metabolizer\nTPMT\t*1/*3A\tPoor Metabolizer\nCYP19A1\t*1/*2\n");
  Json j = report("--genotypes " + quote(g) + " --calls " + quote(c));
  std::map<std::string, std::string> reasons;
  for (const auto& u : j["undecided"]) reasons[u["subject"].get<std::string>() + " " + u["value"].get<std::string>()] = u["reason"];
  REQUIRE(reasons.size() == 5);
  CHECK(reasons["CYP19A1 *1/*2"].find("the KB has no star or HLA allele system for CYP19A1") == 0);
  CHECK(reasons["CYP2D6:star *1/*99"].find("allele *99 is not one of the KB's star alleles of CYP2D6:star") == 0);
  CHECK(reasons["HLA-B:hla *44:03/*58:01"].find("allele *44:03 is not one of the KB's hla alleles") == 0);
  CHECK(reasons["UGT1A1 fast metabolizer"].find("is not a CPIC phenotype term") != std::string::npos);
  CHECK(reasons["TPMT *1/*3A, Poor Metabolizer"].find("TPMT is not a gene of this KB") == 0);
  // The known allele still decides what it can: *58:01 is carried.
  CHECK(matched(j)["allopurinol"] == std::set<std::string>{"EV0010"});
  // The text report lists them too.
  auto text = interp("--genotypes " + quote(g) + " --calls " + quote(c));
  REQUIRE(text.status == 0);
  CHECK(text.out.find("Undecided (the input says it, the KB cannot decide it):\n  CYP2D6:star *1/*99 (") != std::string::npos);
}

TEST_CASE("kbinterp 1.1: text, TSV and HTML show gene-phenotype and star subjects readably, escaped") {
  kbtest::TempDir t;
  auto c = t.write("c.tsv", "CYP2D6\t*4/*4\tPoor Metabolizer\nUGT1A1\t\tPoor\xe2\x80\xaeMetabolizer\n");
  auto text = interp("--calls " + quote(c) + " --drug tamoxifen");
  REQUIRE(text.status == 0);
  CHECK(text.out.find("  Phenotypes: CYP2D6 poor metabolizer\n") != std::string::npos);
  CHECK(text.out.find("    EV0007  CYP2D6 poor metabolizer  endoxifen-concentration decreased  level 3  PMID 24065098  "
                      "(phenotype poor metabolizer)\n") != std::string::npos);
  CHECK(text.out.find("    EV0009  CYP2D6:star *4/*4  endoxifen-concentration decreased") != std::string::npos);
  // A right-to-left override from the input is shown, not obeyed.
  CHECK(text.out.find("Poor\\u202eMetabolizer") != std::string::npos);
  CHECK(text.out.find("\xe2\x80\xae") == std::string::npos);
  auto tsv = interp("--calls " + quote(c) + " --drug tamoxifen --format tsv");
  REQUIRE(tsv.status == 0);
  CHECK(tsv.out.find("tamoxifen\tCYP2D6\tpoor metabolizer\tEV0007\tendoxifen-concentration\tdecreased\t3\t24065098\t\tno\t\t"
                     "gene_phenotype\n") != std::string::npos);
  CHECK(tsv.out.find("tamoxifen\tCYP2D6:star\t*4/*4\tEV0009\t") != std::string::npos);
  auto html = interp("--calls " + quote(c) + " --drug tamoxifen --format html");
  REQUIRE(html.status == 0);
  CHECK(html.out.find("<b>CYP2D6</b><div class=\"sub\">gene phenotype</div>") != std::string::npos);
  CHECK(html.out.find("phenotype poor metabolizer") != std::string::npos);
  CHECK(html.out.find("<h2>Undecided</h2>") != std::string::npos);
  CHECK(html.out.find("\xe2\x80\xae") == std::string::npos);
}

TEST_CASE("kbinterp 1.1: bad outside-call and star/HLA input exits 2 naming file and line") {
  kbtest::TempDir t;
  auto run = [&](const char* name, const std::string& text, const std::string& more = "") {
    auto p = t.write(name, text);
    auto r = interp("--calls " + quote(p) + " " + more);
    INFO(name << ": " << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    return r.err;
  };
  CHECK(run("cols.tsv", "CYP2D6\t*1/*4\nHLA-B\n").find("cols.tsv:2: expected `gene<TAB>diplotype") != std::string::npos);
  CHECK(run("utf8.tsv", "CYP2D6\t*1/*4\tPoor \xc3\n").find("utf8.tsv:1: byte 19 is not valid UTF-8") != std::string::npos);
  std::string esc = run("ctl.tsv", "CYP2D6\t*1/*4\tPoor\x1b]0;x\x07\n");
  CHECK(esc.find("ctl.tsv:1: byte 18 is a control character") != std::string::npos);
  CHECK(esc.find('\x1b') == std::string::npos);
  CHECK(run("huge.tsv", "CYP2D6\t" + std::string(100000, '*') + "\n").find("huge.tsv:1: line longer than 4096") !=
        std::string::npos);
  CHECK(run("hla.tsv", "HLA-B\t*58/*01\n").find("hla.tsv:1: \"*58\" is not a hla allele (HLA-B:hla)") != std::string::npos);
  // A variant given by --genotypes and again by --calls.
  auto g = t.write("g.tsv", "CYP2D6:star\t*1/*4\n");
  CHECK(run("twice.tsv", "CYP2D6\t*1/*1\n", "--genotypes " + quote(g)).find("twice.tsv:1: CYP2D6's diplotype is a call at "
                                                                          "CYP2D6:star, already given in") != std::string::npos);
  // Star and HLA lines of --genotypes are checked against the variant's system.
  auto bad = t.write("bad.tsv", "CYP2D6:star\t*1/*58:01\n");
  auto r = interp("--genotypes " + quote(bad));
  CHECK(r.status == 2);
  CHECK(r.err.find("bad.tsv:1: \"*58:01\" is not a star allele, which CYP2D6:star is") != std::string::npos);
  // --calls describes one person.
  auto cohort = interp("--vcf x.vcf --all-samples -o " + quote(t.path() / "out") + " --calls " + quote(g));
  CHECK(cohort.status == 2);
  CHECK(cohort.err.find("--calls describes one person") != std::string::npos);
}
