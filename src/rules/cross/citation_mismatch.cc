#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>

#include "rules/cross/run.h"
#include "support/text.h"

namespace kb::rules::cross {
namespace {

using model::Citation;
using model::Evidence;

/// One compared field: its display name, and its normalised value and position.
struct Field {
  const char* name;
  std::optional<std::pair<std::string, model::Pos>> (*get)(const Citation&);
};

const Field kFields[] = {
    {"title", [](const Citation& c) -> std::optional<std::pair<std::string, model::Pos>> {
       if (!c.title) return std::nullopt;
       return std::make_pair(normalize_for_compare(c.title->value), c.title->pos);
     }},
    {"year", [](const Citation& c) -> std::optional<std::pair<std::string, model::Pos>> {
       if (!c.year) return std::nullopt;
       return std::make_pair(std::to_string(c.year->value), c.year->pos);
     }},
    {"journal", [](const Citation& c) -> std::optional<std::pair<std::string, model::Pos>> {
       if (!c.journal) return std::nullopt;
       return std::make_pair(normalize_for_compare(c.journal->value), c.journal->pos);
     }},
};

std::string shown(const Citation& c, const Field& f) {
  if (std::string_view(f.name) == "title") return "\"" + c.title->value + "\"";
  if (std::string_view(f.name) == "year") return std::to_string(c.year->value);
  return "\"" + c.journal->value + "\"";
}

class Checker {
 public:
  Checker(const KbIndex& idx, std::vector<Diagnostic>& out) : idx_(idx), out_(out) {}

  /// The majority value of one field among `group` is the reference (ties: earliest);
  /// every record that disagrees is reported, pointing at the first holder of it.
  void check_group(const std::string& key, const std::vector<std::uint32_t>& group) {
    const auto& ev = idx_.records().evidence;
    for (std::size_t f = 0; f < std::size(kFields); ++f) {
      std::unordered_map<std::string, std::pair<std::size_t, std::uint32_t>> votes;  // count, first
      for (auto r : group)
        if (auto v = kFields[f].get(ev[r].citation)) votes.try_emplace(v->first, 0, r).first->second.first++;
      if (votes.size() < 2) continue;
      auto best = std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) {
        return std::tie(a.second.first, b.second.second) < std::tie(b.second.first, a.second.second);
      });
      const std::uint32_t ref = best->second.second;
      for (auto r : group) {
        auto v = kFields[f].get(ev[r].citation);
        if (!v || v->first == best->first || !reported_.insert({r, f}).second) continue;
        report(key, ev[r], ev[ref], kFields[f], v->second, kFields[f].get(ev[ref].citation)->second);
      }
    }
  }

 private:
  void report(const std::string& key, const Evidence& e, const Evidence& ref, const Field& f,
              const model::Pos& at, const model::Pos& ref_at) {
    std::string msg = e.id + " cites " + key + " with " + f.name + " " + shown(e.citation, f) +
                      ", but " + ref.id + " cites it with " + shown(ref.citation, f);
    auto d = make_diagnostic(Rule::kCitationMismatch, idx_.where(at), std::move(msg), e.id);
    d.related.push_back({idx_.where(ref_at), ref.id, std::string("the ") + f.name + " most records give"});
    out_.push_back(std::move(d));
  }

  const KbIndex& idx_;
  std::vector<Diagnostic>& out_;
  std::set<std::pair<std::uint32_t, std::size_t>> reported_;  ///< (record, field)
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// Why: records citing one publication must describe it the same way; a differing
// title, year or journal usually means a wrong PMID or DOI was copied.
void check_citation_consistency(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& ev = idx.records().evidence;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> by_pmid;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_doi;
  std::vector<std::int64_t> pmid_order;
  std::vector<std::string> doi_order;
  for (std::uint32_t i = 0; i < ev.size(); ++i) {
    const auto& c = ev[i].citation;
    if (c.pmid) {
      auto& g = by_pmid[c.pmid->value];
      if (g.empty()) pmid_order.push_back(c.pmid->value);
      g.push_back(i);
    }
    if (c.doi) {
      auto& g = by_doi[lower(c.doi->value)];
      if (g.empty()) doi_order.push_back(lower(c.doi->value));
      g.push_back(i);
    }
  }
  Checker checker(idx, out);
  for (auto pmid : pmid_order)
    if (by_pmid[pmid].size() > 1) checker.check_group("PMID " + std::to_string(pmid), by_pmid[pmid]);
  for (const auto& doi : doi_order)
    if (by_doi[doi].size() > 1) checker.check_group("DOI " + doi, by_doi[doi]);
}

KB_CROSS_RULE(kCitationMismatch, kCostly, check_citation_consistency);

}  // namespace kb::rules::cross
