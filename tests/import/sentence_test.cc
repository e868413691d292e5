// Sentence shapes copied from PharmGKB's var_drug_ann.tsv (one short string each).
#include <catch2/catch.hpp>

#include "import/pharmgkb_repeats.h"
#include "import/pharmgkb_sentence.h"

using namespace kb::import;

namespace {

ParsedSentence ok(std::string_view s, std::vector<std::string> chems) {
  auto r = parse_sentence(s, chems);
  INFO(s << " -> " << r.error.code << ": " << r.error.message);
  REQUIRE(r.value);
  return *r.value;
}

std::string fail_code(std::string_view s, std::vector<std::string> chems) {
  auto r = parse_sentence(s, chems);
  REQUIRE_FALSE(r.value);
  return r.error.code;
}

}  // namespace

TEST_CASE("allele with direction and no comparison", "[import][sentence]") {
  auto p = ok("Allele A is associated with decreased dose of warfarin.", {"warfarin"});
  CHECK(p.subject.alleles == std::vector<std::string>{"A"});
  CHECK(p.direction == Direction::kDecreased);
  CHECK(p.phenotype == "dose");
  CHECK(p.drug_text == "warfarin");
  CHECK(p.drug_matched);
  CHECK_FALSE(p.compared);
}

TEST_CASE("not associated, no direction word", "[import][sentence]") {
  auto p = ok("Allele A is not associated with dose of warfarin.", {"warfarin"});
  CHECK(p.direction == Direction::kNoAssociation);
  CHECK(p.phenotype == "dose");
}

TEST_CASE("not associated with increased: still no-association", "[import][sentence]") {
  auto p = ok("Allele G is not associated with increased response to lithium in people with "
              "Bipolar Disorder as compared to allele C.", {"lithium"});
  CHECK(p.direction == Direction::kNoAssociation);
  CHECK(p.phenotype == "response");
  REQUIRE(p.compared);
  CHECK(p.compared->allele == "C");
  CHECK(p.context.condition == "Bipolar Disorder");
  CHECK(p.context.population == "people with Bipolar Disorder");
  CHECK(p.context.sex.empty());
}

TEST_CASE("genotypes compared with a genotype", "[import][sentence]") {
  auto p = ok("Genotypes CT + TT are associated with increased dose of tacrolimus in people with "
              "Kidney Transplantation as compared to genotype CC.", {"tacrolimus"});
  CHECK(p.subject.genotypes == std::vector<std::string>{"C/T", "T/T"});
  CHECK(p.subject.alleles.empty());
  CHECK(p.direction == Direction::kIncreased);
  REQUIRE(p.compared);
  CHECK(p.compared->genotypes == std::vector<std::string>{"C/C"});
}

TEST_CASE("single genotype compared with lower-case genotypes list", "[import][sentence]") {
  auto p = ok("Genotype CC is not associated with increased response to gemcitabine in people with "
              "Carcinoma, Non-Small-Cell Lung as compared to genotypes CT + TT.", {"gemcitabine"});
  CHECK(p.subject.genotypes == std::vector<std::string>{"C/C"});
  REQUIRE(p.compared);
  CHECK(p.compared->genotypes == std::vector<std::string>{"C/T", "T/T"});
  CHECK(p.context.condition == "Carcinoma, Non-Small-Cell Lung");
}

TEST_CASE("star genotype with gene prefix", "[import][sentence]") {
  auto p = ok("CYP2C9 *1/*3 is associated with decreased dose of warfarin in people with venous "
              "thromboembolism as compared to CYP2C9 *1/*1.", {"warfarin"});
  CHECK(p.subject.gene == "CYP2C9");
  CHECK(p.subject.genotypes == std::vector<std::string>{"*1/*3"});
  REQUIRE(p.compared);
  CHECK(p.compared->genotypes == std::vector<std::string>{"*1/*1"});
}

TEST_CASE("several star alleles: one record each", "[import][sentence]") {
  auto q = ok("CYP2C9 *2 + *3 are associated with decreased dose of warfarin.", {"warfarin"});
  CHECK(q.subject.alleles == std::vector<std::string>{"*2", "*3"});
}

