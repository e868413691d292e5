#pragma once
/// \file
/// Hand-written YAML emission for generated records: quoting that survives the
/// YAML 1.2 core schema (and YAML 1.1 readers), and a tiny block-style writer.

#include <string>
#include <string_view>
#include <vector>

namespace kb::import {

/// `s` as a YAML scalar: plain when a YAML 1.2 core (or 1.1) reader would read it back
/// as the same string, otherwise double-quoted with escapes. Strings that would resolve
/// to null, a boolean, a number, or that contain indicators (": ", " #", flow
/// characters, leading special characters, control characters) are quoted.
std::string yaml_quote(std::string_view s);

/// Whether `s` can be written as a plain scalar (see yaml_quote).
bool yaml_plain_safe(std::string_view s);

/// `s` always double-quoted, with `\`, `"` and control characters escaped.
std::string yaml_double_quoted(std::string_view s);

/// A flow sequence of strings, each quoted as needed: `["A/A", "A/G"]`.
std::string yaml_flow_list(const std::vector<std::string>& items);

/// Builds one YAML document in block style. Keys are trusted identifiers.
class YamlDoc {
 public:
  /// `key: value` with the value quoted as needed, at the current indent.
  void field(std::string_view key, std::string_view value);
  /// `key: <raw>` where `raw` is already valid YAML (an integer, a flow list).
  void raw(std::string_view key, std::string_view raw_value);
  /// `key:` opening a nested mapping; fields until close() are indented.
  void open(std::string_view key);
  void close();
  const std::string& text() const { return out_; }

 private:
  void key_prefix(std::string_view key);
  std::string out_;
  int depth_ = 0;
};

}  // namespace kb::import
