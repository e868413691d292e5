// --cache DIR: per-file entries, verified on read (see file_cache.h for the format).
#include "cli/file_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <system_error>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "support/atomic_write.h"

namespace kb::cli {
namespace {

constexpr char kMagic[8] = {'K', 'B', 'C', 'A', 'C', 'H', 'E', '\0'};

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void u64(std::uint64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

/// Bounds-checked reads; any overrun sets failed() and returns zeros.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool failed() const { return failed_; }
  bool at_end() const { return at_ == in_.size(); }
  template <class T>
  T num() {
    T v{};
    if (failed_ || in_.size() - at_ < sizeof v) {
      failed_ = true;
      return v;
    }
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string str() { return take(num<std::uint32_t>()); }
  std::string take(std::size_t n) {
    if (failed_ || in_.size() - at_ < n) {
      failed_ = true;
      return {};
    }
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

void put_location(Writer& w, const SourceLocation& l) {
  w.str(l.file);
  w.u32(l.line);
  w.u32(l.column);
}

SourceLocation get_location(Reader& r) {
  SourceLocation l;
  l.file = r.str();
  l.line = r.num<std::uint32_t>();
  l.column = r.num<std::uint32_t>();
  return l;
}

std::optional<CachedFile> decode_payload(std::string_view payload, std::string_view display) {
  Reader r(payload);
  if (r.str() != display) return std::nullopt;
  CachedFile f;
  f.record_count = r.num<std::uint64_t>();
  std::uint32_t n = r.num<std::uint32_t>();
  for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
    Diagnostic d;
    d.rule = r.str();
    auto severity = r.num<std::uint8_t>();
    if (severity > static_cast<std::uint8_t>(Severity::kError)) return std::nullopt;
    d.severity = static_cast<Severity>(severity);
    d.location = get_location(r);
    d.record = r.str();
    d.message = r.str();
    std::uint32_t m = r.num<std::uint32_t>();
    for (std::uint32_t j = 0; j < m && !r.failed(); ++j) {
      RelatedNote note;
      note.location = get_location(r);
      note.record = r.str();
      note.message = r.str();
      d.related.push_back(std::move(note));
    }
    f.diagnostics.push_back(std::move(d));
  }
  auto has = r.num<std::uint8_t>();
  if (has > 1) return std::nullopt;
  f.has_records = has == 1;
  if (f.has_records) {
    auto size = r.num<std::uint64_t>();
    if (r.failed() || size > payload.size()) return std::nullopt;
    f.records = r.take(static_cast<std::size_t>(size));
  }
  if (r.failed() || !r.at_end()) return std::nullopt;
  return f;
}

/// Reads a regular file without following a symlink; nullopt on any failure.
std::optional<std::string> read_entry(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<std::uint64_t>(st.st_size) <= kMaxEntryBytes) {
    std::string buf(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < buf.size()) {
      ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got == buf.size()) out = std::move(buf);
  }
  ::close(fd);
  return out;
}

}  // namespace

std::uint64_t hash_bytes(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

std::uint64_t make_run_key(const std::vector<std::string>& parts) {
  Writer w;
  w.u32(kEntryVersion);
  for (const auto& p : parts) w.str(p);
  return hash_bytes(w.bytes());
}

std::string encode_entry(std::uint64_t run_key, std::uint64_t content_hash,
                         std::string_view display, const CachedFile& file) {
  Writer p;
  p.str(display);
  p.u64(file.record_count);
  p.u32(static_cast<std::uint32_t>(file.diagnostics.size()));
  for (const auto& d : file.diagnostics) {
    p.str(d.rule);
    p.u8(static_cast<std::uint8_t>(d.severity));
    put_location(p, d.location);
    p.str(d.record);
    p.str(d.message);
    p.u32(static_cast<std::uint32_t>(d.related.size()));
    for (const auto& n : d.related) {
      put_location(p, n.location);
      p.str(n.record);
      p.str(n.message);
    }
  }
  p.u8(file.has_records ? 1 : 0);
  if (file.has_records) {
    p.u64(file.records.size());
    p.bytes() += file.records;
  }
  CacheEntryHeader h{};
  std::memcpy(h.magic, kMagic, sizeof h.magic);
  h.version = kEntryVersion;
  h.run_key = run_key;
  h.content_hash = content_hash;
  h.payload_size = p.bytes().size();
  std::string out(reinterpret_cast<const char*>(&h), sizeof h);
  out += p.bytes();
  std::uint64_t sum = hash_bytes(out);
  out.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  return out;
}

std::optional<CachedFile> decode_entry(std::string_view bytes, std::uint64_t run_key,
                                       std::uint64_t content_hash, std::string_view display) {
  constexpr std::size_t kFixed = sizeof(CacheEntryHeader) + sizeof(std::uint64_t);
  if (bytes.size() < kFixed) return std::nullopt;
  CacheEntryHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kEntryVersion ||
      h.reserved != 0 || h.run_key != run_key || h.content_hash != content_hash ||
      h.payload_size != bytes.size() - kFixed)
    return std::nullopt;
  std::uint64_t sum;
  std::memcpy(&sum, bytes.data() + bytes.size() - sizeof sum, sizeof sum);
  if (sum != hash_bytes(bytes.substr(0, bytes.size() - sizeof sum))) return std::nullopt;
  return decode_payload(bytes.substr(sizeof h, h.payload_size), display);
}

std::filesystem::path FileCache::entry_path(std::string_view display) const {
  Writer w;
  w.u64(run_key_);
  w.str(display);
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.kbc",
                static_cast<unsigned long long>(hash_bytes(w.bytes())));
  return dir_ / name;
}

std::optional<CachedFile> FileCache::lookup(std::string_view display, std::string_view content) const {
  std::optional<std::string> bytes = read_entry(entry_path(display));
  if (!bytes) return std::nullopt;
  return decode_entry(*bytes, run_key_, hash_bytes(content), display);
}

void FileCache::store(std::string_view display, std::string_view content, const CachedFile& file) const {
  WriteOptions w;
  w.remove_stale = false;  // one scan per entry would cost more than the cache saves
  (void)write_file(entry_path(display), encode_entry(run_key_, hash_bytes(content), display, file), w);
}

std::string prepare_cache_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!std::filesystem::is_directory(dir, ec))
    return "cannot use cache directory '" + dir.string() + "'" +
           (ec ? ": " + ec.message() : std::string(": not a directory")) +
           " (pass --cache with a writable directory, or unset KBCHECK_CACHE)";
  return {};
}

}  // namespace kb::cli
