// Format 1.1 conversions of kbimport pharmgkb, on tests/import/fixtures/format11.tsv: each
// row form format 1.0 could not hold (good) and what stays skipped with its reason (bad).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "import/kb_writer.h"
#include "import/pharmgkb.h"
#include "import/pharmgkb_notes.h"
#include "test_support.h"

using namespace kb::import;
namespace fs = std::filesystem;

namespace {

const ImportResult& fixture() {
  static const ImportResult r =
      convert_pharmgkb(kbtest::slurp(fs::path(KB_SOURCE_DIR) / "tests/import/fixtures/format11.tsv"), {});
  return r;
}

const RowReport& row_of(const std::string& annotation) {
  for (const auto& row : fixture().rows)
    if (row.annotation == annotation) return row;
  FAIL("no row for annotation " << annotation);
  throw 0;
}

const EvidenceOut& ev(const std::string& id) {
  for (const auto& e : fixture().evidence)
    if (e.id == id) return e;
  FAIL("no evidence " << id);
  throw 0;
}

}  // namespace

TEST_CASE("format 1.1: an association without a direction is 'associated'", "[import][format11]") {
  CHECK(row_of("201").outcome == "converted");
  CHECK(ev("EV20101").direction == "associated");
}

TEST_CASE("format 1.1: metabolizer groups become gene_phenotype with CPIC terms", "[import][format11]") {
  const auto& pm = ev("EV20201");
  CHECK(pm.variant.empty());
  CHECK(pm.gene == "CYP2D6");
  CHECK(pm.gene_phenotype == "poor metabolizer");
  REQUIRE(pm.compared);
  CHECK(pm.compared->phenotypes == std::vector<std::string>{"normal metabolizer"});  // "extensive"
  // The older term is mapped, with a note in the report.
  CHECK(ev("EV20301").gene_phenotype == "normal metabolizer");
  CHECK(row_of("203").detail.find("'extensive metabolizer' is CPIC's 'normal metabolizer'") != std::string::npos);
  // Two groups in one subject: one record each.
  CHECK(row_of("204").records == 2);
  CHECK(ev("EV20401").gene_phenotype == "poor metabolizer");
  CHECK(ev("EV20402").gene_phenotype == "intermediate metabolizer");
  // An allele compared with a metabolizer group: the comparison is left out, with a note.
  CHECK_FALSE(ev("EV21901").compared);
  CHECK(row_of("219").detail.find("not the subject's kind") != std::string::npos);
  // A phenotype CPIC has no term for stays skipped.
  CHECK(row_of("302").code == "phenotype-not-cpic");
  std::vector<std::string> notes;
  CHECK_FALSE(cpic_terms("slow acetylator", notes));
  CHECK(cpic_terms("poor and ultrarapid metabolizers", notes) ==
        std::vector<std::string>{"poor metabolizer", "ultrarapid metabolizer"});
}

TEST_CASE("format 1.1: HLA, copy-number star and named alleles get their systems", "[import][format11]") {
  const auto& v = fixture().variants;
  REQUIRE(v.count("HLA-B:hla"));
  CHECK(v.at("HLA-B:hla").system == "hla");
  // The Variant cell completes the allele list the sentence names one of.
  CHECK(v.at("HLA-B:hla").alleles == std::vector<std::string>{"*58:01", "*15:02"});
  CHECK(ev("EV20501").allele == "*58:01");
  REQUIRE(v.count("CYP2D6:star"));
  CHECK(v.at("CYP2D6:star").system == "star");
  CHECK(v.at("CYP2D6:star").alleles == std::vector<std::string>{"*1", "*1xN", "*4"});
  CHECK(ev("EV20601").genotypes == std::vector<std::string>{"*1/*1xN"});
  REQUIRE(v.count("SLC6A4:HTTLPR"));
  CHECK(v.at("SLC6A4:HTTLPR").system == "named");
  CHECK(v.at("SLC6A4:HTTLPR").alleles == std::vector<std::string>{"L", "S"});
  CHECK(ev("EV20701").genotypes == std::vector<std::string>{"S/S"});
  CHECK(ev("EV20701").compared->genotypes == std::vector<std::string>{"L/L"});
  REQUIRE(v.count("GSTM1:null"));
  CHECK(v.at("GSTM1:null").alleles == std::vector<std::string>{"non-null", "null"});
  // Haplotype names, also from a Variant cell written without the space ("ADRB1H1").
  REQUIRE(v.count("ADRB1:haplotype"));
  CHECK(v.at("ADRB1:haplotype").system == "named");
  CHECK(v.at("ADRB1:haplotype").alleles.size() == 2);
  CHECK(ev("EV22001").allele == "H2");
  // Bad: an HLA name without fields, a subject about another gene than the Variant cell.
  CHECK(row_of("304").code == "allele-not-v1");
  CHECK(row_of("303").code == "allele-locus-mismatch");
  CHECK(normalize_system_allele("*57:01:01", "hla") == "*57:01:01");
  CHECK_FALSE(normalize_system_allele("*5701", "hla"));
  CHECK(normalize_system_allele("*2xN", "star") == "*2xN");
  CHECK_FALSE(normalize_system_allele("*1a", "star"));
}

