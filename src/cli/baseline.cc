#include "cli/baseline.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "support/files.h"
#include "support/text.h"

namespace kb::cli {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

/// Baselines larger than this are refused (a KB with millions of findings would not
/// adopt kbcheck this way).
constexpr std::size_t kMaxBaselineBytes = 512u << 20;

/// The related record ids of `d`, sorted, without duplicates or empty ids.
std::vector<std::string> related_records(const Diagnostic& d) {
  std::vector<std::string> ids;
  for (const auto& n : d.related)
    if (!n.record.empty()) ids.push_back(n.record);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

/// `file` relative to the KB root's display path when inside it, else as it is.
std::string kb_relative(const std::string& file, const std::string& kb_root) {
  if (kb_root.empty() || kb_root == ".") return file;
  if (file.size() > kb_root.size() && file.compare(0, kb_root.size(), kb_root) == 0 &&
      file[kb_root.size()] == '/')
    return file.substr(kb_root.size() + 1);
  return file;
}

/// Why the baseline at `file` is refused, with what to do.
std::string refusal(const std::filesystem::path& file, const std::string& why) {
  return "baseline " + file.string() + ": " + why +
         "; write a new one with `kbcheck check KB --write-baseline " + file.string() + "`";
}

/// An optional string member of `j`; false when present and not a string.
bool string_member(const json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

/// Reads entry `i` of the findings array; returns an error or "".
std::string read_entry(const json& j, std::size_t i, BaselineEntry& e) {
  std::string where = "finding " + std::to_string(i + 1);
  if (!j.is_object()) return where + " is not an object";
  if (!string_member(j, "rule", e.rule) || e.rule.empty()) return where + " has no \"rule\" string";
  if (!string_member(j, "fingerprint", e.fingerprint) || e.fingerprint.size() != 16 ||
      !std::all_of(e.fingerprint.begin(), e.fingerprint.end(),
                   [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
    return where + " has no \"fingerprint\" of 16 lowercase hex digits";
  if (!string_member(j, "record", e.record) || !string_member(j, "file", e.file) ||
      !string_member(j, "message", e.message))
    return where + ": \"record\", \"file\" and \"message\" must be strings";
  if (auto it = j.find("related"); it != j.end()) {
    if (!it->is_array()) return where + ": \"related\" must be a list of record ids";
    for (const auto& r : *it) {
      if (!r.is_string()) return where + ": \"related\" must be a list of record ids";
      e.related.push_back(r.get<std::string>());
    }
  }
  return {};
}

}  // namespace

std::string baseline_fingerprint(const Diagnostic& d, const std::string& kb_root) {
  std::vector<std::string> related = related_records(d);
  if (!related.empty()) {
    // A cross-record finding is reported at whichever record comes later in file order,
    // and its message is phrased from that side: a rename can swap the sides, so it is
    // identified by the set of its records alone.
    related.push_back(d.record);
    std::sort(related.begin(), related.end());
    related.erase(std::unique(related.begin(), related.end()), related.end());
    std::vector<std::string_view> parts{d.rule, "records"};
    for (const auto& r : related) parts.push_back(r);
    return fnv1a_hex(parts);
  }
  std::string file = d.record.empty() ? kb_relative(d.location.file, kb_root) : std::string();
  return fnv1a_hex({d.rule, d.record, d.message, file});
}

std::string load_baseline(const std::filesystem::path& file, Baseline& out) {
  ReadResult read = read_file(file, kMaxBaselineBytes);
  if (!read.ok()) return refusal(file, "cannot be read: " + read.error);
  json doc = json::parse(read.content, nullptr, false);
  if (doc.is_discarded()) return refusal(file, "is not JSON");
  if (!doc.is_object() || !doc.contains("kbcheck_baseline"))
    return refusal(file, "is not a kbcheck baseline (no \"kbcheck_baseline\" version)");
  const json& version = doc["kbcheck_baseline"];
  if (!version.is_number_integer() || version.get<long long>() != kBaselineVersion)
    return refusal(file, "has baseline format version " + version.dump() +
                             ", and this kbcheck reads version " +
                             std::to_string(kBaselineVersion));
  auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array())
    return refusal(file, "has no \"findings\" list");
  out.entries.clear();
  out.entries.reserve(findings->size());
  for (std::size_t i = 0; i < findings->size(); ++i) {
    BaselineEntry e;
    if (std::string why = read_entry((*findings)[i], i, e); !why.empty()) return refusal(file, why);
    out.entries.push_back(std::move(e));
  }
  return {};
}

Baseline make_baseline(const std::vector<Diagnostic>& findings, const std::string& kb_root) {
  Baseline b;
  b.entries.reserve(findings.size());
  for (const auto& d : findings)
    b.entries.push_back({d.rule, d.record, baseline_fingerprint(d, kb_root), d.location.file,
                         d.message, related_records(d)});
  return b;
}

std::string baseline_text(const Baseline& b, const std::string& tool_version) {
  auto dump = [](const ordered_json& j) {
    return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  };
  std::string out = "{\"kbcheck_baseline\": " + std::to_string(kBaselineVersion) +
                    ", \"tool\": " + dump({{"name", "kbcheck"}, {"version", tool_version}}) +
                    ",\n \"findings\": [";
  for (std::size_t i = 0; i < b.entries.size(); ++i) {
    const BaselineEntry& e = b.entries[i];
    ordered_json j;
    j["rule"] = e.rule;
    j["record"] = e.record;
    j["related"] = e.related;
    j["fingerprint"] = e.fingerprint;
    j["file"] = e.file;
    j["message"] = e.message;
    out += (i == 0 ? "\n  " : ",\n  ") + dump(j);
  }
  out += b.entries.empty() ? "]}\n" : "\n ]}\n";
  return out;
}

BaselineMatch match_baseline(const Baseline& b, const std::string& display,
                             const std::vector<Diagnostic>& findings, const std::string& kb_root) {
  // (rule, fingerprint) -> indices of the entries still unmatched, in file order.
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> open;
  for (std::size_t i = b.entries.size(); i-- > 0;)
    open[{b.entries[i].rule, b.entries[i].fingerprint}].push_back(i);
  BaselineMatch m;
  m.suppressed.assign(findings.size(), 0);
  std::vector<char> used(b.entries.size(), 0);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    auto it = open.find({findings[i].rule, baseline_fingerprint(findings[i], kb_root)});
    if (it == open.end() || it->second.empty()) continue;
    used[it->second.back()] = 1;
    it->second.pop_back();
    m.suppressed[i] = 1;
  }
  for (std::size_t i = 0; i < b.entries.size(); ++i) {
    if (used[i]) continue;
    const BaselineEntry& e = b.entries[i];
    std::string what = e.rule + (e.record.empty() ? "" : " on " + e.record) +
                       (e.file.empty() ? "" : " in " + e.file);
    m.fixed.push_back(
        make_diagnostic(Rule::kBaselineFixed, {display, 0, 0},
                        "fixed: " + what + " (\"" + e.message +
                            "\") no longer occurs; --write-baseline drops it from the baseline",
                        e.record));
  }
  return m;
}

}  // namespace kb::cli
