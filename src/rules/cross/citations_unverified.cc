// KB3006 citations-unverified. Why: without a PubMed cache, KB3002-KB3004 cannot run, so
// a wrong title, year, journal, DOI or a retraction passes silently. One finding says so
// out loud, with how many citations went unchecked and where the cache belongs.
#include <set>
#include <string>

#include "rules/cross/run.h"

namespace kb::rules::cross {

void check_citations_unverified(const KbIndex& idx, const CrossCheckOptions& options, std::vector<Diagnostic>& out) {
  if (!options.pubmed_cache_dir.empty()) return;  // KB3002-KB3005 take over
  std::set<std::int64_t> pmids;
  std::size_t records = 0;
  for (const auto& e : idx.records().evidence) {
    if (!e.citation.pmid) continue;
    pmids.insert(e.citation.pmid->value);
    ++records;
  }
  const auto& manifests = idx.records().manifests;
  if (pmids.empty() || manifests.empty()) return;  // no manifest: KB1xxx reports that
  std::string n = std::to_string(pmids.size());
  out.push_back(make_diagnostic(
      Rule::kCitationsUnverified, idx.where(manifests.front().pos),
      n + (pmids.size() == 1 ? " PMID" : " PMIDs") + " cited by " + std::to_string(records) +
          (records == 1 ? " record were" : " records were") +
          " not checked against PubMed: there is no PubMed cache; put the efetch XML of each "
          "cited PMID in citations/pubmed/ beside kb.yaml, or pass --pubmed-cache DIR",
      manifests.front().id));
}

KB_CROSS_RULE(kCitationsUnverified, kCheap, check_citations_unverified);

}  // namespace kb::rules::cross
