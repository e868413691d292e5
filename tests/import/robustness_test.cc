// Inputs that once broke the importer: a huge star-allele number, a repeated Annotation ID,
// drug ids whose numbered form was taken, and a write that fails midway.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>

#include "import/kb_writer.h"
#include "import/pharmgkb.h"
#include "test_support.h"

using namespace kb::import;
namespace fs = std::filesystem;

namespace {

const char* kHeader =
    "Annotation ID\tVariant\tGene\tChemical\tLiterature Id\tPhenotype Category\tSignificance\tNotes\t"
    "Sentence\tStudyParameters\tAlleles\tChromosome\n";

std::string row(const std::string& id, const std::string& variant, const std::string& gene,
                const std::string& chem, const std::string& sentence) {
  return id + "\t" + variant + "\t" + gene + "\t" + chem + "\t123\tdosage\tyes\t\t" + sentence + "\t1\tA\tchr1\n";
}

const std::string kWarfarinSentence = "Allele A is associated with decreased dose of warfarin as compared to allele G.";

const RowReport* report_of(const ImportResult& r, std::size_t row_number) {
  for (const auto& rep : r.rows)
    if (rep.row == row_number) return &rep;
  return nullptr;
}

/// A KB file set whose one over-long file name (beyond NAME_MAX) makes writing fail midway.
std::map<std::string, std::string> failing_files() {
  return {{"drugs/drugs.yaml", "new drugs\n"},
          {"evidence/G/" + std::string(300, 'x') + ".yaml", "never written\n"},
          {"kb.yaml", "new manifest\n"}};
}

}  // namespace

TEST_CASE("import: a star allele number beyond int skips its row, not the run", "[import][robustness]") {
  std::string tsv = std::string(kHeader) +
      row("1", "CYP2C9*1, CYP2C9*99999999999", "CYP2C9 (PA126)", "warfarin (PA1)",
          "CYP2C9 *99999999999 is associated with decreased dose of warfarin as compared to CYP2C9 *1.") +
      row("2", "CYP2C9*1, CYP2C9*3", "CYP2C9 (PA126)", "warfarin (PA1)",
          "CYP2C9 *99999999999 is associated with decreased dose of warfarin as compared to CYP2C9 *1.") +
      row("3", "CYP2C9*1, CYP2C9*3", "CYP2C9 (PA126)", "warfarin (PA1)",
          "CYP2C9 *3 is associated with decreased dose of warfarin as compared to CYP2C9 *99999999999.") +
      row("4", "CYP2C9*1, CYP2C9*3", "CYP2C9 (PA126)", "warfarin (PA1)",
          "CYP2C9 *3 is associated with decreased dose of warfarin as compared to CYP2C9 *1.");
  ImportResult r;
  REQUIRE_NOTHROW(r = convert_pharmgkb(tsv, {}));
  REQUIRE(r.rows.size() == 4);
  // Format 1.1 star alleles take any number; one beyond int sorts after the others
  // (no overflow), and every row converts.
  for (const auto& row : r.rows) CHECK(row.outcome == "converted");
  REQUIRE(r.variants.count("CYP2C9:star"));
  CHECK(r.variants.at("CYP2C9:star").alleles == std::vector<std::string>{"*1", "*3", "*99999999999"});
  CHECK_NOTHROW(order_alleles({"*99999999999", "*1"}, {}));
  CHECK_NOTHROW(order_alleles({"*", "*1"}, {}));

  // The whole importer, as the reviewer ran it: the row is reported, the run completes.
  kbtest::TempDir tmp;
  fs::path in = tmp.write("star.tsv", tsv);
  auto imp = kbtest::run("'" + std::string(KBIMPORT_PATH) + "' pharmgkb '" + in.string() + "' -o '" +
                         (tmp.path() / "kb").string() + "' 2>&1");
  INFO(imp.out);
  CHECK(imp.status == 0);
  CHECK(imp.out.find("internal error") == std::string::npos);
  CHECK(imp.out.find("4 rows, 4 converted") != std::string::npos);
}

TEST_CASE("import: a repeated Annotation ID is skipped as duplicate-annotation", "[import][robustness]") {
  std::string tsv = std::string(kHeader) + row("301", "rs1", "GENE1 (PA1)", "warfarin (PA1)", kWarfarinSentence) +
                    row("302", "rs1", "GENE1 (PA1)", "warfarin (PA1)", kWarfarinSentence) +
                    row("301", "rs1", "GENE1 (PA1)", "warfarin (PA1)",
                        "Allele A is associated with increased dose of warfarin as compared to allele G.");
  auto r = convert_pharmgkb(tsv, {});
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].outcome == "converted");
  CHECK(r.rows[1].outcome == "converted");
  CHECK(r.rows[2].outcome == "skipped");
  CHECK(r.rows[2].code == "duplicate-annotation");
  CHECK(r.rows[2].detail.find("row 2") != std::string::npos);
  CHECK(r.converted_rows == 2);
  std::set<std::string> ids;
  for (const auto& e : r.evidence) CHECK(ids.insert(e.id).second);
  CHECK(ids.size() == 2);
  CHECK(r.evidence.size() == 2);
  const RowReport* dup = report_of(r, 4);
  REQUIRE(dup);
  CHECK(dup->annotation == "301");
}

