// Reading PharmGKB Notes: see pharmgkb_notes.h.
#include "import/pharmgkb_notes.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <utility>

namespace kb::import {

std::string conditional_phrase(const std::string& notes) {
  std::string low = notes;
  for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view p : {"in combination with rs", "in combination with the rs", "combination of rs",
                             "in a haplotype with", "as part of a haplotype"})
    if (auto at = low.find(p); at != std::string::npos) return notes.substr(at, p.size());
  return "";
}

std::string endpoint_from_notes(const std::string& notes) {
  std::string low = notes;
  for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t at = std::string::npos, skip = 0;
  for (std::string_view p : {"as measured by ", "urinary excretion of ", "excretion of "})
    if (auto q = low.find(p); q != std::string::npos) {
      at = q, skip = p == "as measured by " ? p.size() : 0;
      break;
    }
  if (at == std::string::npos) return "";
  std::string e = low.substr(at + skip);
  std::size_t end = e.find_first_of(",.;()");
  for (std::string_view stop : {" as ", " during ", " than ", " compared", " and adjusted", " at "})
    end = std::min(end, e.find(stop));
  e = e.substr(0, end);
  for (std::string_view lead : {"a ", "significant ", "significantly ", "the "})
    if (e.starts_with(lead)) e.erase(0, lead.size());
  for (std::string_view change : {"changes in ", "change in ", "decreases in ", "decrease in ", "increases in ",
                                  "increase in ", "improvement in ", "improvements in ", "reduction in ",
                                  "reductions in "})
    if (e.starts_with(change)) {
      e.erase(0, change.size());
      break;
    }
  while (!e.empty() && e.back() == ' ') e.pop_back();
  return e.size() >= 3 && e.size() <= 80 ? e : "";
}

std::string notes_menopausal_status(const std::string& notes) {
  std::set<std::string> seen;
  for (auto open = notes.find('('); open != std::string::npos; open = notes.find('(', open + 1)) {
    auto close = notes.find(')', open);
    if (close == std::string::npos) break;
    std::string inner = notes.substr(open + 1, close - open - 1);
    for (auto [text, status] : {std::pair{"pre-menopausal", "premenopausal"}, {"premenopausal", "premenopausal"},
                                {"post-menopausal", "postmenopausal"}, {"postmenopausal", "postmenopausal"}})
      if (inner.find(text) != std::string::npos) seen.insert(status);
  }
  return seen.size() == 1 ? *seen.begin() : "";
}

}  // namespace kb::import
