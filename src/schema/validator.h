#pragma once
/// \file
/// JSON Schema (draft-07) validation of loaded records with valijson, turning its errors
/// into positioned diagnostics (KB0101–KB0107) with curator-friendly messages.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace kb::schema {

/// The compiled schema of every kind. Built once; shared read-only by all threads.
class SchemaSet {
 public:
  /// The schemas compiled into the binary.
  static std::unique_ptr<SchemaSet> embedded();
  /// `<kind>.schema.json` files from `dir`; on failure returns null and sets `error`.
  static std::unique_ptr<SchemaSet> from_directory(const std::filesystem::path& dir,
                                                   std::string& error);
  ~SchemaSet();
  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  SchemaSet();
  std::unique_ptr<Impl> impl_;
};

/// Validates documents against a SchemaSet. Not thread-safe: use one per thread.
class Validator {
 public:
  explicit Validator(const SchemaSet& schemas);
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  /// Validates `doc` (a mapping of kind `kind`), appending diagnostics for `file`.
  void validate(const yaml::Node& doc, std::string_view kind, const std::string& file,
                const std::string& record_id, std::vector<Diagnostic>& out);

 private:
  struct State;
  const SchemaSet& schemas_;
  std::unique_ptr<State> state_;
};

}  // namespace kb::schema