TEST_CASE("import: drug ids stay distinct when the numbered id is taken", "[import][robustness]") {
  // "warfarin 2" slugs to warfarin-2, the id the third "warfarin" spelling used to be given.
  std::string tsv = std::string(kHeader) + row("1", "rs1", "GENE1 (PA1)", "warfarin", kWarfarinSentence) +
                    row("2", "rs1", "GENE1 (PA1)", "warfarin 2", kWarfarinSentence) +
                    row("3", "rs1", "GENE1 (PA1)", "Warfarin", kWarfarinSentence) +
                    // The accession suffix can be taken as well.
                    row("4", "rs1", "GENE1 (PA1)", "warfarin pa7", kWarfarinSentence) +
                    row("5", "rs1", "GENE1 (PA1)", "WARFARIN (PA7)", kWarfarinSentence);
  auto r = convert_pharmgkb(tsv, {});
  REQUIRE(r.converted_rows == 5);
  REQUIRE(r.drugs.size() == 5);
  std::map<std::string, std::string> name_of;
  for (const auto& [id, d] : r.drugs) name_of[id] = d.name;
  CHECK(name_of["warfarin"] == "warfarin");
  CHECK(name_of["warfarin-2"] == "warfarin 2");
  CHECK(name_of["warfarin-3"] == "Warfarin");
  CHECK(name_of["warfarin-pa7"] == "warfarin pa7");
  REQUIRE(r.evidence.size() == 5);
  std::set<std::string> drugs_used;
  for (const auto& e : r.evidence) {
    REQUIRE(r.drugs.count(e.drug));
    drugs_used.insert(e.drug);
  }
  CHECK(drugs_used.size() == 5);  // each row's chemical kept its own drug
  CHECK(r.drugs.at(r.evidence[4].drug).pharmgkb == "PA7");
}

TEST_CASE("import: a failed write leaves no partial KB behind", "[import][robustness]") {
  kbtest::TempDir tmp;
  fs::path out = tmp.path() / "kb";

  SECTION("a new directory is not created") {
    auto err = write_kb(failing_files(), out, false);
    REQUIRE(err);
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("a previous import survives --force unchanged") {
    REQUIRE_FALSE(write_kb({{"kb.yaml", "old manifest\n"}, {"genes/genes.yaml", "old genes\n"}}, out, false));
    auto before = kbtest::snapshot(out);
    auto err = write_kb(failing_files(), out, true);
    REQUIRE(err);
    CHECK(kbtest::snapshot(out) == before);
  }
  SECTION("a previous import beside the user's own files survives --force unchanged") {
    REQUIRE_FALSE(write_kb({{"kb.yaml", "old manifest\n"}, {"genes/genes.yaml", "old genes\n"}}, out, false));
    tmp.write("kb/notes.txt", "mine");
    auto before = kbtest::snapshot(out);
    auto err = write_kb(failing_files(), out, true);
    REQUIRE(err);
    CHECK(kbtest::snapshot(out) == before);
  }
  SECTION("a file in the way of a directory stops the run before anything is written") {
    tmp.write("kb/genes", "mine");  // the reviewer's case: genes/genes.yaml cannot be written
    auto err = write_kb({{"drugs/drugs.yaml", "d\n"}, {"genes/genes.yaml", "g\n"}, {"kb.yaml", "k\n"}}, out, true);
    REQUIRE(err);
    CHECK(err->find("genes") != std::string::npos);
    CHECK(kbtest::snapshot(out) == std::map<std::string, std::string>{{"genes", "mine"}});
  }
  // The staging directory is removed too: only "kb" is left beside it.
  std::set<std::string> left;
  for (const auto& e : fs::directory_iterator(tmp.path())) left.insert(e.path().filename().string());
  CHECK(left.size() <= 1);
  CHECK((left.empty() || *left.begin() == "kb"));
}

TEST_CASE("import: --force replaces a previous import whole", "[import][robustness]") {
  kbtest::TempDir tmp;
  fs::path out = tmp.path() / "kb";
  REQUIRE_FALSE(write_kb({{"kb.yaml", "a\n"}, {"evidence/OLD/EV1.yaml", "x\n"}}, out, false));
  REQUIRE_FALSE(write_kb({{"kb.yaml", "b\n"}, {"evidence/NEW/EV2.yaml", "y\n"}}, out, true));
  CHECK(kbtest::slurp(out / "kb.yaml") == "b\n");
  CHECK(kbtest::slurp(out / "evidence/NEW/EV2.yaml") == "y\n");
  CHECK_FALSE(fs::exists(out / "evidence/OLD/EV1.yaml"));
  CHECK(kbtest::slurp(out / ".kbimport-files") == "evidence/NEW/EV2.yaml\nkb.yaml\n");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path())) ++entries;
  CHECK(entries == 1);  // no staging or old directory left beside it
}
