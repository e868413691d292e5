#pragma once
/// \file
/// `--cache DIR`: per-file results of `kbcheck check` and `lint` (the findings of loading,
/// schema validation and per-record rules, the record count and, from `check`, the
/// file's model records), so an unchanged file is not parsed or validated again.
/// Cross-record rules always run on the whole model.
///
/// An entry is keyed by the run key (kbcheck's version, this entry format, a hash of the
/// schemas and every option that changes per-file results) and the file's display path;
/// it is valid only for the content whose XXH3-64 it records. One entry per (key, path):
/// `DIR/<16 hex digits>.kbc`, so editing a file rewrites its entry in place.
///
/// On-disk entry (little-endian, as the host writes it; a foreign host's entry fails the
/// checks and is rewritten):
///
///   offset size
///   0      8    magic "KBCACHE\0"
///   8      4    u32 entry format version (kEntryVersion)
///   12     4    u32 reserved, 0
///   16     8    u64 run key (see make_run_key)
///   24     8    u64 XXH3-64 of the file's content
///   32     8    u64 payload size P
///   40     P    payload
///   40+P   8    u64 XXH3-64 of bytes [0, 40+P)
///
/// Payload: str display path; u64 record count; u32 n; n diagnostics, each: str rule,
/// u8 severity, str file, u32 line, u32 column, str record, str message, u32 m, m related
/// notes (str file, u32 line, u32 column, str record, str message); u8 has_records, and
/// when 1: u64 size and the file's model records (model/record_io.h; `check` writes them,
/// `lint` does not build them). A str is a u32 length then that many bytes.
///
/// Every check fails closed: a short, corrupt, foreign (other key, version or path),
/// stale (other content) or half-written entry, or anything that is not a regular file
/// (a symlink is not followed), is a miss: the file is checked again and the entry
/// rewritten atomically (temp + rename, so concurrent writers are safe). A cache that
/// cannot be written only costs speed; it never changes the output or the exit status.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace kb::cli {

/// The fixed-size head of an entry (documented above).
struct CacheEntryHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t reserved;
  std::uint64_t run_key;
  std::uint64_t content_hash;
  std::uint64_t payload_size;
};
static_assert(sizeof(CacheEntryHeader) == 40, "on-disk cache entry header is 40 bytes");

inline constexpr std::uint32_t kEntryVersion = 1;
/// Entries larger than this are not read (a file's findings are far smaller).
inline constexpr std::uint64_t kMaxEntryBytes = 256u << 20;

/// What the cache keeps for one file.
struct CachedFile {
  std::size_t record_count = 0;
  std::vector<Diagnostic> diagnostics;
  bool has_records = false;
  std::string records;  ///< model::encode_records of the file's records, when has_records
};

/// XXH3-64 (seed 0) of `data`.
std::uint64_t hash_bytes(std::string_view data);

/// The run key: XXH3-64 of every part, each length-prefixed (kbcheck's version, the
/// entry format, the schemas, the options).
std::uint64_t make_run_key(const std::vector<std::string>& parts);

/// Serializes an entry (exposed for tests).
std::string encode_entry(std::uint64_t run_key, std::uint64_t content_hash,
                         std::string_view display, const CachedFile& file);

/// Parses and verifies an entry; nullopt when anything does not match (exposed for tests).
std::optional<CachedFile> decode_entry(std::string_view bytes, std::uint64_t run_key,
                                       std::uint64_t content_hash, std::string_view display);

/// A cache directory for one run. Thread-safe: lookup and store touch only their entry.
class FileCache {
 public:
  FileCache(std::filesystem::path dir, std::uint64_t run_key)
      : dir_(std::move(dir)), run_key_(run_key) {}

  /// The cached results of `display` with content `content`, if a valid entry exists.
  std::optional<CachedFile> lookup(std::string_view display, std::string_view content) const;
  /// Writes the entry (atomically); failures are ignored (the run does not depend on it).
  void store(std::string_view display, std::string_view content, const CachedFile& file) const;
  /// The entry file of `display` (for tests).
  std::filesystem::path entry_path(std::string_view display) const;

 private:
  std::filesystem::path dir_;
  std::uint64_t run_key_;
};

/// Creates `dir` (and parents) when missing; empty string on success, else the reason.
std::string prepare_cache_dir(const std::filesystem::path& dir);

}  // namespace kb::cli
