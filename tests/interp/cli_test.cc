// End-to-end tests of kbinterp: the fixture KB (tests/interp/fixtures/kb) is bundled with
// kbcheck, then kbinterp reads hand-written VCFs/TSVs (and bgzipped, indexed and BCF
// copies made here with htslib). JSON output is compared with tests/interp/golden/
// (KB_UPDATE_GOLDEN=1 rewrites those files; review the diff).
#include <sys/stat.h>

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <regex>

#include "kbbundle/bundle.h"
#include "hts_fixtures.h"
#include "interp_fixtures.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const fs::path kFixtures = fs::path(KB_SOURCE_DIR) / "tests/interp/fixtures";
const fs::path kGolden = fs::path(KB_SOURCE_DIR) / "tests/interp/golden";

/// The fixture KB bundled once per test process.
interptest::BundledKb& env() {
  static interptest::BundledKb e(kFixtures / "kb", "interp-test.kbb");
  return e;
}

using interptest::Out;

/// Runs kbinterp with the fixture bundle and `args` from the repo root; stdout and
/// stderr are kept apart.
Out interp(const std::string& args, bool with_bundle = true) {
  return interptest::run_interp(with_bundle ? env().bundle : fs::path(), args, KB_SOURCE_DIR);
}

std::string fixture_vcf(const char* name) { return "tests/interp/fixtures/vcf/" + std::string(name); }

/// The JSON report with the bundle checksum masked (it changes whenever the bundle
/// writer does; checked separately against the reader).
Json report(const std::string& args) {
  auto r = interp(args + " --format json");
  INFO(args << "\n" << r.err);
  REQUIRE(r.status == 0);
  Json j = Json::parse(r.out);
  j["bundle"]["checksum"] = "<checksum>";
  j["bundle"]["sha256"] = "<sha256>";
  return j;
}

/// Runs kbinterp --format json with `args` and compares its output, byte for byte (key
/// order included) but with the checksum masked, with tests/interp/golden/`name`.
void check_golden(const std::string& name, const std::string& args) {
  auto r = interp(args + " --format json");
  REQUIRE(r.status == 0);
  std::string text = std::regex_replace(r.out, std::regex("\"xxh3:[0-9a-f]{16}\""), "\"<checksum>\"");
  text = std::regex_replace(text, std::regex("\"[0-9a-f]{64}\""), "\"<sha256>\"");
  kbtest::check_golden(kGolden / name, text);
}

std::vector<std::string> evidence_ids(const Json& j) {
  std::vector<std::string> ids;
  for (const auto& m : j["matches"]) ids.push_back(m["evidence"]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string genotype_of(const Json& j, const std::string& variant) {
  for (const auto& c : j["calls"])
    if (c["variant"] == variant) return c["genotype"];
  return "(absent)";
}

bool has_warning(const Json& j, const std::string& variant, const std::string& text) {
  for (const auto& w : j["warnings"])
    if (w.value("variant", "") == variant && w["message"].get<std::string>().find(text) != std::string::npos) return true;
  return false;
}

std::vector<std::string> strings(const Json& a) { return a.get<std::vector<std::string>>(); }

using kbtest::bgzip;
using kbtest::to_bcf;

}  // namespace

TEST_CASE("kbinterp: two-sample VCF, sample NA00001 (every VCF matching case)") {
  Json j = report("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00001");
  check_golden("two-samples-NA00001.json", "--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00001");
  CHECK(j["sample"] == "NA00001");
  CHECK(j["input"]["kind"] == "vcf");
  // Location-only, "chr" prefix, phased 0|1, a variant without rsID.
  CHECK(genotype_of(j, "UGT1A4:c.142T>G") == "T/G");
  // Location-only with ID ".".
  CHECK(genotype_of(j, "rs2234693") == "C/C");
  // Multi-allelic 1/2 maps to the second and third alleles.
  CHECK(genotype_of(j, "rs2032582") == "A/T");
  // ";"-separated IDs; rsID-only variant.
  CHECK(genotype_of(j, "rs4646") == "C/A");
  CHECK(genotype_of(j, "rs700518") == "G/G");
  // Haploid: one allele, matches allele records, not genotype records.
  CHECK(genotype_of(j, "rs1050828") == "T");
  CHECK(has_warning(j, "rs1050828", "haploid"));
  // Anchored deletion AGAT>A is the KB's GAT/-.
  CHECK(genotype_of(j, "rs72552763") == "GAT/-");
  CHECK(evidence_ids(j) == std::vector<std::string>{"EV0001", "EV0002", "EV0004", "EV0005", "EV0006", "EV0007",
                                                    "EV0008", "EV0009", "EV0010", "EV0013"});
  REQUIRE(j["conflicts"].size() == 1);
  CHECK(j["conflicts"][0]["variant"] == "rs4646");
  CHECK(strings(j["conflicts"][0]["increased"]) == std::vector<std::string>{"EV0001"});
  CHECK(strings(j["conflicts"][0]["decreased"]) == std::vector<std::string>{"EV0002"});
  CHECK(j["not_tested"].empty());
}

TEST_CASE("kbinterp: sample NA00002 (missing call, phased multi-allelic)") {
  Json j = report("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00002");
  check_golden("two-samples-NA00002.json", "--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00002");
  CHECK(genotype_of(j, "rs2234693") == "./.");
  CHECK(strings(j["not_tested"]) == std::vector<std::string>{"rs2234693"});
  CHECK(genotype_of(j, "rs2032582") == "C/T");  // 2|0
  CHECK(genotype_of(j, "rs1050828") == "C/T");  // diploid on X in this sample
  CHECK(evidence_ids(j) == std::vector<std::string>{"EV0004", "EV0007", "EV0008", "EV0010"});
  CHECK(j["conflicts"].empty());
}

TEST_CASE("kbinterp: --drug limits matches, calls and not_tested to one drug") {
  Json j = report("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00002 --drug letrozole");
  check_golden("two-samples-NA00002-letrozole.json", "--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00002 --drug letrozole");
  CHECK(strings(j["drugs"]) == std::vector<std::string>{"letrozole"});
  for (const auto& m : j["matches"]) CHECK(m["drug"] == "letrozole");
  CHECK(genotype_of(j, "rs2234693") == "(absent)");  // anastrozole only
  CHECK(j["not_tested"].empty());
  auto bad = interp("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00002 --drug aspirin");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("its drugs are: anastrozole, letrozole") != std::string::npos);
}

