// Schema errors (KB0101-KB0107) become positioned, curator-friendly diagnostics.
#include <catch2/catch.hpp>

#include "schema/validator.h"
#include "yaml/loader.h"

using namespace kb;

namespace {

const char* kGoodEvidence = R"(kind: evidence
id: EV0001
status: accepted
variant: rs4646
allele: A
compared_to: C
drug: anastrozole
phenotype: time-to-progression
category: efficacy
direction: increased
context:
  sex: female
  ancestry: [east-asian]
study:
  design: cohort
  size: 272
  statistic:
    measure: HR
    value: 0.61
    ci: [0.42, 0.88]
    p: 0.049
level: "3"
citation:
  pmid: 24065098
  doi: 10.3390/ijms140918973
  year: 2013
curation:
  created: 2026-11-21
)";

std::vector<Diagnostic> validate(const std::string& text, std::string_view kind = "evidence") {
  static auto schemas = schema::SchemaSet::embedded();
  schema::Validator v(*schemas);
  std::vector<Diagnostic> diags;
  auto loaded = yaml::load_yaml(text, "ev.yaml", {}, diags);
  REQUIRE(diags.empty());
  REQUIRE(loaded.documents.size() == 1);
  std::string id = "EV0001";
  v.validate(loaded.documents[0].root, kind, "ev.yaml", id, diags);
  return diags;
}

/// kGoodEvidence with the first occurrence of `from` replaced by `to`.
std::string with(const std::string& from, const std::string& to) {
  std::string s = kGoodEvidence;
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("a valid evidence record passes the schema", "[schema]") {
  CHECK(validate(kGoodEvidence).empty());
}

TEST_CASE("KB0101: unknown field with a did-you-mean", "[schema]") {
  // A misspelt required field is one diagnostic: the unknown field, naming the required one.
  auto d = validate(with("direction: increased", "directon: increased"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "KB0101");
  CHECK(d[0].location.line == 10);
  CHECK(d[0].location.column == 1);
  CHECK(d[0].message ==
        "unknown field 'directon' in an evidence record; did you mean 'direction' (a required field)?");
  auto plain = validate(std::string(kGoodEvidence) + "sumary: x\n");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].message == "unknown field 'sumary' in an evidence record; did you mean 'summary'?");
}

TEST_CASE("KB0102: missing required field", "[schema]") {
  auto d = validate(with("phenotype: time-to-progression\n", ""));
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "KB0102");
  CHECK(d[0].message == "missing required field 'phenotype' in an evidence record");
  CHECK(d[0].record == "EV0001");
  auto nested = validate(with("    measure: HR\n", ""));
  REQUIRE(nested.size() == 1);
  CHECK(nested[0].message == "missing required field 'measure' in 'study.statistic'");
  CHECK(nested[0].location.line == 17);  // the 'statistic' key
}

TEST_CASE("KB0102: a citation needs a pmid or a doi", "[schema]") {
  auto d = validate(with("  pmid: 24065098\n  doi: 10.3390/ijms140918973\n", ""));
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "KB0102");
  CHECK(d[0].message == "'citation' needs a pmid or a doi");
}

TEST_CASE("KB0103: bad enum lists the valid values", "[schema]") {
  auto d = validate(with("direction: increased", "direction: up"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "KB0103");
  CHECK(d[0].location.line == 10);
  CHECK(d[0].location.column == 12);
  CHECK(d[0].message == "'up' is not a valid direction (expected increased, decreased, no-association or associated)");
  auto typo = validate(with("ancestry: [east-asian]", "ancestry: [east-asain]"));
  REQUIRE(typo.size() == 1);
  CHECK(typo[0].message.find("did you mean 'east-asian'?") != std::string::npos);
  CHECK(typo[0].location.column == 14);
}

TEST_CASE("KB0104: wrong type suggests quoting", "[schema]") {
  auto d = validate(with("level: \"3\"", "level: 3"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "KB0104");
  CHECK(d[0].message == "'level' must be a string, not the number 3; quote it: \"3\"");
  auto size = validate(with("size: 272", "size: many"));
  REQUIRE(size.size() == 1);
  CHECK(size[0].rule == "KB0104");
  CHECK(size[0].message == "'study.size' must be a whole number, not 'many'");
}

TEST_CASE("KB0105: pattern mismatches for ids, rsIDs, PMIDs and DOIs", "[schema]") {
  auto id = validate(with("id: EV0001", "id: EV12"));
  REQUIRE(id.size() == 1);
  CHECK(id[0].rule == "KB0105");
  CHECK(id[0].location.line == 2);
  auto variant = validate(with("variant: rs4646", "variant: rs46x46"));
  REQUIRE(variant.size() == 1);
  CHECK(variant[0].rule == "KB0105");
  auto doi = validate(with("doi: 10.3390/ijms140918973", "doi: ijms140918973"));
  REQUIRE(doi.size() == 1);
  CHECK(doi[0].rule == "KB0105");
  CHECK(doi[0].location.line == 25);
  auto pmid = validate(with("pmid: 24065098", "pmid: PMID24065098"));
  REQUIRE(pmid.size() == 1);
  CHECK(pmid[0].rule == "KB0104");  // a PMID is a number
}

TEST_CASE("KB0106: p outside 0..1 and sizes below 1", "[schema]") {
  auto d = validate(with("p: 0.049", "p: 1.3"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "KB0106");
  CHECK(d[0].location.line == 21);
  CHECK(d[0].message == "'study.statistic.p' must be between 0 and 1, not 1.3");
  auto size = validate(with("size: 272", "size: 0"));
  REQUIRE(size.size() == 1);
  CHECK(size[0].message == "'study.size' must be at least 1, not 0");
}

TEST_CASE("KB0107: other constraints (repeats, compared_to forms)", "[schema]") {
  auto d = validate(with("ancestry: [east-asian]", "ancestry: [european, european]"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "KB0107");
  auto ct = validate(with("compared_to: C", "compared_to: C/C"));
  REQUIRE(ct.size() == 1);
  CHECK(ct[0].rule == "KB0107");
  CHECK(ct[0].message.find("compared_to") != std::string::npos);
}

TEST_CASE("every kind's schema accepts a minimal record", "[schema]") {
  CHECK(validate("kind: gene\nid: CYP19A1\nname: aromatase\nchromosome: \"15\"\n", "gene").empty());
  CHECK(validate("kind: variant\nid: rs4646\ngene: CYP19A1\nalleles: [C, A]\n", "variant").empty());
  CHECK(validate("kind: drug\nid: anastrozole\nname: Anastrozole\n", "drug").empty());
  CHECK(validate("kind: phenotype\nid: arthralgia\nlabel: Arthralgia\n", "phenotype").empty());
  CHECK(validate("kind: knowledge-base\nid: k\nname: K\nversion: 0.1.0\nformat: 1\n", "knowledge-base").empty());
  auto chrom = validate("kind: gene\nid: CYP19A1\nname: aromatase\nchromosome: 15\n", "gene");
  REQUIRE(chrom.size() == 1);
  CHECK(chrom[0].message.find("quote it") != std::string::npos);
  auto alleles = validate("kind: variant\nid: rs4646\ngene: CYP19A1\nalleles: [C]\n", "variant");
  REQUIRE(alleles.size() == 1);
  CHECK(alleles[0].rule == "KB0106");
}
