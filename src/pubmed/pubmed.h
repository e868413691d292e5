#pragma once
/// \file
/// Reading PubMed `efetch` XML (`<PubmedArticleSet>`) safely: no network, no DTD
/// loading, no entity substitution, bounded input, errors captured (never printed).
/// `parse_pubmed_xml` is the fuzz entry point. libxml2 stays private to this module.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kb::pubmed {

/// What kbcheck needs of one `<PubmedArticle>`.
struct PubmedArticle {
  std::int64_t pmid = 0;
  std::string title;         ///< ArticleTitle, full text content (markup dropped)
  std::string journal;       ///< Journal/Title
  std::string iso_abbrev;    ///< Journal/ISOAbbreviation
  std::optional<int> year;   ///< PubDate/Year, or the first 4 digits of MedlineDate
  std::optional<int> epub_year;  ///< ArticleDate/Year (electronic publication), if any
  std::string doi;           ///< PubmedData/ArticleIdList/ArticleId[@IdType=doi]
  bool retracted = false;    ///< "Retracted Publication" type or a RetractionIn comment
  std::uint32_t line = 0;    ///< line of the <PubmedArticle> element
};

/// A problem met while parsing (libxml2's message, or a limit).
struct ParseError {
  std::uint32_t line = 0;  ///< 1-based; 0 when unknown
  std::uint32_t column = 0;
  std::string message;
};

struct ParseOptions {
  std::size_t max_bytes = 256u << 20;  ///< larger inputs are refused
  std::size_t max_errors = 5;          ///< errors kept per document
};

struct ParseResult {
  std::vector<PubmedArticle> articles;
  std::vector<ParseError> errors;  ///< empty when the document is well-formed
};

/// Parses one efetch document held in memory. Never throws for bad input.
ParseResult parse_pubmed_xml(std::string_view bytes, const ParseOptions& options = {});

/// Reads and parses one file (size-checked before reading).
ParseResult read_pubmed_xml(const std::filesystem::path& file, const ParseOptions& options = {});

/// Errors of one cache file, with the path as displayed to the user.
struct FileErrors {
  std::string file;
  std::vector<ParseError> errors;
};

/// Every article of a directory of efetch files (`*.xml`), indexed by PMID.
class PubmedCache {
 public:
  /// Loads `dir/*.xml` in name order. A missing directory gives an empty cache with
  /// `exists() == false`. The first file holding a PMID wins.
  static PubmedCache load(const std::filesystem::path& dir, const ParseOptions& options = {});

  bool exists() const { return exists_; }
  std::size_t size() const { return articles_.size(); }
  /// The article with `pmid`, or nullptr.
  const PubmedArticle* find(std::int64_t pmid) const;
  /// Display path of the file that holds `pmid`'s article ("" when unknown).
  const std::string& file_of(std::int64_t pmid) const;
  const std::vector<FileErrors>& errors() const { return errors_; }

 private:
  bool exists_ = false;
  std::vector<PubmedArticle> articles_;
  std::vector<std::string> files_;
  std::vector<std::uint32_t> file_of_article_;
  std::unordered_map<std::int64_t, std::size_t> by_pmid_;
  std::vector<FileErrors> errors_;
};

}  // namespace kb::pubmed
