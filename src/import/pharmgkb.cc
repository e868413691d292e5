#include "import/pharmgkb.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <set>
#include <sstream>

#include "import/interrupt.h"
#include "import/kb_writer.h"
#include "import/pharmgkb_notes.h"
#include "import/pharmgkb_repeats.h"
#include "import/test_hooks.h"
#include "support/text.h"

namespace kb::import {
namespace {

// The columns the import reads, by header name (their order may change between releases).
enum Column { kAnnotation, kVariant, kGene, kChemical, kPmid, kCategory, kSignificance,
              kNotes, kSentence, kAlleles, kColumnCount };
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "Annotation ID", "Variant", "Gene", "Chemical", "Literature Id", "Phenotype Category",
    "Significance", "Notes", "Sentence", "Alleles"};

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  for (;;) {
    auto p = line.find('\t');
    out.push_back(line.substr(0, p));
    if (p == std::string_view::npos) return out;
    line.remove_prefix(p + 1);
  }
}

bool is_gene_symbol(std::string_view s) {
  return !s.empty() && s[0] >= 'A' && s[0] <= 'Z' &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
         });
}

bool is_rsid(std::string_view s) {
  return s.size() > 2 && s.starts_with("rs") &&
         std::all_of(s.begin() + 2, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// A free-text cell PharmGKB wrapped CSV-style ("say ""x""") as plain text.
std::string unquote_cell(std::string_view cell) {
  if (cell.size() < 2 || cell.front() != '"' || cell.back() != '"') return std::string(cell);
  std::string out;
  cell = cell.substr(1, cell.size() - 2);
  for (std::size_t i = 0; i < cell.size(); ++i) {
    out += cell[i];
    if (cell[i] == '"' && i + 1 < cell.size() && cell[i + 1] == '"') ++i;
  }
  return out;
}

/// "warfarin (PA451906)" -> name and PharmGKB accession.
std::pair<std::string, std::string> split_accession(std::string_view item) {
  auto open = item.rfind(" (PA");
  if (open != std::string_view::npos && item.ends_with(')')) {
    auto acc = item.substr(open + 2, item.size() - open - 3);
    if (all_digits(acc.substr(2))) return {std::string(item.substr(0, open)), std::string(acc)};
  }
  return {std::string(item), ""};
}

/// The locus a row is about: an rsID, a gene's star/HLA/named allele system, or (empty
/// id) a gene phenotype.
struct Locus {
  std::string id, gene, rsid;
  std::string system;  ///< star | hla | named, empty for an rsID or a gene phenotype
};

/// The locus from the sentence's subject (which names the gene when it is not an rsID's
/// allele) and the Variant cell.
std::optional<Locus> find_locus(std::string_view cell, const Subject& subject, std::string& code, std::string& why) {
  if (subject.gene.empty()) {
    if (is_rsid(cell)) return Locus{std::string(cell), "", std::string(cell), ""};
    code = cell.find('*') != std::string_view::npos ? "allele-locus-mismatch" : "variant-not-v1";
    why = code == "variant-not-v1"
              ? "variant '" + std::string(cell) + "' is not an rsID and the sentence names no gene's allele or phenotype"
              : "the sentence's subject does not name alleles of variant '" + std::string(cell) + "'";
    return std::nullopt;
  }
  const std::string& gene = subject.gene;
  if (!is_gene_symbol(gene)) {
    code = "variant-not-v1";
    why = "gene '" + gene + "' of the sentence's subject is not an HGNC-style symbol";
    return std::nullopt;
  }
  // The Variant cell must name the same gene ("CYP2D6*4", "CYP2D6 haplotype", "CYP2D6 poor metabolizers").
  bool named = false;
  for (const auto& tok : split_pharmgkb_list(cell)) {
    if (!tok.starts_with(gene)) continue;
    std::string_view rest = std::string_view(tok).substr(gene.size());
    // "ADRB1H2": PharmGKB writes some haplotype cells without the space.
    if (rest.empty() || rest[0] == '*' || rest[0] == ' ' || named_form(rest)) named = true;
  }
  if (!named) {
    code = "allele-locus-mismatch";
    why = "the sentence's subject does not name alleles of variant '" + std::string(cell) + "'";
    return std::nullopt;
  }
  if (!subject.phenotypes.empty()) return Locus{"", gene, "", ""};
  std::string site = subject.system == "named" ? subject.named_locus : subject.system;
  return Locus{gene + ":" + site, gene, "", subject.system};
}

/// Status and level from PharmGKB's significance and the sentence's direction.
struct Grade {
  std::string status, level;
};

Grade grade(std::string_view significance, Direction d) {
  // "not stated": the paper gives no significance; curators must look before accepting.
  if (significance == "not stated") return {"submitted", "4"};
  // "no" with a direction: a non-significant trend stated as an effect; flag for review.
  if (significance == "no" && d != Direction::kNoAssociation) return {"submitted", "3"};
  return {"accepted", "3"};
}

std::string pick_category(const std::vector<std::string>& listed, const std::string& phrase) {
  std::vector<std::string> mapped;
  for (const auto& c : listed)
    if (auto m = map_category(c)) mapped.push_back(*m);
  std::string implied = category_of_phrase(phrase);
  if (mapped.size() == 1) return mapped[0];
  // Several listed: the one the phenotype phrase implies, else the first listed.
  if (!implied.empty() && std::find(mapped.begin(), mapped.end(), implied) != mapped.end())
    return implied;
  if (!mapped.empty()) return mapped[0];
  return implied.empty() ? "other" : implied;
}

/// Per-variant facts collected over all rows before the variant is written.
struct VariantAcc {
  Locus locus;
  std::vector<std::string> first_seen;
  std::map<std::string, int> baseline;
  std::string gene;        ///< from a row naming exactly one gene, else the first named
  bool single_gene = false;
};

void note_allele(VariantAcc& v, const std::string& a) {
  if (std::find(v.first_seen.begin(), v.first_seen.end(), a) == v.first_seen.end())
    v.first_seen.push_back(a);
}

void note_genotype(VariantAcc& v, const std::string& g) {
  auto slash = g.find('/');
  note_allele(v, g.substr(0, slash));
  note_allele(v, g.substr(slash + 1));
}

/// The alleles a Variant cell names for `locus` (star/HLA "GENE*X", named "GENE phrase").
std::vector<std::string> variant_cell_alleles(std::string_view cell, const Locus& locus) {
  std::vector<std::string> out;
  for (const auto& tok : split_pharmgkb_list(cell)) {
    if (!tok.starts_with(locus.gene) || tok.size() <= locus.gene.size()) continue;
    std::string_view rest = std::string_view(tok).substr(locus.gene.size());
    std::optional<std::string> a;
    if (locus.system == "named") {
      auto form = named_form(rest);  // "ABCC2 H12", or "ADRB1H2" without the space
      if (form && locus.id == locus.gene + ":" + form->second) a = form->first;
    } else if (locus.system != "named" && rest.starts_with('*')) {
      a = normalize_system_allele(rest, locus.system);
    }
    if (a) out.push_back(*a);
  }
  return out;
}

/// The reference-first allele order of a variant: star alleles by number (*1 first, *1xN
/// after *1), named alleles with the unaffected form first (L, non-null), others (and
/// haplotypes "H1", "E3") by order_alleles (the allele PharmGKB compares against first).
std::vector<std::string> ordered_alleles(const VariantAcc& acc) {
  if (acc.locus.system == "star") {
    std::vector<std::string> out = acc.first_seen;
    auto key = [](const std::string& a) {
      int n = std::numeric_limits<int>::max();
      auto end = a.data() + a.size();
      auto [p, ec] = std::from_chars(a.data() + 1, end, n);
      if (ec != std::errc()) n = std::numeric_limits<int>::max();
      return std::pair{n, a};
    };
    std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
    return out;
  }
  if (acc.locus.system == "named" && !acc.locus.id.ends_with(":haplotype")) {
    std::vector<std::string> out = acc.first_seen;
    auto rank = [](const std::string& a) { return a == "L" || a == "non-null" ? 0 : 1; };
    std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    return out;
  }
  return order_alleles(acc.first_seen, acc.baseline);
}

/// Drops a comparison of the other subject kind (alleles against metabolizer groups).
void fit_comparison(ParsedSentence& s) {
  if (!s.compared) return;
  bool phenotype_subject = !s.subject.phenotypes.empty();
  if (phenotype_subject == !s.compared->phenotypes.empty()) return;
  s.notes.push_back("the comparison is not the subject's kind (alleles vs gene phenotypes); kept in summary only");
  s.compared.reset();
}

/// "EV" + annotation id + the two-digit number (from 1) of the row's record.
std::string evidence_id(const std::string& annotation, std::size_t n) {
  return "EV" + annotation + (n < 10 ? "0" : "") + std::to_string(n);
}

/// What every evidence record of one row shares.
struct RowClaim {
  std::string variant, phenotype, category, summary, note;
  std::int64_t pmid = 0;
  Grade grade;
};

/// A row converted as far as it can be before variants are final. Its records wait in the
/// EvidenceStore under handles first_handle .. first_handle + records - 1.
struct PendingRow {
  std::size_t report_index = 0;
  std::size_t first_handle = 0;
  std::size_t records = 0;
  std::string variant;  ///< empty for gene-phenotype records
  std::string gene;     ///< the subject's gene (gene-phenotype records' directory)
  std::string split_detail;
};

/// A row skipped for repeat counts without their unit ("Genotype 77"), kept until every
/// row is read: other rows of its rsID may spell the unit (pharmgkb_repeats.h).
struct CountRow {
  std::size_t report_index = 0;
  std::string rsid;
  std::string line;
};

/// A sentence convert() reads in place of the row's own (the summary keeps the row's),
/// and why, for the curation note.
struct SentenceRewrite {
  std::string_view original;
  std::string why;
};

class Converter {
 public:
  Converter(ImportResult& result, EvidenceStore& store, const ImportOptions& options)
      : r_(result), store_(store), options_(options) {}

  void row(std::size_t number, std::string_view line, const std::array<std::size_t, kColumnCount>& col,
           std::size_t ncols);
  void finish();

 private:
  void skip(RowReport& rep, std::string code, std::string detail) {
    rep.outcome = "skipped";
    rep.code = std::move(code);
    rep.detail = std::move(detail);
  }
  std::string drug_id(const std::string& name, const std::string& pa);
  void defer_counts(std::string_view line, const std::vector<std::string_view>& f,
                    const std::array<std::size_t, kColumnCount>& col);
  void resolve_counts(const std::array<std::size_t, kColumnCount>& col);
  std::map<std::string, std::vector<DbsnpSite>> lookup_dbsnp();
  std::map<std::string, std::string> build_variants();
  void count_dbsnp(const DbsnpVerdict& v, const std::string& id);
  std::string unused_drug_id(const std::string& slug, const std::string& suffix) const;
  void convert(RowReport& rep, const std::vector<std::string_view>& f,
               const std::array<std::size_t, kColumnCount>& col, const SentenceRewrite* rewrite = nullptr);
  void note_variant(const Locus& locus, const ParsedSentence& s, std::string_view gene_cell,
                    std::string_view variant_cell);
  std::string group_id(const std::vector<std::pair<std::string, std::string>>& chems);
  std::vector<EvidenceOut> make_records(const std::string& annotation, const RowClaim& claim,
                                        const ParsedSentence& s,
                                        const std::vector<std::pair<std::string, std::string>>& chems,
                                        const std::vector<std::string>& subjects);

  ImportResult& r_;
  EvidenceStore& store_;
  const ImportOptions& options_;
  std::map<std::string, VariantAcc> acc_;
  std::set<std::string> completed_;  ///< variants whose alleles dbSNP completed
  std::vector<PendingRow> pending_;
  std::vector<CountRow> count_rows_;
  std::map<std::string, std::set<std::string>> repeat_units_;  ///< rsID -> units its rows spell
  std::optional<std::array<std::size_t, kColumnCount>> col_;  ///< the header's columns
  std::size_t report_index_ = 0;  ///< the row convert() works on
  std::map<std::string, std::string> drug_by_pa_;  ///< accession (or name) -> id
  std::map<std::string, std::size_t> annotation_row_;  ///< annotation id -> first row using it
};

std::string Converter::drug_id(const std::string& name, const std::string& pa) {
  std::string key = pa.empty() ? "name:" + name : pa;
  if (auto it = drug_by_pa_.find(key); it != drug_by_pa_.end()) return it->second;
  std::string slug = slugify(name);
  std::string suffix = pa.empty() ? "" : "-" + slugify(pa);
  if (slug.empty()) slug = pa.empty() ? "drug" : slugify(pa);
  std::string id = unused_drug_id(slug, suffix);
  r_.drugs[id] = DrugOut{id, name, pa, {}};
  drug_by_pa_[key] = id;
  return id;
}

/// The drug group of pooled chemicals (members: their drug ids), one per member set.
std::string Converter::group_id(const std::vector<std::pair<std::string, std::string>>& chems) {
  std::vector<std::string> members;
  std::string name, key = "group:";
  for (const auto& c : chems) {
    members.push_back(drug_id(c.first, c.second));
    name += (name.empty() ? "" : members.size() == chems.size() ? " or " : ", ") + c.first;
  }
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  for (const auto& m : members) key += m + ",";
  if (auto it = drug_by_pa_.find(key); it != drug_by_pa_.end()) return it->second;
  std::string slug = slugify(name + " pooled");
  std::string id = unused_drug_id(slug.empty() ? "drug-group" : slug, "");
  r_.drugs[id] = DrugOut{id, name + " (pooled)", "", members};
  drug_by_pa_[key] = id;
  return id;
}

/// `slug` when free; else `slug` + `suffix` (the accession), else numbered until free.
std::string Converter::unused_drug_id(const std::string& slug, const std::string& suffix) const {
  if (!r_.drugs.count(slug)) return slug;
  // Two chemicals whose names slug alike keep distinct ids through their accession.
  std::string base = slug + suffix;
  if (!suffix.empty() && !r_.drugs.count(base)) return base;
  // A numbered id may be taken too ("warfarin 2" slugs to "warfarin-2"): count on until free.
  std::string id;
  for (std::size_t n = r_.drugs.size();; ++n)
    if (id = base + "-" + std::to_string(n); !r_.drugs.count(id)) return id;
}

void Converter::row(std::size_t number, std::string_view line,
                    const std::array<std::size_t, kColumnCount>& col, std::size_t ncols) {
  RowReport& rep = r_.rows.emplace_back();
  rep.row = number;
  auto f = split_tabs(line);
  if (f.size() > col[kAnnotation]) rep.annotation = std::string(f[col[kAnnotation]]);
  if (f.size() != ncols)
    return skip(rep, "bad-row", std::to_string(f.size()) + " fields, the header has " + std::to_string(ncols));
  if (auto bad = find_invalid_utf8(line))
    return skip(rep, "invalid-utf8", "byte " + std::to_string(*bad) + " of the row is not UTF-8");
  col_ = col;
  report_index_ = r_.rows.size() - 1;
  convert(rep, f, col);
  if (rep.code == "allele-not-v1") defer_counts(line, f, col);
  if (std::string_view v = f[col[kVariant]]; is_rsid(v))
    if (auto units = repeat_units_in(f[col[kSentence]]); !units.empty()) repeat_units_[std::string(v)].merge(units);
}

/// Keeps a row whose sentence gives bare repeat counts of one rsID for resolve_counts.
void Converter::defer_counts(std::string_view line, const std::vector<std::string_view>& f,
                             const std::array<std::size_t, kColumnCount>& col) {
  std::string_view variant = f[col[kVariant]];
  if (!is_rsid(variant) || !expand_repeat_counts(f[col[kSentence]], "N")) return;
  count_rows_.push_back({report_index_, std::string(variant), std::string(line)});
}

/// Converts the deferred count rows whose rsID's other rows spell exactly one repeat
/// unit, with the counts written in it; the others stay skipped, saying why.
void Converter::resolve_counts(const std::array<std::size_t, kColumnCount>& col) {
  for (const auto& cr : count_rows_) {
    const std::set<std::string>& units = repeat_units_[cr.rsid];
    RowReport& rep = r_.rows[cr.report_index];
    if (units.size() != 1) {
      rep.detail += units.empty() ? "; no other row of " + cr.rsid + " spells the repeat unit"
                                  : "; other rows of " + cr.rsid + " spell more than one repeat unit";
      continue;
    }
    auto f = split_tabs(cr.line);
    std::string sentence = *expand_repeat_counts(f[col[kSentence]], *units.begin());
    SentenceRewrite rewrite{f[col[kSentence]], "the sentence's repeat counts are read as (" + *units.begin() +
                                                   ")n, the unit other rows of " + cr.rsid + " spell"};
    f[col[kSentence]] = sentence;
    annotation_row_.erase(rep.annotation);  // the first attempt registered it
    rep = RowReport{rep.row, rep.annotation, "", 0, "", ""};
    report_index_ = cr.report_index;
    convert(rep, f, col, &rewrite);
  }
}

void Converter::convert(RowReport& rep, const std::vector<std::string_view>& f,
                        const std::array<std::size_t, kColumnCount>& col, const SentenceRewrite* rewrite) {
  if (!all_digits(rep.annotation) || rep.annotation.size() > 15)
    return skip(rep, "bad-annotation-id", "annotation id '" + rep.annotation + "' is not a number");
  // Evidence ids derive from the annotation id, so a repeat would write a duplicate id;
  // the first row keeps it whatever becomes of that row.
  if (auto [first, fresh] = annotation_row_.try_emplace(rep.annotation, rep.row); !fresh)
    return skip(rep, "duplicate-annotation", "annotation id " + rep.annotation +
                                                 " is already used by row " + std::to_string(first->second));
  std::int64_t pmid = 0;
  auto pm = f[col[kPmid]];
  if (auto [p, ec] = std::from_chars(pm.data(), pm.data() + pm.size(), pmid);
      ec != std::errc() || p != pm.data() + pm.size() || pmid < 1)
    return skip(rep, "no-pmid", "Literature Id '" + std::string(pm) + "' is not a PMID");
  std::vector<std::pair<std::string, std::string>> chems;
  for (const auto& c : split_pharmgkb_list(f[col[kChemical]])) chems.push_back(split_accession(c));
  if (chems.empty()) return skip(rep, "no-chemical", "the Chemical column is empty");

  std::vector<std::string> names;
  for (const auto& c : chems) names.push_back(c.first);
  auto parsed = parse_sentence(f[col[kSentence]], names);
  if (!parsed.value) return skip(rep, parsed.error.code, parsed.error.message);
  ParsedSentence& s = *parsed.value;

  std::string code, why;
  auto locus = find_locus(f[col[kVariant]], s.subject, code, why);
  if (!locus) return skip(rep, code, why);
  fit_comparison(s);
  std::string notes_text = unquote_cell(f[col[kNotes]]);
  if (auto status = notes_menopausal_status(notes_text); !status.empty() &&
      s.context.qualifiers.emplace("menopausal-status", status).second)
    s.notes.push_back("menopausal-status " + status + " from the figures in the Notes");
  if (auto endpoint = endpoint_from_notes(notes_text); !endpoint.empty()) s.context.qualifiers["endpoint"] = endpoint;

  if (locus->id.empty()) r_.genes.try_emplace(locus->gene, GeneOut{locus->gene});
  else note_variant(*locus, s, f[col[kGene]], f[col[kVariant]]);

  std::vector<std::string> listed;
  for (const auto& c : split_pharmgkb_list(f[col[kCategory]])) listed.push_back(c);
  std::string category = pick_category(listed, s.phenotype);
  std::string pheno = slugify(s.phenotype);
  if (pheno.empty()) return skip(rep, "unparsed-sentence", "empty phenotype phrase");
  r_.phenotypes.try_emplace(pheno, PhenotypeOut{pheno, s.phenotype, category_of_phrase(s.phenotype)});

  std::string significance(f[col[kSignificance]]);
  Grade gr = grade(significance, s.direction);
  if (auto cond = conditional_phrase(notes_text); !cond.empty()) {
    // The sentence states alone what the Notes say holds only with another variant: not a
    // claim kbcheck should weigh until a curator writes the condition down.
    gr.status = "draft";
    s.notes.push_back("the Notes make the claim conditional ('" + cond + "'): imported as draft");
  }
  std::string cats;
  for (const auto& c : listed) cats += (cats.empty() ? "" : ", ") + c;
  std::string note = "PharmGKB variant annotation " + rep.annotation + " (TSV row " +
                     std::to_string(rep.row) + "); significance: " + significance +
                     "; phenotype categories: " + (cats.empty() ? "none" : cats);
  if (auto notes = unquote_cell(f[col[kNotes]]); !notes.empty()) note += "; notes: " + notes;
  if (rewrite) note += "; " + rewrite->why, s.notes.push_back(rewrite->why);
  if (!s.drug_matched) s.notes.push_back("the sentence's drug '" + s.drug_text + "' is not named in the Chemical column; the column is used");

  PendingRow pr;
  pr.report_index = report_index_;
  pr.variant = locus->id;
  pr.gene = locus->gene;
  std::vector<std::string> subjects = s.subject.phenotypes.empty() ? s.subject.alleles : s.subject.phenotypes;
  if (subjects.empty()) subjects.push_back("");  // one genotypes record
  RowClaim claim{locus->id, pheno, category, std::string(rewrite ? rewrite->original : f[col[kSentence]]), note,
                 pmid, gr};
  std::vector<EvidenceOut> records = make_records(rep.annotation, claim, s, chems, subjects);
  if (records.size() > 99) return skip(rep, "too-many-records", "the row would yield more than 99 records");
  if (records.size() > 1)
    pr.split_detail = std::to_string(records.size()) + " records: " +
                      std::to_string(records.size() / subjects.size()) + " chemical(s) x " +
                      std::to_string(subjects.size()) +
                      (s.subject.phenotypes.empty() ? " allele(s)" : " gene phenotype(s)");
  pr.records = records.size();
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::size_t handle = store_.add(records[i]);
    if (i == 0) pr.first_handle = handle;
  }
  rep.outcome = "pending";
  for (const auto& n : s.notes) rep.detail += (rep.detail.empty() ? "" : "; ") + n;
  if (!rep.detail.empty()) rep.code = "note";
  pending_.push_back(std::move(pr));
}

/// Records what the row says about its variant: genes, alleles, genotypes, baselines.
void Converter::note_variant(const Locus& locus, const ParsedSentence& s, std::string_view gene_cell,
                             std::string_view variant_cell) {
  VariantAcc& acc = acc_[locus.id];
  acc.locus = locus;
  std::vector<std::string> genes;
  for (const auto& g : split_pharmgkb_list(gene_cell)) {
    auto sym = split_accession(g).first;
    if (!is_gene_symbol(sym)) continue;  // "C18orf56": not expressible as a v1 gene id
    genes.push_back(sym);
    r_.genes.try_emplace(sym, GeneOut{sym});
  }
  if (!locus.system.empty()) acc.gene = locus.gene, acc.single_gene = true;
  else if (!genes.empty() && (acc.gene.empty() || (!acc.single_gene && genes.size() == 1)))
    acc.gene = genes[0], acc.single_gene = genes.size() == 1;

  for (const auto& a : s.subject.alleles) note_allele(acc, a);
  for (const auto& g : s.subject.genotypes) note_genotype(acc, g);
  // The Variant cell lists the alleles the annotation is about ("CYP2D6*1, CYP2D6*1xN",
  // "GSTM1 non-null"): they complete a variant the sentences name one allele of.
  if (!locus.system.empty())
    for (const auto& a : variant_cell_alleles(variant_cell, locus)) note_allele(acc, a);
  if (s.compared) {
    if (!s.compared->allele.empty()) note_allele(acc, s.compared->allele), ++acc.baseline[s.compared->allele];
    for (const auto& g : s.compared->genotypes) {
      note_genotype(acc, g);
      auto slash = g.find('/');
      if (g.substr(0, slash) == g.substr(slash + 1)) ++acc.baseline[g.substr(0, slash)];
    }
  }
}

/// One evidence record per chemical and subject allele (or one genotypes record).
std::vector<EvidenceOut> Converter::make_records(
    const std::string& annotation, const RowClaim& claim, const ParsedSentence& s,
    const std::vector<std::pair<std::string, std::string>>& chems,
    const std::vector<std::string>& subjects) {
  std::vector<EvidenceOut> records;
  // Pooled drugs ("anastrozole, letrozole or tamoxifen"): one claim about a drug group.
  std::vector<std::string> drugs;
  if (chems.size() > 1 && s.drug_text.find(" or ") != std::string::npos) drugs.push_back(group_id(chems));
  else
    for (const auto& chem : chems) drugs.push_back(drug_id(chem.first, chem.second));
  for (const auto& drug : drugs) {
    for (const auto& subject : subjects) {
      EvidenceOut e;
      e.id = evidence_id(annotation, records.size() + 1);
      e.status = claim.grade.status;
      e.level = claim.grade.level;
      e.variant = claim.variant;
      if (!s.subject.phenotypes.empty()) e.gene_phenotype = subject, e.gene = s.subject.gene;
      else e.allele = subject;
      if (subject.empty()) e.genotypes = s.subject.genotypes;
      e.compared = s.compared;
      e.drug = drug;
      e.phenotype = claim.phenotype;
      e.category = claim.category;
      e.direction = std::string(direction_name(s.direction));
      e.context = s.context;
      e.pmid = claim.pmid;
      e.summary = claim.summary;
      e.note = claim.note;
      records.push_back(std::move(e));
    }
  }
  return records;
}

/// With --dbsnp: dbSNP's sites of every rsID the rows name (one pass over the file).
std::map<std::string, std::vector<DbsnpSite>> Converter::lookup_dbsnp() {
  if (!options_.dbsnp) return {};
  std::vector<std::string> rsids;
  for (const auto& [id, acc] : acc_)
    if (!acc.locus.rsid.empty()) rsids.push_back(acc.locus.rsid);
  r_.dbsnp.used = true;
  r_.dbsnp.asked = rsids.size();
  return options_.dbsnp(rsids);
}

void Converter::count_dbsnp(const DbsnpVerdict& v, const std::string& id) {
  DbsnpCounts& c = r_.dbsnp;
  if (v.location) ++c.located;
  switch (v.outcome) {
    case DbsnpOutcome::kCompleted: ++c.completed, completed_.insert(id); break;
    case DbsnpOutcome::kLocated: c.reordered += v.note.empty() ? 0 : 1; break;
    case DbsnpOutcome::kMismatch: ++c.mismatched; break;
    case DbsnpOutcome::kSeveralSites: ++c.several; break;
    case DbsnpOutcome::kNotFound: break;
  }
}

/// Writes the variants with two alleles or more; with --dbsnp, rsID variants are located,
/// put REF first, or completed (dbsnp_match.h). Returns each variant's dbSNP note.
std::map<std::string, std::string> Converter::build_variants() {
  auto sites = lookup_dbsnp();
  std::map<std::string, std::string> notes;
  const std::vector<DbsnpSite> none;
  for (auto& [id, acc] : acc_) {
    std::vector<std::string> alleles = ordered_alleles(acc);
    std::optional<VariantLocation> location;
    if (options_.dbsnp && !acc.locus.rsid.empty()) {
      auto it = sites.find(acc.locus.rsid);
      r_.dbsnp.found += it != sites.end();
      DbsnpVerdict v = match_dbsnp(acc.locus.rsid, alleles, it == sites.end() ? none : it->second);
      count_dbsnp(v, id);
      alleles = std::move(v.alleles);
      location = std::move(v.location);
      if (!v.note.empty()) notes[id] = std::move(v.note);
    }
    if (alleles.size() < 2) continue;
    if (!acc.gene.empty()) r_.genes.try_emplace(acc.gene, GeneOut{acc.gene});
    r_.variants.emplace(id, VariantOut{id, acc.gene, acc.locus.rsid, acc.locus.system, std::move(alleles), location});
  }
  return notes;
}

void Converter::finish() {
  if (col_) resolve_counts(*col_);
  auto notes = build_variants();
  for (auto& pr : pending_) {
    RowReport& rep = r_.rows[pr.report_index];
    std::string dir = pr.gene;
    std::string dbsnp_note;
    if (auto n = notes.find(pr.variant); !pr.variant.empty() && n != notes.end()) dbsnp_note = n->second;
    if (!pr.variant.empty()) {
      auto it = r_.variants.find(pr.variant);
      if (it == r_.variants.end()) {
        const VariantAcc& acc = acc_.at(pr.variant);
        std::string seen = acc.first_seen.empty() ? "none" : acc.first_seen[0];
        skip(rep, "single-allele", "the TSV names only allele " + seen + " of " + pr.variant +
                                       "; a variant needs two and the reference is not given" +
                                       (dbsnp_note.empty() ? "" : "; " + dbsnp_note));
        continue;
      }
      dir = it->second.gene.empty() ? std::string(kNoGeneDir) : it->second.gene;
    }
    if (!dbsnp_note.empty()) {
      rep.detail += (rep.detail.empty() ? "" : "; ") + dbsnp_note;
      if (rep.code.empty()) rep.code = "note";
    }
    r_.dbsnp.completed_rows += completed_.count(pr.variant);
    for (std::size_t n = 0; n < pr.records; ++n)
      r_.kept.push_back({evidence_id(rep.annotation, n + 1), dir, pr.first_handle + n});
    rep.records = pr.records;
    rep.outcome = rep.records > 1 ? "split" : "converted";
    if (rep.records > 1) {
      rep.code = rep.code.empty() ? "split" : "split+note";
      rep.detail = pr.split_detail + (rep.detail.empty() ? "" : "; " + rep.detail);
    }
    ++r_.converted_rows;
  }
}

}  // namespace