TEST_CASE("an association without a direction is 'associated' (format 1.1)", "[import][sentence]") {
  CHECK(ok("Allele A is associated with response to ivacaftor in people with Cystic Fibrosis.", {"ivacaftor"})
            .direction == Direction::kAssociated);
  CHECK(ok("CYP2C9 *2 + *3 are associated with dose of warfarin.", {"warfarin"}).direction ==
        Direction::kAssociated);
  CHECK(direction_name(Direction::kAssociated) == "associated");
  // "not associated" stays no-association.
  CHECK(ok("Allele A is not associated with response to ivacaftor.", {"ivacaftor"}).direction ==
        Direction::kNoAssociation);
}

TEST_CASE("sex from the population", "[import][sentence]") {
  auto w = ok("Allele T is associated with decreased concentrations of endoxifen in women with "
              "Breast Neoplasms as compared to allele C.", {"endoxifen"});
  CHECK(w.context.sex == "female");
  CHECK(w.context.condition == "Breast Neoplasms");
  CHECK(w.phenotype == "concentrations");
  auto m = ok("Allele A is associated with increased response to ivacaftor in men with Cystic Fibrosis.",
              {"ivacaftor"});
  CHECK(m.context.sex == "male");
  auto h = ok("Allele C is associated with increased clearance of efavirenz in healthy individuals.",
              {"efavirenz"});
  CHECK(h.context.population == "healthy individuals");
  CHECK(h.context.condition.empty());
}

TEST_CASE("multi-word phenotype phrases", "[import][sentence]") {
  CHECK(ok("Allele C is associated with decreased dose-adjusted trough concentrations of tacrolimus "
           "as compared to allele T.", {"tacrolimus"}).phenotype == "dose-adjusted trough concentrations");
  CHECK(ok("Genotype AA is associated with increased trough concentration of voriconazole.",
           {"voriconazole"}).phenotype == "trough concentration");
  CHECK(ok("Allele T is associated with increased resistance to antiepileptics in people with Epilepsy.",
           {"antiepileptics"}).phenotype == "resistance");
  CHECK(ok("Allele A is associated with increased exposure to o-desmethyl-tramadol.",
           {"o-desmethyl-tramadol"}).phenotype == "exposure");
}

TEST_CASE("several chemicals in the drug phrase", "[import][sentence]") {
  auto p = ok("Allele T is associated with decreased response to peginterferon alfa-2b and ribavirin "
              "in people with Hepatitis C as compared to allele C.",
              {"peginterferon alfa-2b", "ribavirin"});
  CHECK(p.drug_text == "peginterferon alfa-2b and ribavirin");
  CHECK(p.context.condition == "Hepatitis C");
}

TEST_CASE("drug named differently from the Chemical column", "[import][sentence]") {
  auto p = ok("Genotype CT is associated with increased concentrations of "
              "[S-(E)]-2-ethylidene-1,5-dimethyl-3,3-diphenyl-pyrrolidine (S-EDDP) as compared to genotype CC.",
              {"(S)-EDDP"});
  CHECK_FALSE(p.drug_matched);
  CHECK(p.phenotype == "concentrations");
}

TEST_CASE("deletions and repeat alleles", "[import][sentence]") {
  auto d = ok("Genotype del/del is associated with decreased response to ivacaftor.", {"ivacaftor"});
  CHECK(d.subject.genotypes == std::vector<std::string>{"-/-"});
  auto r = ok("Allele (TA)7 is associated with increased toxicity of irinotecan.", {"irinotecan"});
  CHECK(r.subject.alleles == std::vector<std::string>{"TATATATATATATA"});
  auto i = ok("Genotype CTT/del is associated with increased response to ivacaftor.", {"ivacaftor"});
  CHECK(i.subject.genotypes == std::vector<std::string>{"CTT/-"});
}

