#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>

#include <sstream>
#include <unordered_map>

#include "graph/export.h"
#include "rules/cross/claims.h"
#include "rules/cross/contradictions.h"

namespace kb::graph {
namespace {

using rules::cross::ConflictKind;

struct VertexProps {
  std::string node_id;  ///< "variant:rs4646": stable across runs
  std::string kind;     ///< gene | variant | allele | drug | phenotype | evidence
  std::string label, shape, color, fillcolor, style;
};

struct EdgeProps {
  std::string kind;  ///< variant-of | allele-of | claims | about-drug | about-phenotype | is_a | role | contradicts
  std::string label, color, style;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps, EdgeProps>;
using Vertex = Graph::vertex_descriptor;

/// Identifiers and labels come from user files: keep them printable and quote-safe, and
/// break up "##[" (a GitHub workflow command wherever it appears in a line of a CI log).
std::string clean(std::string s) {
  for (auto& c : s)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '_';
  for (std::size_t at; (at = s.find("##[")) != std::string::npos;) s[at + 1] = '_';
  return s;
}

/// Builds the graph in KB order, so the output is deterministic.
class Builder {
 public:
  /// Fills `g`: Boost 1.74's adjacency_list has no move constructor, so returning the
  /// graph by value would deep-copy every vertex and edge.
  Builder(const model::KnowledgeBase& kb, Graph& g) : kb_(kb), idx_(kb), g_(g) {}

  void build() {
    const auto& r = kb_.records;
    for (const auto& g : r.genes) vertex("gene", g.id, g.id, "box", "#dbe9f6");
    for (const auto& d : r.drugs) vertex("drug", d.id, d.name.empty() ? d.id : d.id + " (" + d.name + ")", "hexagon", "#e2f0d9");
    for (const auto& p : r.phenotypes) vertex("phenotype", p.id, p.id, "octagon", "#fde9d9");
    for (const auto& v : r.variants) add_variant(v);
    for (const auto& g : r.genes)
      for (const auto& role : g.roles) edge("gene", g.id, "drug", role.drug.id, "role", role.role);
    for (const auto& p : r.phenotypes)
      for (const auto& parent : p.is_a) edge("phenotype", p.id, "phenotype", parent.id, "is_a", "is_a");
    // Edges for the listed pairs (capped per variant and drug, as in `check`); red for
    // every record in any conflict, listed or not.
    std::vector<bool> conflicted;
    auto conflicts = rules::cross::find_conflicts(idx_, rules::cross::kConflictsPerGroup, &conflicted);
    for (std::uint32_t i = 0; i < r.evidence.size(); ++i) add_evidence(r.evidence[i], conflicted[i]);
    for (const auto& c : conflicts) add_conflict(c);
  }

 private:
  std::optional<Vertex> find(const std::string& kind, const std::string& id) const {
    auto it = vertices_.find(kind + ":" + id);
    return it == vertices_.end() ? std::nullopt : std::optional(it->second);
  }

  void vertex(const std::string& kind, const std::string& id, const std::string& label,
              const std::string& shape, const std::string& fill, const std::string& color = "black",
              const std::string& style = "filled") {
    if (id.empty()) return;
    std::string key = kind + ":" + id;
    if (vertices_.count(key)) return;  // duplicate ids: the first record (KB1002)
    vertices_[key] = boost::add_vertex(VertexProps{clean(key), kind, clean(label), shape, color, fill, style}, g_);
  }

  void edge(const std::string& from_kind, const std::string& from, const std::string& to_kind,
            const std::string& to, const std::string& kind, const std::string& label,
            const std::string& color = "black", const std::string& style = "solid") {
    auto a = find(from_kind, from), b = find(to_kind, to);
    if (a && b) boost::add_edge(*a, *b, EdgeProps{kind, clean(label), color, style}, g_);
  }

