// JSON: the shape of docs/kbinterp.md (the cli-contract shape plus additive keys).
#include <nlohmann/json.hpp>

#include <set>

#include "interp/render.h"
#include "interp/visible_text.h"

namespace kb::interp {
namespace {

using json = nlohmann::ordered_json;
using namespace detail;

json match_json(const Report& r, const Match& m) {
  const auto& b = *r.bundle;
  const auto& e = ev(r, m.evidence);
  json j;
  bool gp = m.subject == kbbundle::SubjectKind::kGenePhenotype;
  j["evidence"] = id(b, e.id);
  j["subject"] = subject_name(m.subject);
  if (gp) {
    j["gene"] = m.gene;
    j["gene_phenotype"] = m.genotype;
  } else {
    j["variant"] = variant_id(r, m.variant);
    j["genotype"] = m.genotype;
  }
  j["drug"] = drug_id(r, m.drug);
  if (m.via_group != kbbundle::format::kNoIndex) j["via_group"] = drug_id(r, m.via_group);
  j["phenotype"] = id(b, e.phenotype);
  j["direction"] = direction(e);
  j["level"] = id(b, e.level);
  j["pmid"] = (e.flags & kbbundle::format::kEvHasPmid) ? json(e.pmid) : json(nullptr);
  if (e.doi) j["doi"] = id(b, e.doi);
  if (gp) {
    // The subject is the gene phenotype above.
  } else if (e.flags & kbbundle::format::kEvHasAllele) {
    j["allele"] = id(b, e.allele);
  } else {
    json g = json::array();
    for (auto s : b.list(e.genotypes)) g.push_back(id(b, s));
    j["genotypes"] = g;
  }
  j["status"] = std::string(kbbundle::status_name(e.status));
  j["conflict"] = m.in_conflict;
  return j;
}

json ids_json(const Report& r, const std::vector<std::uint32_t>& es) {
  json a = json::array();
  for (auto e : es) a.push_back(id(*r.bundle, ev(r, e).id));
  return a;
}

}  // namespace

std::string render_json(const Report& r) {
  const auto& b = *r.bundle;
  json j;
  j["bundle"] = {{"kb", std::string(b.kb_id())}, {"version", std::string(b.kb_version())},
               {"sha256", sha256_hex(b.bytes())}, {"checksum", checksum_text(b)}};
  j["sample"] = r.sample;
  j["input"] = {{"kind", r.input_kind}, {"read", r.input_kind != "vcf" ? "file" : r.used_index ? "index" : "stream"}};
  json drugs = json::array();
  for (auto d : r.drugs) drugs.push_back(drug_id(r, d));
  j["drugs"] = drugs;
  json calls = json::array();
  for (const auto& c : r.calls)
    calls.push_back({{"variant", variant_id(r, c.variant)}, {"genotype", c.genotype.text()}, {"source", c.source}});
  j["calls"] = calls;
  json phen = json::array();
  for (const auto& c : r.phenotypes) {
    json o{{"gene", c.gene}, {"phenotype", c.value}, {"written", c.written}};
    if (!c.activity.empty()) o["activity_score"] = c.activity;
    o["origin"] = c.origin;
    phen.push_back(o);
  }
  j["phenotype_calls"] = phen;
  json matches = json::array();
  for (const auto& m : r.matches) matches.push_back(match_json(r, m));
  j["matches"] = matches;
  json conflicts = json::array();
  for (const auto& c : r.conflicts)
    conflicts.push_back({{c.variant == kbbundle::format::kNoIndex ? "gene" : "variant", subject_id(r, c)},
                         {"drug", drug_id(r, c.drug)}, {"phenotype", c.phenotype},
                         {"increased", ids_json(r, c.increased)}, {"decreased", ids_json(r, c.decreased)}});
  j["conflicts"] = conflicts;
  json nt = json::array();
  for (auto v : r.not_tested) nt.push_back(variant_id(r, v));
  j["not_tested"] = nt;
  std::set<std::string> genes;
  for (const auto& s : r.sections) genes.insert(s.genes_not_tested.begin(), s.genes_not_tested.end());
  j["phenotypes_not_tested"] = json(std::vector<std::string>(genes.begin(), genes.end()));
  json und = json::array();
  for (const auto& u : r.undecided)
    und.push_back({{"subject", u.subject}, {"value", u.value}, {"reason", u.reason}, {"origin", u.origin}});
  j["undecided"] = und;
  json w = json::array();
  for (const auto& x : r.warnings) {
    json o;
    if (!x.variant.empty()) o["variant"] = x.variant;
    o["message"] = x.message;
    w.push_back(o);
  }
  j["warnings"] = w;
  return json_for_logs(j.dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

}  // namespace kb::interp
