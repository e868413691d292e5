#pragma once
/// \file
/// The JSON Schemas of schema/, compiled in (kb_embed_files, cmake/EmbedFiles.cmake).

#include <span>

#include "support/embedded_file.h"

namespace kb::schema {

/// Every schema in schema/, ordered by kind: {"evidence", the text of
/// schema/evidence.schema.json}, ...
std::span<const EmbeddedFile> embedded_schemas();

}  // namespace kb::schema
