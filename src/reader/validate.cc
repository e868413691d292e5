// Validation of a bundle at open: after this passes, every accessor of Bundle stays
// inside the mapping whatever the file holds. Each check says why in its message.
#include <algorithm>
#include <cstring>
#include <string>

#include "kbbundle/bundle.h"

namespace kbbundle {

using namespace format;

namespace {
std::string hex(std::uint32_t v) {
  static const char* kDigits = "0123456789abcdef";
  std::string s = "0x";
  bool started = false;
  for (int shift = 28; shift >= 0; shift -= 4) {
    unsigned d = (v >> shift) & 0xF;
    if (d || started || shift == 0) {
      s += kDigits[d];
      started = true;
    }
  }
  return s;
}

const char* section_name(std::uint32_t id) {
  switch (static_cast<SectionId>(id)) {
    case SectionId::kStringOffsets: return "string offsets";
    case SectionId::kStringData: return "string data";
    case SectionId::kLists: return "lists";
    case SectionId::kGenes: return "genes";
    case SectionId::kVariants: return "variants";
    case SectionId::kAlleles: return "alleles";
    case SectionId::kDrugs: return "drugs";
    case SectionId::kPhenotypes: return "phenotypes";
    case SectionId::kEvidence: return "evidence";
    case SectionId::kIndexRsid: return "rsID index";
    case SectionId::kCsrGeneVariants: return "gene->variants";
    case SectionId::kCsrVariantEvidence: return "variant->evidence";
    case SectionId::kCsrGeneEvidence: return "gene->evidence";
    case SectionId::kCsrDrugEvidence: return "drug->evidence";
    case SectionId::kCsrPhenotypeEvidence: return "phenotype->evidence";
    case SectionId::kCsrPhenotypeParents: return "phenotype->parents";
    case SectionId::kVariantExt: return "variant systems";
    case SectionId::kEvidenceExt: return "evidence subjects and qualifiers";
    case SectionId::kDrugExt: return "drug members";
    case SectionId::kCsrDrugMembers: return "drug->members";
    case SectionId::kCsrDrugGroups: return "drug->groups";
  }
  return nullptr;
}

constexpr std::uint32_t kKnownIds[] = {0x01, 0x02, 0x03, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x20,
                                       0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x16, 0x17, 0x18, 0x36,
                                       0x37};
constexpr std::size_t kKnownCount = sizeof(kKnownIds) / sizeof(kKnownIds[0]);
/// The first kKnownBase ids are in every bundle; the others (since 1.2) only when used.
constexpr std::size_t kKnownBase = 16;

/// The format minor that introduced section `id`.
std::uint16_t section_since(std::uint32_t id) {
  for (std::size_t i = kKnownBase; i < kKnownCount; ++i)
    if (kKnownIds[i] == id) return kMinorFormat11;
  return 0;
}
}  // namespace

/// Walks the file once, filling the Bundle's spans; the first problem wins.
class Validator {
 public:
  explicit Validator(Bundle& b) : b_(b) {}

  std::string run(OpenOptions options) {
    reader_minor_ = std::min<std::uint16_t>(options.reader_minor, kMinor);
    std::string e = header();
    if (e.empty() && options.verify_checksum) e = checksum();
    if (e.empty()) e = section_table();
    if (e.empty()) e = strings();
    if (e.empty()) e = lists();
    if (e.empty()) e = records();
    if (e.empty()) e = indexes();
    return e;
  }

 private:
  std::string header() {
    if (b_.size_ < 16)
      return "not a kbcheck bundle (file is " + std::to_string(b_.size_) + " bytes)";
    if (std::memcmp(b_.data_, kMagic, sizeof kMagic) != 0)
      return "not a kbcheck bundle (bad magic; expected \"KBBUNDLE\")";
    std::uint16_t major, minor;
    std::memcpy(&major, b_.data_ + 8, 2);
    std::memcpy(&minor, b_.data_ + 10, 2);
    std::string ver = std::to_string(major) + "." + std::to_string(minor);
    if (major > kMajor)
      return "bundle format " + ver + " is newer than this reader (" + std::to_string(kMajor) +
             ".x); upgrade kbbundle";
    if (major < kMajor) return "bundle format " + ver + " is not supported by this reader";
    if (b_.size_ < sizeof(FileHeader))
      return "truncated bundle: " + std::to_string(b_.size_) + " bytes, shorter than the header";
    b_.header_ = reinterpret_cast<const FileHeader*>(b_.data_);
    const FileHeader& h = *b_.header_;
    if (h.header_size < sizeof(FileHeader) || h.header_size % 8 || h.header_size > b_.size_)
      return "corrupt header: header size " + std::to_string(h.header_size);
    if (h.file_size != b_.size_)
      return (h.file_size > b_.size_ ? "truncated bundle: header says " : "corrupt bundle: header says ") +
             std::to_string(h.file_size) + " bytes, file has " + std::to_string(b_.size_);
    return reserved(h, ver);
  }