TEST_CASE("kbinterp: no chr prefix, half call, variants not in the VCF") {
  Json j = report("--vcf " + fixture_vcf("one-sample-nochr.vcf"));
  check_golden("one-sample-nochr.json", "--vcf " + fixture_vcf("one-sample-nochr.vcf"));
  CHECK(j["sample"] == "P1");
  CHECK(genotype_of(j, "rs4646") == "A/A");
  CHECK(has_warning(j, "rs2234693", "half missing"));
  CHECK(strings(j["not_tested"]) == std::vector<std::string>{"UGT1A4:c.142T>G", "rs10046", "rs1050828", "rs2032582",
                                                             "rs2234693", "rs700518", "rs72552763"});
  // A/A matches the genotype record EV0003 and both allele-A records.
  CHECK(evidence_ids(j) == std::vector<std::string>{"EV0001", "EV0002", "EV0003"});
}

TEST_CASE("kbinterp: a GT the sample leaves out, or stores as non-integers, is not called") {
  // htslib's own GT decoder calls exit(1) on both; found by fuzz_vcf.
  kbtest::TempDir t;
  const std::string head =
      "##fileformat=VCFv4.2\n##contig=<ID=15>\n"
      "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
      "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
      "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP1\n";
  // VCF lets trailing sample fields be dropped: "DP:GT" with "12" has no GT.
  auto dropped = t.write("dropped.vcf", head + "15\t51210647\trs4646\tC\tA\t.\t.\t.\tDP:GT\t12\n");
  auto r = interp("--vcf '" + dropped.string() + "' --format json");
  REQUIRE(r.status == 0);
  Json j = Json::parse(r.out);
  CHECK(has_warning(j, "rs4646", "has no GT for the sample"));
  CHECK(j["matches"].empty());

  // A BCF whose GT is stored as floats.
  auto bcf = t.path() / "float-gt.bcf";
  htsFile* in = hts_open(dropped.c_str(), "r");
  REQUIRE(in);
  bcf_hdr_t* h = bcf_hdr_read(in);
  bcf1_t* rec = bcf_init();
  REQUIRE(bcf_read(in, h, rec) == 0);
  float gt[2] = {2.0f, 4.0f};
  REQUIRE(bcf_update_format_float(h, rec, "GT", gt, 2) == 0);
  htsFile* out = hts_open(bcf.c_str(), "wb");
  REQUIRE(bcf_hdr_write(out, h) == 0);
  REQUIRE(bcf_write(out, h, rec) == 0);
  REQUIRE(hts_close(out) == 0);
  bcf_destroy(rec);
  bcf_hdr_destroy(h);
  hts_close(in);
  r = interp("--vcf '" + bcf.string() + "' --format json");
  REQUIRE(r.status == 0);
  j = Json::parse(r.out);
  CHECK(has_warning(j, "rs4646", "is not stored as allele indexes"));
  CHECK(j["matches"].empty());
}

