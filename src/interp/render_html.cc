// HTML: one self-contained page (inline CSS, no scripts, no external assets) for a
// clinician: a summary per drug, the matched findings with direction and level badges,
// conflicts side by side, what was not tested, and the disclaimer.
#include <algorithm>
#include <sstream>

#include "interp/render.h"
#include "interp/visible_text.h"

namespace kb::interp {
namespace {

using namespace detail;
namespace f = kbbundle::format;

/// HTML-escaped, with control characters made visible first (visible_text.h).
std::string esc(std::string_view s) { return html_text(s); }

constexpr const char* kCss = R"(
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d2733;background:#f3f5f8;margin:0}
main{max-width:1080px;margin:0 auto;padding:28px 28px 40px}
header{border-bottom:3px solid #2b5797;padding-bottom:12px;margin-bottom:14px}
h1{font-size:24px;margin:0 0 6px}
h2{font-size:19px;margin:0}
h3{font-size:15px;margin:16px 0 6px;color:#40505f;text-transform:uppercase;letter-spacing:.04em}
.meta{color:#51606f;font-size:13.5px}
.meta b{color:#1d2733}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.disclaimer{background:#fff6dd;border:1px solid #e7c86b;border-left:6px solid #d9a400;padding:10px 14px;border-radius:6px;margin:14px 0 20px}
.card{background:#fff;border:1px solid #dbe1e8;border-radius:8px;padding:16px 18px;margin:0 0 18px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
table{border-collapse:collapse;width:100%}
th{text-align:left;font-size:12.5px;color:#51606f;font-weight:600;border-bottom:2px solid #dbe1e8;padding:6px 8px}
td{border-bottom:1px solid #edf0f4;padding:7px 8px;vertical-align:top}
tr.conflict td{background:#fff1f0}
tr.conflict td:first-child{box-shadow:inset 4px 0 0 #c62828}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12.5px;font-weight:600;white-space:nowrap}
.up{background:#e3edfb;color:#1a4f9c}.down{background:#f1e6fa;color:#6a2c91}.none{background:#eceff2;color:#4a5663}
.lv{border:1px solid transparent}
.l1{background:#1e6b3a;color:#fff}.l2{background:#d6efdc;color:#1e6b3a;border-color:#9fd3ac}
.l3{background:#fff;color:#6b5a1e;border-color:#d8c98f}.l4{background:#fff;color:#7a838c;border-color:#cfd5db}
.cflag{background:#c62828;color:#fff}
.gt{font-weight:700;font-family:ui-monospace,Menlo,Consolas,monospace}
.sub{color:#66737f;font-size:13px}
.summary td,.summary th{text-align:center}.summary td:first-child,.summary th:first-child{text-align:left}
.num0{color:#9aa5b0}
.conflictbox{border:2px solid #c62828;border-radius:8px;margin:12px 0;overflow:hidden}
.conflictbox .title{background:#c62828;color:#fff;font-weight:600;padding:6px 12px}
.sides{display:grid;grid-template-columns:1fr 1fr}
.sides>div{padding:8px 12px}.sides>div+div{border-left:1px solid #f0c7c4}
.chips span{display:inline-block;background:#eef2f6;border-radius:4px;padding:2px 8px;margin:2px 4px 2px 0;font-size:13px}
.chips span.nt{background:#fff;border:1px dashed #aab4be;color:#51606f}
.warn{background:#fff8f0;border-left:4px solid #e08a00;padding:6px 10px;margin:6px 0;font-size:13.5px}
footer{color:#66737f;font-size:12.5px;margin-top:24px;border-top:1px solid #dbe1e8;padding-top:10px}
a{color:#2b5797}
td.ev{white-space:nowrap}
.conflictbox .why{padding:6px 12px 0;font-size:13.5px;color:#5b2320}
)";

std::string dir_badge(const f::EvidenceRec& e) {
  auto d = static_cast<f::Direction>(e.direction);
  if (d == f::Direction::kIncreased) return "<span class=\"badge up\">&#9650; increased</span>";
  if (d == f::Direction::kDecreased) return "<span class=\"badge down\">&#9660; decreased</span>";
  return "<span class=\"badge none\">&#9679; no association</span>";
}

std::string level_badge(std::string_view level) {
  char c = level.empty() ? '4' : level[0];
  std::string cls = c == '1' ? "l1" : c == '2' ? "l2" : c == '3' ? "l3" : "l4";
  return "<span class=\"badge lv " + cls + "\" title=\"PharmGKB-style evidence level\">Level " + esc(level) + "</span>";
}

std::string citation(const Report& r, const f::EvidenceRec& e) {
  if (e.flags & f::kEvHasPmid) {
    std::string p = std::to_string(e.pmid);
    return "<a href=\"https://pubmed.ncbi.nlm.nih.gov/" + p + "/\">PMID " + p + "</a>";
  }
  if (e.doi) return "<a href=\"https://doi.org/" + esc(id(*r.bundle, e.doi)) + "\">doi:" + esc(id(*r.bundle, e.doi)) + "</a>";
  return "";
}

std::string phenotype_label(const Report& r, const f::EvidenceRec& e) {
  const auto& b = *r.bundle;
  if (e.phenotype_index != f::kNoIndex) {
    auto label = b.str(b.phenotypes()[e.phenotype_index].label);
    if (!label.empty()) return std::string(label);
  }
  return id(b, e.phenotype);
}

std::string context(const Report& r, const f::EvidenceRec& e) {
  const auto& b = *r.bundle;
  std::string s;
  auto add = [&](std::string x) { if (!x.empty()) s += (s.empty() ? "" : "; ") + x; };
  std::string anc;
  for (auto a : b.list(e.ctx_ancestry)) anc += (anc.empty() ? "" : ", ") + id(b, a);
  add(anc.empty() ? "" : "ancestry: " + anc);
  add(e.ctx_sex ? "sex: " + id(b, e.ctx_sex) : "");
  add(id(b, e.ctx_population));
  return s;
}

std::string gene_of(const Report& r, const Match& m) {
  if (m.variant == f::kNoIndex) return "gene phenotype";
  auto g = r.bundle->variant_gene(m.variant);
  return g ? std::string(*g) : std::string();
}

void match_row(std::ostream& o, const Report& r, const Match& m) {
  const auto& e = ev(r, m.evidence);
  std::string ctx = context(r, e), summary = id(*r.bundle, e.summary);
  o << "<tr" << (m.in_conflict ? " class=\"conflict\"" : "") << "><td><b>" << esc(subject_id(r, m))
    << "</b><div class=\"sub\">" << esc(gene_of(r, m)) << "</div></td><td class=\"gt\">" << esc(m.genotype)
    << "</td><td><b>" << esc(phenotype_label(r, e)) << "</b> " << dir_badge(e);
  if (m.in_conflict) o << " <span class=\"badge cflag\">conflict</span>";
  if (!summary.empty()) o << "<div>" << esc(summary) << "</div>";
  o << "<div class=\"sub\">" << esc(requirement(r, m.evidence));
  if (!ctx.empty()) o << " &middot; " << esc(ctx);
  if (m.via_group != f::kNoIndex) o << " &middot; class evidence via " << esc(drug_id(r, m.via_group));
  if (static_cast<f::Status>(e.status) != f::Status::kAccepted) o << " &middot; status: " << esc(kbbundle::status_name(e.status));
  o << "</div></td><td>" << level_badge(id(*r.bundle, e.level)) << "</td><td class=\"mono ev\">"
    << esc(id(*r.bundle, e.id)) << "<div>" << citation(r, e) << "</div></td></tr>\n";
}

void conflict_box(std::ostream& o, const Report& r, const Conflict& c) {
  auto side = [&](const char* title, const std::vector<std::uint32_t>& es) {
    o << "<div><b>" << title << "</b>";
    for (auto e : es) {
      const auto& rec = ev(r, e);
      o << "<div><span class=\"mono\">" << esc(id(*r.bundle, rec.id)) << "</span> " << level_badge(id(*r.bundle, rec.level))
        << " " << citation(r, rec);
      if (auto ctx = context(r, rec); !ctx.empty()) o << "<div class=\"sub\">" << esc(ctx) << "</div>";
      o << "</div>";
    }
    o << "</div>";
  };
  std::string label = c.phenotype;
  for (const auto& p : r.bundle->phenotypes())
    if (r.bundle->str(p.id) == c.phenotype && p.label) label = id(*r.bundle, p.label);
  o << "<div class=\"conflictbox\"><div class=\"title\">Conflicting evidence: " << esc(subject_id(r, c))
    << " &middot; " << esc(label) << "</div><div class=\"why\">These matched records report opposite directions "
       "for the same variant, drug and phenotype. Compare their study populations before relying on either.</div>"
       "<div class=\"sides\">";
  side("&#9650; Increased", c.increased);
  side("&#9660; Decreased", c.decreased);
  o << "</div></div>\n";
}

std::string genotype_of(const Report& r, std::uint32_t v) {
  for (const auto& c : r.calls)
    if (c.variant == v) return c.genotype.text();
  return "./.";
}

void drug_card(std::ostream& o, const Report& r, const DrugSection& s) {
  const auto& b = *r.bundle;
  const auto& d = b.drugs()[s.drug];
  o << "<section class=\"card\" id=\"drug-" << esc(id(b, d.id)) << "\"><h2>" << esc(d.name ? id(b, d.name) : id(b, d.id))
    << "</h2>";
  if (d.drug_class) o << "<div class=\"sub\">" << esc(id(b, d.drug_class)) << "</div>";
  o << "<h3>Findings</h3>";
  if (s.matches.empty()) {
    o << "<p class=\"sub\">No evidence record matches this sample's genotypes.</p>";
  } else {
    o << "<table><tr><th>Variant</th><th>Genotype</th><th>Finding</th><th>Level</th><th>Evidence</th></tr>\n";
    for (auto i : s.matches) match_row(o, r, r.matches[i]);
    o << "</table>\n";
  }
  for (auto i : s.conflicts) conflict_box(o, r, r.conflicts[i]);
  o << "<h3>Genotypes used</h3><div class=\"chips\">";
  for (auto v : s.called) o << "<span><b>" << esc(variant_id(r, v)) << "</b> " << esc(genotype_of(r, v)) << "</span>";
  for (const auto& g : s.genes_called)
    for (const auto& c : r.phenotypes)
      if (c.gene == g) o << "<span><b>" << esc(g) << "</b> " << esc(c.value) << "</span>";
  for (const auto& g : s.genes_not_tested) o << "<span class=\"nt\">" << esc(g) << " &middot; no phenotype call</span>";
  if (s.called.empty() && s.genes_called.empty()) o << "<span class=\"nt\">none</span>";
  o << "</div>";
  if (!s.not_tested.empty()) {
    o << "<h3>Not tested</h3><div class=\"chips\">";
    for (auto v : s.not_tested) {
      // Why: "called ./." (the lab tried) and "absent" (never looked at) mean different things.
      bool no_call = std::any_of(r.calls.begin(), r.calls.end(), [&](const Call& c) { return c.variant == v; });
      o << "<span class=\"nt\">" << esc(variant_id(r, v)) << (no_call ? " &middot; no call (./.)" : "") << "</span>";
    }
    o << "</div><p class=\"sub\">The knowledge base has evidence for these variants, but the input did not call them: "
         "absence from this report is not absence of risk.</p>";
  }
  o << "</section>\n";
}

void summary_table(std::ostream& o, const Report& r) {
  const auto& b = *r.bundle;
  o << "<section class=\"card\"><h2>Summary</h2><table class=\"summary\"><tr><th>Drug</th><th>Variants called</th>"
       "<th>Matched findings</th><th>Conflicts</th><th>Not tested</th></tr>\n";
  auto num = [](std::size_t n) { return n ? "<td>" + std::to_string(n) + "</td>" : std::string("<td class=\"num0\">0</td>"); };
  for (const auto& s : r.sections) {
    const auto& d = b.drugs()[s.drug];
    o << "<tr><td><a href=\"#drug-" << esc(id(b, d.id)) << "\">" << esc(d.name ? id(b, d.name) : id(b, d.id)) << "</a></td><td>"
      << s.called.size() << " of " << s.called.size() + s.not_tested.size() << "</td>" << num(s.matches.size())
      << (s.conflicts.empty() ? num(0) : "<td><span class=\"badge cflag\">" + std::to_string(s.conflicts.size()) + "</span></td>")
      << num(s.not_tested.size()) << "</tr>\n";
  }
  o << "</table></section>\n";
}

}  // namespace

std::string render_html(const Report& r) {
  const auto& b = *r.bundle;
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
       "<title>PGx evidence report"
    << (r.sample.empty() ? "" : " - " + esc(r.sample)) << "</title><style>" << kCss << "</style></head><body><main>\n"
    << "<header><h1>Pharmacogenomic evidence report</h1><div class=\"meta\">Sample <b>"
    << esc(r.sample.empty() ? "(unnamed)" : r.sample) << "</b> &middot; Knowledge base <b>" << esc(b.kb_name().empty() ? b.kb_id() : b.kb_name())
    << "</b> (<span class=\"mono\">" << esc(b.kb_id()) << "</span> version <b>" << esc(b.kb_version())
    << "</b>) &middot; bundle <span class=\"mono\">" << esc(checksum_text(b)) << "</span></div></header>\n"
    << "<div class=\"disclaimer\"><b>Research evidence, not a clinical recommendation.</b> This report lists published "
       "associations curated in the knowledge base that match the sample's genotypes. It does not recommend a drug or a "
       "dose; interpret it with the patient's full clinical context and current guidelines.</div>\n";
  summary_table(o, r);
  for (const auto& s : r.sections) drug_card(o, r, s);
  if (!r.undecided.empty()) {
    o << "<section class=\"card\"><h2>Undecided</h2><p class=\"sub\">The input says these, but the knowledge "
         "base cannot decide them: evidence about them may exist and is not shown.</p>";
    for (const auto& u : r.undecided)
      o << "<div class=\"warn\"><b>" << esc(u.subject) << " " << esc(u.value) << "</b> (" << esc(u.origin)
        << "): " << esc(u.reason) << "</div>";
    o << "</section>\n";
  }
  if (!r.warnings.empty()) {
    o << "<section class=\"card\"><h2>Input warnings</h2>";
    for (const auto& w : r.warnings)
      o << "<div class=\"warn\">" << (w.variant.empty() ? "" : "<b>" + esc(w.variant) + "</b>: ") << esc(w.message) << "</div>";
    o << "</section>\n";
  }
  o << "<footer>Generated by kbinterp from bundle " << esc(b.kb_id()) << " " << esc(b.kb_version())
    << ". Direction badges say how the phenotype changes in carriers of the finding's allele or genotype; "
       "levels follow PharmGKB's 1A (strongest) to 4 scale. "
    << esc(kDisclaimer) << "</footer>\n</main></body></html>\n";
  return o.str();
}

}  // namespace kb::interp
