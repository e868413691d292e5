#include "bundle/diff.h"

#include <algorithm>
#include <map>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bundle/fields.h"
#include "support/text.h"

namespace kb::bundle {

namespace f = kbbundle::format;
using kbbundle::Bundle;
using kbbundle::Kind;

namespace {

std::vector<std::string> strings(const Bundle& b, f::ListRef ref) {
  std::vector<std::string> out;
  for (auto id : b.list(ref)) out.emplace_back(b.str(id));
  return out;
}

std::vector<model::Located<std::string>> located(const Bundle& b, f::ListRef ref) {
  std::vector<model::Located<std::string>> out;
  for (auto id : b.list(ref)) out.push_back({std::string(b.str(id)), {}});
  return out;
}

model::Evidence evidence_of(const Bundle& b, const f::EvidenceRec& r) {
  model::Evidence e;
  e.id = b.str(r.id);
  e.status = static_cast<model::Status>(r.status);
  e.variant.id = b.str(r.variant);
  if (r.flags & f::kEvHasAllele) e.allele = model::Located<std::string>{std::string(b.str(r.allele)), {}};
  e.genotypes = located(b, r.genotypes);
  e.compared_to = located(b, r.compared_to);
  e.compared_to_is_list = (r.flags & f::kEvComparedToIsList) != 0;
  e.drug.id = b.str(r.drug);
  e.phenotype.id = b.str(r.phenotype);
  e.direction.value = static_cast<model::Direction>(r.direction);
  e.direction_text = model::direction_name(e.direction.value);
  e.context.sex = b.str(r.ctx_sex);
  e.context.ancestry = strings(b, r.ctx_ancestry);
  return e;
}

/// The record format 1.1 part of evidence `i`: its gene phenotype and qualifiers.
void add_format11(const Bundle& b, std::uint32_t i, model::Evidence& e) {
  if (auto gp = b.gene_phenotype(i)) {
    e.gene_phenotype.emplace();
    e.gene_phenotype->gene.id = gp->gene;
    e.gene_phenotype->value.value = gp->value;
  }
  for (const auto& [key, value] : b.qualifiers(i))
    e.context.qualifiers.push_back({std::string(key), {std::string(value), {}}});
}

/// Evidence id -> the direction as written, for records whose direction is not one the
/// bundle can hold (it stores those as no-association).
std::map<std::string, std::string> invalid_directions(const model::KnowledgeBase& kb) {
  std::map<std::string, std::string> out;
  for (const auto& e : kb.records.evidence)
    if (!e.direction_text.empty() && !model::parse_direction(e.direction_text))
      out.emplace(e.id, e.direction_text);
  return out;
}

/// id -> fields of every record of kind k, with evidence values as `kb` wrote them.
std::map<std::string, std::vector<Field>> records_of(const DiffSide& side, Kind k) {
  std::map<std::string, std::vector<Field>> out;
  for (std::uint32_t i = 0; i < side.bundle.count(k); ++i)
    out.emplace(std::string(record_id(side.bundle, k, i)), record_fields(side.bundle, k, i));
  if (k != Kind::kEvidence) return out;
  for (const auto& [id, text] : invalid_directions(side.kb))
    if (auto it = out.find(id); it != out.end())
      for (auto& field : it->second)
        if (field.name == "direction") field.value = text;
  return out;
}

std::vector<FieldChange> field_changes(const std::vector<Field>& a, const std::vector<Field>& b) {
  std::vector<FieldChange> out;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (a[i].value != b[i].value) out.push_back({a[i].name, a[i].value, b[i].value});
  return out;
}

void diff_kind(const DiffSide& os, const DiffSide& ns, Kind k, BundleDiff& d) {
  auto o = records_of(os, k), n = records_of(ns, k);
  std::string kind(kind_name(k));
  for (const auto& [id, fields] : o) {
    auto it = n.find(id);
    if (it == n.end()) {
      d.removed.push_back({kind, id});
    } else if (auto ch = field_changes(fields, it->second); !ch.empty()) {
      d.changed.push_back({{kind, id}, std::move(ch)});
    }
  }
  for (const auto& [id, fields] : n)
    if (!o.count(id)) d.added.push_back({kind, id});
}

/// The class of change a field edit is (docs/versioning.md).
Bump field_class(std::string_view kind, std::string_view field) {
  static constexpr std::string_view kClaim[] = {
      "variant", "allele", "genotypes", "compared_to", "drug", "phenotype", "direction",
      "gene_phenotype.gene", "gene_phenotype.value", "context.qualifiers"};
  static constexpr std::string_view kText[] = {
      "name", "label", "summary", "citation.title", "citation.journal", "context.population",
      "context.condition", "curation.curator", "curation.created", "curation.note", "aliases",
      "xrefs", "class"};
  if (kind == "evidence" && std::find(std::begin(kClaim), std::end(kClaim), field) != std::end(kClaim))
    return Bump::kMajor;
  if (kind == "variant" && (field == "gene" || field == "alleles" || field == "system"))
    return Bump::kMajor;
  // Why: members decide which drugs a group's (class) evidence applies to.
  if (kind == "drug" && field == "members") return Bump::kMajor;
  if (std::find(std::begin(kText), std::end(kText), field) != std::end(kText)) return Bump::kPatch;
  return Bump::kMinor;
}

std::string clip(const std::string& s, std::size_t n = 60) {
  if (s.empty()) return "(none)";
  return s.size() <= n ? s : s.substr(0, n - 3) + "...";
}

std::vector<std::pair<std::string, FieldChange>> evidence_field(const BundleDiff& d,
                                                                std::string_view field) {
  std::vector<std::pair<std::string, FieldChange>> out;
  for (const auto& c : d.changed)
    if (c.key.kind == "evidence")
      for (const auto& fc : c.fields)
        if (fc.field == field) out.emplace_back(c.key.id, fc);
  return out;
}

}  // namespace

model::KnowledgeBase model_of(const Bundle& b) {
  model::KnowledgeBase kb;
  auto& rs = kb.records;
  for (std::uint32_t v = 0; v < b.variants().size(); ++v) {
    model::Variant var;
    var.id = b.str(b.variants()[v].id);
    for (const auto& a : b.alleles_of(v)) var.alleles.emplace_back(b.str(a.name));
    var.gene.id = b.str(b.variants()[v].gene);
    var.system = static_cast<model::AlleleSystem>(b.variant_system(v));
    rs.variants.push_back(std::move(var));
  }
  for (std::uint32_t d = 0; d < b.drugs().size(); ++d) {
    model::Drug drug;
    drug.id = b.str(b.drugs()[d].id);
    for (auto m : b.member_ids(d)) drug.members.push_back({std::string(b.str(m)), {}});
    rs.drugs.push_back(std::move(drug));
  }
  for (const auto& p : b.phenotypes()) {
    model::Phenotype ph;
    ph.id = b.str(p.id);
    for (auto parent : b.list(p.is_a)) ph.is_a.push_back({std::string(b.str(parent)), {}});
    rs.phenotypes.push_back(std::move(ph));
  }
  for (std::uint32_t i = 0; i < b.evidence().size(); ++i) {
    rs.evidence.push_back(evidence_of(b, b.evidence()[i]));
    add_format11(b, i, rs.evidence.back());
  }
  return kb;
}

std::set<ContradictionPair> bundle_contradictions(const Bundle& b) {
  return rules::cross::contradiction_pairs(model_of(b));
}

BundleDiff diff_bundles(const DiffSide& os, const DiffSide& ns) {
  BundleDiff d;
  d.old_kb = os.bundle.kb_id(), d.old_version = os.bundle.kb_version();
  d.new_kb = ns.bundle.kb_id(), d.new_version = ns.bundle.kb_version();
  for (Kind k : kDiffKinds) diff_kind(os, ns, k, d);
  auto oc = rules::cross::contradiction_pairs(os.kb);
  auto nc = rules::cross::contradiction_pairs(ns.kb);
  std::set_difference(nc.begin(), nc.end(), oc.begin(), oc.end(),
                      std::back_inserter(d.contradictions_introduced));
  std::set_difference(oc.begin(), oc.end(), nc.begin(), nc.end(),
                      std::back_inserter(d.contradictions_resolved));
  return d;
}

BundleDiff diff_bundles(const Bundle& ob, const Bundle& nb) {
  auto okb = model_of(ob), nkb = model_of(nb);
  return diff_bundles(DiffSide{ob, okb}, DiffSide{nb, nkb});
}

Bump required_bump(const BundleDiff& d, unsigned long long from_major) {
  Bump need = Bump::kNone;
  if (!d.removed.empty()) need = Bump::kMajor;
  if (!d.added.empty()) need = std::max(need, Bump::kMinor);
  for (const auto& c : d.changed)
    for (const auto& fc : c.fields) need = std::max(need, field_class(c.key.kind, fc.field));
  // Why: semver reserves 0.x for unstable content; there, breaking changes take a minor
  // bump and everything else a patch bump (the Cargo convention).
  if (from_major == 0 && need != Bump::kNone)
    need = need == Bump::kMajor ? Bump::kMinor : Bump::kPatch;
  return need;
}

std::string bump_reason(const BundleDiff& d) {
  if (!d.removed.empty()) return d.removed[0].kind + " " + d.removed[0].id + " was removed";
  for (const auto& c : d.changed)
    for (const auto& fc : c.fields)
      if (field_class(c.key.kind, fc.field) == Bump::kMajor)
        return c.key.kind + " " + c.key.id + " changed its " + fc.field;
  if (!d.added.empty()) return d.added[0].kind + " " + d.added[0].id + " was added";
  for (const auto& c : d.changed)
    for (const auto& fc : c.fields)
      if (field_class(c.key.kind, fc.field) == Bump::kMinor)
        return c.key.kind + " " + c.key.id + " changed its " + fc.field;
  if (!d.changed.empty()) return d.changed[0].key.kind + " " + d.changed[0].key.id + " changed text";
  return "nothing changed";
}

namespace {

/// A copy of `d` with the control characters of every string made visible, for the text
/// and Markdown renderings: a KB value must not write escape sequences or lines of its own.
BundleDiff visible_copy(BundleDiff d) {
  auto v = [](std::string& s) { s = escape_controls(s); };
  for (auto* s : {&d.old_kb, &d.old_version, &d.new_kb, &d.new_version}) v(*s);
  for (auto* keys : {&d.added, &d.removed})
    for (auto& k : *keys) v(k.kind), v(k.id);
  for (auto& c : d.changed) {
    v(c.key.kind), v(c.key.id);
    for (auto& f : c.fields) v(f.field), v(f.old_value), v(f.new_value);
  }
  for (auto* pairs : {&d.contradictions_introduced, &d.contradictions_resolved})
    for (auto& [a, b] : *pairs) v(a), v(b);
  return d;
}

}  // namespace

std::string render_text(const BundleDiff& original) {
  const BundleDiff d = visible_copy(original);
  std::string out = d.old_kb + " " + d.old_version + " -> " + d.new_kb + " " + d.new_version + "\n";
  if (d.empty()) return out + "no changes\n";
  for (const auto& k : d.added) out += "+ " + k.kind + " " + k.id + "\n";
  for (const auto& k : d.removed) out += "- " + k.kind + " " + k.id + "\n";
  for (const auto& c : d.changed) {
    out += "~ " + c.key.kind + " " + c.key.id + "\n";
    for (const auto& fc : c.fields)
      out += "    " + fc.field + ": " + clip(fc.old_value) + " -> " + clip(fc.new_value) + "\n";
  }
  for (const auto& [a, b] : d.contradictions_introduced)
    out += "! contradiction introduced: " + a + " vs " + b + "\n";
  for (const auto& [a, b] : d.contradictions_resolved)
    out += "! contradiction resolved: " + a + " vs " + b + "\n";
  out += std::to_string(d.added.size()) + " added, " + std::to_string(d.removed.size()) +
         " removed, " + std::to_string(d.changed.size()) + " changed\n";
  return out;
}

std::string render_json(const BundleDiff& d) {
  using json = nlohmann::ordered_json;
  auto keys = [](const std::vector<RecordKey>& ks) {
    json a = json::array();
    for (const auto& k : ks) a.push_back({{"kind", k.kind}, {"id", k.id}});
    return a;
  };
  auto pairs = [](const std::vector<ContradictionPair>& ps) {
    json a = json::array();
    for (const auto& [x, y] : ps) a.push_back(json::array({x, y}));
    return a;
  };
  json changed = json::array();
  for (const auto& c : d.changed) {
    json fs = json::array();
    for (const auto& fc : c.fields)
      fs.push_back({{"field", fc.field}, {"old", fc.old_value}, {"new", fc.new_value}});
    changed.push_back({{"kind", c.key.kind}, {"id", c.key.id}, {"fields", fs}});
  }
  auto simple = [&](std::string_view field) {
    json a = json::array();
    for (const auto& [id, fc] : evidence_field(d, field))
      a.push_back({{"id", id}, {"old", fc.old_value}, {"new", fc.new_value}});
    return a;
  };
  json j = {{"old", {{"kb", d.old_kb}, {"version", d.old_version}}},
            {"new", {{"kb", d.new_kb}, {"version", d.new_version}}},
            {"added", keys(d.added)},
            {"removed", keys(d.removed)},
            {"changed", changed},
            {"level_changes", simple("level")},
            {"direction_changes", simple("direction")},
            {"contradictions_introduced", pairs(d.contradictions_introduced)},
            {"contradictions_resolved", pairs(d.contradictions_resolved)}};
  return json_for_logs(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
}

std::string render_markdown(const BundleDiff& original) {
  const BundleDiff d = visible_copy(original);
  std::string out = "## " + d.new_kb + " " + d.new_version + "\n\n";
  out += "Changes since " + d.old_kb + " " + d.old_version + ".\n";
  if (d.empty()) return out + "\nNo record changes.\n";
  auto section = [&](const char* title, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    out += std::string("\n### ") + title + "\n\n";
    for (const auto& l : lines) out += "- " + l + "\n";
  };
  auto key_lines = [](const std::vector<RecordKey>& ks) {
    std::vector<std::string> ls;
    for (const auto& k : ks) ls.push_back(k.kind + " `" + k.id + "`");
    return ls;
  };
  std::vector<std::string> changed, levels, directions, intro, resolved;
  for (const auto& c : d.changed) {
    std::string l = c.key.kind + " `" + c.key.id + "`: ";
    for (std::size_t i = 0; i < c.fields.size(); ++i)
      l += (i ? ", " : "") + c.fields[i].field;
    changed.push_back(l);
  }
  for (const auto& [id, fc] : evidence_field(d, "level"))
    levels.push_back("`" + id + "`: " + clip(fc.old_value) + " → " + clip(fc.new_value));
  for (const auto& [id, fc] : evidence_field(d, "direction"))
    directions.push_back("`" + id + "`: " + fc.old_value + " → " + fc.new_value);
  for (const auto& [a, b] : d.contradictions_introduced) intro.push_back("`" + a + "` vs `" + b + "`");
  for (const auto& [a, b] : d.contradictions_resolved) resolved.push_back("`" + a + "` vs `" + b + "`");
  section("Added", key_lines(d.added));
  section("Removed", key_lines(d.removed));
  section("Changed", changed);
  section("Level changes", levels);
  section("Direction changes", directions);
  section("Contradictions introduced", intro);
  section("Contradictions resolved", resolved);
  return out;
}

}  // namespace kb::bundle
