#include "model/from_yaml.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace kb::model {
namespace {

using yaml::Node;
using yaml::ScalarType;

/// A field reader over one mapping, bound to the file the mapping came from.
class Fields {
 public:
  Fields(const Node* map, FileId file) : map_(map), file_(file) {}

  const Node* node(std::string_view key) const {
    return (map_ && map_->is_map()) ? map_->find(key) : nullptr;
  }
  Pos pos_of(const Node* n) const { return {file_, n ? n->mark : (map_ ? map_->mark : Mark{})}; }
  Pos key_pos(std::string_view key) const {
    if (map_ && map_->is_map())
      if (const auto* m = map_->find_member(key)) return {file_, m->key.mark};
    return pos_of(nullptr);
  }
  std::string str(std::string_view key) const {
    const Node* n = node(key);
    return (n && n->is_scalar()) ? n->text : std::string();
  }
  Ref ref(std::string_view key) const {
    const Node* n = node(key);
    return {(n && n->is_scalar()) ? n->text : std::string(), pos_of(n)};
  }
  std::optional<Located<std::string>> located_str(std::string_view key) const {
    const Node* n = node(key);
    if (!n || !n->is_scalar()) return std::nullopt;
    return Located<std::string>{n->text, pos_of(n)};
  }
  std::optional<std::int64_t> integer(std::string_view key) const {
    const Node* n = node(key);
    if (!n || n->scalar_type() != ScalarType::kInt) return std::nullopt;
    return yaml::core_int_value(n->text);
  }
  std::optional<double> number(std::string_view key) const {
    const Node* n = node(key);
    return n ? as_number(*n) : std::nullopt;
  }
  static std::optional<double> as_number(const Node& n) {
    auto t = n.scalar_type();
    if (t != ScalarType::kInt && t != ScalarType::kFloat) return std::nullopt;
    if (t == ScalarType::kInt)
      if (auto v = yaml::core_int_value(n.text)) return static_cast<double>(*v);
    char* end = nullptr;
    double v = std::strtod(n.text.c_str(), &end);
    if (end != n.text.c_str() + n.text.size()) return std::nullopt;
    return v;
  }
  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const Node* n = node(key);
    if (n && n->is_seq())
      for (const auto& item : n->items)
        if (item.is_scalar()) out.push_back(item.text);
    return out;
  }
  std::vector<Located<std::string>> located_strings(std::string_view key) const {
    std::vector<Located<std::string>> out;
    const Node* n = node(key);
    if (n && n->is_seq())
      for (const auto& item : n->items)
        if (item.is_scalar()) out.push_back({item.text, pos_of(&item)});
    return out;
  }
  Fields sub(std::string_view key) const { return Fields(node(key), file_); }
  FileId file() const { return file_; }

 private:
  const Node* map_;
  FileId file_;
};

void fill_base(const Fields& f, RecordBase& r) {
  r.id = f.str("id");
  r.pos = f.pos_of(f.node("id"));
}

void add_manifest(const Fields& f, RecordSet& out) {
  Manifest m;
  fill_base(f, m);
  m.name = f.str("name");
  m.version = f.str("version");
  m.format_pos = f.pos_of(f.node("format"));
  if (auto n = f.integer("format")) {
    m.format = *n;
  } else if (const Node* fmt = f.node("format"); fmt && fmt->is_scalar()) {
    // "1.0" / "1.1" (format 1.1); any other "M.m" keeps its major for the version check.
    const std::string& t = fmt->text;
    auto dot = t.find('.');
    std::int64_t major = 0, minor = 0;
    auto [p1, e1] = std::from_chars(t.data(), t.data() + (dot == std::string::npos ? t.size() : dot), major);
    bool ok = e1 == std::errc() && p1 == t.data() + (dot == std::string::npos ? t.size() : dot);
    if (ok && dot != std::string::npos) {
      auto [p2, e2] = std::from_chars(t.data() + dot + 1, t.data() + t.size(), minor);
      ok = e2 == std::errc() && p2 == t.data() + t.size() && dot + 1 < t.size();
    }
    if (ok) m.format = major, m.format_minor = minor;
  }
  m.license = f.str("license");
  out.manifests.push_back(std::move(m));
}

void add_gene(const Fields& f, RecordSet& out) {
  Gene g;
  fill_base(f, g);
  g.hgnc = f.str("hgnc");
  g.name = f.str("name");
  g.chromosome = f.str("chromosome");
  if (const Node* roles = f.node("roles"); roles && roles->is_seq())
    for (const auto& item : roles->items) {
      Fields r(&item, f.file());
      if (item.is_map()) g.roles.push_back({r.ref("drug"), r.str("role")});
    }
  out.genes.push_back(std::move(g));
}

void add_variant(const Fields& f, RecordSet& out) {
  Variant v;
  fill_base(f, v);
  v.gene = f.ref("gene");
  v.system_text = f.str("system");
  v.system = parse_system(v.system_text).value_or(AlleleSystem::kLocus);
  v.rsid = f.str("rsid");
  for (auto& a : f.located_strings("alleles")) {
    v.alleles.push_back(std::move(a.value));
    v.allele_pos.push_back(a.pos);
  }
  v.aliases = f.strings("aliases");
  if (const Node* loc = f.node("location"); loc && loc->is_map()) {
    Fields l(loc, f.file());
    v.location = GenomicLocation{l.str("assembly"), l.str("chrom"), l.integer("pos").value_or(0)};
  }
  if (const Node* fn = f.node("function"); fn && fn->is_seq())
    for (const auto& item : fn->items)
      if (item.is_map()) {
        Fields e(&item, f.file());
        v.functions.push_back({e.str("allele"), e.str("effect"), e.pos_of(&item)});
      }
  out.variants.push_back(std::move(v));
}

