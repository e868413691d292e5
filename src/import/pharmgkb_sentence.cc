#include "import/pharmgkb_sentence.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace kb::import {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_nucleotides(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return c == 'A' || c == 'C' || c == 'G' || c == 'T';
  });
}

// "*3", "*1A": the only named-allele shape v1 accepts (^\*[0-9]+[A-Z]?$).
bool is_star(std::string_view s) { return star_number(s).has_value(); }

std::vector<std::string_view> split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  for (;;) {
    auto p = s.find(sep);
    out.push_back(trim(s.substr(0, p)));
    if (p == std::string_view::npos) return out;
    s.remove_prefix(p + sep.size());
  }
}

// Removes "(assigned as ... phenotype)" remarks; PharmGKB adds them to star genotypes.
std::string strip_parentheticals(std::string_view s, std::vector<std::string>& notes) {
  std::string out(s);
  for (std::string_view tag : {"(assigned", "(PMID"}) {
    for (auto p = out.find(tag); p != std::string::npos; p = out.find(tag)) {
      auto close = out.find(')', p);
      if (close == std::string::npos) break;
      notes.push_back("dropped remark " + out.substr(p, close - p + 1));
      out.erase(p, close - p + 1);
      if (p > 0 && p < out.size() && out[p - 1] == ' ' && (out[p] == '/' || out[p] == ' ')) out.erase(p - 1, 1);
    }
  }
  return std::string(trim(out));
}

