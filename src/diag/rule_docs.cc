#include "diag/rule_docs.h"

#include <algorithm>

namespace kb {

std::string_view rule_doc(std::string_view id) {
  auto pages = rule_pages();
  auto it = std::lower_bound(pages.begin(), pages.end(), id,
                             [](const EmbeddedFile& f, std::string_view v) { return f.name < v; });
  return (it != pages.end() && it->name == id) ? it->text : std::string_view{};
}

}  // namespace kb