  /// Why: reserved fields are zero up to this reader's minor. In particular a 1.0 bundle
  /// must have bytes 112..119 zero, so a 1.1 bundle whose minor was changed to 0 (and
  /// whose header would then escape the checksum) is refused, not read as 1.0.
  static std::string reserved(const FileHeader& h, const std::string& ver) {
    if (h.minor > kMinor) return {};  // a newer minor may use them; its file checksum covers them
    bool zero = h.reserved0 == 0 && h.reserved1[0] == 0 && h.reserved1[1] == 0 &&
                (h.minor >= kMinorFileChecksum || h.file_checksum == 0);
    if (!zero)
      return "corrupt header: reserved bytes are not zero (format " + ver +
             "); the bundle is damaged or was modified";
    return {};
  }

  std::string checksum() {
    const FileHeader& h = *b_.header_;
    // Why both in 1.1: the file checksum covers the header; the content checksum is what
    // a 1.0 reader checks, so a bundle with a wrong one is refused here too.
    if (h.minor >= kMinorFileChecksum && file_checksum(b_.data_, b_.size_) != h.file_checksum)
      return "checksum mismatch: the bundle is corrupt (header or content modified or damaged)";
    auto sum = content_checksum(b_.data_ + h.header_size, b_.size_ - h.header_size);
    if (sum != h.checksum) return "checksum mismatch: the bundle is corrupt (content modified or damaged)";
    return {};
  }

  std::string section_table() {
    const FileHeader& h = *b_.header_;
    if (h.section_count > kMaxSections)
      return "corrupt header: " + std::to_string(h.section_count) + " sections";
    std::uint64_t table_end = h.section_table_offset + std::uint64_t{h.section_count} * 24;
    if (h.section_table_offset < h.header_size || h.section_table_offset % 8 ||
        h.section_table_offset > b_.size_ || table_end > b_.size_)
      return "corrupt section table offset " + std::to_string(h.section_table_offset);
    b_.sections_ = {reinterpret_cast<const SectionEntry*>(b_.data_ + h.section_table_offset),
                    h.section_count};
    for (const SectionEntry& s : b_.sections_) {
      // Why: a reader of an older minor (emulated by reader_minor) does not know the
      // sections added after it, and must then behave as that reader would.
      const char* name = section_since(s.id) <= reader_minor_ ? section_name(s.id) : nullptr;
      std::string what = std::string("section ") + (name ? name : hex(s.id).c_str());
      if (s.offset % 8 || s.offset < table_end || s.offset > b_.size_ ||
          s.size > b_.size_ - s.offset)
        return what + " lies outside the file (offset " + std::to_string(s.offset) + ", size " +
               std::to_string(s.size) + ")";
      if (!name) {
        // Why: an unknown optional section is a newer minor's addition; a required one
        // changes how known data must be read, so reading on would be wrong.
        if (s.flags & kSectionRequired)
          return "bundle format " + std::to_string(h.major) + "." + std::to_string(h.minor) +
                 " requires section " + hex(s.id) + ", unknown to this reader (format " +
                 std::to_string(kMajor) + "." + std::to_string(reader_minor_) +
                 "); upgrade kbbundle";
        continue;
      }
      for (std::size_t i = 0; i < kKnownCount; ++i)
        if (kKnownIds[i] == s.id) {
          if (found_[i]) return what + " appears twice";
          found_[i] = &s;
        }
    }
    for (std::size_t i = 0; i < kKnownBase; ++i)
      if (!found_[i]) return std::string("missing section ") + section_name(kKnownIds[i]);
    int drug_sections = !!optional_sec(SectionId::kDrugExt) +
                        !!optional_sec(SectionId::kCsrDrugMembers) +
                        !!optional_sec(SectionId::kCsrDrugGroups);
    if (drug_sections != 0 && drug_sections != 3)
      return "the drug members and drug->members/groups sections must appear together";
    return {};
  }