std::optional<std::string> expand_repeat(std::string_view t) {
  // "(TA)7" -> "TATATATATATATA": the notation spells the sequence exactly.
  auto close = t.find(')');
  if (t.size() < 4 || t[0] != '(' || close == std::string_view::npos) return std::nullopt;
  auto unit = t.substr(1, close - 1);
  auto count = t.substr(close + 1);
  if (!is_nucleotides(unit) || count.empty() || count.size() > 3 ||
      !std::all_of(count.begin(), count.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  int n = std::stoi(std::string(count));
  if (n < 1 || n > 200) return std::nullopt;
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

SentenceResult fail(std::string code, std::string message) {
  return SentenceResult{std::nullopt, SentenceError{std::move(code), std::move(message)}};
}

// Items joined by " + ": alleles unless `genotypes` (or every item holds a '/').
struct Items {
  std::vector<std::string> alleles, genotypes;
  std::string bad;  ///< the first item v1 cannot express
};

using AlleleFn = std::optional<std::string> (*)(std::string_view, std::string_view);

std::optional<std::string> locus_allele(std::string_view t, std::string_view) { return normalize_allele(t); }

// "A/B" with each side an allele of `system` (star, hla, named).
std::optional<std::string> system_genotype(std::string_view t, std::string_view system, AlleleFn allele) {
  auto slash = t.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto x = allele(t.substr(0, slash), system), y = allele(t.substr(slash + 1), system);
  if (!x || !y) return std::nullopt;
  return *x + "/" + *y;
}

// A haplotype name PharmGKB gives a gene's haplotypes: "H12", "E4", "L5".
bool is_haplotype_name(std::string_view t) {
  return t.size() >= 2 && t.size() <= 4 && t[0] >= 'A' && t[0] <= 'Z' &&
         std::all_of(t.begin() + 1, t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Named alleles (format 1.1 system named) PharmGKB writes as phrases.
struct NamedForm {
  std::string_view phrase, allele, locus;
};
constexpr NamedForm kNamedForms[] = {
    {"HTTLPR long form (L allele)", "L", "HTTLPR"},
    {"HTTLPR short form (S allele)", "S", "HTTLPR"},
    {"non-null", "non-null", "null"},
    {"null", "null", "null"},
};

}  // namespace

std::optional<std::pair<std::string, std::string>> named_form(std::string_view phrase) {
  phrase = trim(phrase);
  for (const auto& f : kNamedForms)
    if (phrase == f.phrase) return std::pair{std::string(f.allele), std::string(f.locus)};
  if (is_haplotype_name(phrase)) return std::pair{std::string(phrase), std::string("haplotype")};
  return std::nullopt;
}

namespace {

std::optional<std::string> named_allele(std::string_view t, std::string_view locus) {
  auto form = named_form(t);
  if (form && (locus.empty() || locus == form->second)) return form->first;
  return std::nullopt;
}

Items parse_items(std::string_view list, bool genotypes, std::string_view system = "",
                  AlleleFn allele = locus_allele) {
  Items it;
  for (auto tok : split(list, " + ")) {
    bool as_genotype = genotypes || tok.find('/') != std::string_view::npos;
    auto v = allele == locus_allele ? (as_genotype ? normalize_genotype(tok) : normalize_allele(tok))
             : as_genotype          ? system_genotype(tok, system, allele)
                                    : allele(tok, system);
    if (!v) {
      if (it.bad.empty()) it.bad = std::string(tok);
      continue;
    }
    auto& dest = as_genotype ? it.genotypes : it.alleles;
    if (std::find(dest.begin(), dest.end(), *v) == dest.end()) dest.push_back(*v);
  }
  return it;
}

bool is_gene_word(std::string_view w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0])) &&
         std::all_of(w.begin(), w.end(), [](char c) {
           return std::isupper(static_cast<unsigned char>(c)) ||
                  std::isdigit(static_cast<unsigned char>(c)) || c == '-';
         });
}

// "SLC6A4 HTTLPR short form (S allele)", "GSTM1 null/null" (named alleles) or
// "CYP2D6 poor metabolizers" (gene phenotypes); `rest` is what follows the gene.
std::optional<SentenceError> parse_gene_phrase(const std::string& s, std::string_view rest, Subject& out,
                                               std::vector<std::string>& notes) {
  std::string locus;
  for (auto tok : split(rest, " + "))
    for (auto side : split(tok, "/"))
      if (auto form = named_form(side); form && locus.empty()) locus = form->second;
  if (!locus.empty()) {
    Items items = parse_items(rest, false, locus, named_allele);
    if (!items.bad.empty())
      return SentenceError{"allele-not-v1", "'" + items.bad + "' in '" + s + "' is not a named allele of " + locus};
    if (!items.alleles.empty() && !items.genotypes.empty())
      return SentenceError{"mixed-subject", "'" + s + "' mixes alleles and genotypes"};
    out.system = "named";
    out.named_locus = locus;
    out.alleles = std::move(items.alleles);
    out.genotypes = std::move(items.genotypes);
    return std::nullopt;
  }
  if (auto terms = cpic_terms(rest, notes)) {
    out.phenotypes = std::move(*terms);
    return std::nullopt;
  }
  return SentenceError{"phenotype-not-cpic", "subject '" + s +
                                                 "' names a gene phenotype or haplotype with no CPIC term "
                                                 "(ultrarapid/rapid/normal/intermediate/poor metabolizer)"};
}

// "Allele A", "Genotypes AA + AG", "CYP2C9 *1/*3 + *3/*3", "CYP2C19 *2 + *3".
std::optional<SentenceError> parse_subject(std::string_view text, Subject& out,
                                           std::vector<std::string>& notes) {
  std::string s = strip_parentheticals(text, notes);
  std::string_view v = s;
  bool genotypes = false;
  // "Allele A" in subjects, "allele G" in comparisons.
  std::string head = lower(v.substr(0, v.find(' ')));
  if (head == "alleles" || head == "allele") {
    v.remove_prefix(v.find(' ') + 1);
  } else if (head == "genotypes" || head == "genotype") {
    v.remove_prefix(v.find(' ') + 1);
    genotypes = true;
    if (v.find('*') != std::string_view::npos && v.find('/') == std::string_view::npos)
      return SentenceError{"ambiguous-genotypes",
                           "'" + s + "' lists star alleles as genotypes without pairs"};
  } else {
    auto sp = v.find(' ');
    std::string_view gene = v.substr(0, sp);
    std::string_view rest = sp == std::string_view::npos ? "" : trim(v.substr(sp + 1));
    if (!is_gene_word(gene) || rest.empty())
      return SentenceError{"not-an-allele",
                           "subject '" + s + "' names a phenotype or haplotype, not alleles"};
    out.gene = std::string(gene);
    if (!rest.starts_with('*')) return parse_gene_phrase(s, rest, out, notes);
    out.system = gene.starts_with("HLA-") ? "hla" : "star";
    v = rest;
  }
  Items items = out.system.empty() ? parse_items(v, genotypes)
                                   : parse_items(v, genotypes, out.system, normalize_system_allele);
  if (!items.bad.empty())
    return SentenceError{"allele-not-v1", "'" + items.bad + "' in '" + s +
                                              "' is not an allele the import can write (nucleotides, -, *N; "
                                              "star *1xN; HLA *58:01)"};
  if (!items.alleles.empty() && !items.genotypes.empty())
    return SentenceError{"mixed-subject", "'" + s + "' mixes alleles and genotypes"};
  out.alleles = std::move(items.alleles);
  out.genotypes = std::move(items.genotypes);
  if (out.alleles.empty() && out.genotypes.empty())
    return SentenceError{"not-an-allele", "no allele or genotype in '" + s + "'"};
  return std::nullopt;
}

// "allele G", "genotypes AG + GG", "CYP2C9 *1/*1": nothing (and a note) otherwise.
std::optional<Comparison> parse_comparison(std::string_view text,
                                           std::vector<std::string>& notes) {
  std::vector<std::string> ignored;
  std::string s = strip_parentheticals(text, ignored);
  Subject sub;
  if (auto err = parse_subject(s, sub, ignored)) {
    notes.push_back("comparison '" + s + "' is not expressible in v1; kept in summary only");
    return std::nullopt;
  }
  Comparison c;
  if (!sub.phenotypes.empty()) c.phenotypes = sub.phenotypes;
  else if (!sub.genotypes.empty()) c.genotypes = sub.genotypes;
  else if (sub.alleles.size() == 1) c.allele = sub.alleles[0];
  else {
    notes.push_back("comparison '" + s + "' names several alleles; kept in summary only");
    return std::nullopt;
  }
  return c;
}

// Whether `word` occurs in `hay` (lower case) as a whole word.
bool has_word(const std::string& hay, std::string_view word) {
  for (auto p = hay.find(word); p != std::string::npos; p = hay.find(word, p + 1)) {
    bool start = p == 0 || !std::isalnum(static_cast<unsigned char>(hay[p - 1]));
    auto end = p + word.size();
    bool stop = end == hay.size() || !std::isalnum(static_cast<unsigned char>(hay[end]));
    if (start && stop) return true;
  }
  return false;
}

// "people with Asthma", "women with Breast Neoplasms", "healthy individuals".
SentenceContext parse_context(std::string_view text) {
  SentenceContext c;
  c.population = std::string(text);
  auto with = text.find(" with ");
  std::string first = lower(text.substr(0, text.find(' ')));
  if (first == "women" || first == "woman" || first == "girls") c.sex = "female";
  if (first == "men" || first == "man" || first == "boys") c.sex = "male";
  if (with != std::string_view::npos) c.condition = std::string(trim(text.substr(with + 6)));
  c.qualifiers = context_qualifiers(text);
  return c;
}

// Earliest case-insensitive occurrence of any chemical name in `rest`.
std::size_t find_chemical(std::string_view rest, const std::vector<std::string>& chemicals) {
  std::string hay = lower(rest);
  std::size_t best = std::string::npos;
  for (const auto& c : chemicals) {
    if (c.empty()) continue;
    auto p = hay.find(lower(c));
    // The name must start a word ("of warfarin", not "...warfarin" inside a word).
    while (p != std::string::npos && p > 0 && std::isalnum(static_cast<unsigned char>(hay[p - 1])))
      p = hay.find(lower(c), p + 1);
    best = std::min(best, p);
  }
  return best;
}

// Splits "dose of warfarin" into the phenotype ("dose") and where the drug starts.
bool split_phenotype(std::string_view rest, const std::vector<std::string>& chemicals,
                     ParsedSentence& out, std::size_t& drug_start) {
  static constexpr std::string_view kPrepositions[] = {" of ", " to ", " for ", " with "};
  std::size_t p = find_chemical(rest, chemicals);
  if (p != std::string::npos) {
    std::string_view head = trim(rest.substr(0, p));
    for (auto prep : kPrepositions) {
      auto word = trim(prep);
      if (head.size() > word.size() && head.ends_with(word) &&
          head[head.size() - word.size() - 1] == ' ') {
        head = trim(head.substr(0, head.size() - word.size()));
        break;
      }
    }
    out.phenotype = std::string(head);
    out.drug_matched = true;
    drug_start = p;
    return !head.empty();
  }
  // The sentence names the drug differently from the Chemical column: split at the
  // first preposition and trust the column.
  std::size_t best = std::string::npos, len = 0;
  for (auto prep : kPrepositions) {
    auto q = rest.find(prep);
    if (q < best) best = q, len = prep.size();
  }
  if (best == std::string::npos || best == 0) return false;
  out.phenotype = std::string(trim(rest.substr(0, best)));
  drug_start = best + len;
  return true;
}

// "A/C" and "C/A" are one unphased genotype.
std::string unordered(const std::string& g) {
  auto slash = g.find('/');
  std::string a = g.substr(0, slash), b = g.substr(slash + 1);
  return a < b ? a + "/" + b : b + "/" + a;
}

// Whether the comparison names a subject allele or genotype (a PharmGKB typo such as
// "Genotype AA ... as compared to genotypes AA + AC"): such a comparison means nothing.
bool overlaps(const Subject& s, const Comparison& c) {
  for (const auto& v : s.phenotypes)
    if (std::find(c.phenotypes.begin(), c.phenotypes.end(), v) != c.phenotypes.end()) return true;
  for (const auto& a : s.alleles)
    if (a == c.allele) return true;
  for (const auto& g : s.genotypes)
    for (const auto& h : c.genotypes)
      if (unordered(g) == unordered(h)) return true;
  return false;
}

}  // namespace

std::string_view direction_name(Direction d) {
  switch (d) {
    case Direction::kIncreased: return "increased";
    case Direction::kDecreased: return "decreased";
    case Direction::kAssociated: return "associated";
    case Direction::kNoAssociation: break;
  }
  return "no-association";
}

std::map<std::string, std::string> context_qualifiers(std::string_view population) {
  std::map<std::string, std::string> q;
  std::string t = lower(population);
  // PharmGKB tags postmenopausal cohorts with the MeSH term "Menopause".
  if (has_word(t, "premenopausal") || has_word(t, "pre-menopausal")) q["menopausal-status"] = "premenopausal";
  else if (has_word(t, "perimenopausal") || has_word(t, "peri-menopausal")) q["menopausal-status"] = "perimenopausal";
  else if (has_word(t, "postmenopausal") || has_word(t, "post-menopausal") || has_word(t, "menopause"))
    q["menopausal-status"] = "postmenopausal";
  if (has_word(t, "metastasis") || has_word(t, "metastatic")) q["disease-stage"] = "metastatic";
  else if (has_word(t, "locally advanced")) q["disease-stage"] = "locally-advanced";
  std::string first = t.substr(0, t.find(' '));
  if (first == "children" || first == "infants" || first == "neonates" || first == "adolescents")
    q["age-group"] = "pediatric";
  else if (first == "adults") q["age-group"] = "adult";
  else if (has_word(t, "elderly")) q["age-group"] = "older-adult";
  return q;
}

std::optional<int> star_number(std::string_view s) {
  if (s.size() < 2 || s[0] != '*') return std::nullopt;
  std::size_t i = 1;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 1) return std::nullopt;
  bool suffix_ok = i == s.size() || (i + 1 == s.size() && s[i] >= 'A' && s[i] <= 'Z');
  if (!suffix_ok) return std::nullopt;
  int n = 0;
  // No nomenclature numbers alleles beyond int; such a token ("*99999999999") is refused
  // here, so its row is reported instead of overflowing when alleles are sorted.
  if (std::from_chars(s.data() + 1, s.data() + i, n).ec != std::errc()) return std::nullopt;
  return n;
}

