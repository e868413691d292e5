// Every registered rule has a doc page and a test that triggers it and asserts its id. A rule
// without either is a defect: curators are sent to the page by every diagnostic.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
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

namespace {

/// Every rule id asserted as triggered somewhere under tests/: the id in a call of
/// kbtest::expect_rule, or compared with a finding's rule inside a CHECK or REQUIRE
/// (`CHECK(ds[0].rule == "KB1001")`, `CHECK(j["rule"] == "KB1001")`). Merely naming the
/// id (a comment, a test name, a CHECK_FALSE, a string search) does not count.
std::set<std::string> asserted_rule_ids() {
  static const std::regex kExpect("\\bexpect_rule\\s*\\(");
  static const std::regex kAssert("\\b(CHECK|REQUIRE)\\s*\\(");
  static const std::regex kExpectId("\"(KB[0-9]{4})\"");
  static const std::regex kCompareId("rule(\"\\])?\\s*==\\s*\"(KB[0-9]{4})\"");
  std::set<std::string> ids;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(KB_SOURCE_DIR) / "tests")) {
    auto ext = e.path().extension();
    if (e.path().filename() == "rules_registry_test.cc" || (ext != ".cc" && ext != ".h")) continue;
    std::istringstream text(slurp(e.path()));
    for (std::string stmt; std::getline(text, stmt, ';');) {  // one statement at a time
      bool expect = std::regex_search(stmt, kExpect);
      if (!expect && !std::regex_search(stmt, kAssert)) continue;
      const std::regex& id_re = expect ? kExpectId : kCompareId;
      for (std::sregex_iterator it(stmt.begin(), stmt.end(), id_re), end; it != end; ++it)
        ids.insert((*it)[expect ? 1 : 2].str());
    }
  }
  return ids;
}

}  // namespace

TEST_CASE("every rule has a test that triggers it and asserts its id", "[registry]") {
  auto asserted = asserted_rule_ids();
  for (const auto& r : kb::all_rules()) {
    INFO("rule " << r.id << ": no test under tests/ triggers it and asserts its id "
                 "(kbtest::expect_rule(findings, \"" << r.id << "\"))");
    CHECK(asserted.count(std::string(r.id)) == 1);
  }
  for (const auto& id : asserted) {
    INFO("a test asserts " << id << ", which is not in the registry");
    CHECK(kb::find_rule(id) != nullptr);
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

// Why: ctest runs each Catch test case by its name. A ';' splits the name into two CMake
// list items, and '[' or '\' turn it into a tag or an escape in Catch's test spec, so
// such a test "passed" for years without running an assertion. Every test name under
// tests/ must be safe to pass back.
TEST_CASE("every test name can be selected by ctest", "[registry]") {
  const std::regex test_case(R"re((?:TEST_CASE|SCENARIO)\(\s*"((?:[^"\\]|\\.)*)")re");
  std::size_t names = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(KB_SOURCE_DIR) / "tests")) {
    if (e.path().extension() != ".cc") continue;
    std::string text = slurp(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), test_case), end; it != end; ++it) {
      std::string name = (*it)[1].str();
      ++names;
      INFO(e.path().lexically_relative(KB_SOURCE_DIR).string() << ": TEST_CASE(\"" << name << "\")");
      CHECK(name.find_first_of(";[]\\\"") == std::string::npos);
    }
  }
  CHECK(names > 100);  // the scan itself found the suites
}
