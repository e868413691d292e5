#include "interp/calls_tsv.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "interp/genotypes_tsv.h"

namespace kb::interp {
namespace {

/// Longest line accepted: real lines are tens of bytes; this keeps messages readable.
constexpr std::size_t kMaxLine = 4096;

constexpr std::array<std::string_view, 13> kCpicTerms = {
    "ultrarapid metabolizer", "rapid metabolizer",       "normal metabolizer",
    "likely intermediate metabolizer", "intermediate metabolizer", "likely poor metabolizer",
    "poor metabolizer",       "increased function",      "normal function",
    "decreased function",     "possible decreased function", "poor function",
    "indeterminate"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

/// Length of the UTF-8 sequence at s[i], or 0 when it is not valid UTF-8 (overlong,
/// surrogate, beyond U+10FFFF or truncated).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  auto c1 = static_cast<unsigned char>(s[i + 1]);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
    return 0;
  return n;
}

/// Why `line` is not text (bad UTF-8, a control character other than TAB), or "".
std::string not_text(std::string_view line) {
  for (std::size_t i = 0; i < line.size();) {
    auto c = static_cast<unsigned char>(line[i]);
    std::size_t n = utf8_length(line, i);
    if (n == 0) return "byte " + std::to_string(i + 1) + " is not valid UTF-8";
    if ((c < 0x20 && c != '\t') || c == 0x7F)
      return "byte " + std::to_string(i + 1) + " is a control character";
    i += n;
  }
  return "";
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i)
    if (i == line.size() || line[i] == '\t') out.push_back(trim(line.substr(start, i - start))), start = i + 1;
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool valid_gene(std::string_view g) {
  return !g.empty() && g.size() <= 64 && std::all_of(g.begin(), g.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
         });
}

/// "1", "1.0", "0.25": PharmCAT's activity scores (also ">=3" is not accepted: give a number).
bool valid_number(std::string_view s) {
  std::size_t i = 0, digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  return digits > 0 && i == s.size() && s.size() <= 16;
}

}  // namespace

std::optional<std::string> cpic_term(std::string_view text) {
  std::string t;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '_') {
      if (!t.empty() && t.back() != ' ') t += ' ';
    } else {
      t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!t.empty() && t.back() == ' ') t.pop_back();
  if (t == "extensive metabolizer") return "normal metabolizer";  // PharmGKB's older term
  if (std::find(kCpicTerms.begin(), kCpicTerms.end(), t) != kCpicTerms.end()) return t;
  return std::nullopt;
}

CallsParse parse_calls_tsv(std::string_view text, std::string_view name) {
  CallsParse r;
  std::map<std::string, std::size_t, std::less<>> seen;
  bool data_seen = false;
  std::size_t line_no = 0, pos = 0;
  auto fail = [&](const std::string& what) {
    r.error = std::string(name) + ":" + std::to_string(line_no) + ": " + what;
    r.rows.clear();
    return r;
  };
  while (pos < text.size()) {
    std::string_view raw = next_line(text, pos);
    ++line_no;
    if (raw.size() > kMaxLine)
      return fail("line longer than " + std::to_string(kMaxLine) + " bytes; is this a PharmCAT outside-call TSV?");
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (auto why = not_text(raw); !why.empty())
      return fail(why + "; an outside-call file is UTF-8 text, one `gene<TAB>diplotype<TAB>phenotype<TAB>activity "
                  "score` a line");
    std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    auto f = fields(line);
    while (f.size() > 2 && f.back().empty()) f.pop_back();  // trailing empty columns
    // Why: the header is optional, so it is recognised only as the first non-comment line.
    if (!data_seen && iequals(f[0], "gene")) {
      data_seen = true;
      continue;
    }
    data_seen = true;
    if (f.size() < 2 || f.size() > 4)
      return fail("expected `gene<TAB>diplotype<TAB>phenotype<TAB>activity score` (2 to 4 tab-separated "
                  "columns), found " + std::to_string(f.size()) + "; separate the columns with one TAB character");
    if (!valid_gene(f[0]))
      return fail("\"" + std::string(f[0].substr(0, 60)) + "\" is not a gene symbol; write it as the KB does (CYP2D6, HLA-B)");
    CallsRow row;
    row.gene = f[0];
    row.diplotype_text = f[1];
    row.phenotype = f.size() > 2 ? std::string(f[2]) : "";
    row.activity = f.size() > 3 ? std::string(f[3]) : "";
    row.line = line_no;
    if (row.diplotype_text.empty() && row.phenotype.empty())
      return fail(row.gene + " has neither a diplotype nor a phenotype; give at least one, or leave the gene out");
    if (!row.diplotype_text.empty()) {
      std::string why;
      auto g = parse_genotype(row.diplotype_text, why);
      if (!g) return fail("bad diplotype for " + row.gene + ": " + why);
      if (!g->called()) return fail("the diplotype of " + row.gene + " is not called; leave the gene out instead");
      row.diplotype = std::move(*g);
    }
    if (!row.activity.empty() && !valid_number(row.activity))
      return fail("activity score \"" + row.activity.substr(0, 60) + "\" of " + row.gene +
                  " is not a number; write it as PharmCAT does (1.0, 0.5) or leave it empty");
    auto [it, fresh] = seen.emplace(row.gene, line_no);
    if (!fresh)
      return fail(row.gene + " is listed twice (first on line " + std::to_string(it->second) +
                  "); keep one line per gene");
    r.rows.push_back(std::move(row));
  }
  return r;
}

}  // namespace kb::interp