void add_drug(const Fields& f, RecordSet& out) {
  Drug d;
  fill_base(f, d);
  d.name = f.str("name");
  d.drug_class = f.str("class");
  d.xrefs = f.strings("xrefs");
  for (auto& m : f.located_strings("members")) d.members.push_back({m.value, m.pos});
  d.members_pos = f.key_pos("members");
  out.drugs.push_back(std::move(d));
}

void add_phenotype(const Fields& f, RecordSet& out) {
  Phenotype p;
  fill_base(f, p);
  p.label = f.str("label");
  p.category = f.str("category");
  for (auto& parent : f.located_strings("is_a")) p.is_a.push_back({parent.value, parent.pos});
  p.xrefs = f.strings("xrefs");
  out.phenotypes.push_back(std::move(p));
}

Citation read_citation(const Fields& f) {
  Citation c;
  c.pos = f.key_pos("citation");
  Fields cf = f.sub("citation");
  if (auto pmid = cf.integer("pmid")) c.pmid = Located<std::int64_t>{*pmid, cf.pos_of(cf.node("pmid"))};
  c.doi = cf.located_str("doi");
  c.title = cf.located_str("title");
  c.journal = cf.located_str("journal");
  if (auto year = cf.integer("year")) c.year = Located<std::int64_t>{*year, cf.pos_of(cf.node("year"))};
  return c;
}

Study read_study(const Fields& f) {
  Study s;
  Fields sf = f.sub("study");
  s.design = sf.str("design");
  s.size = sf.integer("size");
  if (const Node* st = sf.node("statistic"); st && st->is_map()) {
    Fields stat(st, f.file());
    Statistic out;
    out.measure = stat.str("measure");
    out.value = stat.number("value");
    out.p = stat.number("p");
    if (const Node* ci = stat.node("ci"); ci && ci->is_seq() && ci->items.size() == 2) {
      auto lo = Fields::as_number(ci->items[0]), hi = Fields::as_number(ci->items[1]);
      if (lo && hi) out.ci = std::make_pair(*lo, *hi);
    }
    s.statistic = std::move(out);
  }
  return s;
}

void add_evidence(const Fields& f, RecordSet& out) {
  Evidence e;
  fill_base(f, e);
  auto status = parse_status(f.str("status"));
  auto direction = parse_direction(f.str("direction"));
  e.status = status.value_or(Status::kDraft);
  e.claim_valid = status.has_value() && direction.has_value();
  e.variant = f.ref("variant");
  e.allele = f.located_str("allele");
  e.genotypes = f.located_strings("genotypes");
  if (const Node* gp = f.node("gene_phenotype"); gp && gp->is_map()) {
    Fields g(gp, f.file());
    e.gene_phenotype = Evidence::GenePhenotype{g.ref("gene"), {g.str("value"), g.pos_of(g.node("value"))},
                                               f.key_pos("gene_phenotype")};
  }
  e.genotypes_pos = f.pos_of(f.node("genotypes"));
  if (const Node* ct = f.node("compared_to")) {
    e.compared_to_is_list = ct->is_seq();
    if (ct->is_scalar()) e.compared_to.push_back({ct->text, f.pos_of(ct)});
    else e.compared_to = f.located_strings("compared_to");
  }
  e.drug = f.ref("drug");
  e.phenotype = f.ref("phenotype");
  e.category = f.str("category");
  const Node* dir = f.node("direction");
  e.direction = {direction.value_or(Direction::kNoAssociation), f.pos_of(dir)};
  e.direction_text = f.str("direction");
  Fields cx = f.sub("context");
  e.context = {cx.str("population"), cx.strings("ancestry"), cx.str("sex"), cx.str("condition"), {}};
  if (const Node* q = cx.node("qualifiers"); q && q->is_map()) {
    for (const auto& m : q->members)
      if (m.key.is_scalar() && m.value.is_scalar())
        e.context.qualifiers.push_back({m.key.text, {m.value.text, cx.pos_of(&m.value)}});
    std::sort(e.context.qualifiers.begin(), e.context.qualifiers.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  e.study = read_study(f);
  e.level = {f.str("level"), f.pos_of(f.node("level"))};
  e.citation = read_citation(f);
  e.summary = f.str("summary");
  Fields cu = f.sub("curation");
  e.curation = {cu.str("curator"), cu.str("created"), cu.str("note")};
  out.evidence.push_back(std::move(e));
}

}  // namespace

bool is_known_kind(std::string_view kind) {
  for (auto k : kKinds)
    if (k == kind) return true;
  return false;
}

void add_record(const Node& doc, std::string_view kind, FileId file, RecordSet& out) {
  Fields f(&doc, file);
  if (kind == "knowledge-base") add_manifest(f, out);
  else if (kind == "gene") add_gene(f, out);
  else if (kind == "variant") add_variant(f, out);
  else if (kind == "drug") add_drug(f, out);
  else if (kind == "phenotype") add_phenotype(f, out);
  else if (kind == "evidence") add_evidence(f, out);
}

}  // namespace kb::model
