// Every registered rule has a doc page and at least one test naming its id. A rule
// without either is a defect: curators are sent to the page by every diagnostic.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "diag/rules.h"

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("every rule has a docs/rules page with the required sections", "[registry]") {
  for (const auto& r : kb::all_rules()) {
    fs::path page = fs::path(KB_SOURCE_DIR) / "docs" / "rules" / (std::string(r.id) + ".md");
    INFO("rule " << r.id);
    REQUIRE(fs::exists(page));
    std::string text = slurp(page);
    CHECK(text.find(std::string(r.name)) != std::string::npos);
    CHECK(text.find("## Bad") != std::string::npos);
    CHECK(text.find("## Fix") != std::string::npos);
  }
}

TEST_CASE("every rule id appears in a test under tests/", "[registry]") {
  std::string all;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(KB_SOURCE_DIR) / "tests")) {
    auto ext = e.path().extension();
    if (e.path().filename() == "rules_registry_test.cc") continue;
    if (ext == ".cc" || ext == ".yaml" || ext == ".json" || ext == ".txt" || ext == ".py") all += slurp(e.path());
  }
  for (const auto& r : kb::all_rules()) {
    INFO("rule " << r.id << " has no test");
    CHECK(all.find(std::string(r.id)) != std::string::npos);
  }
}

TEST_CASE("rule ids are unique and look like KBnnnn", "[registry]") {
  std::set<std::string_view> ids, names;
  for (const auto& r : kb::all_rules()) {
    CHECK(ids.insert(r.id).second);
    CHECK(names.insert(r.name).second);
    CHECK(r.id.size() == 6);
    CHECK(r.id.substr(0, 2) == "KB");
  }
  CHECK(kb::find_rule("KB0103") != nullptr);
  CHECK(kb::find_rule("KB9999") == nullptr);
}