TEST_CASE("kbinterp: edge cases of VCF records and headers found in review") {
  kbtest::TempDir t;
  const std::string meta =
      "##fileformat=VCFv4.2\n##contig=<ID=15>\n##contig=<ID=6>\n"
      "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n";
  auto vcf = [&](const std::string& name, const std::string& samples, const std::string& body) {
    return t.write(name, meta + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + samples + "\n" + body);
  };
  auto json = [&](const std::string& args) {
    auto r = interp(args + " --format json");
    REQUIRE(r.status == 0);
    return Json::parse(r.out);
  };
  const std::string rs4646 = "15\t51210647\trs4646\tC\tA\t.\t.\t.\tGT\t";

  // An insertion at the anchor base of the KB deletion GAT/- is another variant.
  auto ins = vcf("ins.vcf", "S1", "6\t160139850\t.\tA\tAT\t.\t.\t.\tGT\t0/0\n");
  Json j = json("--vcf '" + ins.string() + "' --drug anastrozole");
  CHECK(genotype_of(j, "rs72552763") == "(absent)");
  CHECK(has_warning(j, "rs72552763", "shares none of its alleles"));

  // Sample names that htslib's sample-list syntax would misread select one column.
  auto dash = vcf("dash.vcf", "-\tX", rs4646 + "0/0\t1/1\n");
  CHECK(genotype_of(json("--vcf '" + dash.string() + "' --sample -"), "rs4646") == "C/C");
  CHECK(genotype_of(json("--vcf '" + dash.string() + "' --sample X"), "rs4646") == "A/A");
  auto comma = vcf("comma.vcf", "A,B\tA\tB", rs4646 + "0/0\t0/1\t1/1\n");
  CHECK(genotype_of(json("--vcf '" + comma.string() + "' --sample A,B"), "rs4646") == "C/C");
  CHECK(genotype_of(json("--vcf '" + comma.string() + "' --sample B"), "rs4646") == "A/A");
  auto only = vcf("only.vcf", "A,B", rs4646 + "0/1\n");
  CHECK(genotype_of(json("--vcf '" + only.string() + "'"), "rs4646") == "C/A");

  // A polyploid call matches no genotype pair: not called, with a warning.
  auto tri = vcf("tri.vcf", "S1", rs4646 + "0/1/1\n");
  j = json("--vcf '" + tri.string() + "'");
  CHECK(genotype_of(j, "rs4646") == "./.");
  CHECK(has_warning(j, "rs4646", "more than two alleles"));

  // A split multi-allelic site: the line with the KB's ALT says 0/0, the other line
  // carries G. The sample is C/G, so it must not read as C/C.
  auto split = vcf("split.vcf", "S1",
                   "15\t51210647\trs4646\tC\tG\t.\t.\t.\tGT\t0/1\n" + rs4646 + "0/0\n");
  j = json("--vcf '" + split.string() + "'");
  CHECK(genotype_of(j, "rs4646") == "./.");
  CHECK(has_warning(j, "rs4646", "calls allele G, which the call C/C"));
  // Lines that agree keep the call: C>A 0/1 with C>G 0/0.
  auto agree = vcf("agree.vcf", "S1", rs4646 + "0/1\n15\t51210647\trs4646\tC\tG\t.\t.\t.\tGT\t0/0\n");
  j = json("--vcf '" + agree.string() + "'");
  CHECK(genotype_of(j, "rs4646") == "C/A");
  CHECK(has_warning(j, "rs4646", "more than one VCF record"));
  // A deletion written at the same POS has a REF of its own: it does not un-call the SNV.
  auto indel = vcf("indel.vcf", "S1", rs4646 + "1/1\n15\t51210647\t.\tCT\tC\t.\t.\t.\tGT\t0/1\n");
  j = json("--vcf '" + indel.string() + "'");
  CHECK(genotype_of(j, "rs4646") == "A/A");

  // VCF bases are case-insensitive.
  auto lower = vcf("lower.vcf", "S1", "15\t51210647\trs4646\tc\ta\t.\t.\t.\tGT\t0/1\n");
  CHECK(genotype_of(json("--vcf '" + lower.string() + "'"), "rs4646") == "C/A");

  // An index beside an uncompressed VCF (copied from its bgzipped twin) is not used:
  // htslib would seek BGZF blocks in a plain file (it crashed).
  auto plain = t.path() / "plain.vcf", gz = t.path() / "twin.vcf.gz";
  fs::copy_file(kFixtures / "vcf/two-samples.vcf", plain);
  bgzip(plain, gz, true);
  fs::copy_file(t.path() / "twin.vcf.gz.tbi", t.path() / "plain.vcf.tbi");
  Json expect = json("--vcf '" + gz.string() + "' --sample NA00001 --drug anastrozole");
  CHECK(expect["input"]["read"] == "index");
  Json got = json("--vcf '" + plain.string() + "' --sample NA00001 --drug anastrozole");
  CHECK(got["input"]["read"] == "stream");
  got["input"] = expect["input"];
  CHECK(got == expect);
}