TEST_CASE("format 1.1: an rsID no row gives a gene for is a gene-less variant", "[import][format11]") {
  REQUIRE(fixture().variants.count("rs20"));
  CHECK(fixture().variants.at("rs20").gene.empty());
  CHECK(ev("EV20901").gene == kNoGeneDir);
}

TEST_CASE("format 1.1: pooled drugs are one drug group, a combination stays split", "[import][format11]") {
  const auto& e = ev("EV21001");
  CHECK(row_of("210").records == 1);
  const auto& group = fixture().drugs.at(e.drug);
  CHECK(group.members == std::vector<std::string>{"anastrozole", "letrozole", "tamoxifen"});
  CHECK(row_of("216").records == 2);  // "cisplatin and fluorouracil": one record per drug
  CHECK(ev("EV21601").drug == "cisplatin");
}

TEST_CASE("format 1.1: one-allele rows take the other allele from rows of the same rsID", "[import][format11]") {
  CHECK(row_of("212").outcome == "converted");
  CHECK(fixture().variants.at("rs30").alleles == std::vector<std::string>{"T", "C"});
  // No other row names a second allele of rs40: skipped with its reason.
  CHECK(row_of("301").code == "single-allele");
}

TEST_CASE("format 1.1: bare repeat counts take the unit other rows of the rsID spell", "[import][format11]") {
  // 230 and 231 come before 232, the only row that spells rs50's unit (TA).
  CHECK(row_of("230").outcome == "converted");
  CHECK(row_of("230").detail.find("repeat counts are read as (TA)n, the unit other rows of rs50 spell") !=
        std::string::npos);
  CHECK(ev("EV23001").genotypes == std::vector<std::string>{"TATATATATATATA/TATATATATATATA"});  // (TA)7/(TA)7
  REQUIRE(ev("EV23001").compared);
  CHECK(ev("EV23001").compared->genotypes == std::vector<std::string>{"TATATATATATA/TATATATATATA"});
  CHECK(ev("EV23001").summary.find("Genotype 77 is associated") == 0);  // PharmGKB's words kept
  CHECK(ev("EV23101").genotypes ==
        std::vector<std::string>{"TATATATATATA/TATATATATATATA", "TATATATATATATA/TATATATATATATA"});
  // No other row of rs60 spells a unit; rs70's rows spell two (CCG, CCA): skipped, saying so.
  CHECK(row_of("233").code == "allele-not-v1");
  CHECK(row_of("233").detail.find("no other row of rs60 spells the repeat unit") != std::string::npos);
  CHECK(row_of("234").code == "allele-not-v1");
  CHECK(row_of("234").detail.find("other rows of rs70 spell more than one repeat unit") != std::string::npos);
}