std::optional<std::string> map_category(std::string_view c) {
  if (c == "efficacy" || c == "dosage" || c == "other" || c == "toxicity") return std::string(c);
  if (c == "toxicity/ADR") return std::string("toxicity");
  if (c == "metabolism/PK" || c == "pharmacokinetics") return std::string("pharmacokinetics");
  return std::nullopt;
}

std::string category_of_phrase(std::string_view phrase) {
  auto has = [&](std::string_view w) { return phrase.find(w) != std::string_view::npos; };
  // Concentration first: "dose-adjusted trough concentrations" is a PK measure.
  if (has("concentration") || has("clearance") || has("metabolism") || has("exposure"))
    return "pharmacokinetics";
  if (has("dose")) return "dosage";
  if (has("response") || has("resistance") || has("benefit")) return "efficacy";
  if (has("toxicity") || has("risk")) return "toxicity";
  return "";
}

std::string slugify(std::string_view text, std::size_t max_len) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  if (out.size() > max_len) out.resize(max_len);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::vector<std::string> split_pharmgkb_list(std::string_view cell) {
  std::vector<std::string> out;
  if (cell.empty()) return out;
  if (cell.front() == '"' && cell.back() == '"' && cell.size() >= 2) {
    cell = cell.substr(1, cell.size() - 2);
    for (;;) {
      auto p = cell.find("\",\"");
      out.emplace_back(cell.substr(0, p));
      if (p == std::string_view::npos) break;
      cell.remove_prefix(p + 3);
    }
  } else if (cell.find(", ") != std::string_view::npos && cell.find(" (PA") == std::string_view::npos) {
    // Variant cells: "CYP2C19*1, CYP2C19*2".
    for (;;) {
      auto p = cell.find(", ");
      out.emplace_back(cell.substr(0, p));
      if (p == std::string_view::npos) break;
      cell.remove_prefix(p + 2);
    }
  } else {
    out.emplace_back(cell);
  }
  std::erase_if(out, [](const std::string& s) { return s.empty(); });
  return out;
}

