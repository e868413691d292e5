#include <algorithm>
#include <string>

#include "rules/cross/claims.h"
#include "rules/cross/run.h"

namespace kb::rules::cross {
namespace {

bool has_allele(const model::Variant& v, std::string_view a) {
  return std::find(v.alleles.begin(), v.alleles.end(), a) != v.alleles.end();
}

std::string allele_list(const model::Variant& v) {
  std::string out;
  for (const auto& a : v.alleles) out += (out.empty() ? "" : ", ") + a;
  return out;
}

void report(const KbIndex& idx, const model::Variant& v, std::string_view allele,
            const model::Pos& pos, const std::string& record, const std::string& what,
            std::vector<Diagnostic>& out) {
  out.push_back(make_diagnostic(Rule::kUnknownAllele, idx.where(pos),
                                what + ": '" + std::string(allele) + "' is not an allele of " + v.id +
                                    " (its alleles are " + allele_list(v) + ")",
                                record));
}

/// Each side of every "X/Y" item must be an allele; items that are not X/Y pairs are
/// KB0202's business.
void check_items(const KbIndex& idx, const model::Variant& v,
                 const std::vector<model::Located<std::string>>& items, const std::string& record,
                 const std::string& what, std::vector<Diagnostic>& out) {
  for (const auto& item : items) {
    auto g = parse_genotype(item.value);
    if (!g) continue;
    for (const auto* a : {&g->first, &g->second})
      if (!has_allele(v, *a)) {
        report(idx, v, *a, item.pos, record, what + " " + item.value, out);
        break;
      }
  }
}

}  // namespace

// Why: an allele the variant does not have can never match a patient's genotype, so
// the record would silently never apply (a typo such as "T" for "A").
void check_unknown_alleles(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& r = idx.records();
  for (const auto& v : r.variants) {
    if (v.alleles.empty()) continue;
    for (const auto& f : v.functions)
      if (!f.allele.empty() && !has_allele(v, f.allele))
        report(idx, v, f.allele, f.pos, v.id, "function allele", out);
  }
  for (const auto& e : r.evidence) {
    const model::Variant* v = idx.variant(e.variant.id);
    if (!v || v->alleles.empty()) continue;  // dangling: KB1001
    if (e.allele && !has_allele(*v, e.allele->value))
      report(idx, *v, e.allele->value, e.allele->pos, e.id, "allele", out);
    check_items(idx, *v, e.genotypes, e.id, "genotype", out);
    if (!e.compared_to_is_list && !e.compared_to.empty()) {  // `compared_to: C`, an allele
      const auto& c = e.compared_to.front();
      if (!has_allele(*v, c.value)) report(idx, *v, c.value, c.pos, e.id, "compared_to", out);
    } else {
      check_items(idx, *v, e.compared_to, e.id, "compared_to", out);
    }
  }
}

KB_CROSS_RULE(kUnknownAllele, kCheap, check_unknown_alleles);

}  // namespace kb::rules::cross
