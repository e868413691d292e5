#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <string>

#include "rules/cross/run.h"

namespace kb::rules::cross {
namespace {

using IsAGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                       boost::no_property, std::size_t /* is_a entry */>;

/// One is_a edge: child phenotype index, which entry of its is_a list, parent index.
struct IsAEdge {
  std::uint32_t child, entry, parent;
};

/// A shortest cycle through `start` inside component `comp` (breadth-first, edges in
/// file order, so the path is deterministic). Returns the edges of the cycle.
std::vector<IsAEdge> cycle_through(std::uint32_t start, const std::vector<int>& comp,
                                   const std::vector<std::vector<IsAEdge>>& succ) {
  std::vector<int> via(comp.size(), -1);  // index into `edges` that reached a vertex
  std::vector<IsAEdge> edges;
  std::vector<std::uint32_t> queue{start};
  for (std::size_t q = 0; q < queue.size(); ++q)
    for (const auto& e : succ[queue[q]]) {
      if (comp[e.parent] != comp[start]) continue;
      if (e.parent == start) {  // closed the loop: walk back
        std::vector<IsAEdge> path{e};
        for (std::uint32_t v = e.child; v != start; v = edges[via[v]].child) path.push_back(edges[via[v]]);
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (via[e.parent] >= 0) continue;
      via[e.parent] = static_cast<int>(edges.size());
      edges.push_back(e);
      queue.push_back(e.parent);
    }
  return {};
}

}  // namespace

// Why: is_a must be a hierarchy; a cycle makes "ancestor" meaningless (every member is
// its own ancestor) and would loop any tool that walks it. One finding per cycle (per
// strongly connected component), at its earliest member, with the whole path.
void check_is_a_cycles(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& ph = idx.records().phenotypes;
  const auto n = ph.size();
  IsAGraph g(n);
  std::vector<std::vector<IsAEdge>> succ(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (idx.phenotype_index(ph[i].id) != i) continue;  // duplicates: KB1002
    for (std::uint32_t k = 0; k < ph[i].is_a.size(); ++k) {
      auto p = idx.phenotype_index(ph[i].is_a[k].id);
      if (p < 0) continue;  // dangling: KB1001
      succ[i].push_back({i, k, static_cast<std::uint32_t>(p)});
      boost::add_edge(i, static_cast<std::size_t>(p), k, g);
    }
  }
  std::vector<int> comp(n);
  int count = boost::strong_components(g, boost::make_iterator_property_map(
                                              comp.begin(), boost::get(boost::vertex_index, g)));
  std::vector<bool> done(static_cast<std::size_t>(count), false);
  for (std::uint32_t i = 0; i < n; ++i) {  // file order: the first member found is the earliest
    if (done[comp[i]]) continue;
    auto path = cycle_through(i, comp, succ);
    if (path.empty()) continue;
    done[comp[i]] = true;
    std::string text = ph[path[0].child].id;
    for (const auto& e : path) text += " → " + ph[e.parent].id;
    const auto& first = ph[path[0].child].is_a[path[0].entry];
    auto d = make_diagnostic(Rule::kIsACycle, idx.where(first.pos),
                             "phenotype is_a cycle: " + text, ph[path[0].child].id);
    for (std::size_t k = 1; k < path.size(); ++k) {
      const auto& e = path[k];
      d.related.push_back({idx.where(ph[e.child].is_a[e.entry].pos), ph[e.child].id,
                           ph[e.child].id + " is_a " + ph[e.parent].id});
    }
    out.push_back(std::move(d));
  }
}

KB_CROSS_RULE(kIsACycle, kCheap, check_is_a_cycles);

}  // namespace kb::rules::cross