  const SectionEntry* optional_sec(SectionId id) const {
    for (std::size_t i = kKnownBase; i < kKnownCount; ++i)
      if (kKnownIds[i] == static_cast<std::uint32_t>(id)) return found_[i];
    return nullptr;
  }

  const SectionEntry& sec(SectionId id) const {
    for (std::size_t i = 0; i < kKnownCount; ++i)
      if (kKnownIds[i] == static_cast<std::uint32_t>(id)) return *found_[i];
    return *found_[0];  // unreachable: every known id is in the table
  }

  template <class T>
  std::string array(SectionId id, std::uint64_t count, std::span<const T>& out) {
    const SectionEntry& s = sec(id);
    if (s.size != count * sizeof(T))
      return std::string("section ") + section_name(s.id) + " has " + std::to_string(s.size) +
             " bytes, expected " + std::to_string(count * sizeof(T)) + " (" +
             std::to_string(count) + " entries)";
    out = {reinterpret_cast<const T*>(b_.data_ + s.offset), static_cast<std::size_t>(count)};
    return {};
  }

  std::string strings() {
    const FileHeader& h = *b_.header_;
    if (h.string_count == 0) return "corrupt string table: no strings";
    if (auto e = array(SectionId::kStringOffsets, std::uint64_t{h.string_count} + 1,
                       b_.string_offsets_);
        !e.empty())
      return e;
    const SectionEntry& data = sec(SectionId::kStringData);
    b_.string_data_ = b_.data_ + data.offset;
    auto offs = b_.string_offsets_;
    if (offs[0] != 0 || offs.back() != data.size)
      return "corrupt string table: offsets do not cover the string data";
    for (std::size_t i = 0; i + 1 < offs.size(); ++i) {
      if (offs[i + 1] <= offs[i] || offs[i + 1] > data.size)
        return "corrupt string table: string " + std::to_string(i) + " has a bad offset";
      if (b_.string_data_[offs[i + 1] - 1] != '\0')
        return "corrupt string table: string " + std::to_string(i) + " is not NUL-terminated";
    }
    if (offs[1] != 1) return "corrupt string table: string 0 must be empty";
    return {};
  }

  std::string lists() {
    const FileHeader& h = *b_.header_;
    if (auto e = array(SectionId::kLists, h.list_count, b_.lists_); !e.empty()) return e;
    // Why: every list entry is a string id; checking them once here lets list() users
    // pass entries to str() without further checks.
    for (std::uint32_t v : b_.lists_)
      if (v >= h.string_count) return "corrupt list pool: string id " + std::to_string(v);
    return {};
  }

  bool str_ok(std::uint32_t id) const { return id < b_.header_->string_count; }
  bool list_ok(ListRef r) const {
    return std::uint64_t{r.first} + r.count <= b_.header_->list_count;
  }
  static bool index_ok(std::uint32_t i, std::size_t n) { return i == kNoIndex || i < n; }

  static std::string bad(const char* kind, std::size_t i, const char* field) {
    return std::string("corrupt ") + kind + " record " + std::to_string(i) + ": bad " + field;
  }

  std::string records() {
    const FileHeader& h = *b_.header_;
    std::string e;
    if (e.empty()) e = array(SectionId::kGenes, h.gene_count, b_.genes_);
    if (e.empty()) e = array(SectionId::kVariants, h.variant_count, b_.variants_);
    if (e.empty()) e = array(SectionId::kAlleles, h.allele_count, b_.alleles_);
    if (e.empty()) e = array(SectionId::kDrugs, h.drug_count, b_.drugs_);
    if (e.empty()) e = array(SectionId::kPhenotypes, h.phenotype_count, b_.phenotypes_);
    if (e.empty()) e = array(SectionId::kEvidence, h.evidence_count, b_.evidence_);
    if (e.empty() && !(str_ok(h.kb_id) && str_ok(h.kb_version) && str_ok(h.kb_name) &&
                       str_ok(h.kb_license)))
      e = "corrupt header: bad string id";
    if (e.empty()) e = genes();
    if (e.empty()) e = variants();
    if (e.empty()) e = drugs_and_phenotypes();
    if (e.empty()) e = evidence();
    if (e.empty()) e = variant_ext();
    if (e.empty()) e = evidence_ext();
    if (e.empty()) e = drug_ext();
    return e;
  }

