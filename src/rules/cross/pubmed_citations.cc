#include <string>

#include "pubmed/pubmed.h"
#include "rules/cross/run.h"
#include "support/text.h"

namespace kb::rules::cross {
namespace {

using model::Evidence;

SourceLocation article_location(const pubmed::PubmedCache& cache, const pubmed::PubmedArticle& a) {
  return {cache.file_of(a.pmid), a.line, 0};
}

Diagnostic with_article(Diagnostic d, const pubmed::PubmedCache& cache, const pubmed::PubmedArticle& a) {
  d.related.push_back({article_location(cache, a), "", "PubMed record of PMID " + std::to_string(a.pmid)});
  return d;
}

/// DOIs are case-insensitive (ASCII): "10.1000/ABC" is "10.1000/abc".
bool same_doi(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// KB3003 for the journal (PubMed's ISO abbreviation or its full title, normalised) and
/// the DOI; each is compared only when both sides have one.
void compare_journal_and_doi(const KbIndex& idx, const pubmed::PubmedCache& cache, const Evidence& e,
                             const pubmed::PubmedArticle& a, std::vector<Diagnostic>& out) {
  const auto& c = e.citation;
  std::string pmid = std::to_string(a.pmid);
  if (c.journal && (!a.iso_abbrev.empty() || !a.journal.empty())) {
    std::string mine = normalize_for_compare(c.journal->value);
    bool same = (!a.iso_abbrev.empty() && mine == normalize_for_compare(a.iso_abbrev)) ||
                (!a.journal.empty() && mine == normalize_for_compare(a.journal));
    if (!same)
      out.push_back(with_article(
          make_diagnostic(Rule::kCitationDiffersFromPubmed, idx.where(c.journal->pos),
                          e.id + " gives PMID " + pmid + " the journal \"" + c.journal->value +
                              "\", but PubMed's is \"" + (a.iso_abbrev.empty() ? a.journal : a.iso_abbrev) +
                              "\"",
                          e.id),
          cache, a));
  }
  if (c.doi && !a.doi.empty() && !same_doi(c.doi->value, a.doi))
    out.push_back(with_article(
        make_diagnostic(Rule::kCitationDiffersFromPubmed, idx.where(c.doi->pos),
                        e.id + " gives PMID " + pmid + " the DOI " + c.doi->value +
                            ", but PubMed's DOI is " + a.doi,
                        e.id),
        cache, a));
}

// KB3003: compare title and year; PubMed's trailing '.' and markup vanish in normalisation.
// The record's year may be the print year (PubDate) or the electronic one (ArticleDate).
void compare_with_pubmed(const KbIndex& idx, const pubmed::PubmedCache& cache, const Evidence& e,
                         const pubmed::PubmedArticle& a, std::vector<Diagnostic>& out) {
  const auto& c = e.citation;
  std::string pmid = std::to_string(a.pmid);
  if (c.title && !a.title.empty() && normalize_for_compare(c.title->value) != normalize_for_compare(a.title))
    out.push_back(with_article(
        make_diagnostic(Rule::kCitationDiffersFromPubmed, idx.where(c.title->pos),
                        e.id + " gives PMID " + pmid + " the title \"" + c.title->value +
                            "\", but PubMed's title is \"" + a.title + "\"",
                        e.id),
        cache, a));
  if (c.year && a.year && c.year->value != *a.year && (!a.epub_year || c.year->value != *a.epub_year))
    out.push_back(with_article(
        make_diagnostic(Rule::kCitationDiffersFromPubmed, idx.where(c.year->pos),
                        e.id + " gives PMID " + pmid + " the year " + std::to_string(c.year->value) +
                            ", but PubMed's publication year is " + std::to_string(*a.year),
                        e.id),
        cache, a));
  compare_journal_and_doi(idx, cache, e, a, out);
}

}  // namespace

// Why: the local PubMed cache is the ground truth for what a PMID is; a record that
// disagrees with it, or cites a retracted paper as accepted knowledge, misleads users.
void check_pubmed_citations(const KbIndex& idx, const pubmed::PubmedCache& cache,
                            std::vector<Diagnostic>& out) {
  for (const auto& fe : cache.errors()) {  // KB3005: the first error; the rest cascade from it
    if (fe.errors.empty()) continue;
    const auto& err = fe.errors.front();
    std::string more = fe.errors.size() > 1 ? " (and further errors after it)" : "";
    out.push_back(make_diagnostic(Rule::kUnreadableCitationCache, SourceLocation{fe.file, err.line, err.column},
                                  "PubMed cache file cannot be read: " + err.message + more));
  }
  if (!cache.exists()) return;
  for (const auto& e : idx.records().evidence) {
    if (!e.citation.pmid) continue;
    const auto& pmid = *e.citation.pmid;
    const pubmed::PubmedArticle* a = cache.find(pmid.value);
    if (!a) {
      out.push_back(make_diagnostic(Rule::kUnverifiedCitation, idx.where(pmid.pos),
                                    e.id + " cites PMID " + std::to_string(pmid.value) +
                                        ", which is not in the local PubMed cache; fetch it with efetch",
                                    e.id));
      continue;
    }
    compare_with_pubmed(idx, cache, e, *a, out);
    if (a->retracted && e.status == model::Status::kAccepted)
      out.push_back(with_article(
          make_diagnostic(Rule::kRetractedCitation, idx.where(pmid.pos),
                          e.id + " is accepted but cites PMID " + std::to_string(pmid.value) +
                              ", which PubMed marks as retracted; set its status to retracted or "
                              "cite other evidence",
                          e.id),
          cache, *a));
  }
}

/// KB3002–KB3005 against the PubMed cache of --pubmed-cache (nothing without one).
void check_pubmed(const KbIndex& idx, const CrossCheckOptions& options, std::vector<Diagnostic>& out) {
  if (options.pubmed_cache_dir.empty()) return;
  pubmed::ParseOptions po;
  po.max_bytes = options.max_xml_bytes;
  check_pubmed_citations(idx, pubmed::PubmedCache::load(options.pubmed_cache_dir, po), out);
}

KB_CROSS_RULE(kUnverifiedCitation, kCostly, check_pubmed);

}  // namespace kb::rules::cross
