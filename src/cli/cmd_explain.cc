// `kbcheck explain KB2001` prints the rule's page, as `rustc --explain` does: the
// curator reading a finding in a terminal or CI log need not find the docs folder.
#include "cli/cmd_explain.h"

#include <cctype>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "diag/rule_docs.h"
#include "diag/rules.h"

namespace kb::cli {
namespace {

void print_table() {
  std::cout << "Rules (kbcheck explain ID prints one page):\n";
  for (const RuleInfo& r : all_rules())
    std::printf("  %s  %-8s %-28s %s\n", std::string(r.id).c_str(),
                std::string(severity_name(r.severity)).c_str(), std::string(r.name).c_str(),
                std::string(r.summary).c_str());
  std::fflush(stdout);
}

int run_explain(const std::vector<std::string>& ids) {
  if (ids.empty()) {
    print_table();
    return kExitOk;
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string id = ids[i];
    for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string_view page = find_rule(id) ? rule_doc(id) : std::string_view{};
    if (page.empty()) {
      print_error("'" + ids[i] + "' is not a rule id; run 'kbcheck explain' for the list");
      return kExitFailure;
    }
    std::cout << (i ? "\n" : "") << page;
  }
  return kExitOk;
}

}  // namespace

void setup_explain(CLI::App& sub, int& exit_code) {
  auto ids = std::make_shared<std::vector<std::string>>();
  sub.add_option("RULE", *ids, "Rule ids such as KB2001 (case-insensitive)");
  sub.callback([ids, &exit_code] { exit_code = run_explain(*ids); });
}

}  // namespace kb::cli
