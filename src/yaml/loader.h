#pragma once
/// \file
/// Loads YAML streams into positioned node trees. Never throws on bad input: every
/// problem becomes a diagnostic (KB0001–KB0009) naming the file, line and column.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace kb::yaml {

/// Limits that keep hostile input from exhausting the stack or memory.
struct LoadLimits {
  std::size_t max_depth = 64;              ///< nesting of collections
  std::size_t max_documents = 100000;      ///< documents in one file
  std::size_t max_scalar_bytes = 1 << 20;  ///< one scalar
  std::size_t max_nodes = 4'000'000;       ///< nodes in one file
};

/// The documents of one file that loaded (empty documents dropped).
struct LoadedFile {
  std::vector<Document> documents;
  bool failed = false;  ///< a load error stopped parsing; documents holds those before it
};

/// Parses `content` (the whole file) as a YAML stream. `display` names the file in
/// diagnostics, which are appended to `diags`.
LoadedFile load_yaml(std::string_view content, const std::string& display,
                     const LoadLimits& limits, std::vector<Diagnostic>& diags);

}  // namespace kb::yaml
