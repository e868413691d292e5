// Opening a bundle: mapping the file, then validating every offset before any accessor
// can use it (validate.cc).
#include "kbbundle/bundle.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstddef>
#include <cstring>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace kbbundle {

// Why: the format is little-endian and read in place; a big-endian host would read
// garbage, so refuse to build there rather than misread silently.
static_assert(std::endian::native == std::endian::little,
              "kbbundle reads little-endian bundles in place; big-endian hosts are unsupported");

/// Owns the bytes: an mmap'ed file, or an aligned heap copy.
struct Bundle::Mapping {
  void* map = nullptr;
  std::size_t map_size = 0;
  std::unique_ptr<std::uint64_t[]> heap;
  ~Mapping() {
    if (map) ::munmap(map, map_size);
  }
};

Bundle::Bundle(Bundle&&) noexcept = default;
Bundle& Bundle::operator=(Bundle&&) noexcept = default;
Bundle::~Bundle() = default;

std::uint64_t content_checksum(const void* data, std::size_t size) {
  return XXH3_64bits(data, size);
}

std::uint64_t file_checksum(const void* data, std::size_t size) {
  constexpr std::size_t kAt = offsetof(format::FileHeader, file_checksum);
  constexpr std::size_t kEnd = kAt + sizeof(std::uint64_t);
  if (size < kEnd) return 0;
  const auto* p = static_cast<const unsigned char*>(data);
  static constexpr unsigned char kZero[sizeof(std::uint64_t)] = {};
  XXH3_state_t state;
  XXH3_64bits_reset(&state);
  XXH3_64bits_update(&state, p, kAt);
  XXH3_64bits_update(&state, kZero, sizeof kZero);
  XXH3_64bits_update(&state, p + kEnd, size - kEnd);
  return XXH3_64bits_digest(&state);
}

Result<Bundle> Bundle::open(const std::string& path, OpenOptions options) {
  // O_NONBLOCK: opening a FIFO must not block; it is refused as not a regular file.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Result<Bundle>::failure(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Result<Bundle>::failure(path + ": not a regular file");
  }
  Bundle b;
  b.mapping_ = std::make_unique<Mapping>();
  auto size = static_cast<std::size_t>(st.st_size);
  if (size > 0) {
    // Why MAP_POPULATE: open() validates every record anyway; one bulk fault-in is much
    // cheaper than thousands of single page faults.
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      return Result<Bundle>::failure(path + ": cannot map: " + std::strerror(err));
    }
    b.mapping_->map = p;
    b.mapping_->map_size = size;
    b.data_ = static_cast<const char*>(p);
  }
  ::close(fd);
  b.size_ = size;
  auto r = validate(std::move(b), options);
  if (!r) return Result<Bundle>::failure(path + ": " + r.error());
  return r;
}

Result<Bundle> Bundle::from_bytes(std::string bytes, OpenOptions options) {
  Bundle b;
  b.mapping_ = std::make_unique<Mapping>();
  b.mapping_->heap = std::make_unique<std::uint64_t[]>(bytes.size() / 8 + 1);
  if (!bytes.empty()) std::memcpy(b.mapping_->heap.get(), bytes.data(), bytes.size());
  b.data_ = reinterpret_cast<const char*>(b.mapping_->heap.get());
  b.size_ = bytes.size();
  return validate(std::move(b), options);
}

std::optional<std::int64_t> Bundle::build_time() const {
  if (header_->flags & format::kHeaderFlagBuildTime) return header_->build_time;
  return std::nullopt;
}

std::string_view Bundle::str(std::uint32_t id) const {
  if (id >= header_->string_count) return {};
  auto begin = string_offsets_[id];
  return {string_data_ + begin, static_cast<std::size_t>(string_offsets_[id + 1] - begin - 1)};
}

const char* Bundle::c_str(std::uint32_t id) const {
  if (id >= header_->string_count) return "";
  return string_data_ + string_offsets_[id];
}

std::size_t Bundle::count(Kind k) const {
  switch (k) {
    case Kind::kGene: return genes_.size();
    case Kind::kVariant: return variants_.size();
    case Kind::kAllele: return alleles_.size();
    case Kind::kDrug: return drugs_.size();
    case Kind::kPhenotype: return phenotypes_.size();
    case Kind::kEvidence: return evidence_.size();
  }
  return 0;
}

std::span<const format::AlleleRec> Bundle::alleles_of(std::uint32_t v) const {
  if (v >= variants_.size()) return {};
  return alleles_.subspan(variants_[v].allele_first, variants_[v].allele_count);
}

Indexes Bundle::row(const Csr& c, std::uint32_t i) {
  // Widened first: i == kNoIndex ("not in the bundle") must not wrap to 0.
  if (std::size_t{i} + 1 >= c.offsets.size()) return {};
  return c.targets.subspan(c.offsets[i], c.offsets[i + 1] - c.offsets[i]);
}