TEST_CASE("kbinterp: a record spanning two queried positions is read once") {
  // The fixture KB plus a SNV inside the rs72552763 deletion (a test-only variant).
  kbtest::TempDir t;
  auto kb = t.path() / "kb";
  fs::copy(kFixtures / "kb", kb, fs::copy_options::recursive);
  t.write("kb/variants/inside.yaml",
          "kind: variant\nid: rs9000001\ngene: SLC22A1\nrsid: rs9000001\nalleles: [A, G]\n"
          "location: {assembly: GRCh38, chrom: \"6\", pos: 160139852}\n");
  t.write("kb/evidence/EV0014.yaml",
          "kind: evidence\nid: EV0014\nstatus: accepted\nvariant: rs9000001\nallele: G\ndrug: anastrozole\n"
          "phenotype: estradiol-concentration\ncategory: pharmacokinetics\ndirection: no-association\n"
          "level: \"4\"\ncitation:\n  doi: 10.1000/fixture.0014\n  title: \"Fixture study for EV0014\"\n");
  auto bundle = t.path() / "kb.kbb";
  auto b = kbtest::run("'" + kbtest::binary("KBCHECK", KBCHECK_PATH) + "' bundle '" + kb.string() + "' -o '" +
                       bundle.string() + "' 2>&1");
  INFO(b.out);
  REQUIRE(b.status == 0);
  auto text = t.write("span.vcf",
                      "##fileformat=VCFv4.2\n##contig=<ID=2>\n##contig=<ID=6>\n##contig=<ID=7>\n##contig=<ID=15>\n"
                      "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                      "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n"
                      "2\t1\t.\tA\tC\t.\t.\t.\tGT\t0/0\n"
                      "6\t160139850\trs72552763\tAGAT\tA\t.\t.\t.\tGT\t0/1\n"
                      "6\t160139852\trs9000001\tA\tG\t.\t.\t.\tGT\t0/1\n"
                      "7\t1\t.\tA\tC\t.\t.\t.\tGT\t0/0\n"
                      "15\t1\t.\tA\tC\t.\t.\t.\tGT\t0/0\n");
  auto gz = t.path() / "span.vcf.gz";
  bgzip(text, gz, true);
  std::string args = "--bundle '" + bundle.string() + "' --vcf '" + gz.string() + "' --drug anastrozole --format json";
  for (const char* extra : {"", " --no-index"}) {
    INFO("extra: " << extra);
    auto r = interp(args + extra, false);
    REQUIRE(r.status == 0);
    Json j = Json::parse(r.out);
    CHECK(j["input"]["read"] == (*extra ? "stream" : "index"));
    CHECK(genotype_of(j, "rs72552763") == "GAT/-");
    CHECK(genotype_of(j, "rs9000001") == "A/G");
    CHECK_FALSE(has_warning(j, "rs72552763", "more than one VCF record"));
  }
}

TEST_CASE("kbinterp: REF/ALT that differ from the KB are warned about, never flipped") {
  Json j = report("--vcf " + fixture_vcf("mismatch.vcf"));
  check_golden("mismatch.json", "--vcf " + fixture_vcf("mismatch.vcf"));
  CHECK(j["matches"].empty());
  CHECK(genotype_of(j, "rs4646") == "G/T");
  CHECK(has_warning(j, "rs4646", "does not guess a strand flip"));
  CHECK(has_warning(j, "rs10046", "REF G ALT C"));
  CHECK(has_warning(j, "rs2032582", "C/A/T"));
  // A record at a KB location sharing none of its alleles is not that variant.
  CHECK(genotype_of(j, "rs2234693") == "(absent)");
  CHECK(has_warning(j, "rs2234693", "shares none of its alleles"));
}

