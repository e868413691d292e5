// Unit tests of kbinterp's pieces that need no bundle: genotypes, the TSV parser, and
// the VCF helpers (allele mapping, contig names, assembly detection).
#include <catch2/catch.hpp>

#include "interp/calls_tsv.h"
#include "interp/genotype.h"
#include "interp/genotypes_tsv.h"
#include "interp/system_alleles.h"
#include "interp/vcf_match.h"
#include "interp/visible_text.h"

using namespace kb::interp;

namespace {
Genotype gt(const char* s) {
  std::string why;
  auto g = parse_genotype(s, why);
  REQUIRE(g);
  return *g;
}
bool bad_gt(const char* s) {
  std::string why;
  bool bad = !parse_genotype(s, why).has_value();
  if (bad) CHECK_FALSE(why.empty());
  return bad;
}
}  // namespace

TEST_CASE("genotypes are unordered and unphased") {
  CHECK(gt("A/C").is_pair("C", "A"));
  CHECK(gt("C|A").is_pair("A", "C"));
  CHECK_FALSE(gt("A/A").is_pair("A", "C"));
  CHECK(gt("A/C").carries("C"));
  CHECK_FALSE(gt("A/A").carries("C"));
  CHECK(gt("a/c").text() == "A/C");
  CHECK(gt("*1/*2").is_pair("*2", "*1"));
  CHECK(gt("-/GAT").carries("-"));
}

TEST_CASE("haploid and missing genotypes") {
  CHECK(gt("T").haploid());
  CHECK(gt("T").carries("T"));
  CHECK_FALSE(gt("T").is_pair("T", "T"));
  CHECK_FALSE(gt("./.").called());
  CHECK_FALSE(gt(".").called());
  CHECK(gt("./.").text() == "./.");
}

TEST_CASE("bad genotypes are refused with a reason") {
  CHECK(bad_gt(""));
  CHECK(bad_gt("./A"));    // half call
  CHECK(bad_gt("A/C/G"));  // triploid
  CHECK(bad_gt("A/X?"));
  CHECK(bad_gt("A/(TA"));
  CHECK(bad_gt("A//C"));
  CHECK(bad_gt("*"));
  CHECK(bad_gt("A C"));
}

TEST_CASE("valid_allele follows the record format") {
  CHECK(valid_allele("ACGT"));
  CHECK(valid_allele("-"));
  CHECK(valid_allele("*17"));
  CHECK(valid_allele("*2A"));
  CHECK_FALSE(valid_allele("*2AB"));
  CHECK_FALSE(valid_allele("N"));  // a named allele, not a locus allele
  CHECK(valid_allele("(TA)7"));
  CHECK_FALSE(valid_allele("(TA"));
  CHECK_FALSE(valid_allele(""));
}

TEST_CASE("genotypes TSV: header, comments, CRLF and blank lines") {
  auto r = parse_genotypes_tsv("# a comment\nvariant\tgenotype\r\nrs4646\tA/C\r\n\n  \nrs10046\tg|a\n# end\nCYP2D6:x\t*1/*4", "p.tsv");
  REQUIRE(r.ok());
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].variant == "rs4646");
  CHECK(r.rows[0].line == 3);
  CHECK(r.rows[1].genotype.text() == "G/A");
  CHECK(r.rows[2].genotype.is_pair("*4", "*1"));
  CHECK(r.rows[2].line == 8);
}

TEST_CASE("genotypes TSV: the header is optional and only recognised first") {
  CHECK(parse_genotypes_tsv("rs1\tA/A\n", "x").ok());
  CHECK(parse_genotypes_tsv("", "x").ok());
  auto late = parse_genotypes_tsv("rs1\tA/A\nvariant\tgenotype\n", "x.tsv");
  CHECK(late.error.find("x.tsv:2:") == 0);
}

