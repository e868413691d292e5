// The YAML kbimport writes: every string must load back as the same string through
// kbcheck's loader, whatever it looks like.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "import/kb_writer.h"
#include "import/pharmgkb.h"
#include "import/yaml_emit.h"
#include "yaml/loader.h"

using namespace kb::import;

namespace {

/// Loads `key: <quoted s>` with the project's YAML loader; returns the scalar (or fails).
void check_round_trip(const std::string& s) {
  std::string doc = "k: " + yaml_quote(s) + "\nl: " + yaml_flow_list({s, "x"}) + "\n";
  std::vector<kb::Diagnostic> diags;
  auto file = kb::yaml::load_yaml(doc, "t.yaml", {}, diags);
  INFO("input [" << s << "] emitted as [" << yaml_quote(s) << "]");
  REQUIRE(diags.empty());
  REQUIRE(file.documents.size() == 1);
  const auto* k = file.documents[0].root.find("k");
  REQUIRE(k);
  CHECK(k->text == s);
  CHECK(k->scalar_type() == kb::yaml::ScalarType::kString);
  const auto* l = file.documents[0].root.find("l");
  REQUIRE(l);
  REQUIRE(l->items.size() == 2);
  CHECK(l->items[0].text == s);
  CHECK(l->items[0].scalar_type() == kb::yaml::ScalarType::kString);
}

}  // namespace

TEST_CASE("plain strings stay plain", "[import][yaml]") {
  CHECK(yaml_quote("warfarin") == "warfarin");
  CHECK(yaml_quote("people with Asthma") == "people with Asthma");
  CHECK(yaml_quote("C/T") == "C/T");
  CHECK(yaml_quote("o-desmethyl-tramadol") == "o-desmethyl-tramadol");
}

TEST_CASE("strings a YAML reader would mistype are quoted", "[import][yaml]") {
  for (const char* s : {"3", "1A", "0.5", "-1", "+2", ".5", "1e3", "0x1F", "0o17", "true", "False",
                        "null", "~", "yes", "no", "on", "off", "Y", "n", ".inf", "-.inf", ".nan",
                        "2026-11-24", "12:30"})
    CHECK(yaml_quote(s).front() == '"');
}

TEST_CASE("strings with indicators are quoted", "[import][yaml]") {
  for (const char* s : {"*2", "-", "- item", "key: value", "a #comment", "[S-(E)]-EDDP", "{x}", "a, b",
                        "&anchor", "!tag", "|", ">", "'q", "\"q", "%x", "@x", "`x", "? x", ": x",
                        "ends:", " lead", "trail ", "", "tab\there", "line\nbreak", "---", "..."})
    CHECK(yaml_quote(s).front() == '"');
}

TEST_CASE("double quoting escapes what it must", "[import][yaml]") {
  CHECK(yaml_quote("\"b\\c") == "\"\\\"b\\\\c\"");
  CHECK(yaml_quote("a\nb\tc") == "\"a\\nb\\tc\"");
  CHECK(yaml_quote(std::string("a\x01z")) == "\"a\\x01z\"");
  CHECK(yaml_quote("\xC2\x85") == "\"\\x85\"");  // NEL
  // yaml-cpp writes DEL raw, which YAML forbids; the wrapper has it escaped.
  CHECK(yaml_quote("a\x7f\xC3\xA9") == "\"a\\x7f\\xe9\"");
}

TEST_CASE("quoted output round-trips through the loader", "[import][yaml]") {
  for (const char* s : {"warfarin", "3", "1A", "*2", "*1/*3", "-", "-/-", "C/T", "true", "no", "null",
                        "~", "0.5", "key: value", "a #b", "a#b", "[S-(E)]-2-ethylidene (S-EDDP)",
                        "Tumor necrosis factor alpha (TNF-alpha) inhibitors", "a, b", "it's", "\"q\"",
                        "back\\slash", "tab\there", "caf\xC3\xA9", "\xE2\x80\x98quoted\xE2\x80\x99",
                        "50%", "@home", "2026-11-24", "1,002 patients", "% HRSD", "ends:", "x: ",
                        "a\x7f", "\xC2\x85", "\xE2\x80\xA8", "\xEF\xBB\xBF", "1e3", ".inf", "0x1F",
                        "line\nbreak", "two\n\nbreaks\n", "  spaced  ", "#", ":", "*1"})
    check_round_trip(s);
}