TEST_CASE("kbinterp: a GRCh37 VCF turns off location matching for GRCh38 locations") {
  Json j = report("--vcf " + fixture_vcf("grch37.vcf") + " --drug anastrozole");
  CHECK(genotype_of(j, "rs2234693") == "(absent)");
  CHECK(genotype_of(j, "rs4646") == "C/A");  // by rsID, at another position
  CHECK(has_warning(j, "", "GRCh37"));
}

TEST_CASE("kbinterp: genotypes TSV") {
  Json j = report("--genotypes tests/interp/fixtures/tsv/patient.tsv");
  check_golden("patient-tsv.json", "--genotypes tests/interp/fixtures/tsv/patient.tsv");
  CHECK(j["sample"] == "patient");
  CHECK(j["calls"][0]["source"] == "genotypes");
  CHECK(genotype_of(j, "rs2234693") == "C/C");  // written c/c
  CHECK(genotype_of(j, "rs700518") == "./.");
  CHECK(has_warning(j, "", "rs12345678 is not a variant of this KB"));
  CHECK(evidence_ids(j) == std::vector<std::string>{"EV0001", "EV0002", "EV0005", "EV0010"});
}

TEST_CASE("kbinterp: bad genotypes TSVs exit 2 naming file and line") {
  kbtest::TempDir t;
  auto bad = t.write("bad.tsv", "variant\tgenotype\nrs4646\tA/C\nrs10046 A/G\n");
  auto r = interp("--genotypes '" + bad.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err.find("bad.tsv:3: expected `variant<TAB>genotype`") != std::string::npos);
  CHECK(r.out.empty());
  auto dup = t.write("dup.tsv", "rs4646\tA/C\nrs4646\tA/A\n");
  r = interp("--genotypes '" + dup.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err.find("dup.tsv:2: rs4646 is listed twice") != std::string::npos);
  auto gt = t.write("gt.tsv", "rs4646\tA/Z!\n");
  r = interp("--genotypes '" + gt.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err.find("gt.tsv:1: bad genotype") != std::string::npos);
  // "Z" is an allele of some system (a named one), but not of the locus variant rs4646.
  auto system = t.write("system.tsv", "rs4646\tA/Z\n");
  r = interp("--genotypes '" + system.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err.find("system.tsv:1: \"Z\" is not a locus allele, which rs4646 is") != std::string::npos);
}

TEST_CASE("kbinterp: bgzipped, tabix-indexed and BCF inputs give the same report") {
  kbtest::TempDir t;
  auto plain = kFixtures / "vcf/two-samples.vcf";
  auto gz = t.path() / "s.vcf.gz", igz = t.path() / "i.vcf.gz", bcf = t.path() / "s.bcf";
  bgzip(plain, gz, false);
  bgzip(plain, igz, true);
  to_bcf(plain, bcf);
  for (const char* drug : {"", " --drug anastrozole"}) {
    INFO("drug option: " << drug);
    Json expect = report("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00001" + drug);
    CHECK(expect["input"]["read"] == "stream");
    for (const auto& f : {gz, igz, bcf}) {
      INFO(f.string());
      Json got = report("--vcf '" + f.string() + "' --sample NA00001" + drug);
      // Region queries need every variant asked about to have a location: rs700518
      // (letrozole) has none, so only --drug anastrozole reads by index.
      bool indexed = f != gz && std::string(drug).size() > 0;
      CHECK(got["input"]["read"] == (indexed ? "index" : "stream"));
      got["input"] = expect["input"];
      CHECK(got == expect);
    }
    Json no_index = report("--vcf '" + igz.string() + "' --sample NA00001 --no-index" + drug);
    CHECK(no_index["input"]["read"] == "stream");
  }
}

TEST_CASE("kbinterp: the bundle checksum is the reader's content checksum") {
  auto r = interp("--genotypes tests/interp/fixtures/tsv/patient.tsv --format json");
  REQUIRE(r.status == 0);
  auto b = kbbundle::Bundle::open(env().bundle.string());
  REQUIRE(b);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(b.value().header().checksum));
  Json j = Json::parse(r.out);
  CHECK(j["bundle"]["checksum"] == std::string("xxh3:") + hex);
  // The contract's "sha256" is of the bundle file (compare with sha256sum).
  auto sum = kbtest::run("sha256sum '" + env().bundle.string() + "' | cut -c1-64");
  CHECK(j["bundle"]["sha256"].get<std::string>() + "\n" == sum.out);
  CHECK(j["bundle"]["kb"] == "interp-test-kb");
  CHECK(j["bundle"]["version"] == "0.3.0");
}