TEST_CASE("genotypes TSV: errors name the file and line and say what to do") {
  auto spaces = parse_genotypes_tsv("rs1\tA/A\nrs2 A/G\n", "g.tsv");
  CHECK(spaces.error.find("g.tsv:2:") == 0);
  CHECK(spaces.error.find("TAB") != std::string::npos);
  CHECK(spaces.rows.empty());
  auto three = parse_genotypes_tsv("rs1\tA/A\textra\n", "g.tsv");
  CHECK(three.error.find("g.tsv:1: expected") == 0);
  auto bad = parse_genotypes_tsv("rs1\tA/Q!\n", "g.tsv");
  CHECK(bad.error.find("g.tsv:1: bad genotype for rs1") == 0);
  auto half = parse_genotypes_tsv("\n\nrs1\t./A\n", "g.tsv");
  CHECK(half.error.find("g.tsv:3:") == 0);
  CHECK(half.error.find("./.") != std::string::npos);
  auto dup = parse_genotypes_tsv("rs1\tA/A\nrs2\tA/A\nrs1\tA/G\n", "g.tsv");
  CHECK(dup.error.find("g.tsv:3: rs1 is listed twice (first on line 1)") == 0);
  auto empty_genotype = parse_genotypes_tsv("rs1\t\n", "g.tsv");
  CHECK_FALSE(empty_genotype.ok());
  auto binary = parse_genotypes_tsv(std::string("rs1\tA/\0A\n", 9), "g.tsv");
  CHECK_FALSE(binary.ok());
  auto long_line = parse_genotypes_tsv(std::string(10000, 'A'), "g.tsv");
  CHECK(long_line.error.find("longer than") != std::string::npos);
}

TEST_CASE("site alleles map literally, or drop the anchor base for '-' deletions") {
  using V = std::vector<std::string>;
  CHECK(map_site_alleles(V{"C", "A", "T"}, V{"C", "A"}) == V{"C", "A", "T"});
  CHECK(map_site_alleles(V{"AGAT", "A"}, V{"GAT", "-"}) == V{"GAT", "-"});
  CHECK(map_site_alleles(V{"A", "AGAT"}, V{"-", "GAT"}) == V{"-", "GAT"});
  // No "-" in the KB: never trimmed.
  CHECK(map_site_alleles(V{"AGAT", "A"}, V{"AGAT", "A"}) == V{"AGAT", "A"});
  // Different first bases cannot be an anchored indel.
  CHECK(map_site_alleles(V{"CGAT", "A"}, V{"GAT", "-"}) == V{"CGAT", "A"});
  // The trimmed REF must be the KB's reference: an insertion at a deletion's anchor base
  // (REF A, ALT AT or AGAT) is another variant, not the deletion, and never reversed.
  CHECK(map_site_alleles(V{"A", "AT"}, V{"GAT", "-"}) == V{"A", "AT"});
  CHECK(map_site_alleles(V{"A", "AGAT"}, V{"GAT", "-"}) == V{"A", "AGAT"});
}

TEST_CASE("contig names match with or without chr") {
  CHECK(normalise_contig("chr15") == "15");
  CHECK(normalise_contig("15") == "15");
  CHECK(normalise_contig("chrX") == "X");
  CHECK(normalise_contig("chrM") == "MT");
  CHECK(normalise_contig("MT") == "MT");
  CHECK(normalise_contig("chr") == "chr");
  CHECK(contig_spellings("15") == std::vector<std::string>{"15", "chr15"});
}

TEST_CASE("the VCF header's assembly is detected from ##reference and ##contig") {
  CHECK(header_assembly("##fileformat=VCFv4.2\n##reference=file:///ref/hs37d5.fa\n") == "GRCh37");
  CHECK(header_assembly("##reference=GRCh38\n") == "GRCh38");
  CHECK(header_assembly("##contig=<ID=chr1,length=248956422>\n") == "GRCh38");
  CHECK(header_assembly("##contig=<ID=1,length=249250621>\n") == "GRCh37");
  CHECK_FALSE(header_assembly("##fileformat=VCFv4.2\n##contig=<ID=15>\n"));
  CHECK_FALSE(header_assembly("##reference=hg19\n##contig=<ID=chr1,assembly=GRCh38>\n"));
  // Names count as whole words: "b37" inside an md5 or a path is no assembly.
  CHECK_FALSE(header_assembly("##contig=<ID=chrUn_KI270302v1,length=2274,md5=ab37ef9f8fc3ba3bb0f52b1b9bb0c1c9>\n"));
  CHECK_FALSE(header_assembly("##reference=file:///data/lab37/ref.fa\n"));
  CHECK(header_assembly("##reference=file:///ref/human_g1k_v37.fasta\n") == "GRCh37");
  CHECK(header_assembly("##reference=file:///ref/hs38DH.fa\n##contig=<ID=chr2,md5=00b37a>\n") == "GRCh38");
}

