// One field list per record type, used for both directions (Writer and Reader), so the
// encoder and the decoder cannot disagree.
#include "model/record_io.h"

#include <cstring>
#include <type_traits>

namespace kb::model {
namespace {

#if defined(__x86_64__) && defined(__GLIBCXX__)
// A record grew or shrank: update the field lists below and bump kRecordFormatVersion.
static_assert(sizeof(Manifest) == 176 && sizeof(Gene) == 168 && sizeof(Variant) == 344 &&
                  sizeof(Drug) == 176 && sizeof(Phenotype) == 160 && sizeof(Evidence) == 1232,
              "model/records.h changed: update record_io.cc");
#endif

std::uint8_t enum_max(Status) { return static_cast<std::uint8_t>(Status::kRetracted); }
std::uint8_t enum_max(Direction) { return static_cast<std::uint8_t>(Direction::kAssociated); }
std::uint8_t enum_max(AlleleSystem) { return static_cast<std::uint8_t>(AlleleSystem::kNamed); }

struct Writer {
  std::string& out;
  static constexpr bool kReading = false;
  void raw(const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); }
};

struct Reader {
  std::string_view in;
  FileId file;
  std::size_t at = 0;
  bool ok = true;
  static constexpr bool kReading = true;
  void raw(void* p, std::size_t n) {
    if (!ok || in.size() - at < n) {
      ok = false;
      std::memset(p, 0, n);
      return;
    }
    std::memcpy(p, in.data() + at, n);
    at += n;
  }
  std::size_t left() const { return in.size() - at; }
};

template <class A, class T>
  requires std::is_arithmetic_v<T> && (!std::is_same_v<T, bool>)
void io(A& a, T& v) {
  a.raw(&v, sizeof v);
}

template <class A>
void io(A& a, bool& v) {
  std::uint8_t b = v ? 1 : 0;
  a.raw(&b, 1);
  if constexpr (A::kReading) {
    if (b > 1) a.ok = false;
    v = b == 1;
  }
}

template <class A, class E>
  requires std::is_enum_v<E>
void io(A& a, E& v) {
  auto b = static_cast<std::uint8_t>(v);
  a.raw(&b, 1);
  if constexpr (A::kReading) {
    if (b > enum_max(E{})) a.ok = false;
    v = static_cast<E>(b);
  }
}

template <class A>
void io(A& a, std::string& s) {
  auto n = static_cast<std::uint32_t>(s.size());
  a.raw(&n, sizeof n);
  if constexpr (A::kReading) {
    if (!a.ok || a.left() < n) {
      a.ok = false;
      return;
    }
    s.assign(a.in.substr(a.at, n));
    a.at += n;
  } else {
    a.out.append(s);
  }
}

template <class A, class T>
void io(A& a, std::optional<T>& v) {
  bool has = v.has_value();
  io(a, has);
  if (!has) return;
  if constexpr (A::kReading) v.emplace();
  io(a, *v);
}

template <class A, class T>
void io(A& a, std::vector<T>& v) {
  auto n = static_cast<std::uint32_t>(v.size());
  a.raw(&n, sizeof n);
  if constexpr (A::kReading) {
    if (!a.ok || a.left() < n) {  // every item takes at least one byte
      a.ok = false;
      return;
    }
    v.resize(n);
  }
  for (auto& x : v) {
    io(a, x);
    if constexpr (A::kReading)
      if (!a.ok) return;
  }
}

template <class A, class T, class U>
void io(A& a, std::pair<T, U>& p) {
  io(a, p.first);
  io(a, p.second);
}

template <class A>
void io(A& a, Mark& m) {
  io(a, m.line);
  io(a, m.column);
}

template <class A>
void io(A& a, Pos& p) {
  io(a, p.mark);
  if constexpr (A::kReading) p.file = a.file;
}

template <class A>
void io(A& a, Ref& r) {
  io(a, r.id);
  io(a, r.pos);
}

template <class A, class T>
void io(A& a, Located<T>& l) {
  io(a, l.value);
  io(a, l.pos);
}

template <class A>
void base(A& a, RecordBase& r) {
  io(a, r.id);
  io(a, r.pos);
}

template <class A>
void io(A& a, Manifest& m) {
  base(a, m);
  io(a, m.name);
  io(a, m.version);
  io(a, m.format);
  io(a, m.license);
  io(a, m.format_minor);
  io(a, m.format_pos);
}

template <class A>
void io(A& a, GeneRole& r) {
  io(a, r.drug);
  io(a, r.role);
}

template <class A>
void io(A& a, Gene& g) {
  base(a, g);
  io(a, g.hgnc);
  io(a, g.name);
  io(a, g.chromosome);
  io(a, g.roles);
}

template <class A>
void io(A& a, AlleleFunction& f) {
  io(a, f.allele);
  io(a, f.effect);
  io(a, f.pos);
}

template <class A>
void io(A& a, GenomicLocation& l) {
  io(a, l.assembly);
  io(a, l.chrom);
  io(a, l.pos);
}

template <class A>
void io(A& a, Variant& v) {
  base(a, v);
  io(a, v.gene);
  io(a, v.system);
  io(a, v.system_text);
  io(a, v.rsid);
  io(a, v.alleles);
  io(a, v.allele_pos);
  io(a, v.aliases);
  io(a, v.location);
  io(a, v.functions);
}

template <class A>
void io(A& a, Drug& d) {
  base(a, d);
  io(a, d.name);
  io(a, d.drug_class);
  io(a, d.xrefs);
  io(a, d.members);
  io(a, d.members_pos);
}

template <class A>
void io(A& a, Phenotype& p) {
  base(a, p);
  io(a, p.label);
  io(a, p.category);
  io(a, p.is_a);
  io(a, p.xrefs);
}

template <class A>
void io(A& a, Statistic& s) {
  io(a, s.measure);
  io(a, s.value);
  io(a, s.ci);
  io(a, s.p);
}

template <class A>
void io(A& a, Context& c) {
  io(a, c.population);
  io(a, c.ancestry);
  io(a, c.sex);
  io(a, c.condition);
  io(a, c.qualifiers);
}

template <class A>
void io(A& a, Study& s) {
  io(a, s.design);
  io(a, s.size);
  io(a, s.statistic);
}

template <class A>
void io(A& a, Citation& c) {
  io(a, c.pmid);
  io(a, c.doi);
  io(a, c.title);
  io(a, c.journal);
  io(a, c.year);
  io(a, c.pos);
}

template <class A>
void io(A& a, Curation& c) {
  io(a, c.curator);
  io(a, c.created);
  io(a, c.note);
}

template <class A>
void io(A& a, Evidence::GenePhenotype& g) {
  io(a, g.gene);
  io(a, g.value);
  io(a, g.pos);
}

template <class A>
void io(A& a, Evidence& e) {
  base(a, e);
  io(a, e.status);
  io(a, e.claim_valid);
  io(a, e.variant);
  io(a, e.allele);
  io(a, e.gene_phenotype);
  io(a, e.genotypes);
  io(a, e.genotypes_pos);
  io(a, e.compared_to);
  io(a, e.compared_to_is_list);
  io(a, e.drug);
  io(a, e.phenotype);
  io(a, e.category);
  io(a, e.direction);
  io(a, e.direction_text);
  io(a, e.context);
  io(a, e.study);
  io(a, e.level);
  io(a, e.citation);
  io(a, e.summary);
  io(a, e.curation);
}

template <class A>
void io(A& a, RecordSet& s) {
  std::uint32_t version = kRecordFormatVersion;
  io(a, version);
  if (version != kRecordFormatVersion) {
    if constexpr (A::kReading) a.ok = false;
    return;
  }
  io(a, s.manifests);
  io(a, s.genes);
  io(a, s.variants);
  io(a, s.drugs);
  io(a, s.phenotypes);
  io(a, s.evidence);
}

}  // namespace

void encode_records(const RecordSet& set, std::string& out) {
  Writer w{out};
  io(w, const_cast<RecordSet&>(set));  // the Writer only reads its fields
}

bool decode_records(std::string_view in, FileId file, RecordSet& out) {
  out = {};
  Reader r{in, file};
  io(r, out);
  if (r.ok && r.at == in.size()) return true;
  out = {};
  return false;
}

}  // namespace kb::model
