// The PharmGKB -> v1 mapping: categories, ids, allele order, statuses, the row report.
#include <catch2/catch.hpp>

#include <algorithm>

#include "import/kb_writer.h"
#include "import/pharmgkb.h"
#include "test_support.h"
#include "yaml/loader.h"

using namespace kb::import;

namespace {

const char* kHeader =
    "Annotation ID\tVariant\tGene\tChemical\tLiterature Id\tPhenotype Category\tSignificance\tNotes\t"
    "Sentence\tStudyParameters\tAlleles\tChromosome\n";

std::string row(const std::string& id, const std::string& variant, const std::string& gene,
                const std::string& chem, const std::string& pmid, const std::string& cat,
                const std::string& sig, const std::string& sentence) {
  return id + "\t" + variant + "\t" + gene + "\t" + chem + "\t" + pmid + "\t" + cat + "\t" + sig +
         "\tnote text\t" + sentence + "\t1\tA\tchr1\n";
}

const EvidenceOut* find_ev(const ImportResult& r, const std::string& id) {
  for (const auto& e : r.evidence)
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("phenotype categories map to the v1 vocabulary", "[import][mapping]") {
  CHECK(map_category("efficacy") == "efficacy");
  CHECK(map_category("dosage") == "dosage");
  CHECK(map_category("other") == "other");
  CHECK(map_category("toxicity") == "toxicity");
  CHECK(map_category("toxicity/ADR") == "toxicity");
  CHECK(map_category("metabolism/PK") == "pharmacokinetics");
  CHECK_FALSE(map_category("efficacy,toxicity"));
  CHECK_FALSE(map_category(""));
  CHECK(category_of_phrase("dose") == "dosage");
  CHECK(category_of_phrase("dose-adjusted trough concentrations") == "pharmacokinetics");
  CHECK(category_of_phrase("clearance") == "pharmacokinetics");
  CHECK(category_of_phrase("response") == "efficacy");
  CHECK(category_of_phrase("discontinuation").empty());
}

TEST_CASE("slugs and PharmGKB lists", "[import][mapping]") {
  CHECK(slugify("Tumor necrosis factor alpha (TNF-alpha) inhibitors") ==
        "tumor-necrosis-factor-alpha-tnf-alpha-inhibitors");
  CHECK(slugify("(S)-EDDP") == "s-eddp");
  CHECK(slugify("dose-adjusted trough concentrations") == "dose-adjusted-trough-concentrations");
  CHECK(slugify("caf\xC3\xA9 au lait") == "caf-au-lait");
  CHECK(slugify("---").empty());
  CHECK(slugify(std::string(100, 'a')).size() == 60);
  CHECK(slugify("abc def", 4) == "abc");  // no trailing dash after the cut
  CHECK(split_pharmgkb_list("warfarin (PA451906)") == std::vector<std::string>{"warfarin (PA451906)"});
  CHECK(split_pharmgkb_list("\"IFNL3 (PA1)\",\"IFNL4 (PA2)\"") ==
        std::vector<std::string>{"IFNL3 (PA1)", "IFNL4 (PA2)"});
  CHECK(split_pharmgkb_list("CYP2C19*1, CYP2C19*2") == std::vector<std::string>{"CYP2C19*1", "CYP2C19*2"});
  CHECK(split_pharmgkb_list("\"dosage\",\"metabolism/PK\"") ==
        std::vector<std::string>{"dosage", "metabolism/PK"});
  CHECK(split_pharmgkb_list("").empty());
}

TEST_CASE("allele order: star by number, else the usual comparison allele first", "[import][mapping]") {
  CHECK(order_alleles({"*3", "*17", "*1", "*2"}, {}) == std::vector<std::string>{"*1", "*2", "*3", "*17"});
  CHECK(order_alleles({"*3A", "*1A"}, {}) == std::vector<std::string>{"*1A", "*3A"});
  CHECK(order_alleles({"A", "G"}, {{"G", 3}, {"A", 1}}) == std::vector<std::string>{"G", "A"});
  CHECK(order_alleles({"A", "G", "T"}, {}) == std::vector<std::string>{"A", "G", "T"});
}

TEST_CASE("rows convert, split, or are reported with their row number", "[import][mapping]") {
  std::string tsv = std::string(kHeader) +
      row("101", "rs1", "GENE1 (PA1)", "warfarin (PA10)", "111", "dosage", "yes",
          "Allele A is associated with decreased dose of warfarin as compared to allele G.") +
      row("102", "rs1", "GENE1 (PA1)", "\"warfarin (PA10)\",\"aspirin (PA11)\"", "112",
          "\"dosage\",\"metabolism/PK\"", "no",
          "Allele A is not associated with clearance of warfarin and aspirin in women with X.") +
      row("103", "rs2", "GENE1 (PA1)", "warfarin (PA10)", "113", "efficacy", "yes",
          "Allele C is associated with response to warfarin as compared to allele T.") +
      row("104", "CYP2C9*1, CYP2C9*3", "CYP2C9 (PA126)", "warfarin (PA10)", "114", "dosage", "not stated",
          "CYP2C9 *1/*3 is associated with decreased dose of warfarin as compared to CYP2C9 *1/*1.") +
      row("105", "CYP2D6 poor metabolizers", "CYP2D6 (PA128)", "codeine (PA12)", "115", "efficacy", "yes",
          "CYP2D6 poor metabolizers are associated with decreased response to codeine.") +
      row("106", "rs3", "", "warfarin (PA10)", "116", "efficacy", "yes",
          "Allele A is associated with increased response to warfarin as compared to allele T.") +
      row("107", "rs1", "GENE1 (PA1)", "warfarin (PA10)", "notapmid", "dosage", "yes",
          "Allele A is associated with decreased dose of warfarin.");
  auto r = convert_pharmgkb(tsv, {});
  REQUIRE(r.fatal.empty());
  REQUIRE(r.rows.size() == 7);
  CHECK(r.rows[0].row == 2);
  CHECK(r.rows[0].outcome == "converted");
  CHECK(r.rows[1].outcome == "split");
  CHECK(r.rows[1].records == 2);
  // Format 1.1: no direction -> associated, a metabolizer group -> gene_phenotype, an rsID
  // without a gene -> a gene-less variant (format11_test.cc has the details).
  CHECK(r.rows[2].outcome == "converted");
  CHECK(find_ev(r, "EV10301")->direction == "associated");
  CHECK(r.rows[3].outcome == "converted");
  CHECK(r.rows[4].outcome == "converted");
  CHECK(find_ev(r, "EV10501")->gene_phenotype == "poor metabolizer");
  CHECK(r.rows[5].outcome == "converted");
  CHECK(r.variants.at("rs3").gene.empty());
  CHECK(r.rows[6].row == 8);
  CHECK(r.rows[6].code == "no-pmid");
  CHECK(r.converted_rows == 6);

  const auto* e1 = find_ev(r, "EV10101");
  REQUIRE(e1);
  CHECK(e1->status == "accepted");
  CHECK(e1->level == "3");
  CHECK(e1->direction == "decreased");
  CHECK(e1->category == "dosage");
  CHECK(e1->pmid == 111);
  CHECK(e1->note.find("significance: yes") != std::string::npos);
  const auto* e2 = find_ev(r, "EV10202");
  REQUIRE(e2);
  CHECK(e2->drug == "aspirin");
  CHECK(e2->direction == "no-association");
  CHECK(e2->category == "pharmacokinetics");  // listed, and implied by "clearance"
  CHECK(e2->context.sex == "female");
  const auto* e4 = find_ev(r, "EV10401");
  REQUIRE(e4);
  CHECK(e4->status == "submitted");  // significance not stated
  CHECK(e4->level == "4");
  CHECK(e4->variant == "CYP2C9:star");

  REQUIRE(r.variants.count("rs1"));
  CHECK(r.variants.at("rs1").alleles == std::vector<std::string>{"G", "A"});
  CHECK(r.variants.at("rs1").gene == "GENE1");
  CHECK(r.variants.at("CYP2C9:star").alleles == std::vector<std::string>{"*1", "*3"});
  CHECK(r.drugs.at("warfarin").pharmgkb == "PA10");
  CHECK(r.phenotypes.count("dose"));
}

TEST_CASE("a wrong header is refused as a whole", "[import][mapping]") {
  auto r = convert_pharmgkb("a\tb\n1\t2\n", {});
  CHECK(r.fatal.find("no column 'Annotation ID'") != std::string::npos);
}

TEST_CASE("rendered files load with no YAML errors", "[import][mapping]") {
  std::string tsv = std::string(kHeader) +
      row("201", "rs9", "ABC-1 (PA1)", "\"drug: one (PA1)\",\"#two (PA2)\"", "7", "toxicity/ADR", "yes",
          "Genotypes AA + AG are associated with increased concentrations of drug: one and #two in "
          "people with X: Y as compared to genotype GG.");
  auto r = convert_pharmgkb(tsv, {});
  REQUIRE(r.converted_rows == 1);
  auto files = render_kb(r, {});
  CHECK(files.count("kb.yaml"));
  CHECK(files.count("import-report.tsv"));
  std::size_t docs = 0;
  for (const auto& [rel, content] : files) {
    if (!rel.ends_with(".yaml")) continue;
    std::vector<kb::Diagnostic> diags;
    auto f = kb::yaml::load_yaml(content, rel, {}, diags);
    INFO(rel << "\n" << content);
    CHECK(diags.empty());
    docs += f.documents.size();
  }
  CHECK(docs == 1 + 1 + 2 + 1 + 1 + 2);  // manifest, gene, drugs, phenotype, variant, evidence
}

TEST_CASE("write_kb refuses a non-empty directory without --force", "[import][mapping]") {
  kbtest::TempDir dir;
  dir.write("mine.txt", "keep me");
  std::map<std::string, std::string> files{{"kb.yaml", "kind: knowledge-base\n"}};
  auto err = write_kb(files, dir.path(), false);
  REQUIRE(err);
  CHECK(err->find("--force") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "kb.yaml"));
  // --force replaces what a previous import wrote and keeps the user's file.
  REQUIRE_FALSE(write_kb({{"kb.yaml", "a\n"}, {"genes/old.yaml", "x\n"}}, dir.path(), true));
  REQUIRE_FALSE(write_kb({{"kb.yaml", "b\n"}}, dir.path(), true));
  CHECK(kbtest::slurp(dir.path() / "kb.yaml") == "b\n");
  CHECK_FALSE(std::filesystem::exists(dir.path() / "genes/old.yaml"));
  CHECK(kbtest::slurp(dir.path() / "mine.txt") == "keep me");
}
