// Star and HLA calls against the KB's allele system of a variant (system_alleles.h).
#include "interp/system_alleles.h"

#include <algorithm>
#include <cctype>

namespace kb::interp {
namespace {

/// An HLA allele name split into its fields and expression suffix: `*57:01:01N` ->
/// {57, 01, 01}, "N".
struct HlaName {
  std::vector<std::string_view> fields;
  std::string_view suffix;
};

HlaName split_hla(std::string_view a) {
  HlaName n;
  if (!a.empty() && a.front() == '*') a.remove_prefix(1);
  if (!a.empty() && std::isalpha(static_cast<unsigned char>(a.back()))) {
    n.suffix = a.substr(a.size() - 1);
    a.remove_suffix(1);
  }
  for (std::size_t start = 0;;) {
    std::size_t colon = a.find(':', start);
    n.fields.push_back(a.substr(start, colon == a.npos ? a.npos : colon - start));
    if (colon == a.npos) break;
    start = colon + 1;
  }
  return n;
}

/// True when `coarse` names a group that `fine` belongs to: fewer fields, each equal.
bool is_group_of(const HlaName& coarse, const HlaName& fine) {
  return coarse.fields.size() < fine.fields.size() &&
         std::equal(coarse.fields.begin(), coarse.fields.end(), fine.fields.begin());
}

}  // namespace

std::vector<std::string> kb_alleles(const kbbundle::Bundle& b, std::uint32_t v) {
  std::vector<std::string> out;
  for (const auto& a : b.alleles_of(v)) out.emplace_back(b.str(a.name));
  return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : std::string(sep)) + x;
  return s;
}

std::optional<std::string> hla_group_of(std::string_view allele, const std::vector<std::string>& kb) {
  HlaName call = split_hla(allele);
  std::optional<std::string> best;
  std::size_t best_fields = 0;
  for (const auto& k : kb) {
    HlaName group = split_hla(k);
    if (group.suffix != call.suffix || !is_group_of(group, call)) continue;
    if (group.fields.size() > best_fields) best = k, best_fields = group.fields.size();
  }
  return best;
}

std::optional<std::string> hla_finer_in(std::string_view allele, const std::vector<std::string>& kb) {
  HlaName call = split_hla(allele);
  for (const auto& k : kb)
    if (is_group_of(call, split_hla(k))) return k;
  return std::nullopt;
}

void resolve_system_genotype(kbbundle::format::AlleleSystem system, const std::string& id,
                             const std::vector<std::string>& kb, const std::string& where, Genotype& g,
                             Input& in) {
  const std::string written = g.text();
  const bool hla = system == kbbundle::format::AlleleSystem::kHla;
  for (auto& a : g.alleles) {
    if (std::find(kb.begin(), kb.end(), a) != kb.end()) continue;
    if (auto group = hla ? hla_group_of(a, kb) : std::nullopt) {
      in.warnings.push_back({id, where + ": HLA allele " + a + " is read as the KB's " + *group +
                                     ", of which it is a more specific allele"});
      a = *group;
      continue;
    }
    std::string reason = "allele " + a + " is not one of the KB's " + std::string(kbbundle::system_name(system)) +
                         " alleles of " + id + " (" + join(kb, ", ") + "); records about it cannot be decided";
    if (auto finer = hla ? hla_finer_in(a, kb) : std::nullopt)
      reason += " (the call has fewer fields than the KB's " + *finer + ": type at a higher resolution)";
    in.undecided.push_back({id, written, reason, where});
  }
}

}  // namespace kb::interp
