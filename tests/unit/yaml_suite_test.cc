// The official YAML test suite (../shared/data/yaml-test-suite, 402 cases; skipped when
// absent) through kbcheck's loader: every case marked `error` is refused with KB0001
// (all 94 are syntax errors to libfyaml, none needs KB0006 as its reason), no valid case
// gets KB0001, and for valid cases with an `in.json` the tree we build equals it. Cases whose records
// kbcheck refuses by design (anchors/aliases, tags, non-scalar or duplicate keys: KB0006,
// KB0009, KB0002) cannot equal in.json, whose aliases are expanded; they are counted and
// only the reject/accept judgement is checked for them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"
#include "yaml/loader.h"

namespace fs = std::filesystem;
using kb::yaml::Node;
using kb::yaml::NodeKind;
using kb::yaml::ScalarType;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Every case folder (one holding in.yaml), sorted: `229Q`, `2G84/00`, ...
std::vector<fs::path> suite_cases(const fs::path& root) {
  std::vector<fs::path> cases;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() == "in.yaml") cases.push_back(e.path().parent_path());
  std::sort(cases.begin(), cases.end());
  return cases;
}

/// in.json holds one JSON value per YAML document, one after the other.
std::vector<nlohmann::json> json_documents(const std::string& text) {
  std::vector<nlohmann::json> docs;
  std::istringstream in(text);
  while ((in >> std::ws).peek() != std::char_traits<char>::eof()) {
    nlohmann::json j;
    in >> j;
    if (!j.is_null()) docs.push_back(std::move(j));  // the loader drops empty documents
  }
  return docs;
}

/// Why `node` differs from `json` (empty when equal), under the YAML 1.2 core schema.
std::string difference(const Node& node, const nlohmann::json& json, const std::string& path) {
  auto differs = [&](const std::string& what) { return path + ": " + what + ", in.json has " + json.dump(); };
  switch (node.kind) {
    case NodeKind::kNull: return json.is_null() ? "" : differs("null");
    case NodeKind::kSequence: {
      if (!json.is_array() || json.size() != node.items.size()) return differs("a list of " + std::to_string(node.items.size()));
      for (std::size_t i = 0; i < node.items.size(); ++i)
        if (auto d = difference(node.items[i], json[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
      return "";
    }
    case NodeKind::kMapping: {
      if (!json.is_object() || json.size() != node.members.size())
        return differs("a mapping of " + std::to_string(node.members.size()));
      for (const auto& m : node.members) {
        std::string key = m.key.kind == NodeKind::kNull ? "" : m.key.text;
        if (!json.contains(key)) return differs("key '" + key + "'");
        if (auto d = difference(m.value, json[key], path + "." + key); !d.empty()) return d;
      }
      return "";
    }
    case NodeKind::kScalar: break;
  }
  switch (node.scalar_type()) {
    case ScalarType::kNull: return json.is_null() ? "" : differs("null");
    case ScalarType::kBool:
      return json.is_boolean() && json.get<bool>() == (node.text[0] == 't' || node.text[0] == 'T') ? "" : differs(node.text);
    case ScalarType::kInt:
    case ScalarType::kFloat: {
      if (!json.is_number()) return differs("the number " + node.text);
      auto as_int = kb::yaml::core_int_value(node.text);
      double ours = as_int ? static_cast<double>(*as_int) : std::strtod(node.text.c_str(), nullptr);
      return std::fabs(ours - json.get<double>()) <= 1e-9 * std::max(1.0, std::fabs(ours)) ? "" : differs(node.text);
    }
    case ScalarType::kString: return json.is_string() && json.get<std::string>() == node.text ? "" : differs("'" + node.text + "'");
  }
  return "";
}

bool has_rule(const std::vector<kb::Diagnostic>& diags, std::string_view rule) {
  return std::any_of(diags.begin(), diags.end(), [&](const auto& d) { return d.rule == rule; });
}

}  // namespace

TEST_CASE("the YAML test suite is judged as the suite says", "[yaml][suite]") {
  // ../shared beside the repo, or KB_SHARED (as tools/bench reads it) from a worktree.
  const char* env = std::getenv("KB_SHARED");
  fs::path shared = env && *env ? fs::path(env) : kbtest::shared_dir();
  fs::path root = shared.empty() ? fs::path() : shared / "data" / "yaml-test-suite";
  if (root.empty() || !fs::exists(root)) {
    WARN("../shared/data/yaml-test-suite not found: skipped");
    return;
  }
  int total = 0, errors = 0, valid = 0, compared = 0, refused_by_design = 0;
  for (const fs::path& dir : suite_cases(root)) {
    std::string name = fs::relative(dir, root).string();
    INFO("case " << name);
    std::vector<kb::Diagnostic> diags;
    auto file = kb::yaml::load_yaml(slurp(dir / "in.yaml"), name, {}, diags);
    ++total;
    std::string shown;
    for (const auto& d : diags) shown += d.rule + " " + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " + d.message + "\n";
    INFO(shown);
    if (fs::exists(dir / "error")) {
      ++errors;
      CHECK(file.failed);
      CHECK(has_rule(diags, "KB0001"));
      continue;
    }
    ++valid;
    CHECK_FALSE(has_rule(diags, "KB0001"));
    if (has_rule(diags, "KB0006") || has_rule(diags, "KB0009") || has_rule(diags, "KB0002")) {
      ++refused_by_design;
      continue;
    }
    CHECK_FALSE(file.failed);
    if (!fs::exists(dir / "in.json")) continue;
    auto expected = json_documents(slurp(dir / "in.json"));
    REQUIRE(file.documents.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(difference(file.documents[i].root, expected[i], "$") == "");
    ++compared;
  }
  CHECK(total == 402);
  WARN("YAML test suite: " << total << " cases, " << errors << " errors, " << valid << " valid ("
                           << compared << " compared with in.json, " << refused_by_design
                           << " refused by design: anchors, aliases, tags or complex keys)");
}
