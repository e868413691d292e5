#pragma once
/// \file
/// YAML for generated records, written by yaml-cpp's YAML::Emitter (private to
/// yaml_emit.cc). The emitter leaves strings plain that a typed YAML reader turns into
/// something else ("3", "true", "1e3", ".inf" are written bare and read back as numbers
/// and booleans) and writes DEL (U+007F) raw, which YAML forbids. This wrapper decides
/// the style itself - plain only when every reader gets the same string back - and has
/// strings with DEL escaped; the emitter does the escaping and the layout.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Emitter;
}

namespace kb::import {

/// Whether `s` can be written as a plain scalar: a YAML 1.2 core (or 1.1) reader would
/// read it back as the same string. Strings that would resolve to null, a boolean or a
/// number, or that contain indicators (": ", " #", flow characters, leading special
/// characters, control characters, Unicode line separators) are not.
bool yaml_plain_safe(std::string_view s);

/// `s` as a YAML scalar (plain when yaml_plain_safe, otherwise double-quoted).
std::string yaml_quote(std::string_view s);

/// A flow sequence of strings, each quoted as needed: `["A/A", "A/G"]`.
std::string yaml_flow_list(const std::vector<std::string>& items);

/// Builds one YAML document in block style. Keys are trusted identifiers.
class YamlDoc {
 public:
  YamlDoc();
  ~YamlDoc();
  YamlDoc(const YamlDoc&) = delete;
  YamlDoc& operator=(const YamlDoc&) = delete;

  /// `key: value`, the value a string (quoted as needed).
  void field(std::string_view key, std::string_view value);
  /// `key: 123`.
  void integer(std::string_view key, std::int64_t value);
  /// `key: [a, b]`, a flow list of strings.
  void list(std::string_view key, const std::vector<std::string>& items);
  /// `key:` opening a nested mapping; fields until close() are indented.
  void open(std::string_view key);
  void close();
  /// The document (closing what is open), ending with a newline.
  std::string text();

 private:
  std::unique_ptr<YAML::Emitter> out_;
  int depth_ = 0;
};

}  // namespace kb::import