  std::string variant_ext() {
    if (!optional_sec(SectionId::kVariantExt)) return {};
    if (auto e = array(SectionId::kVariantExt, b_.variants_.size(), b_.variant_ext_); !e.empty())
      return e;
    for (std::size_t i = 0; i < b_.variant_ext_.size(); ++i)
      if (b_.variant_ext_[i].system >= kSystemCount) return bad("variant", i, "allele system");
    return {};
  }

  std::string evidence_ext() {
    if (!optional_sec(SectionId::kEvidenceExt)) return {};
    if (auto e = array(SectionId::kEvidenceExt, b_.evidence_.size(), b_.evidence_ext_); !e.empty())
      return e;
    for (std::size_t i = 0; i < b_.evidence_ext_.size(); ++i) {
      const EvidenceExtRec& x = b_.evidence_ext_[i];
      if (!str_ok(x.gp_gene) || !str_ok(x.gp_value) || !index_ok(x.gp_gene_index, b_.genes_.size()))
        return bad("evidence", i, "gene phenotype");
      if (!list_ok(x.qualifiers) || x.qualifiers.count % 2) return bad("evidence", i, "qualifiers");
    }
    return {};
  }

  std::string drug_ext() {
    if (!optional_sec(SectionId::kDrugExt)) return {};
    if (auto e = array(SectionId::kDrugExt, b_.drugs_.size(), b_.drug_ext_); !e.empty()) return e;
    for (std::size_t i = 0; i < b_.drug_ext_.size(); ++i)
      if (!list_ok(b_.drug_ext_[i].members)) return bad("drug", i, "members list");
    return {};
  }

  std::string genes() {
    for (std::size_t i = 0; i < b_.genes_.size(); ++i) {
      const GeneRec& g = b_.genes_[i];
      if (!(str_ok(g.id) && str_ok(g.hgnc) && str_ok(g.name) && str_ok(g.chromosome)))
        return bad("gene", i, "string id");
      if (!list_ok(g.roles)) return bad("gene", i, "roles list");
    }
    return {};
  }

  std::string variants() {
    const auto nv = b_.variants_.size(), ng = b_.genes_.size(), na = b_.alleles_.size();
    for (std::size_t i = 0; i < nv; ++i) {
      const VariantRec& v = b_.variants_[i];
      if (!(str_ok(v.id) && str_ok(v.gene) && str_ok(v.rsid) && str_ok(v.location_assembly) &&
            str_ok(v.location_chrom)))
        return bad("variant", i, "string id");
      if (!index_ok(v.gene_index, ng)) return bad("variant", i, "gene index");
      if (std::uint64_t{v.allele_first} + v.allele_count > na)
        return bad("variant", i, "allele range");
      if (!list_ok(v.aliases) || !list_ok(v.functions)) return bad("variant", i, "list");
    }
    for (std::size_t i = 0; i < na; ++i) {
      const AlleleRec& a = b_.alleles_[i];
      if (a.variant >= nv || !str_ok(a.name) || !str_ok(a.effect))
        return bad("allele", i, "field");
    }
    return {};
  }

  std::string drugs_and_phenotypes() {
    for (std::size_t i = 0; i < b_.drugs_.size(); ++i) {
      const DrugRec& d = b_.drugs_[i];
      if (!(str_ok(d.id) && str_ok(d.name) && str_ok(d.drug_class) && list_ok(d.xrefs)))
        return bad("drug", i, "field");
    }
    for (std::size_t i = 0; i < b_.phenotypes_.size(); ++i) {
      const PhenotypeRec& p = b_.phenotypes_[i];
      if (!(str_ok(p.id) && str_ok(p.label) && str_ok(p.category) && list_ok(p.is_a) &&
            list_ok(p.xrefs)))
        return bad("phenotype", i, "field");
    }
    return {};
  }

