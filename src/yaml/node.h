#pragma once
/// \file
/// The positioned YAML node tree kbcheck works on. libfyaml stays private to
/// yaml/loader.cc; everything else sees only these plain types.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/source_location.h"

namespace kb::yaml {

enum class NodeKind : std::uint8_t { kNull, kScalar, kSequence, kMapping };

/// What a scalar means under the YAML 1.2 core schema.
enum class ScalarType : std::uint8_t { kNull, kBool, kInt, kFloat, kString };

struct Member;

/// A node with the position (1-based line and column) where it starts.
struct Node {
  NodeKind kind = NodeKind::kNull;
  bool quoted = false;  ///< scalar written quoted or as a block: always a string
  Mark mark;
  std::string text;           ///< scalar text (kScalar)
  std::vector<Node> items;    ///< kSequence
  std::vector<Member> members;  ///< kMapping, in file order, keys unique

  bool is_scalar() const { return kind == NodeKind::kScalar; }
  bool is_map() const { return kind == NodeKind::kMapping; }
  bool is_seq() const { return kind == NodeKind::kSequence; }
  /// The value under `key` in a mapping, or nullptr.
  const Node* find(std::string_view key) const;
  /// The member (key and value) under `key`, or nullptr.
  const Member* find_member(std::string_view key) const;
  /// The scalar's type under the YAML 1.2 core schema (quoted scalars are strings).
  ScalarType scalar_type() const;
};

/// A key and its value; keys are scalars.
struct Member {
  Node key;
  Node value;
};

/// One document of a YAML stream.
struct Document {
  Node root;
  Mark start;  ///< where the document's content starts
};

/// The type a plain scalar resolves to under the YAML 1.2 core schema.
ScalarType resolve_plain_scalar(std::string_view text);

/// The value of a core-schema integer: decimal with an optional sign, `0o` octal or `0x`
/// hex ("010" is ten). Nothing when `text` is not one or does not fit 64 bits. The schema
/// validator and the typed model both read integers through this, so they agree.
std::optional<std::int64_t> core_int_value(std::string_view text);

/// Short description of a node for messages: "a mapping", "the number 15", "'up'".
std::string describe(const Node& node);

}  // namespace kb::yaml
