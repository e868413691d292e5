// kbimport pharmgkb --dbsnp: alleles for single-allele rsIDs and GRCh38 locations from a
// dbSNP VCF/BCF. Fixtures tests/import/fixtures/dbsnp.{vcf,tsv}: SYNTHETIC rsIDs
// (rs9000000NN) at invented positions, not dbSNP facts about any real variant. The
// bgzipped, BCF, GRCh37 and broken variants of the VCF are made here, at test time.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "import/dbsnp.h"
#include "import/dbsnp_contig.h"
#include "import/dbsnp_match.h"
#include "import/kb_writer.h"
#include "import/pharmgkb.h"
#include "hts_fixtures.h"
#include "test_support.h"

using namespace kb::import;
namespace fs = std::filesystem;
using Alleles = std::vector<std::string>;

namespace {

fs::path fixture(const char* name) {
  return fs::path(KB_SOURCE_DIR) / "tests/import/fixtures" / name;
}

/// The fixture TSV imported in memory with the dbSNP file `vcf`.
ImportResult import_with(const fs::path& vcf) {
  ImportOptions o;
  o.dbsnp = [vcf](const std::vector<std::string>& rsids) {
    return scan_dbsnp(vcf.string(), rsids).sites;
  };
  return convert_pharmgkb(kbtest::slurp(fixture("dbsnp.tsv")), o);
}

const ImportResult& imported() {
  static const ImportResult r = import_with(fixture("dbsnp.vcf"));
  return r;
}

const RowReport& row_of(const ImportResult& r, const std::string& annotation) {
  for (const auto& row : r.rows)
    if (row.annotation == annotation) return row;
  FAIL("no row for annotation " << annotation);
  throw 0;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Runs the built kbimport on the fixture TSV with `--dbsnp vcf` into `out`.
kbtest::RunResult kbimport(const fs::path& vcf, const fs::path& out) {
  return kbtest::run("'" + std::string(KBIMPORT_PATH) + "' pharmgkb '" +
                     fixture("dbsnp.tsv").string() + "' -o '" + out.string() + "' -q --dbsnp '" +
                     vcf.string() + "' 2>&1");
}

}  // namespace

TEST_CASE("dbsnp: RefSeq accessions, chr and plain contig names map to GRCh38 chromosomes",
          "[import][dbsnp]") {
  CHECK(classify_contig("NC_000007.14").kind == ContigName::kGrch38);
  CHECK(classify_contig("NC_000007.14").chrom == "7");
  CHECK(classify_contig("NC_000023.11").chrom == "X");
  CHECK(classify_contig("NC_000024.10").chrom == "Y");
  CHECK(classify_contig("NC_012920.1").chrom == "MT");
  CHECK(classify_contig("NC_000014.9").chrom == "14");
  auto g37 = classify_contig("NC_000007.13");
  CHECK(g37.kind == ContigName::kOtherAssembly);
  CHECK(g37.assembly == "GRCh37");
  CHECK(classify_contig("NC_000007.12").assembly == "an assembly other than GRCh38");
  CHECK(classify_contig("chr7").kind == ContigName::kPlain);
  CHECK(classify_contig("chrM").chrom == "MT");
  CHECK(classify_contig("22").chrom == "22");
  for (const char* other : {"NT_187361.1", "NW_025791756.1", "chrUn_KI270742v1",
                            "chr1_KI270706v1_random", "23", "07", "HLA-A*01:01:01:01", ""})
    CHECK(classify_contig(other).kind == ContigName::kNotChromosome);

  CHECK(header_assembly("##fileformat=VCFv4.2\n##reference=GRCh38.p14\n#CHROM\n").grch38);
  CHECK(header_assembly("##reference=GRCh37.p13\n").other == "##reference=GRCh37.p13");
  CHECK_FALSE(header_assembly("##reference=file:///ref/hs37d5.fa\n").other.empty());
  CHECK_FALSE(header_assembly("##contig=<ID=1,length=249250621>\n").other.empty());
  CHECK_FALSE(header_assembly("##contig=<ID=chr7,assembly=hg19>\n").other.empty());
  CHECK_FALSE(header_assembly("##contig=<ID=NC_000001.10>\n").other.empty());
  CHECK(header_assembly("##contig=<ID=NC_000001.11>\n").grch38);
  // Whole words only: "b37" inside an md5 says nothing.
  auto md5 = header_assembly("##contig=<ID=7,md5=0b37ffe1>\n");
  CHECK(md5.other.empty());
  CHECK_FALSE(md5.grch38);
}

TEST_CASE("dbsnp: VCF alleles in the record format's spelling", "[import][dbsnp]") {
  CHECK(record_alleles({"C", "T"}) == Alleles{"C", "T"});
  CHECK(record_alleles({"ACT", "A"}) == Alleles{"CT", "-"});
  CHECK(record_alleles({"A", "ATT"}) == Alleles{"-", "TT"});
  CHECK(record_alleles({"C", "A", "CT"}) == Alleles{"C", "A", "CT"});  // no shared anchor
  CHECK(record_alleles({"C", "<DEL>", "*", "T"}) == Alleles{"C", "T"});
  CHECK(record_alleles({"N", "A"}).empty());
  CHECK(reverse_complement("ACG") == "CGT");
  CHECK(reverse_complement("-") == "-");
}

TEST_CASE("dbsnp: what match_dbsnp takes and refuses", "[import][dbsnp]") {
  const DbsnpSite s{"7", 100, {"C", "T"}};
  auto loc = match_dbsnp("rs900000001", {"C", "T"}, {s});
  CHECK(loc.outcome == DbsnpOutcome::kLocated);
  REQUIRE(loc.location);
  CHECK(loc.location->assembly == "GRCh38");
  CHECK(loc.note.empty());
  // REF first, the rows' alleles otherwise kept.
  auto re = match_dbsnp("rs900000001", {"T", "C"}, {s});
  CHECK(re.alleles == Alleles{"C", "T"});
  CHECK(has(re.note, "put first"));
  // Rows naming ALTs only of a multi-allelic site: REF added first.
  auto alts = match_dbsnp("rs900000001", {"T", "G"}, {DbsnpSite{"7", 100, {"C", "G", "T"}}});
  CHECK(alts.alleles == Alleles{"C", "T", "G"});
  CHECK(has(alts.note, "added first"));
  // Completed from one allele.
  auto one = match_dbsnp("rs900000001", {"T"}, {s});
  CHECK(one.outcome == DbsnpOutcome::kCompleted);
  CHECK(one.alleles == Alleles{"C", "T"});
  // Opposite strand: reported, not rewritten.
  auto flip = match_dbsnp("rs900000001", {"G", "A"}, {s});
  CHECK(flip.outcome == DbsnpOutcome::kMismatch);
  CHECK(flip.alleles == Alleles{"G", "A"});
  CHECK_FALSE(flip.location);
  CHECK(has(flip.note, "reverse complements"));
  // A palindromic site says nothing about the strand.
  auto pal = match_dbsnp("rs900000001", {"A"}, {DbsnpSite{"7", 100, {"T"}}});
  CHECK(pal.outcome == DbsnpOutcome::kMismatch);
  CHECK_FALSE(has(pal.note, "reverse complements"));
  // Another allele altogether: no flip note either.
  CHECK_FALSE(has(match_dbsnp("rs900000001", {"A", "C"}, {s}).note, "reverse complements"));
  // Several positions: nothing taken, whatever the alleles.
  auto two = match_dbsnp("rs900000001", {"T"}, {s, DbsnpSite{"X", 5, {"C", "T"}}});
  CHECK(two.outcome == DbsnpOutcome::kSeveralSites);
  CHECK(two.alleles == Alleles{"T"});
  // One position, an SNV and an indel record: the one holding the rows' alleles; two: none.
  auto indel = match_dbsnp("rs900000001", {"C", "T"}, {DbsnpSite{"7", 100, {"CA", "C"}}, s});
  CHECK(indel.outcome == DbsnpOutcome::kLocated);
  CHECK(match_dbsnp("rs900000001", {"C"},
                    {DbsnpSite{"7", 100, {"C", "T"}}, DbsnpSite{"7", 100, {"CA", "C", "TA"}}})
            .outcome == DbsnpOutcome::kSeveralSites);
  CHECK(match_dbsnp("rs900000001", {"T"}, {}).outcome == DbsnpOutcome::kNotFound);
}

TEST_CASE("dbsnp: the scan keeps only the rsIDs asked for, records of one site merged",
          "[import][dbsnp]") {
  auto scan = scan_dbsnp(fixture("dbsnp.vcf").string(),
                         {"rs900000001", "rs900000009", "rs900000011", "rs900000007"});
  CHECK(scan.records == 13);
  CHECK(scan.header_grch38);
  CHECK(scan.sites.size() == 3);  // rs900000011 is on an unplaced contig only
  CHECK_FALSE(scan.sites.count("rs900000050"));
  REQUIRE(scan.sites.count("rs900000001"));
  CHECK(scan.sites.at("rs900000001")[0].chrom == "7");
  CHECK(scan.sites.at("rs900000001")[0].pos == 1000001);
  REQUIRE(scan.sites.at("rs900000009").size() == 1);  // two split records, one site
  CHECK(scan.sites.at("rs900000009")[0].alleles == Alleles{"G", "A", "C"});
  CHECK(scan.sites.at("rs900000007").size() == 2);  // chrX and chrY
}

TEST_CASE("dbsnp: single-allele rows are completed and variants located", "[import][dbsnp]") {
  const auto& r = imported();
  const auto& v = r.variants;
  // Completed: REF first, then the ALTs (a multi-allelic site gives all its ALTs).
  REQUIRE(v.count("rs900000001"));
  CHECK(v.at("rs900000001").alleles == Alleles{"C", "T"});
  REQUIRE(v.at("rs900000001").location);
  CHECK(v.at("rs900000001").location->chrom == "7");  // from NC_000007.14
  CHECK(v.at("rs900000001").location->pos == 1000001);
  CHECK(row_of(r, "401").outcome == "converted");
  CHECK(has(row_of(r, "401").detail, "from dbSNP"));
  CHECK(row_of(r, "412").outcome == "converted");
  REQUIRE(v.count("rs900000002"));
  CHECK(v.at("rs900000002").alleles == Alleles{"A", "G", "T"});
  CHECK(v.at("rs900000002").location->chrom == "12");  // from chr12
  CHECK(v.at("rs900000009").alleles == Alleles{"G", "A", "C"});
  CHECK(v.at("rs900000010").alleles == Alleles{"CT", "-"});  // the deletion, anchor dropped
  CHECK(v.at("rs900000010").location->pos == 10000010);      // the VCF POS (anchor base)
  // Two alleles in the rows that agree: located; REF put first where needed.
  CHECK(v.at("rs900000003").alleles == Alleles{"G", "A"});
  CHECK(v.at("rs900000003").location->chrom == "22");
  CHECK(row_of(r, "403").code.empty());
  CHECK(v.at("rs900000004").alleles == Alleles{"C", "T"});
  CHECK(has(row_of(r, "404").detail, "put first"));
  // Not dbSNP's alleles (the reverse complements here): kept, no location, a note.
  CHECK(v.at("rs900000005").alleles == Alleles{"G", "A"});
  CHECK_FALSE(v.at("rs900000005").location);
  CHECK(has(row_of(r, "405").detail, "reverse complements"));
  // Stay skipped: allele not dbSNP's, several positions, not in the file, unplaced only.
  for (const char* a : {"406", "407", "408", "411"}) {
    INFO(a);
    CHECK(row_of(r, a).code == "single-allele");
  }
  CHECK(has(row_of(r, "406").detail, "not dbSNP's"));
  CHECK(has(row_of(r, "407").detail, "several positions"));
  CHECK(has(row_of(r, "408").detail, "not in the dbSNP file"));
  CHECK(r.converted_rows == 8);
  CHECK(r.dbsnp.asked == 11);
  CHECK(r.dbsnp.found == 9);
  CHECK(r.dbsnp.completed == 4);
  CHECK(r.dbsnp.completed_rows == 5);
  CHECK(r.dbsnp.located == 6);
  CHECK(r.dbsnp.mismatched == 2);
  CHECK(r.dbsnp.several == 1);
  // Without --dbsnp the single-allele rows stay skipped and nothing is located.
  auto plain = convert_pharmgkb(kbtest::slurp(fixture("dbsnp.tsv")), {});
  CHECK(plain.converted_rows == 3);
  for (const auto& [id, x] : plain.variants) CHECK_FALSE(x.location);
}

TEST_CASE("dbsnp: bgzipped VCF and BCF read as the plain VCF", "[import][dbsnp]") {
  kbtest::TempDir tmp;
  fs::path gz = tmp.path() / "dbsnp.vcf.gz", bcf = tmp.path() / "dbsnp.bcf";
  kbtest::bgzip(fixture("dbsnp.vcf"), gz, false);
  kbtest::to_bcf(fixture("dbsnp.vcf"), bcf);
  auto files = render_kb(imported(), {});
  CHECK(render_kb(import_with(gz), {}) == files);
  CHECK(render_kb(import_with(bcf), {}) == files);
}

TEST_CASE("dbsnp: kbimport --dbsnp writes locations the schema accepts", "[import][dbsnp]") {
  kbtest::TempDir tmp;
  fs::path out = tmp.path() / "kb";
  auto run = kbimport(fixture("dbsnp.vcf"), out);
  INFO(run.out);
  REQUIRE(run.status == 0);
  CHECK(has(run.out,
            "9 of 11 rsIDs found; 6 variants located (GRCh38), 4 single-allele variants completed "
            "(5 rows"));
  std::string variants = kbtest::slurp(out / "variants/variants-001.yaml");
  CHECK(has(
      variants,
      "id: rs900000001\ngene: GENE1\nrsid: rs900000001\nalleles: [C, T]\nlocation:\n  assembly: "
      "GRCh38\n  chrom: \"7\"\n  pos: 1000001\n"));
  CHECK(has(kbtest::slurp(out / "import-report.tsv"),
            "2\t401\tconverted\t1\tnote\tdbSNP: alleles C/T"));
  // kbcheck loads the KB: no load or schema finding (KB00xx, KB01xx) on the locations.
  auto check = kbtest::run("'" + kbtest::binary("KBCHECK", "kbcheck") + "' check '" + out.string() +
                           "' --format json 2>/dev/null");
  INFO(check.out);
  CHECK((check.status == 0 || check.status == 1));
  auto report = nlohmann::json::parse(check.out, nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  for (const auto& d : report["diagnostics"]) {
    std::string rule = d.value("rule", "");
    INFO(d.dump());
    CHECK_FALSE((rule.starts_with("KB00") || rule.starts_with("KB01")));
  }
}

TEST_CASE("dbsnp: a GRCh37 file is refused with exit 2 and nothing written", "[import][dbsnp]") {
  kbtest::TempDir tmp;
  std::string body = kbtest::slurp(fixture("dbsnp.vcf"));
  auto header_end = body.find("#CHROM");
  std::string g38_header = body.substr(0, header_end), records = body.substr(header_end);
  std::string by_reference = g38_header;
  by_reference.replace(by_reference.find("GRCh38.p14"), 10, "GRCh37.p13");
  std::string by_accession = g38_header + records;  // a data line on GRCh37's chr7 accession
  by_accession.replace(by_accession.find("NC_000007.14\t1000001"), 12, "NC_000007.13");
  std::string by_contig = g38_header;
  by_contig.replace(by_contig.find("<ID=chr12>"), 10, "<ID=chr12,assembly=hg19>");
  int n = 0;
  for (const std::string& text : {by_reference + records, by_accession, by_contig + records}) {
    fs::path vcf = tmp.write("g37-" + std::to_string(++n) + ".vcf", text);
    fs::path out = tmp.path() / ("kb" + std::to_string(n));
    auto run = kbimport(vcf, out);
    INFO(run.out);
    CHECK(run.status == 2);
    CHECK(has(run.out, vcf.string()));
    CHECK(has(run.out, "GRCh38"));
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("dbsnp: a missing, non-VCF or truncated file exits 2 naming it", "[import][dbsnp]") {
  kbtest::TempDir tmp;
  std::string text = kbtest::slurp(fixture("dbsnp.vcf"));
  fs::path gz = tmp.path() / "whole.vcf.gz";
  kbtest::bgzip(fixture("dbsnp.vcf"), gz, false);
  std::string z = kbtest::slurp(gz);
  std::vector<std::pair<fs::path, std::string>> bad = {
      {tmp.path() / "missing.vcf", "No such file"},
      {tmp.write("notes.txt", "these are not variants\n"), "is not a VCF or BCF"},
      {tmp.write("cut.vcf.gz", z.substr(0, z.size() - 28)), "truncated"},  // the EOF block gone
      {tmp.write("cut-mid.vcf.gz", z.substr(0, z.size() / 2)), "truncated"},
      {tmp.write("cut.vcf", text.substr(0, text.size() - 12)), "truncated"},  // mid-record
      {tmp.write("space.vcf", text.substr(0, text.find("#CHROM")) + "#CHROM POS ID\n"), ".vcf"},
  };
  for (const auto& [vcf, why] : bad) {
    fs::path out = tmp.path() / "kb";
    auto run = kbimport(vcf, out);
    INFO(vcf.string() << "\n" << run.out);
    CHECK(run.status == 2);
    CHECK(has(run.out, vcf.string()));
    CHECK(has(run.out, why));
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("dbsnp: on the real TSV, a dbSNP file without its rsIDs changes only the report",
          "[import][dbsnp][integration]") {
  fs::path shared = kbtest::shared_dir();
  fs::path tsv = shared / "data/pharmgkb/var_drug_ann.tsv";
  if (shared.empty() || !fs::exists(tsv)) {
    WARN("skipped: ../shared/data/pharmgkb/var_drug_ann.tsv is not present");
    return;
  }
  std::string text = kbtest::slurp(tsv);
  std::size_t asked = 0;
  ImportOptions o;
  o.dbsnp = [&](const std::vector<std::string>& rsids) {
    asked = rsids.size();
    return scan_dbsnp(fixture("dbsnp.vcf").string(), rsids).sites;  // synthetic rsIDs only
  };
  auto with = render_kb(convert_pharmgkb(text, o), o);
  auto without = render_kb(convert_pharmgkb(text, {}), {});
  CHECK(asked > 2000);  // every rsID of the file, asked once
  REQUIRE(with.size() == without.size());
  for (const auto& [rel, content] : without) {
    INFO(rel);
    if (rel == "import-report.tsv")
      CHECK(has(with.at(rel), "is not in the dbSNP file"));
    else
      CHECK(with.at(rel) == content);
  }
}
