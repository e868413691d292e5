// DIR/summary.html: how many samples each evidence record matches, per drug, as a
// self-contained page (inline CSS bars; no scripts, fonts or images from anywhere).
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "interp/cohort.h"
#include "interp/render.h"
#include "interp/visible_text.h"

namespace kb::interp {
namespace {

using namespace detail;

/// HTML-escaped, with control characters made visible first (visible_text.h).
std::string esc(std::string_view s) { return html_text(s); }

constexpr const char* kCss = R"(
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2733;background:#f3f5f8;margin:0}
main{max-width:1080px;margin:0 auto;padding:28px}
header{border-bottom:3px solid #2b5797;padding-bottom:12px;margin-bottom:14px}
h1{font-size:24px;margin:0 0 6px}h2{font-size:19px;margin:0 0 8px}
.meta{color:#51606f;font-size:13.5px}
.disclaimer{background:#fff6dd;border:1px solid #e7c86b;border-left:6px solid #d9a400;padding:10px 14px;border-radius:6px;margin:14px 0 20px}
.card{background:#fff;border:1px solid #dbe1e8;border-radius:8px;padding:16px 18px;margin:0 0 18px}
table{border-collapse:collapse;width:100%}
th{text-align:left;font-size:12.5px;color:#51606f;font-weight:600;border-bottom:2px solid #dbe1e8;padding:6px 8px}
td{border-bottom:1px solid #edf0f4;padding:7px 8px;vertical-align:middle}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.bar{background:#edf0f4;border-radius:4px;height:16px;width:260px;overflow:hidden}
.fill{height:16px;background:#2b5797}.fill.down{background:#6a2c91}.fill.none{background:#7a838c}
.n{font-weight:700;text-align:right;white-space:nowrap}
)";

struct Row {
  std::uint32_t evidence = 0;
  std::set<std::string> samples;
};

}  // namespace

std::string render_cohort_summary(const std::vector<Report>& reports) {
  std::ostringstream o;
  const std::size_t total = reports.size();
  // drug id -> evidence id -> samples
  std::map<std::string, std::map<std::string, Row>> by_drug;
  std::set<std::string> drugs;
  const Report* any = reports.empty() ? nullptr : &reports.front();
  for (const auto& r : reports) {
    for (auto d : r.drugs) drugs.insert(drug_id(r, d));
    for (const auto& m : r.matches) {
      Row& row = by_drug[drug_id(r, m.drug)][id(*r.bundle, ev(r, m.evidence).id)];
      row.evidence = m.evidence;
      row.samples.insert(r.sample);
    }
  }
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    << "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
    << "<title>kbinterp cohort summary</title><style>" << kCss << "</style></head><body><main>\n<header><h1>Cohort "
       "summary</h1><div class=\"meta\">"
    << total << " sample(s)";
  if (any) o << " &middot; KB <b>" << esc(any->bundle->kb_id()) << "</b> " << esc(any->bundle->kb_version());
  o << "</div></header>\n<div class=\"disclaimer\">" << esc(kDisclaimer) << "</div>\n";
  for (const auto& d : drugs) {
    o << "<section class=\"card\"><h2>" << esc(d) << "</h2>\n";
    auto it = by_drug.find(d);
    if (it == by_drug.end()) {
      o << "<p class=\"meta\">No sample matches any evidence record for this drug.</p></section>\n";
      continue;
    }
    o << "<table><tr><th>Evidence</th><th>Phenotype</th><th>Direction</th><th>Samples matching</th><th></th></tr>\n";
    for (const auto& [eid, row] : it->second) {
      const auto& e = ev(*any, row.evidence);
      std::string dir = direction(e);
      std::size_t n = row.samples.size();
      double pct = total ? 100.0 * static_cast<double>(n) / static_cast<double>(total) : 0;
      std::ostringstream w;
      w.precision(3);
      w << pct;
      o << "<tr><td class=\"mono\">" << esc(eid) << "</td><td>" << esc(id(*any->bundle, e.phenotype)) << "</td><td>"
        << esc(dir) << "</td><td><div class=\"bar\" role=\"img\" aria-label=\"" << n << " of " << total
        << "\"><div class=\"fill " << (dir == "increased" ? "" : dir == "decreased" ? "down" : "none")
        << "\" style=\"width:" << w.str() << "%\"></div></div></td><td class=\"n\">" << n << " / " << total
        << "</td></tr>\n";
    }
    o << "</table></section>\n";
  }
  o << "</main></body></html>\n";
  return o.str();
}

}  // namespace kb::interp