namespace {
/// Binary search of `id` over records sorted by their `id` string.
template <class Rec>
std::optional<std::uint32_t> search(const Bundle& b, std::span<const Rec> recs,
                                    std::string_view id) {
  auto it = std::lower_bound(recs.begin(), recs.end(), id,
                             [&](const Rec& r, std::string_view key) { return b.str(r.id) < key; });
  if (it == recs.end() || b.str(it->id) != id) return std::nullopt;
  return static_cast<std::uint32_t>(it - recs.begin());
}
}  // namespace

std::optional<std::uint32_t> Bundle::find(Kind k, std::string_view id) const {
  switch (k) {
    case Kind::kGene: return search(*this, genes_, id);
    case Kind::kVariant: return search(*this, variants_, id);
    case Kind::kDrug: return search(*this, drugs_, id);
    case Kind::kPhenotype: return search(*this, phenotypes_, id);
    case Kind::kEvidence: return search(*this, evidence_, id);
    case Kind::kAllele: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> Bundle::variant_by_rsid(std::string_view rsid) const {
  auto it = std::lower_bound(rsid_index_.begin(), rsid_index_.end(), rsid,
                             [&](std::uint32_t v, std::string_view key) {
                               return str(variants_[v].rsid) < key;
                             });
  if (it == rsid_index_.end() || str(variants_[*it].rsid) != rsid || rsid.empty())
    return std::nullopt;
  return *it;
}

std::optional<std::uint32_t> Bundle::find_variant(std::string_view id_or_rsid) const {
  if (auto v = find(Kind::kVariant, id_or_rsid)) return v;
  return variant_by_rsid(id_or_rsid);
}

Indexes Bundle::evidence_for_variant(std::string_view id_or_rsid) const {
  auto v = find_variant(id_or_rsid);
  return v ? evidence_of_variant(*v) : Indexes{};
}

Indexes Bundle::evidence_for_gene(std::string_view id) const {
  auto g = find(Kind::kGene, id);
  return g ? evidence_of_gene(*g) : Indexes{};
}

Indexes Bundle::evidence_for_drug(std::string_view id) const {
  auto d = find(Kind::kDrug, id);
  return d ? evidence_of_drug(*d) : Indexes{};
}

Indexes Bundle::evidence_for_phenotype(std::string_view id) const {
  auto p = find(Kind::kPhenotype, id);
  return p ? evidence_of_phenotype(*p) : Indexes{};
}

format::AlleleSystem Bundle::variant_system(std::uint32_t v) const {
  if (v >= variant_ext_.size()) return format::AlleleSystem::kLocus;
  return static_cast<format::AlleleSystem>(variant_ext_[v].system);
}

std::optional<std::string_view> Bundle::variant_gene(std::uint32_t v) const {
  if (v >= variants_.size() || variants_[v].gene == 0) return std::nullopt;
  return str(variants_[v].gene);
}

SubjectKind Bundle::subject_kind(std::uint32_t e) const {
  if (gene_phenotype(e)) return SubjectKind::kGenePhenotype;
  if (e < evidence_.size() && !(evidence_[e].flags & format::kEvHasAllele) &&
      evidence_[e].genotypes.count > 0)
    return SubjectKind::kGenotypes;
  return SubjectKind::kAlleles;
}

std::optional<GenePhenotype> Bundle::gene_phenotype(std::uint32_t e) const {
  if (e >= evidence_ext_.size()) return std::nullopt;
  const auto& x = evidence_ext_[e];
  if (!(x.flags & format::kEvExtGenePhenotype)) return std::nullopt;
  return GenePhenotype{str(x.gp_gene), x.gp_gene_index, str(x.gp_value)};
}

std::vector<Qualifier> Bundle::qualifiers(std::uint32_t e) const {
  std::vector<Qualifier> out;
  if (e >= evidence_ext_.size()) return out;
  auto pairs = list(evidence_ext_[e].qualifiers);
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) out.emplace_back(str(pairs[i]), str(pairs[i + 1]));
  return out;
}

bool Bundle::is_group(std::uint32_t d) const {
  return d < drug_ext_.size() && drug_ext_[d].members.count > 0;
}

Indexes Bundle::member_ids(std::uint32_t d) const {
  if (d >= drug_ext_.size()) return {};
  return list(drug_ext_[d].members);
}

std::string_view direction_name(std::uint8_t d) {
  static constexpr std::string_view kNames[] = {"increased", "decreased", "no-association",
                                                "associated"};
  return d < 4 ? kNames[d] : std::string_view("?");
}

std::string_view system_name(format::AlleleSystem s) {
  static constexpr std::string_view kNames[] = {"locus", "star", "hla", "named"};
  auto i = static_cast<std::size_t>(s);
  return i < 4 ? kNames[i] : std::string_view("?");
}

std::string_view subject_kind_name(SubjectKind k) {
  switch (k) {
    case SubjectKind::kAlleles: return "alleles";
    case SubjectKind::kGenotypes: return "genotypes";
    case SubjectKind::kGenePhenotype: return "gene_phenotype";
  }
  return "?";
}

std::string_view status_name(std::uint8_t s) {
  static constexpr std::string_view kNames[] = {"draft", "submitted", "accepted", "rejected",
                                                "retracted"};
  return s < 5 ? kNames[s] : std::string_view("?");
}

}  // namespace kbbundle