TEST_CASE("visible and tsv_cell: kbinterp's copy of the escaping rules") {
  using kb::interp::tsv_cell;
  using kb::interp::visible;
  CHECK(visible("rs4646 C/A é") == "rs4646 C/A é");
  CHECK(visible("a\nb\r\tc\x1b[2J\x7f") == "a\\nb\\r\\tc\\x1b[2J\\x7f");
  CHECK(visible(std::string("\0", 1)) == "\\x00");
  CHECK(visible("\xff\xc3 x") == "\\xff\\xc3 x");
  CHECK(visible("\xc2\x9b" "1m \xe2\x80\xae \xe2\x80\xa8") == "\\u009b1m \\u202e \\u2028");
  CHECK(tsv_cell("=1+1") == "'=1+1");
  CHECK(tsv_cell("+1") == "'+1");
  CHECK(tsv_cell("@A1") == "'@A1");
  CHECK(tsv_cell("-/GAT") == "'-/GAT");
  CHECK(tsv_cell("-0.5") == "'-0.5");
  CHECK(tsv_cell("\t=1") == "\\t=1");
  CHECK(tsv_cell("C/A") == "C/A");
}

TEST_CASE("a more specific HLA call reads as the KB allele it belongs to, never the reverse") {
  const std::vector<std::string> kb = {"*57:01", "*57:01:01", "*58:01", "*15:02N"};
  CHECK(hla_group_of("*57:01:01:02", kb) == "*57:01:01");  // the longest group wins
  CHECK(hla_group_of("*57:01:02", kb) == "*57:01");
  CHECK(hla_group_of("*58:01:01", kb) == "*58:01");
  CHECK(hla_group_of("*15:02:01N", kb) == "*15:02N");
  CHECK_FALSE(hla_group_of("*58:01:01N", kb));  // a null allele is not the expressed *58:01
  CHECK_FALSE(hla_group_of("*15:02:01", kb));   // nor an expressed one the null *15:02N
  CHECK_FALSE(hla_group_of("*57:01", kb));      // the same resolution is not "more specific"
  CHECK_FALSE(hla_group_of("*57:010", kb));     // fields compare whole: 010 is not 01
  CHECK_FALSE(hla_group_of("*44:03:01", kb));
  CHECK(hla_finer_in("*57", {"*57:01:01"}) == "*57:01:01");
  CHECK(hla_finer_in("*57:01", {"*58:01", "*57:01:01"}) == "*57:01:01");
  CHECK_FALSE(hla_finer_in("*57:02", {"*57:01:01"}));
}

TEST_CASE("resolve_system_genotype: mapped alleles warn, unknown ones are undecided") {
  using S = kbbundle::format::AlleleSystem;
  Input in;
  Genotype g = gt("*57:01:01:02/*44:03");
  resolve_system_genotype(S::kHla, "HLA-B:hla", {"*57:01:01", "*58:01"}, "c.tsv:2", g, in);
  CHECK(g.text() == "*57:01:01/*44:03");
  REQUIRE(in.warnings.size() == 1);
  CHECK(in.warnings[0].message == "c.tsv:2: HLA allele *57:01:01:02 is read as the KB's *57:01:01, of which it is a "
                                  "more specific allele");
  REQUIRE(in.undecided.size() == 1);
  CHECK(in.undecided[0].value == "*57:01:01:02/*44:03");  // as the input wrote it
  CHECK(in.undecided[0].reason.find("allele *44:03 is not one of the KB's hla alleles of HLA-B:hla") == 0);

  Input coarse;
  Genotype c = gt("*57:01/*58:01");
  resolve_system_genotype(S::kHla, "HLA-B:hla", {"*57:01:01", "*58:01"}, "c.tsv:3", c, coarse);
  REQUIRE(coarse.undecided.size() == 1);
  CHECK(coarse.undecided[0].reason.find("fewer fields than the KB's *57:01:01") != std::string::npos);
  CHECK(c.text() == "*57:01/*58:01");

  Input star;  // star alleles are never widened
  Genotype s = gt("*2.001/*4");
  resolve_system_genotype(S::kStar, "CYP2D6:star", {"*1", "*2", "*4"}, "g.tsv:1", s, star);
  CHECK(s.text() == "*2.001/*4");
  CHECK(star.undecided.size() == 1);
  CHECK(star.warnings.empty());
}