std::optional<std::string> normalize_allele(std::string_view token) {
  token = trim(token);
  if (token == "del" || token == "DEL" || token == "-") return std::string("-");
  if (is_nucleotides(token) || is_star(token)) return std::string(token);
  return expand_repeat(token);
}

std::optional<std::string> normalize_system_allele(std::string_view token, std::string_view system) {
  token = trim(token);
  if (token.size() < 2 || token[0] != '*') return std::nullopt;
  std::size_t i = 1;
  auto digits = [&] {
    std::size_t from = i;
    while (i < token.size() && std::isdigit(static_cast<unsigned char>(token[i]))) ++i;
    return i - from;
  };
  if (system == "hla") {
    // *58:01, *57:01:01, *06:02:01:01, expression suffix N L S Q.
    if (digits() < 2) return std::nullopt;
    int fields = 0;
    while (i < token.size() && token[i] == ':') {
      ++i;
      if (digits() < 2) return std::nullopt;
      ++fields;
    }
    if (i < token.size() && std::string_view("NLSQ").find(token[i]) != std::string_view::npos) ++i;
    if (fields < 1 || fields > 3 || i != token.size()) return std::nullopt;
    return std::string(token);
  }
  if (system != "star") return std::nullopt;
  // *2, *2A, *2.001, *1x2, *2xN.
  if (digits() == 0) return std::nullopt;
  if (i < token.size() && token[i] >= 'A' && token[i] <= 'Z') ++i;
  if (i < token.size() && token[i] == '.') {
    ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i < token.size() && token[i] == 'x') {
    ++i;
    if (i < token.size() && token[i] == 'N') ++i;
    else if (digits() == 0) return std::nullopt;
  }
  if (i != token.size()) return std::nullopt;
  return std::string(token);
}

