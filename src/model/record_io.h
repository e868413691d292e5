#pragma once
/// \file
/// A compact binary form of one file's records, for `--cache` (cli/file_cache.h keeps it
/// inside a checksummed, keyed entry). Host byte order; not a portable format.
///
///   u32 kRecordFormatVersion, then per kind in RecordSet order (manifests, genes,
///   variants, drugs, phenotypes, evidence): u32 count and the records.
///
/// Each record is its fields in declaration order: integers, enums (u8) and doubles as
/// their bytes; bool as u8 0/1; a string as u32 length + bytes; optional as u8 0/1 then
/// the value; vector as u32 count then the items; a Pos as its Mark (u32 line, u32
/// column) only: every position of one file's records names that file, which the reader
/// supplies. Adding a field to a record in model/records.h means adding it to
/// record_io.cc and bumping kRecordFormatVersion (the static_asserts there on the record
/// sizes are the reminder).

#include <cstdint>
#include <string>
#include <string_view>

#include "model/records.h"

namespace kb::model {

inline constexpr std::uint32_t kRecordFormatVersion = 1;

/// Appends the binary form of `set` (records of one file) to `out`.
void encode_records(const RecordSet& set, std::string& out);

/// Reads what encode_records wrote into `out` (emptied first), every position in `file`.
/// False (and `out` empty) for input that is short, long, of another version or malformed.
bool decode_records(std::string_view in, FileId file, RecordSet& out);

}  // namespace kb::model