TEST_CASE("allele syntax per system (record format 1.1)") {
  using S = kbbundle::format::AlleleSystem;
  for (const char* a : {"*1", "*2A", "*4", "*10", "*2.001", "*1x2", "*2xN"}) CHECK(valid_allele_in(S::kStar, a));
  for (const char* a : {"*", "*58:01", "1", "*1x", "A"}) CHECK_FALSE(valid_allele_in(S::kStar, a));
  for (const char* a : {"*58:01", "*57:01:01", "*15:02N", "*01:01:01:02"}) CHECK(valid_allele_in(S::kHla, a));
  for (const char* a : {"*58", "*58:1", "*4", "58:01", "*58:01X"}) CHECK_FALSE(valid_allele_in(S::kHla, a));
  for (const char* a : {"L", "S", "null", "non-null", "H2"}) CHECK(valid_allele_in(S::kNamed, a));
  for (const char* a : {"", "-x", "a b", "*1"}) CHECK_FALSE(valid_allele_in(S::kNamed, a));
  // A genotypes line may say any system's alleles before its variant is known.
  CHECK(gt("*1/*4").is_pair("*4", "*1"));
  CHECK(gt("*58:01/*44:03").carries("*58:01"));
  CHECK(gt("L/S").is_pair("S", "L"));
  CHECK(gt("(ta)6/(TA)7").text() == "(TA)6/(TA)7");
  CHECK(gt("null/L").text() == "null/L");  // named alleles keep their case
}

TEST_CASE("CPIC phenotype terms in any case, and PharmGKB's extensive = normal") {
  CHECK(cpic_term("Poor Metabolizer") == "poor metabolizer");
  CHECK(cpic_term("  intermediate   metabolizer ") == "intermediate metabolizer");
  CHECK(cpic_term("Extensive Metabolizer") == "normal metabolizer");
  CHECK(cpic_term("possible decreased function") == "possible decreased function");
  CHECK(cpic_term("Indeterminate") == "indeterminate");
  CHECK_FALSE(cpic_term("fast metabolizer"));
  CHECK_FALSE(cpic_term("poor"));
  CHECK_FALSE(cpic_term(""));
}

TEST_CASE("PharmCAT outside-call TSV: good lines") {
  auto r = parse_calls_tsv("# from PharmCAT\ngene\tdiplotype\tphenotype\tactivity score\r\n"
                           "CYP2D6\t*1/*4\tIntermediate Metabolizer\t1.0\r\nHLA-B\t*57:01/*44:03\n"
                           "CYP2C19\t\tPoor Metabolizer\t\n\n",
                           "c.tsv");
  INFO(r.error);
  REQUIRE(r.ok());
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].gene == "CYP2D6");
  CHECK(r.rows[0].diplotype->is_pair("*4", "*1"));
  CHECK(r.rows[0].phenotype == "Intermediate Metabolizer");
  CHECK(r.rows[0].activity == "1.0");
  CHECK(r.rows[0].line == 3);
  CHECK(r.rows[1].phenotype.empty());
  CHECK_FALSE(r.rows[2].diplotype);
  CHECK(r.rows[2].phenotype == "Poor Metabolizer");
}

TEST_CASE("PharmCAT outside-call TSV: bad input names file:line") {
  auto err = [](std::string text) { return parse_calls_tsv(text, "c.tsv").error; };
  CHECK(err("CYP2D6\n").find("c.tsv:1: expected `gene<TAB>diplotype") == 0);
  CHECK(err("CYP2D6\t*1/*4\tPM\t1\textra\n").find("c.tsv:1: expected") == 0);
  CHECK(err("CYP2D6\t\t\t\n").find("neither a diplotype nor a phenotype") != std::string::npos);
  CHECK(err("CYP2D6\t*1/*4\n\nCYP2D6\t*1/*1\n").find("c.tsv:3: CYP2D6 is listed twice (first on line 1)") == 0);
  CHECK(err("CYP2D6\t*1/*4\tPM\tlots\n").find("c.tsv:1: activity score \"lots\"") == 0);
  CHECK(err("CYP2D6\t*1/*4?\n").find("c.tsv:1: bad diplotype for CYP2D6") == 0);
  CHECK(err("CYP2D6\t./.\n").find("not called") != std::string::npos);
  CHECK(err("CYP 2D6\t*1/*4\n").find("not a gene symbol") != std::string::npos);
  CHECK(err("CYP2D6\t*1/*4\tPoor \xff\n").find("c.tsv:1: byte 19 is not valid UTF-8") == 0);
  CHECK(err("CYP2D6\t*1/*4\tPoor\x1b[31m\n").find("c.tsv:1: byte 18 is a control character") == 0);
  CHECK(err(std::string("CYP2D6\t*1/*4\n") + std::string(5000, 'A')).find("c.tsv:2: line longer than") == 0);
  CHECK(err(std::string("CYP2D6\t*1/\0*4\n", 13)).find("c.tsv:1:") == 0);
  CHECK(parse_calls_tsv("", "c.tsv").ok());
  CHECK(parse_calls_tsv("CYP2D6\t*1/*4\tPoor M\xc3\xa9tabolizer\n", "c.tsv").ok());  // UTF-8 is text
}