TEST_CASE("kbinterp: input errors exit 2 with advice") {
  kbtest::TempDir t;
  auto multi = interp("--vcf " + fixture_vcf("two-samples.vcf"));
  CHECK(multi.status == 2);
  CHECK(multi.err.find("--sample") != std::string::npos);
  CHECK(multi.err.find("NA00001, NA00002") != std::string::npos);
  auto unknown = interp("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NOBODY");
  CHECK(unknown.status == 2);
  CHECK(unknown.err.find("sample \"NOBODY\" is not in") != std::string::npos);
  auto not_vcf = interp("--vcf tests/interp/fixtures/tsv/patient.tsv");
  CHECK(not_vcf.status == 2);
  CHECK(not_vcf.err.find("is not a VCF or BCF file") != std::string::npos);
  auto sites = interp("--vcf " + fixture_vcf("sites-only.vcf"));
  CHECK(sites.status == 2);
  CHECK(sites.err.find("no sample columns") != std::string::npos);
  auto missing = interp("--vcf '" + (t.path() / "nope.vcf").string() + "'");
  CHECK(missing.status == 2);
  CHECK(missing.err.find("cannot read") != std::string::npos);
  auto missing_tsv = interp("--genotypes '" + (t.path() / "nope.tsv").string() + "'");
  CHECK(missing_tsv.status == 2);
  auto junk = t.write("junk.kbb", "this is not a bundle");
  auto bad_bundle = interp("--bundle '" + junk.string() + "' --genotypes tests/interp/fixtures/tsv/patient.tsv", false);
  CHECK(bad_bundle.status == 2);
  CHECK(bad_bundle.err.find("kbcheck bundle") != std::string::npos);
  auto truncated = t.write("cut.kbb", kbtest::slurp(env().bundle).substr(0, 300));
  CHECK(interp("--bundle '" + truncated.string() + "' --genotypes tests/interp/fixtures/tsv/patient.tsv", false).status == 2);
  auto spaced = t.write("spaced.vcf", "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n"
                                      "15 51210647 rs4646 C A . . . GT 0/1\n");
  auto sp = interp("--vcf '" + spaced.string() + "'");
  CHECK(sp.status == 2);
  CHECK(sp.err.find("spaced.vcf: data line 1") != std::string::npos);
  auto gz = t.write("cut.vcf.gz", "");
  bgzip(kFixtures / "vcf/two-samples.vcf", gz, false);
  auto bytes = kbtest::slurp(gz);
  auto cut = t.write("cut2.vcf.gz", bytes.substr(0, bytes.size() / 2));
  auto c = interp("--vcf '" + cut.string() + "' --sample NA00001");
  CHECK(c.status == 2);
}

TEST_CASE("kbinterp: command-line errors exit 2") {
  CHECK(interp("").status == 2);
  CHECK(interp("--vcf a.vcf --genotypes b.tsv").status == 2);
  CHECK(interp("--genotypes tests/interp/fixtures/tsv/patient.tsv --format xml").status == 2);
  CHECK(interp("--genotypes tests/interp/fixtures/tsv/patient.tsv", false).status == 2);  // no --bundle
  auto help = interp("--help", false);
  CHECK(help.status == 0);
  CHECK(help.out.find("--genotypes") != std::string::npos);
}

TEST_CASE("kbinterp: -o writes atomically and never replaces a file without --force") {
  kbtest::TempDir t;
  auto out = t.path() / "report.json";
  std::string args = "--genotypes tests/interp/fixtures/tsv/patient.tsv --format json -o '" + out.string() + "'";
  auto r = interp(args);
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());
  CHECK(Json::parse(kbtest::slurp(out))["sample"] == "patient");
  t.write("report.json", "precious");
  r = interp(args);
  CHECK(r.status == 2);
  CHECK(r.err.find("--force") != std::string::npos);
  CHECK(kbtest::slurp(out) == "precious");
  CHECK(interp(args + " --force").status == 0);
  CHECK(kbtest::slurp(out).find("\"sample\"") != std::string::npos);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(t.path())) files += e.is_regular_file();
  CHECK(files == 1);  // no temporary left behind
  CHECK(interp("--genotypes tests/interp/fixtures/tsv/patient.tsv -o '" + (t.path() / "no/such/dir/r.txt").string() + "'").status == 2);
}

