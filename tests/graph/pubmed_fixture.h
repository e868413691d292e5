#pragma once
// Handwritten PubMed efetch XML for the reader and citation tests.

#include <string>

namespace kbgraph {

/// One <PubmedArticle> (PMID, title markup allowed, print year, journal, extras inside
/// <Article> and <MedlineCitation>).
inline std::string pubmed_article(long pmid, const std::string& title, const std::string& year,
                                  const std::string& article_extra = {},
                                  const std::string& citation_extra = {}) {
  return "<PubmedArticle>\n<MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n<PMID Version=\"1\">" +
         std::to_string(pmid) +
         "</PMID>\n<Article PubModel=\"Print\">\n<Journal>\n<JournalIssue CitedMedium=\"Internet\">\n"
         "<PubDate>" + year + "</PubDate>\n</JournalIssue>\n<Title>International journal of molecular "
         "sciences</Title>\n<ISOAbbreviation>Int J Mol Sci</ISOAbbreviation>\n</Journal>\n<ArticleTitle>" +
         title + "</ArticleTitle>\n" + article_extra + "</Article>\n" + citation_extra +
         "</MedlineCitation>\n<PubmedData><ArticleIdList><ArticleId IdType=\"pubmed\">" + std::to_string(pmid) +
         "</ArticleId><ArticleId IdType=\"doi\">10.1000/" + std::to_string(pmid) +
         "</ArticleId></ArticleIdList></PubmedData>\n</PubmedArticle>\n";
}

/// A whole efetch document, with the DOCTYPE real files carry (an external DTD).
inline std::string pubmed_set(const std::string& articles, const std::string& internal_subset = {}) {
  return "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st "
         "June 2018//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_180601.dtd\"" +
         (internal_subset.empty() ? std::string() : " [" + internal_subset + "]") +
         ">\n<PubmedArticleSet>\n" + articles + "</PubmedArticleSet>\n";
}

inline const char* kRetracted =
    "<PublicationTypeList><PublicationType UI=\"D016428\">Journal Article</PublicationType>"
    "<PublicationType UI=\"D016441\">Retracted Publication</PublicationType></PublicationTypeList>\n";

}  // namespace kbgraph