  void add_variant(const model::Variant& v) {
    vertex("variant", v.id, v.id, "ellipse", "#fff2cc");
    edge("variant", v.id, "gene", v.gene.id, "variant-of", "variant-of");
    for (const auto& a : v.alleles) {
      vertex("allele", v.id + ":" + a, v.id + " " + a, "circle", "#ffffff");
      edge("allele", v.id + ":" + a, "variant", v.id, "allele-of", "allele-of");
    }
  }

  void add_evidence(const model::Evidence& e, bool conflicted) {
    bool active = model::is_active(e.status);
    std::string label = e.id + " (" + std::string(model::status_name(e.status)) +
                        (e.level.value.empty() ? "" : ", level " + e.level.value) + ")";
    vertex("evidence", e.id, label, "note", conflicted ? "#ffcccc" : "#eeeeee",
           conflicted ? "red" : "black", active ? "filled" : "filled,dashed");
    std::string dir(model::direction_name(e.direction.value));
    if (e.allele && find("allele", e.variant.id + ":" + e.allele->value))
      edge("evidence", e.id, "allele", e.variant.id + ":" + e.allele->value, "claims", dir);
    else
      edge("evidence", e.id, "variant", e.variant.id, "claims",
           (e.genotypes.empty() ? "" : rules::cross::genotype_list(e) + ": ") + dir);
    edge("evidence", e.id, "drug", e.drug.id, "about-drug", "drug");
    edge("evidence", e.id, "phenotype", e.phenotype.id, "about-phenotype", dir);
  }

  void add_conflict(const rules::cross::Conflict& c) {
    const auto& ev = kb_.records.evidence;
    bool hard = c.kind == ConflictKind::kContradiction;
    edge("evidence", ev[c.later].id, "evidence", ev[c.earlier].id, "contradicts",
         std::string(rules::cross::conflict_rule(c.kind).id()), hard ? "red" : "orange", "dashed");
  }

  const model::KnowledgeBase& kb_;
  rules::cross::KbIndex idx_;
  Graph& g_;
  std::unordered_map<std::string, Vertex> vertices_;
};

void write_dot(const Graph& g, std::ostream& out) {
  boost::dynamic_properties dp;
  auto& gm = const_cast<Graph&>(g);  // dynamic_properties wants mutable maps; we only read
  dp.property("node_id", boost::get(&VertexProps::node_id, gm));
  dp.property("label", boost::get(&VertexProps::label, gm));
  dp.property("shape", boost::get(&VertexProps::shape, gm));
  dp.property("color", boost::get(&VertexProps::color, gm));
  dp.property("fillcolor", boost::get(&VertexProps::fillcolor, gm));
  dp.property("style", boost::get(&VertexProps::style, gm));
  dp.property("label", boost::get(&EdgeProps::label, gm));
  dp.property("color", boost::get(&EdgeProps::color, gm));
  dp.property("style", boost::get(&EdgeProps::style, gm));
  std::ostringstream s;
  boost::write_graphviz_dp(s, g, dp, "node_id");
  std::string text = s.str();
  auto brace = text.find('{');
  if (brace != std::string::npos) text.insert(brace + 1, "\nrankdir=LR;\nnode [fontname=Helvetica];");
  out << text;
}

void write_graphml(const Graph& g, std::ostream& out) {
  boost::dynamic_properties dp;
  auto& gm = const_cast<Graph&>(g);
  dp.property("id", boost::get(&VertexProps::node_id, gm));
  dp.property("kind", boost::get(&VertexProps::kind, gm));
  dp.property("label", boost::get(&VertexProps::label, gm));
  dp.property("kind", boost::get(&EdgeProps::kind, gm));
  dp.property("label", boost::get(&EdgeProps::label, gm));
  boost::write_graphml(out, g, dp, true);
}

}  // namespace

void export_graph(const model::KnowledgeBase& kb, ExportFormat f, std::ostream& out) {
  Graph g;
  Builder(kb, g).build();
  if (f == ExportFormat::kDot) write_dot(g, out);
  else write_graphml(g, out);
}

}  // namespace kb::graph