TEST_CASE("kbinterp: text and TSV formats") {
  auto text = interp("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00001");
  REQUIRE(text.status == 0);
  CHECK(text.out.find("== anastrozole ==") != std::string::npos);
  CHECK(text.out.find("CONFLICT:   rs4646 time-to-progression: increased (EV0001) vs decreased (EV0002)") != std::string::npos);
  CHECK(text.out.find("not a clinical recommendation") != std::string::npos);
  auto tsv = interp("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00001 --format tsv");
  REQUIRE(tsv.status == 0);
  std::istringstream lines(tsv.out);
  std::string line;
  std::getline(lines, line);
  CHECK(line == "drug\tvariant\tgenotype\tevidence\tphenotype\tdirection\tlevel\tpmid\tdoi\tconflict\tvia_group\tsubject");
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    CHECK(std::count(line.begin(), line.end(), '\t') == 11);
  }
  CHECK(rows == 10);
  CHECK(tsv.out.find("anastrozole\trs4646\tC/A\tEV0001\ttime-to-progression\tincreased\t3\t24065098\t\tyes\t\tallele\n") != std::string::npos);
  CHECK(tsv.out.find("\tEV0013\t") != std::string::npos);
}

TEST_CASE("kbinterp: the HTML report is self-contained and renders") {
  fs::path dir = KB_INTERP_OUTPUT_DIR;
  fs::create_directories(dir);
  auto html_path = dir / "report.html";
  fs::remove(html_path);
  auto r = interp("--vcf " + fixture_vcf("two-samples.vcf") + " --sample NA00001 --format html -o '" + html_path.string() + "'");
  REQUIRE(r.status == 0);
  std::string html = kbtest::slurp(html_path);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("not a clinical recommendation") != std::string::npos);
  CHECK(html.find("Conflicting evidence") != std::string::npos);
  CHECK(html.find("interp-test-kb") != std::string::npos);
  CHECK(html.find("0.3.0") != std::string::npos);
  // No scripts and no external assets (links to PubMed are fine; nothing is loaded).
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  // Every opened section/table/div closes.
  for (const char* tag : {"section", "table", "div", "tr", "td"}) {
    auto count = [&](const std::string& s) {
      std::size_t n = 0;
      for (auto p = html.find(s); p != std::string::npos; p = html.find(s, p + 1)) ++n;
      return n;
    };
    INFO(tag);
    CHECK(count(std::string("<") + tag + ">") + count(std::string("<") + tag + " ") == count(std::string("</") + tag + ">"));
  }
  auto which = kbtest::run("command -v chromium 2>/dev/null");
  if (which.status != 0 || which.out.empty()) {
    WARN("chromium not installed: HTML screenshot skipped (apt-get install chromium)");
    return;
  }
  auto png = dir / "report.png";
  fs::remove(png);
  kbtest::TempDir profile;
  auto shot = kbtest::run("chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
                          "--disable-component-update --disable-sync --no-first-run --user-data-dir='" +
                          profile.path().string() + "' --screenshot='" + png.string() +
                          "' --window-size=1200,1600 'file://" + html_path.string() + "' 2>&1");
  INFO(shot.out);
  REQUIRE(fs::exists(png));
  CHECK(fs::file_size(png) > 20000);  // a blank page is a few kilobytes
}

TEST_CASE("kbinterp: a different rsID at a KB location is not taken, even a longer one") {
  kbtest::TempDir t;
  auto vcf = [&](const std::string& name, const std::string& id) {
    return t.write(name, "##fileformat=VCFv4.2\n##contig=<ID=15>\n"
                         "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                         "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP1\n"
                         "15\t51210647\t" + id + "\tC\tA\t.\t.\t.\tGT\t1/1\n");
  };
  // rs46461 starts with rs4646 (at 15:51210647 in the fixture KB): another variant.
  for (const char* other : {"rs46461", "rs99999", "rs1;rs46461"}) {
    auto r = interp("--vcf '" + vcf("o.vcf", other).string() + "' --format json");
    INFO(other << "\n" << r.err);
    REQUIRE(r.status == 0);
    CHECK(Json::parse(r.out)["calls"].empty());
  }
  for (const char* same : {"rs4646", ".", "rs1;rs4646"}) {
    auto r = interp("--vcf '" + vcf("s.vcf", same).string() + "' --format json");
    INFO(same << "\n" << r.err);
    REQUIRE(r.status == 0);
    CHECK(Json::parse(r.out)["calls"].size() == 1);
  }
}