TEST_CASE("assigned-phenotype remarks are dropped with a note", "[import][sentence]") {
  auto p = ok("CYP2D6 *4/*4 (assigned as poor metabolizers phenotype) is associated with increased "
              "concentrations of risperidone as compared to CYP2D6 *1/*1.", {"risperidone"});
  CHECK(p.subject.genotypes == std::vector<std::string>{"*4/*4"});
  REQUIRE_FALSE(p.notes.empty());
  CHECK(p.notes[0].find("assigned as poor metabolizers") != std::string::npos);
}

TEST_CASE("format 1.1 subjects: gene phenotypes, HLA, copy-number star and named alleles", "[import][sentence]") {
  auto pm = ok("CYP2D6 poor metabolizers are associated with decreased metabolism of risperidone.", {"risperidone"});
  CHECK(pm.subject.gene == "CYP2D6");
  CHECK(pm.subject.phenotypes == std::vector<std::string>{"poor metabolizer"});
  auto hla = ok("HLA-B *38:01:01 is associated with decreased response to ribavirin.", {"ribavirin"});
  CHECK(hla.subject.system == "hla");
  CHECK(hla.subject.alleles == std::vector<std::string>{"*38:01:01"});
  auto cn = ok("CYP2D6 *1/*1xN is associated with increased metabolism of codeine.", {"codeine"});
  CHECK(cn.subject.system == "star");
  CHECK(cn.subject.genotypes == std::vector<std::string>{"*1/*1xN"});
  auto named = ok("SLC6A4 HTTLPR long form (L allele) is associated with increased response to paroxetine.",
                  {"paroxetine"});
  CHECK(named.subject.system == "named");
  CHECK(named.subject.named_locus == "HTTLPR");
  CHECK(named.subject.alleles == std::vector<std::string>{"L"});
  auto hap = ok("ABCC2 H12 is associated with decreased resistance to antiepileptics.", {"antiepileptics"});
  CHECK(hap.subject.named_locus == "haplotype");
  CHECK(hap.subject.alleles == std::vector<std::string>{"H12"});
}

TEST_CASE("subjects format 1.1 cannot express are refused with a reason", "[import][sentence]") {
  CHECK(fail_code("NAT2 slow acetylator is associated with increased toxicity of isoniazid.", {"isoniazid"}) ==
        "phenotype-not-cpic");
  CHECK(fail_code("HLA-B *3801 is associated with decreased response to ribavirin.", {"ribavirin"}) ==
        "allele-not-v1");
  CHECK(fail_code("UGT1A6 *1a is associated with increased metabolism of valproic acid.", {"valproic acid"}) ==
        "allele-not-v1");
  CHECK(fail_code("Genotypes *2 + *3 are associated with increased response to cyclophosphamide.",
                  {"cyclophosphamide"}) == "ambiguous-genotypes");
  CHECK(fail_code("Allele A has something to do with warfarin.", {"warfarin"}) == "unparsed-sentence");
}

TEST_CASE("comparisons v1 cannot express are dropped with a note", "[import][sentence]") {
  // A metabolizer group as comparison is a CPIC term (the importer drops it when the
  // subject is an allele: format11_test.cc).
  auto p = ok("CYP2D6 *4 is associated with decreased metabolism of hydrocodone as compared to CYP2D6 "
              "extensive metabolizer.", {"hydrocodone"});
  REQUIRE(p.compared);
  CHECK(p.compared->phenotypes == std::vector<std::string>{"normal metabolizer"});
  auto n = ok("CYP2D6 *4 is associated with decreased metabolism of hydrocodone as compared to CYP2D6 "
              "slow acetylator.", {"hydrocodone"});
  CHECK_FALSE(n.compared);
  REQUIRE_FALSE(n.notes.empty());
  auto q = ok("CYP2C19 *2 is associated with increased dose of voriconazole as compared to CYP2C19 *1 + *17.",
              {"voriconazole"});
  CHECK_FALSE(q.compared);
}