std::optional<std::vector<std::string>> cpic_terms(std::string_view phrase, std::vector<std::string>& notes) {
  std::string p = lower(trim(phrase));
  for (std::string_view tail : {" genotypes", " genotype", " phenotypes", " phenotype"})
    if (p.ends_with(tail)) p.erase(p.size() - tail.size());
  for (std::string_view plural : {"metabolizers", "metabolisers"})
    for (auto at = p.find(plural); at != std::string::npos; at = p.find(plural))
      p.replace(at, plural.size(), "metabolizer");
  static constexpr std::pair<std::string_view, std::string_view> kTerms[] = {
      {"ultrarapid metabolizer", "ultrarapid metabolizer"}, {"ultra-metabolizer", "ultrarapid metabolizer"},
      {"ultra-rapid metabolizer", "ultrarapid metabolizer"}, {"rapid metabolizer", "rapid metabolizer"},
      {"normal metabolizer", "normal metabolizer"},         {"extensive metabolizer", "normal metabolizer"},
      {"intermediate metabolizer", "intermediate metabolizer"}, {"poor metabolizer", "poor metabolizer"},
      {"likely intermediate metabolizer", "likely intermediate metabolizer"},
      {"likely poor metabolizer", "likely poor metabolizer"}};
  std::vector<std::string> out;
  auto parts = split(p, " and ");
  for (std::size_t k = 0; k < parts.size(); ++k) {
    std::string part(parts[k]);
    // "poor and ultrarapid metabolizers": the last part's noun applies to the earlier ones.
    if (part.find("metabolizer") == std::string::npos) part += " metabolizer";
    auto hit = std::find_if(std::begin(kTerms), std::end(kTerms), [&](const auto& t) { return t.first == part; });
    if (hit == std::end(kTerms)) return std::nullopt;
    if (hit->first != hit->second)
      notes.push_back("PharmGKB's '" + std::string(hit->first) + "' is CPIC's '" + std::string(hit->second) + "'");
    if (std::find(out.begin(), out.end(), hit->second) == out.end()) out.emplace_back(hit->second);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<std::string> normalize_genotype(std::string_view token) {
  token = trim(token);
  std::string_view a, b;
  if (auto slash = token.find('/'); slash != std::string_view::npos) {
    a = token.substr(0, slash);
    b = token.substr(slash + 1);
  } else if (token.size() == 2 && is_nucleotides(token)) {
    a = token.substr(0, 1);
    b = token.substr(1, 1);
  } else {
    return std::nullopt;  // "DEL", "77", "CTTCTT": the split is a guess
  }
  auto x = normalize_allele(a), y = normalize_allele(b);
  if (!x || !y) return std::nullopt;
  return *x + "/" + *y;
}

SentenceResult parse_sentence(std::string_view sentence,
                              const std::vector<std::string>& chemicals) {
  std::string_view s = trim(sentence);
  if (s.ends_with('.')) s.remove_suffix(1);
  s = trim(s);
  static constexpr std::string_view kVerbs[] = {" is not associated with ", " are not associated with ",
                                                " is associated with ", " are associated with "};
  std::size_t at = std::string_view::npos, verb_len = 0;
  bool negated = false;
  for (auto v : kVerbs) {
    auto p = s.find(v);
    if (p < at) at = p, verb_len = v.size(), negated = v.find(" not ") != std::string_view::npos;
  }
  if (at == std::string_view::npos)
    return fail("unparsed-sentence", "no 'is/are (not) associated with' in the sentence");
  ParsedSentence out;
  if (auto err = parse_subject(s.substr(0, at), out.subject, out.notes))
    return SentenceResult{std::nullopt, *err};

  std::string_view rest = s.substr(at + verb_len);
  std::optional<Direction> dir;
  if (rest.starts_with("increased ")) dir = Direction::kIncreased, rest.remove_prefix(10);
  else if (rest.starts_with("decreased ")) dir = Direction::kDecreased, rest.remove_prefix(10);
  if (negated) dir = Direction::kNoAssociation;
  // Format 1.1: "is associated with response to X" says there is an association, not its way.
  if (!dir) dir = Direction::kAssociated;
  out.direction = *dir;

  // Tail: "<drug>[ in <context>][ as compared to <comparison>]".
  std::string_view compared;
  if (auto p = rest.rfind(" as compared to "); p != std::string_view::npos) {
    compared = trim(rest.substr(p + 16));
    rest = rest.substr(0, p);
  }
  std::size_t drug_start = 0;
  if (!split_phenotype(rest, chemicals, out, drug_start))
    return fail("unparsed-sentence", "cannot find the phenotype and drug in '" + std::string(rest) + "'");
  std::string_view drug = rest.substr(drug_start);
  if (auto p = drug.find(" in "); p != std::string_view::npos) {
    out.context = parse_context(trim(drug.substr(p + 4)));
    drug = drug.substr(0, p);
  }
  out.drug_text = std::string(trim(drug));
  if (!compared.empty()) out.compared = parse_comparison(compared, out.notes);
  if (out.compared && overlaps(out.subject, *out.compared)) {
    out.notes.push_back("comparison '" + std::string(compared) +
                        "' includes the subject itself; kept in summary only");
    out.compared.reset();
  }
  return SentenceResult{std::move(out), {}};
}

}  // namespace kb::import