TEST_CASE("format 1.1: menopausal status, age group and disease stage become qualifiers", "[import][format11]") {
  CHECK(ev("EV21101").context.qualifiers.at("menopausal-status") == "postmenopausal");  // "and Menopause"
  CHECK(ev("EV21001").context.qualifiers.at("menopausal-status") == "premenopausal");   // the Notes' figures
  CHECK(ev("EV21501").context.qualifiers.at("age-group") == "pediatric");
  CHECK(ev("EV20101").context.qualifiers.empty());
  CHECK(context_qualifiers("people with Breast Neoplasms and Neoplasm Metastasis").at("disease-stage") ==
        "metastatic");
  CHECK(context_qualifiers("people with Breast Neoplasms").empty());
}

TEST_CASE("format 1.1: endpoints the Notes name keep two rows of one paper apart", "[import][format11]") {
  CHECK(ev("EV21701").context.qualifiers.at("endpoint") == "urinary excretion of potassium");
  CHECK(ev("EV21801").context.qualifiers.at("endpoint") == "urinary excretion of sodium chloride");
  CHECK(ev("EV21501").context.qualifiers.count("endpoint") == 0);
}

TEST_CASE("format 1.1: what the Notes say - endpoint, condition, menopausal group", "[import][format11]") {
  CHECK(endpoint_from_notes("Efficacy as measured by decreases in LDL-cholestrol. Please note") == "ldl-cholestrol");
  CHECK(endpoint_from_notes("as measured by changes in LDL-cholestrol, at week 8") == "ldl-cholestrol");
  CHECK(endpoint_from_notes("GG had reduced urinary excretion of potassium, as compared to AA") ==
        "urinary excretion of potassium");
  CHECK(endpoint_from_notes("Response defined as complete or partial response.").empty());
  CHECK(endpoint_from_notes("as measured by X.").empty());  // too short to name anything
  CHECK(conditional_phrase("When in combination with the rs2032582 AT genotype") == "in combination with the rs");
  CHECK(conditional_phrase("As part of a haplotype.") == "As part of a haplotype");
  CHECK(conditional_phrase("in combination with other drugs").empty());
  CHECK(notes_menopausal_status("(87 months in pre-menopausal AA women, and 48.7 months in pre-menopausal AC+CC "
                                "women)") == "premenopausal");
  // Both groups in the figures, or only outside parentheses: nothing.
  CHECK(notes_menopausal_status("(13.7 months in post-menopausal and 20 in pre-menopausal women)").empty());
  CHECK(notes_menopausal_status("split into the pre-menopausal and post-menopausal group").empty());
}

TEST_CASE("format 1.1: a claim the Notes make conditional imports as draft", "[import][format11]") {
  CHECK(ev("EV21401").status == "draft");
  CHECK(row_of("214").detail.find("conditional") != std::string::npos);
  CHECK(ev("EV20101").status == "accepted");
}

TEST_CASE("format 1.1: the imported fixture KB passes kbcheck, pre/postmenopausal kept apart", "[import][format11]") {
  kbtest::TempDir tmp;
  fs::path out = tmp.path() / "kb";
  auto files = render_kb(fixture(), {});
  CHECK(files.at("kb.yaml").find("format: \"1.1\"") != std::string::npos);
  REQUIRE_FALSE(write_kb(files, out, false));
  std::string kbcheck = kbtest::binary("KBCHECK", "");
  REQUIRE(fs::exists(kbcheck));
  auto chk = kbtest::run("'" + kbcheck + "' check '" + out.string() + "' --format json --fail-on none");
  auto report = nlohmann::json::parse(chk.out, nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  std::map<std::string, int> by_rule;
  for (const auto& d : report["diagnostics"]) ++by_rule[d.value("rule", "")];
  for (const auto& [rule, n] : by_rule) {
    INFO(rule << ": " << n);
    // No schema, syntax or format finding (KB3006: the fixture KB has no PubMed cache).
    CHECK((rule == "KB1005" || rule == "KB3006" || rule.starts_with("KB2")));
  }
  CHECK(by_rule["KB2001"] == 0);
  CHECK(by_rule["KB2004"] == 2);  // 210/211: pre- and postmenopausal women; 217/218: two endpoints
}