TEST_CASE("block documents nest and quote", "[import][yaml]") {
  YamlDoc d;
  d.field("kind", "evidence");
  d.field("level", "3");
  d.open("citation");
  d.integer("pmid", 123);
  d.close();
  d.field("summary", "a: b");
  d.list("alleles", {"C", "*1"});
  CHECK(d.text() == "kind: evidence\nlevel: \"3\"\ncitation:\n  pmid: 123\nsummary: \"a: b\"\nalleles: [C, \"*1\"]\n");
}

namespace {

/// The strings a PharmGKB row can carry that a YAML writer most easily gets wrong.
const std::vector<std::string> kHostile = {
    "true", "no", "null", "~", "3", "0.5", "1e3", "0x1F", ".inf", "2026-11-24", "*1", "*1/*3",
    ":", "a: b", "#", "a #b", "\"q\"", "it's", "line\nbreak", "caf\xC3\xA9 \xE2\x80\x98x\xE2\x80\x99",
    "- x", "[x]", "{x}", "a, b", "  spaced  ", "back\\slash", "tab\there", "a\x7f"};

std::string at(const std::vector<std::string>& v, std::size_t i) { return v[i % v.size()]; }

/// A scalar value of `doc` under `path` ("citation.pmid"), as text.
const kb::yaml::Node* lookup(const kb::yaml::Node& doc, const std::string& path) {
  const kb::yaml::Node* n = &doc;
  std::size_t start = 0;
  while (n) {
    auto dot = path.find('.', start);
    n = n->find(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return n;
}

void expect_string(const kb::yaml::Node& doc, const std::string& path, const std::string& want) {
  const auto* n = lookup(doc, path);
  INFO(path << " should be [" << want << "]");
  REQUIRE(n);
  CHECK(n->text == want);
  CHECK(n->scalar_type() == kb::yaml::ScalarType::kString);
}

void expect_list(const kb::yaml::Node& doc, const std::string& path, const std::vector<std::string>& want) {
  const auto* n = lookup(doc, path);
  INFO(path);
  REQUIRE(n);
  REQUIRE(n->items.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CHECK(n->items[i].text == want[i]);
    CHECK(n->items[i].scalar_type() == kb::yaml::ScalarType::kString);
  }
}

}  // namespace

TEST_CASE("every file kbimport writes reads back to exactly the values written", "[import][yaml]") {
  ImportResult r;
  for (std::size_t i = 0; i < kHostile.size(); ++i) {
    std::string n = std::to_string(i);
    r.genes["G" + n] = GeneOut{at(kHostile, i)};
    r.drugs["d" + n] = DrugOut{"d" + n, at(kHostile, i + 1), i % 2 ? at(kHostile, i + 2) : "",
                               i % 2 ? std::vector<std::string>{} : std::vector{at(kHostile, i + 22)}};
    r.phenotypes["p" + n] = PhenotypeOut{"p" + n, at(kHostile, i + 3), at(kHostile, i + 4)};
    r.variants["rs" + n] = VariantOut{"rs" + n, "G" + n, at(kHostile, i + 5), at(kHostile, i + 23),
                                      {at(kHostile, i), at(kHostile, i + 6)}, std::nullopt};
    EvidenceOut e;
    e.id = "EV" + n;
    e.status = at(kHostile, i + 7);
    e.variant = "rs" + n;
    if (i % 2) e.allele = at(kHostile, i + 8);
    else e.genotypes = {at(kHostile, i + 8), at(kHostile, i + 9)};
    e.compared = Comparison{i % 3 ? at(kHostile, i + 10) : "",
                            i % 3 ? std::vector<std::string>{} : std::vector{at(kHostile, i + 11)}, {}};
    e.drug = at(kHostile, i + 12);
    e.phenotype = at(kHostile, i + 13);
    e.category = at(kHostile, i + 14);
    e.direction = at(kHostile, i + 15);
    e.level = at(kHostile, i + 16);
    e.context = {at(kHostile, i + 17), at(kHostile, i + 18), at(kHostile, i + 19),
                 {{"menopausal-status", at(kHostile, i + 24)}}};
    e.pmid = 1000 + static_cast<std::int64_t>(i);
    e.summary = at(kHostile, i + 20);
    e.note = at(kHostile, i + 21);
    e.gene = "G" + n;
    r.evidence.push_back(e);
  }
  ImportOptions options;
  options.kb_id = "true";
  options.kb_name = "a: b #c";
  options.version = "1.0";
  auto files = render_kb(r, options);
  std::map<std::string, const EvidenceOut*> evidence;
  for (const auto& e : r.evidence) evidence[e.id] = &e;
  std::size_t seen_evidence = 0, seen_variants = 0;
  for (const auto& [name, text] : files) {
    if (!name.ends_with(".yaml")) continue;
    INFO(name << ":\n" << text);
    std::vector<kb::Diagnostic> diags;
    auto loaded = kb::yaml::load_yaml(text, name, {}, diags);
    REQUIRE(diags.empty());
    for (const auto& doc : loaded.documents) {
      const auto& root = doc.root;
      const auto* kind = root.find("kind");
      REQUIRE(kind);
      if (kind->text == "knowledge-base") {
        expect_string(root, "id", "true");
        expect_string(root, "name", "a: b #c");
        expect_string(root, "version", "1.0");
        expect_string(root, "format", "1.1");
      } else if (kind->text == "gene") {
        expect_string(root, "name", root.find("id")->text);
      } else if (kind->text == "drug") {
        const auto& d = r.drugs.at(root.find("id")->text);
        expect_string(root, "name", d.name);
        if (!d.pharmgkb.empty()) expect_list(root, "xrefs", {"PharmGKB:" + d.pharmgkb});
        if (!d.members.empty()) expect_list(root, "members", d.members);
      } else if (kind->text == "phenotype") {
        const auto& p = r.phenotypes.at(root.find("id")->text);
        expect_string(root, "label", p.label);
        expect_string(root, "category", p.category);
      } else if (kind->text == "variant") {
        const auto& v = r.variants.at(root.find("id")->text);
        ++seen_variants;
        expect_string(root, "gene", v.gene);
        expect_string(root, "rsid", v.rsid);
        if (!v.system.empty()) expect_string(root, "system", v.system);
        expect_list(root, "alleles", v.alleles);
      } else if (kind->text == "evidence") {
        const auto& e = *evidence.at(root.find("id")->text);
        ++seen_evidence;
        for (auto [path, want] : {std::pair{"status", e.status}, {"drug", e.drug}, {"phenotype", e.phenotype},
                                  {"category", e.category}, {"direction", e.direction}, {"level", e.level},
                                  {"summary", e.summary}, {"curation.note", e.note},
                                  {"context.population", e.context.population}, {"context.sex", e.context.sex},
                                  {"context.condition", e.context.condition},
                                  {"context.qualifiers.menopausal-status", e.context.qualifiers.at("menopausal-status")}})
          expect_string(root, path, want);
        if (!e.allele.empty()) expect_string(root, "allele", e.allele);
        else expect_list(root, "genotypes", e.genotypes);
        if (!e.compared->allele.empty()) expect_string(root, "compared_to", e.compared->allele);
        else expect_list(root, "compared_to", e.compared->genotypes);
        CHECK(lookup(root, "citation.pmid")->text == std::to_string(e.pmid));
      }
    }
  }
  CHECK(seen_evidence == r.evidence.size());
  CHECK(seen_variants == r.variants.size());
}
