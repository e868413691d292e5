#pragma once
/// \file
/// Parser for the "Sentence" column of PharmGKB variant annotations, e.g.
/// "Genotypes CT + TT are associated with increased dose of tacrolimus in people with
/// Kidney Transplantation as compared to genotype CC."

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kb::import {

enum class Direction { kIncreased, kDecreased, kNoAssociation, kAssociated };

/// "increased", "decreased", "no-association" or (format 1.1) "associated".
std::string_view direction_name(Direction d);

/// Who the claim is about: alleles (one record each), a set of genotypes (one record), or
/// gene phenotypes (format 1.1: one record per CPIC term).
struct Subject {
  std::vector<std::string> alleles;    ///< v1 alleles ("A", "-", "*3")
  std::vector<std::string> genotypes;  ///< v1 genotypes ("A/G", "*1/*3")
  std::vector<std::string> phenotypes; ///< CPIC terms ("poor metabolizer"); `gene` is set
  std::string gene;                    ///< gene prefix when written "CYP2C9 *3", else empty
  std::string system;                  ///< with `gene`: star | hla | named (empty: phenotypes)
  std::string named_locus;             ///< system named: the site ("HTTLPR", "null")
};

/// The comparison group ("as compared to ..."), when it is expressible in v1.
struct Comparison {
  std::string allele;                  ///< set for "allele G" / "CYP2C19 *1"
  std::vector<std::string> genotypes;  ///< set for "genotype GG" / "CYP2C9 *1/*1"
  std::vector<std::string> phenotypes; ///< CPIC terms for "CYP2D6 extensive metabolizer"
};

/// Population, sex and condition from "in women with Breast Neoplasms".
struct SentenceContext {
  std::string population;  ///< "women with Breast Neoplasms"
  std::string sex;         ///< female | male | empty
  std::string condition;   ///< "Breast Neoplasms"
  /// Format 1.1 qualifiers under the spec's recommended keys (menopausal-status,
  /// disease-stage, age-group), key -> value.
  std::map<std::string, std::string> qualifiers;
};

/// A parsed sentence. `notes` lists what was understood only partly (kept in the report).
struct ParsedSentence {
  Subject subject;
  Direction direction = Direction::kNoAssociation;
  std::string phenotype;  ///< the measured quantity: "dose", "trough concentration"
  std::string drug_text;  ///< the drug phrase as written: "peginterferon alfa-2b and ribavirin"
  bool drug_matched = false;  ///< a Chemical-column name occurs in the drug phrase
  SentenceContext context;
  std::optional<Comparison> compared;
  std::vector<std::string> notes;
};

/// Why a sentence could not be converted: a short code (for counting) and a message.
struct SentenceError {
  std::string code;
  std::string message;
};

/// A parse outcome: exactly one of `value` or `error` is meaningful.
struct SentenceResult {
  std::optional<ParsedSentence> value;
  SentenceError error;
};

/// Parses `sentence`; `chemicals` are the row's Chemical names, used to find where the
/// drug phrase starts (the Chemical column is authoritative; the sentence only locates).
SentenceResult parse_sentence(std::string_view sentence,
                              const std::vector<std::string>& chemicals);

/// A PharmGKB allele token as a v1 allele: nucleotides, "del" -> "-", "(TA)7" expanded,
/// star alleles "*3"/"*1A". Nothing when v1 cannot express it ("*2xN", "7", "S").
std::optional<std::string> normalize_allele(std::string_view token);

/// The number of a v1 star allele ("*17" and "*17A" -> 17); nothing when `token` is not
/// of the shape ^\*[0-9]+[A-Z]?$ or its number does not fit an int.
std::optional<int> star_number(std::string_view token);

/// A gene-phenotype phrase as CPIC terms: "poor metabolizers" -> {poor metabolizer},
/// "poor and ultrarapid metabolizers" -> two terms, PharmGKB's older "extensive
/// metabolizer" -> normal metabolizer (and a note in `notes`). Nothing when any part is
/// not a metabolizer term CPIC has ("slow acetylator", "deficiency").
std::optional<std::vector<std::string>> cpic_terms(std::string_view phrase, std::vector<std::string>& notes);

/// Format 1.1 qualifiers a population phrase implies, under the spec's recommended keys:
/// "pre-/postmenopausal" and PharmGKB's "Menopause" -> menopausal-status, "Neoplasm
/// Metastasis" -> disease-stage metastatic, "children"/"infants" -> age-group pediatric.
std::map<std::string, std::string> context_qualifiers(std::string_view population);

/// A named-allele phrase (format 1.1 system named) as its allele and site:
/// "HTTLPR short form (S allele)" -> {S, HTTLPR}, "non-null" -> {non-null, null}, a
/// haplotype name "H12" / "E4" -> {H12, haplotype}.
std::optional<std::pair<std::string, std::string>> named_form(std::string_view phrase);

/// A star (`*2`, `*2.001`, `*1xN`) or HLA (`*58:01`) allele of `system`; nothing otherwise.
std::optional<std::string> normalize_system_allele(std::string_view token, std::string_view system);

/// A PharmGKB genotype token as a v1 "X/Y" genotype: "CT" -> "C/T", "del/del" -> "-/-",
/// "*1/*3" stays. Nothing when the split is ambiguous or an allele is not expressible.
std::optional<std::string> normalize_genotype(std::string_view token);

}  // namespace kb::import