  std::string evidence() {
    const auto nv = b_.variants_.size(), nd = b_.drugs_.size(), np = b_.phenotypes_.size();
    for (std::size_t i = 0; i < b_.evidence_.size(); ++i) {
      const EvidenceRec& e = b_.evidence_[i];
      // One max instead of 19 branches: this loop dominates open() on large bundles.
      std::uint32_t top = std::max({e.id, e.variant, e.drug, e.phenotype, e.allele, e.category,
                                    e.level, e.ctx_population, e.ctx_sex, e.ctx_condition,
                                    e.study_design, e.stat_measure, e.doi, e.title, e.journal,
                                    e.summary, e.curator, e.created, e.note});
      if (!str_ok(top)) return bad("evidence", i, "string id");
      if (!(list_ok(e.genotypes) && list_ok(e.compared_to) && list_ok(e.ctx_ancestry)))
        return bad("evidence", i, "list");
      if (!(index_ok(e.variant_index, nv) && index_ok(e.drug_index, nd) &&
            index_ok(e.phenotype_index, np)))
        return bad("evidence", i, "record index");
      if (e.status >= kStatusCount || e.direction >= kDirectionCount)
        return bad("evidence", i, "status or direction");
      // Why: `associated` is record format 1.1 content, carried with the required
      // evidence section so that readers before 1.2 refuse the file.
      if (e.direction == static_cast<std::uint8_t>(Direction::kAssociated) &&
          !optional_sec(SectionId::kEvidenceExt))
        return bad("evidence", i, "direction (associated without the evidence section)");
    }
    return {};
  }

  std::string csr(SectionId id, std::size_t rows, std::size_t targets, Bundle::Csr& out) {
    const SectionEntry& s = sec(id);
    std::string what = std::string("section ") + section_name(s.id);
    std::uint64_t head = (std::uint64_t{rows} + 1) * 4;
    if (s.size < head || s.size % 4) return what + " has a bad size";
    auto* p = reinterpret_cast<const std::uint32_t*>(b_.data_ + s.offset);
    std::span<const std::uint32_t> offs{p, rows + 1};
    if (offs[0] != 0) return what + ": first offset is not 0";
    for (std::size_t i = 0; i < rows; ++i)
      if (offs[i + 1] < offs[i]) return what + ": offsets are not monotonic";
    if (head + std::uint64_t{offs[rows]} * 4 != s.size)
      return what + ": size does not match its offsets";
    std::span<const std::uint32_t> tg{p + rows + 1, offs[rows]};
    for (std::uint32_t t : tg)
      if (t >= targets) return what + ": target index out of range";
    out = {offs, tg};
    return {};
  }

  std::string indexes() {
    const auto ng = b_.genes_.size(), nv = b_.variants_.size(), ne = b_.evidence_.size(),
               nd = b_.drugs_.size(), np = b_.phenotypes_.size();
    const SectionEntry& rs = sec(SectionId::kIndexRsid);
    if (rs.size % 4 || rs.size / 4 > nv) return "section rsID index has a bad size";
    if (auto e = array(SectionId::kIndexRsid, rs.size / 4, b_.rsid_index_); !e.empty()) return e;
    for (std::uint32_t v : b_.rsid_index_)
      if (v >= nv) return "section rsID index: variant index out of range";
    std::string e;
    if (e.empty()) e = csr(SectionId::kCsrGeneVariants, ng, nv, b_.gene_variants_);
    if (e.empty()) e = csr(SectionId::kCsrVariantEvidence, nv, ne, b_.variant_evidence_);
    if (e.empty()) e = csr(SectionId::kCsrGeneEvidence, ng, ne, b_.gene_evidence_);
    if (e.empty()) e = csr(SectionId::kCsrDrugEvidence, nd, ne, b_.drug_evidence_);
    if (e.empty()) e = csr(SectionId::kCsrPhenotypeEvidence, np, ne, b_.phenotype_evidence_);
    if (e.empty()) e = csr(SectionId::kCsrPhenotypeParents, np, np, b_.phenotype_parents_);
    if (e.empty() && optional_sec(SectionId::kCsrDrugMembers))
      e = csr(SectionId::kCsrDrugMembers, nd, nd, b_.drug_members_);
    if (e.empty() && optional_sec(SectionId::kCsrDrugGroups))
      e = csr(SectionId::kCsrDrugGroups, nd, nd, b_.drug_groups_);
    return e;
  }

  Bundle& b_;
  std::uint16_t reader_minor_ = kMinor;
  const SectionEntry* found_[kKnownCount] = {};
};

Result<Bundle> Bundle::validate(Bundle b, OpenOptions options) {
  std::string e = Validator(b).run(options);
  if (!e.empty()) return Result<Bundle>::failure(std::move(e));
  return b;
}

}  // namespace kbbundle
