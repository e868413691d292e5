#include "pubmed/pubmed.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <cctype>
#include <climits>
#include <cstring>
#include <mutex>

#include "support/files.h"

namespace kb::pubmed {
namespace {

// Why: efetch files declare an external DTD and could declare external entities; a
// checker must never fetch or read anything because a data file asks it to.
xmlParserInputPtr refuse_entity(const char*, const char*, xmlParserCtxtPtr) { return nullptr; }

void install_entity_loader() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_entity);
  });
}

/// Collects libxml2's structured errors instead of letting it print to stderr.
struct ErrorCollector {
  std::vector<ParseError>* out;
  std::size_t max;
};

void on_structured_error(void* data, xmlErrorPtr err) {
  auto* c = static_cast<ErrorCollector*>(data);
  if (!c || !err || err->level < XML_ERR_ERROR || c->out->size() >= c->max) return;
  std::string msg = err->message ? err->message : "malformed XML";
  while (!msg.empty() && std::isspace(static_cast<unsigned char>(msg.back()))) msg.pop_back();
  c->out->push_back({static_cast<std::uint32_t>(err->line > 0 ? err->line : 0),
                     static_cast<std::uint32_t>(err->int2 > 0 ? err->int2 : 0), std::move(msg)});
}

void on_generic_error(void*, const char*, ...) {}

/// Routes this thread's libxml2 errors to `c` for the guard's lifetime.
class ErrorGuard {
 public:
  explicit ErrorGuard(ErrorCollector* c) {
    xmlSetStructuredErrorFunc(c, on_structured_error);
    xmlSetGenericErrorFunc(nullptr, on_generic_error);
  }
  ~ErrorGuard() {
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    xmlSetGenericErrorFunc(nullptr, nullptr);
  }
  ErrorGuard(const ErrorGuard&) = delete;
  ErrorGuard& operator=(const ErrorGuard&) = delete;
};

bool is(const xmlNode* n, const char* name) {
  return n && n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

const xmlNode* child(const xmlNode* n, const char* name) {
  if (!n) return nullptr;
  for (const xmlNode* c = n->children; c; c = c->next)
    if (is(c, name)) return c;
  return nullptr;
}

/// Text and CDATA below `n`, in order. Entity references are skipped on purpose: they
/// are never expanded (no XXE, no billion laughs).
void append_text(const xmlNode* n, std::string& out, int depth) {
  if (depth > 64) return;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      out += reinterpret_cast<const char*>(c->content);
    else if (c->type == XML_ELEMENT_NODE)
      append_text(c, out, depth + 1);
  }
}

std::string text(const xmlNode* n) {
  std::string out;
  if (n) append_text(n, out, 0);
  std::string trimmed;
  bool space = false;
  for (char ch : out) {  // collapse whitespace runs (titles span lines in some files)
    if (std::isspace(static_cast<unsigned char>(ch))) {
      space = !trimmed.empty();
      continue;
    }
    if (space) trimmed.push_back(' ');
    space = false;
    trimmed.push_back(ch);
  }
  return trimmed;
}

std::string attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a; a = a->next)
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0 && a->children &&
        a->children->content)
      return reinterpret_cast<const char*>(a->children->content);
  return {};
}

/// The first run of 4 digits in `s` as a year.
std::optional<int> year_in(const std::string& s) {
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    bool digits = true;
    for (std::size_t k = 0; k < 4; ++k) digits = digits && std::isdigit(static_cast<unsigned char>(s[i + k]));
    if (digits) return std::stoi(s.substr(i, 4));
  }
  return std::nullopt;
}

std::optional<int> pub_year(const xmlNode* journal) {
  const xmlNode* date = child(child(journal, "JournalIssue"), "PubDate");
  if (const xmlNode* y = child(date, "Year")) return year_in(text(y));
  if (const xmlNode* m = child(date, "MedlineDate")) return year_in(text(m));
  return std::nullopt;
}

bool is_retracted(const xmlNode* article, const xmlNode* citation) {
  for (const xmlNode* t = child(child(article, "PublicationTypeList"), "PublicationType"); t; t = t->next)
    if (is(t, "PublicationType") && text(t) == "Retracted Publication") return true;
  for (const xmlNode* c = child(child(citation, "CommentsCorrectionsList"), "CommentsCorrections"); c;
       c = c->next)
    if (is(c, "CommentsCorrections") && attr(c, "RefType") == "RetractionIn") return true;
  return false;
}

std::string doi_of(const xmlNode* pubmed_article) {
  const xmlNode* ids = child(child(pubmed_article, "PubmedData"), "ArticleIdList");
  for (const xmlNode* id = child(ids, "ArticleId"); id; id = id->next)
    if (is(id, "ArticleId") && attr(id, "IdType") == "doi") return text(id);
  return {};
}

std::optional<PubmedArticle> read_article(const xmlNode* node) {
  const xmlNode* citation = child(node, "MedlineCitation");
  const xmlNode* pmid = child(citation, "PMID");
  if (!pmid) return std::nullopt;
  PubmedArticle a;
  std::string id = text(pmid);
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  a.pmid = std::stoll(id);
  const xmlNode* article = child(citation, "Article");
  const xmlNode* journal = child(article, "Journal");
  a.title = text(child(article, "ArticleTitle"));
  a.journal = text(child(journal, "Title"));
  a.iso_abbrev = text(child(journal, "ISOAbbreviation"));
  a.year = pub_year(journal);
  if (const xmlNode* d = child(article, "ArticleDate")) a.epub_year = year_in(text(child(d, "Year")));
  a.doi = doi_of(node);
  a.retracted = is_retracted(article, citation);
  long line = xmlGetLineNo(node);
  a.line = line > 0 ? static_cast<std::uint32_t>(line) : 0;
  return a;
}

}  // namespace

ParseResult parse_pubmed_xml(std::string_view bytes, const ParseOptions& options) {
  ParseResult result;
  if (bytes.size() > options.max_bytes || bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    result.errors.push_back({0, 0, "file of " + std::to_string(bytes.size()) +
                                       " bytes exceeds the limit of " +
                                       std::to_string(options.max_bytes) + " bytes"});
    return result;
  }
  install_entity_loader();
  ErrorCollector collector{&result.errors, options.max_errors};
  ErrorGuard guard(&collector);
  // No NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR/DTDVALID, no network.
  const int flags = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
  xmlDocPtr doc = xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "pubmed.xml",
                                nullptr, flags);
  if (!doc) {
    if (result.errors.empty()) result.errors.push_back({0, 0, "not well-formed XML"});
    return result;
  }
  const xmlNode* root = xmlDocGetRootElement(doc);
  if (is(root, "eFetchResult")) {
    // efetch's reply to an empty or unknown id list: well-formed, holds no article.
  } else if (!is(root, "PubmedArticleSet")) {
    result.errors.push_back({root ? static_cast<std::uint32_t>(xmlGetLineNo(root)) : 0u, 0,
                             "the root element is not <PubmedArticleSet>"});
  } else {
    for (const xmlNode* n = root->children; n; n = n->next)
      if (is(n, "PubmedArticle"))
        if (auto a = read_article(n)) result.articles.push_back(std::move(*a));
  }
  xmlFreeDoc(doc);
  return result;
}

ParseResult read_pubmed_xml(const std::filesystem::path& file, const ParseOptions& options) {
  ReadResult r = read_file(file, options.max_bytes);
  if (!r.ok()) {
    ParseResult result;
    result.errors.push_back({0, 0, r.error});
    return result;
  }
  return parse_pubmed_xml(r.content, options);
}

}  // namespace kb::pubmed