TEST_CASE("kbinterp: inputs and outputs that are not regular files exit 2") {
  kbtest::TempDir t;
  fs::create_directory(t.path() / "adir");
  auto dir = interp("--genotypes '" + (t.path() / "adir").string() + "'");
  CHECK(dir.status == 2);
  CHECK(dir.err.find("not a regular file") != std::string::npos);
  auto zero = interp("--genotypes /dev/zero");  // used to read until memory ran out
  CHECK(zero.status == 2);
  REQUIRE(::mkfifo((t.path() / "fifo").c_str(), 0600) == 0);
  auto fifo = kbtest::run("timeout 20 '" + kbtest::binary("KBINTERP", KBINTERP_PATH) + "' --bundle '" +
                          (t.path() / "fifo").string() +
                          "' --genotypes tests/interp/fixtures/tsv/patient.tsv 2>&1",
                          KB_SOURCE_DIR);
  CHECK(fifo.status == 2);  // not 124: opening a FIFO used to block forever
  auto target = t.write("target.txt", "kept");
  fs::create_symlink(target, t.path() / "link.txt");
  auto link = interp("--genotypes tests/interp/fixtures/tsv/patient.tsv --force -o '" +
                     (t.path() / "link.txt").string() + "'");
  CHECK(link.status == 2);
  CHECK(link.err.find("is not a regular file") != std::string::npos);
  CHECK(fs::is_symlink(t.path() / "link.txt"));
  CHECK(kbtest::slurp(target) == "kept");
}

TEST_CASE("kbinterp: class evidence is reported under each member drug with via_group") {
  // tests/cli/fixtures/format11-kb: EV0006 is filed under the group aromatase-inhibitors
  // (members anastrozole, letrozole, exemestane); EV0004 is anastrozole's own.
  kbtest::TempDir t;
  auto bundle = t.path() / "f11.kbb";
  auto b = kbtest::run("'" + kbtest::binary("KBCHECK", KBCHECK_PATH) + "' bundle '" + KB_SOURCE_DIR +
                       "/tests/cli/fixtures/format11-kb' -o '" + bundle.string() + "' 2>&1");
  INFO(b.out);
  REQUIRE(b.status == 0);
  auto gt = t.write("p.tsv", "rs4646\tC/A\n");
  auto run = [&](const std::string& args) {
    auto r = interp("--bundle '" + bundle.string() + "' --genotypes '" + gt.string() + "' " + args, false);
    INFO(args << "\n" << r.err);
    REQUIRE(r.status == 0);
    return r.out;
  };
  Json ex = Json::parse(run("--drug exemestane --format json"));
  REQUIRE(ex["matches"].size() == 1);
  CHECK(ex["matches"][0]["evidence"] == "EV0006");
  CHECK(ex["matches"][0]["drug"] == "exemestane");
  CHECK(ex["matches"][0]["via_group"] == "aromatase-inhibitors");
  Json an = Json::parse(run("--drug anastrozole --format json"));
  std::map<std::string, std::string> via;
  for (const auto& m : an["matches"])
    via[m["evidence"].get<std::string>()] = m.contains("via_group") ? m["via_group"].get<std::string>() : "";
  CHECK(via == std::map<std::string, std::string>{
                   {"EV0002", ""}, {"EV0003", ""}, {"EV0004", ""}, {"EV0006", "aromatase-inhibitors"}});
  // The group's own section reports its record as its own.
  Json group = Json::parse(run("--drug aromatase-inhibitors --format json"));
  REQUIRE(group["matches"].size() == 1);
  CHECK_FALSE(group["matches"][0].contains("via_group"));
  CHECK(run("--drug letrozole").find("EV0006  rs4646 C/A  time-to-progression increased  level 3  PMID 24065098  "
                                     "(allele A)  [class evidence via aromatase-inhibitors]") != std::string::npos);
  CHECK(run("--drug letrozole --format tsv")
            .find("letrozole\trs4646\tC/A\tEV0006\ttime-to-progression\tincreased\t3\t24065098\t\tno\taromatase-inhibitors\tallele\n") !=
        std::string::npos);
  CHECK(run("--drug letrozole --format html").find("class evidence via aromatase-inhibitors") != std::string::npos);
}