std::vector<std::string> order_alleles(const std::vector<std::string>& first_seen,
                                       const std::map<std::string, int>& baseline_uses) {
  std::vector<std::string> out = first_seen;
  // star_number() refuses what is not a number in range, so the key below cannot fail.
  bool all_star = std::all_of(out.begin(), out.end(), [](const std::string& a) { return star_number(a).has_value(); });
  if (all_star) {
    auto key = [](const std::string& a) { return std::pair{star_number(a).value_or(0), a}; };
    std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
    return out;
  }
  auto uses = [&](const std::string& a) {
    auto it = baseline_uses.find(a);
    return it == baseline_uses.end() ? 0 : it->second;
  };
  // The allele PharmGKB most often compares against comes first; ties keep file order.
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return uses(a) > uses(b); });
  return out;
}

namespace {

/// Keeps the records in memory, for the string_view API (tests and small inputs).
class MemoryStore : public EvidenceStore {
 public:
  std::size_t add(const EvidenceOut& e) override {
    records.push_back(e);
    return records.size() - 1;
  }
  std::string document(std::size_t handle) override { return render_evidence(records.at(handle)); }
  std::vector<EvidenceOut> records;
};

}  // namespace

ImportResult convert_pharmgkb(std::string_view tsv, const ImportOptions& options) {
  std::istringstream in{std::string(tsv)};
  MemoryStore store;
  ImportResult r = convert_pharmgkb(in, options, store);
  for (auto& ref : r.kept) {
    EvidenceOut& e = r.evidence.emplace_back(std::move(store.records[ref.handle]));
    e.gene = ref.gene;
    ref.handle = r.evidence.size() - 1;
  }
  return r;
}

