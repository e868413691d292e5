#pragma once
/// \file
/// Turns loaded YAML documents into typed records. Lenient by design: the schema pass
/// reports what is wrong; this takes every field that has the right shape so that
/// cross-record checks still see the record.

#include <string_view>

#include "model/records.h"
#include "yaml/node.h"

namespace kb::model {

/// The kinds of the v1 format.
inline constexpr std::string_view kKinds[] = {"knowledge-base", "gene",      "variant",
                                              "drug",           "phenotype", "evidence"};

/// True when `kind` is one of kKinds.
bool is_known_kind(std::string_view kind);

/// Adds the record in `doc` (a mapping whose `kind` is known) to `out`.
void add_record(const yaml::Node& doc, std::string_view kind, FileId file, RecordSet& out);

}  // namespace kb::model