TEST_CASE("allele and genotype normalisation", "[import][sentence]") {
  CHECK(normalize_allele("del") == "-");
  CHECK(normalize_allele("DEL") == "-");
  CHECK(normalize_allele("*1A") == "*1A");
  CHECK(normalize_allele("(CA)3") == "CACACA");
  CHECK_FALSE(normalize_allele("*2xN"));
  CHECK_FALSE(normalize_allele("7"));
  CHECK_FALSE(normalize_allele("*38:01"));
  CHECK_FALSE(normalize_allele("(TA)0"));
  CHECK(normalize_genotype("AG") == "A/G");
  CHECK(normalize_genotype("*1/*17") == "*1/*17");
  CHECK_FALSE(normalize_genotype("DEL"));
  CHECK_FALSE(normalize_genotype("77"));
  CHECK_FALSE(normalize_genotype("CTTCTT"));
}

TEST_CASE("star allele numbers must fit an int", "[import][sentence]") {
  CHECK(star_number("*17") == 17);
  CHECK(star_number("*17A") == 17);
  CHECK(star_number("*2147483647") == 2147483647);
  CHECK_FALSE(star_number("*2147483648"));
  CHECK_FALSE(star_number("*99999999999"));
  CHECK_FALSE(star_number("*"));
  CHECK_FALSE(star_number("*1AB"));
  CHECK_FALSE(normalize_allele("*99999999999"));
  CHECK_FALSE(normalize_genotype("*1/*99999999999"));
}

TEST_CASE("a comparison that includes the subject is dropped with a note", "[import][sentence]") {
  auto p = ok("Genotype AA is not associated with response to citalopram in people with Bipolar Disorder "
              "as compared to genotypes AA + AC.", {"citalopram"});
  CHECK_FALSE(p.compared);
  REQUIRE_FALSE(p.notes.empty());
  CHECK(p.notes.back().find("includes the subject") != std::string::npos);
  auto q = ok("Genotype AC is associated with increased dose of warfarin as compared to genotype CA.",
              {"warfarin"});
  CHECK_FALSE(q.compared);
  auto r = ok("Allele A is associated with increased dose of warfarin as compared to allele G.", {"warfarin"});
  CHECK(r.compared);
}

TEST_CASE("bare repeat counts are written with a unit", "[import][repeats]") {
  CHECK(expand_repeat_counts("Genotype 77 is associated with x as compared to genotype 66.", "TA") ==
        "Genotype (TA)7/(TA)7 is associated with x as compared to genotype (TA)6/(TA)6.");
  CHECK(expand_repeat_counts("Genotypes 67 + 77 are associated with x.", "TA") ==
        "Genotypes (TA)6/(TA)7 + (TA)7/(TA)7 are associated with x.");
  CHECK(expand_repeat_counts("Allele 19 is not associated with x as compared to allele 20.", "CA") ==
        "Allele (CA)19 is not associated with x as compared to allele (CA)20.");
  CHECK_FALSE(expand_repeat_counts("Genotype 123 is associated with x.", "TA"));  // 1/23 or 12/3?
  CHECK_FALSE(expand_repeat_counts("Allele A is associated with x.", "TA"));        // no count
  CHECK_FALSE(expand_repeat_counts("Allele 7A is associated with x.", "TA"));       // not a count
  CHECK_FALSE(expand_repeat_counts("Genotype (TA)7/(TA)7 is associated with x.", "TA"));
}

TEST_CASE("repeat units are read from the text that spells them", "[import][repeats]") {
  CHECK(repeat_units_in("Genotypes (TA)6/(TA)7 + (TA)7/(TA)7 are") == std::set<std::string>{"TA"});
  CHECK(repeat_units_in("(CCGCGCCACTTGGCCTGCCTCCGTCCCG)2 vs (CCGCGCCACTTCGCCTGCCTCCGTCCCG)3").size() == 2);
  CHECK(repeat_units_in("in people with (HIV) 2 infections").empty());  // not [ACGT]+ then a count
  CHECK(repeat_units_in("(TA) 7, (TA), (), (ta)7").empty());
}