ImportResult convert_pharmgkb(std::istream& in, const ImportOptions& options, EvidenceStore& store) {
  ImportResult r;
  std::string header;
  std::getline(in, header);
  if (std::string_view(header).starts_with("\xEF\xBB\xBF")) header.erase(0, 3);
  if (header.ends_with('\r')) header.pop_back();
  auto names = split_tabs(header);
  std::array<std::size_t, kColumnCount> col{};
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    auto it = std::find(names.begin(), names.end(), kColumnNames[c]);
    if (it == names.end()) {
      r.fatal = "line 1: the header has no column '" + std::string(kColumnNames[c]) +
                "'; is this PharmGKB's var_drug_ann.tsv?";
      return r;
    }
    col[c] = static_cast<std::size_t>(it - names.begin());
  }
  Converter conv(r, store, options);
  std::size_t number = 1;
  for (std::string line; std::getline(in, line);) {
    ++number;
    throw_if_interrupted();
    if (number == 2) (void)fault_at("convert");
    if (line.ends_with('\r')) line.pop_back();
    if (line.empty() && in.eof()) break;  // "\r" after the final newline
    if (line.empty()) {
      auto& rep = r.rows.emplace_back();
      rep.row = number;
      rep.outcome = "skipped";
      rep.code = "bad-row";
      rep.detail = "empty line";
      continue;
    }
    conv.row(number, line, col, names.size());
  }
  conv.finish();
  return r;
}

}  // namespace kb::import
