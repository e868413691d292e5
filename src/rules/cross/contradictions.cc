#include "rules/cross/contradictions.h"

#include <algorithm>
#include <deque>
#include <map>
#include <tuple>
#include <unordered_map>

#include "rules/cross/claims.h"
#include "rules/cross/run.h"
#include "support/text.h"

namespace kb::rules::cross {
namespace {

/// Two distinct alleles: only then does a claim about one imply the opposite about the
/// other. `alleles: [C, C]` (KB0107) would otherwise make a record contradict itself.
bool is_biallelic(const model::Variant* v) {
  return v && v->alleles.size() == 2 && v->alleles[0] != v->alleles[1];
}

using model::Direction;
using model::Evidence;

/// How a claim was read from its record.
enum class Source : std::uint8_t {
  kAllele,         ///< `allele: X` (X is the bucket allele)
  kAlleleFlipped,  ///< `allele: R` on a biallelic [R, X]: stored as X, direction flipped
  kGenotype,       ///< `genotypes` normalised to X
};

/// A record's claim after normalisation: "allele `allele` has direction `dir`".
struct Claim {
  std::uint32_t group, allele, pheno, record, ctx;
  Direction dir;
  Source src;
  bool via = false;  ///< a drug group's record, seen under one of its members
};

/// Interns strings to dense ids (first appearance order, so runs are deterministic).
/// Lookups take a string_view and allocate only for a new string.
class Interner {
 public:
  std::uint32_t id(std::string_view s) {
    if (auto it = ids_.find(s); it != ids_.end()) return it->second;
    auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(s);
    ids_.emplace(std::string(s), id);
    return id;
  }
  std::int64_t find(std::string_view s) const {
    auto it = ids_.find(s);
    return it == ids_.end() ? -1 : it->second;
  }
  const std::string& name(std::uint32_t id) const { return names_[id]; }

 private:
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids_;
  std::deque<std::string> names_;  ///< a deque: names stay put as it grows
};

/// A record's context, reduced to what decides overlap.
struct ContextKey {
  std::string sex;  ///< empty: not given or "any"
  std::vector<std::string> ancestry;  ///< sorted
  std::vector<std::pair<std::string, std::string>> qualifiers;  ///< sorted by key
};

/// The first qualifier key both contexts give with different values, or null.
const std::string* qualifier_split(const ContextKey& a, const ContextKey& b) {
  auto i = a.qualifiers.begin(), j = b.qualifiers.begin();
  while (i != a.qualifiers.end() && j != b.qualifiers.end()) {
    if (i->first < j->first) ++i;
    else if (j->first < i->first) ++j;
    else if (i->second != j->second) return &i->first;
    else ++i, ++j;
  }
  return nullptr;
}

/// Overlap by sex and ancestry alone (format 1.0's rules).
bool overlap_without_qualifiers(const ContextKey& a, const ContextKey& b) {
  if (!a.sex.empty() && !b.sex.empty() && a.sex != b.sex) return false;
  if (a.ancestry.empty() || b.ancestry.empty()) return true;
  for (const auto& x : a.ancestry)
    if (std::binary_search(b.ancestry.begin(), b.ancestry.end(), x)) return true;
  return false;
}

/// An entry of a view: a claim seen at the view's allele, `virt` when it is a flipped
/// copy of an allele claim stored under the other allele of a biallelic variant.
struct Entry {
  std::uint32_t claim;
  Direction eff;
  bool virt;
  bool via;  ///< the claim's `via` (kept here so classes split on it)
};

/// Entries of one direction/context/virtual class: every pair across two conflicting
/// classes conflicts, so pairs are counted by multiplication.
struct ClassRange {
  Direction eff;
  std::uint32_t ctx;
  bool virt;
  bool via;
  std::size_t begin, end;
};

struct View {
  std::vector<Entry> entries;
  std::vector<ClassRange> classes;
};

/// A pair found, before the cap: record indices and what each side says at `allele`.
struct Candidate {
  std::uint32_t later, earlier, later_claim, earlier_claim;
  Direction later_eff, earlier_eff;
  ConflictKind kind;
  std::uint32_t allele;
};

class Engine {
 public:
  Engine(const KbIndex& idx, std::size_t cap, std::vector<bool>* involved, std::vector<Separation>* separated)
      : idx_(idx), cap_(cap), involved_(involved), separated_(separated) {}

  std::vector<Conflict> run() {
    collect_claims();
    std::sort(claims_.begin(), claims_.end(), [](const Claim& a, const Claim& b) {
      return std::tie(a.group, a.allele, a.pheno, a.record) < std::tie(b.group, b.allele, b.pheno, b.record);
    });
    for (std::size_t b = 0; b < claims_.size();) {
      std::size_t e = b;
      while (e < claims_.size() && claims_[e].group == claims_[b].group) ++e;
      process_group(b, e);
      b = e;
    }
    return std::move(out_);
  }

 private:
  using Key = std::pair<std::uint32_t, std::uint32_t>;  // (allele, pheno)

  struct GroupInfo {
    const model::Variant* variant = nullptr;
    std::string variant_id, drug_id;
    bool gene_phenotype = false;  ///< variant_id is a gene, alleles are CPIC terms
  };

  /// The id of a context's overlap key; the key is built in a reused buffer, and a
  /// ContextKey made only for a context not seen before.
  std::uint32_t context_id(const model::Context& c) {
    std::string_view sex = c.sex == "any" ? std::string_view() : std::string_view(c.sex);
    ancestry_buf_.assign(c.ancestry.begin(), c.ancestry.end());
    std::sort(ancestry_buf_.begin(), ancestry_buf_.end());
    ancestry_buf_.erase(std::unique(ancestry_buf_.begin(), ancestry_buf_.end()),
                        ancestry_buf_.end());
    key_buf_.assign(sex);
    key_buf_ += '|';
    for (auto a : ancestry_buf_) key_buf_.append(a) += ',';
    for (const auto& [qk, qv] : c.qualifiers) {
      key_buf_ += '\x1f';
      key_buf_.append(qk) += '\x1e';
      key_buf_.append(qv.value);
    }
    auto id = contexts_.id(key_buf_);
    if (id == context_keys_.size()) {
      ContextKey k{std::string(sex), {ancestry_buf_.begin(), ancestry_buf_.end()}, {}};
      for (const auto& [key, value] : c.qualifiers) k.qualifiers.emplace_back(key, value.value);
      context_keys_.push_back(std::move(k));
    }
    return id;
  }

  void collect_claims() {
    const auto& ev = idx_.records().evidence;
    claims_.reserve(ev.size());
    for (std::uint32_t i = 0; i < ev.size(); ++i) {
      const Evidence& e = ev[i];
      bool subject = e.gene_phenotype ? !e.gene_phenotype->gene.id.empty() : !e.variant.id.empty();
      if (!model::is_active(e.status) || !e.claim_valid || !subject || e.drug.id.empty() ||
          e.phenotype.id.empty())
        continue;
      const model::Variant* v = e.gene_phenotype ? nullptr : idx_.variant(e.variant.id);
      Claim c{0, 0, 0, i, 0, e.direction.value, Source::kAllele};
      if (e.gene_phenotype) {
        c.allele = alleles_.id(e.gene_phenotype->value.value);  // values never meet each other
      } else if (e.allele) {
        std::string_view allele = e.allele->value;
        if (is_biallelic(v) && allele == v->alleles[0]) {
          allele = v->alleles[1];
          c.dir = opposite(c.dir);
          c.src = Source::kAlleleFlipped;
        }
        c.allele = alleles_.id(allele);
      } else if (auto x = genotype_claim_allele(e, v)) {
        c.allele = alleles_.id(*x);
        c.src = Source::kGenotype;
      } else {
        continue;  // does not normalise: no claim
      }
      c.pheno = phenos_.id(e.phenotype.id);
      c.ctx = context_id(e.context);
      const std::uint32_t about = subject_id(e);
      add_claim(c, e, v, about, e.drug.id, false);
      // A group's record also speaks for each member (record-format.md, "Drug groups").
      if (const model::Drug* d = idx_.drug(e.drug.id))
        for (const auto& m : d->members)
          if (!m.id.empty() && m.id != d->id) add_claim(c, e, v, about, m.id, true);
    }
  }

  /// The id of a record's subject: its variant, or its gene for a gene phenotype.
  std::uint32_t subject_id(const Evidence& e) {
    group_key_.assign(e.gene_phenotype ? "\x1e" : "");
    group_key_.append(e.gene_phenotype ? e.gene_phenotype->gene.id : e.variant.id);
    return subjects_.id(group_key_);
  }

  /// Adds `c` to the (subject, drug) group; groups are numbered by first appearance.
  void add_claim(Claim c, const Evidence& e, const model::Variant* v, std::uint32_t subject,
                 const std::string& drug, bool via) {
    std::uint64_t key = (std::uint64_t{subject} << 32) | drugs_.id(drug);
    auto [it, inserted] = groups_.try_emplace(key, static_cast<std::uint32_t>(group_info_.size()));
    if (inserted)
      group_info_.push_back({v, e.gene_phenotype ? e.gene_phenotype->gene.id : e.variant.id, drug,
                             e.gene_phenotype.has_value()});
    c.group = it->second;
    c.via = via;
    claims_.push_back(c);
  }

  /// The biallelic variant's (ref, alt) allele ids, when the group's variant is one.
  std::optional<std::pair<std::uint32_t, std::uint32_t>> ref_alt(const GroupInfo& g) {
    if (!is_biallelic(g.variant)) return std::nullopt;
    return std::make_pair(alleles_.id(g.variant->alleles[0]), alleles_.id(g.variant->alleles[1]));
  }

  View build_view(Key key, const std::map<Key, std::pair<std::size_t, std::size_t>>& buckets,
                  std::optional<std::pair<std::uint32_t, std::uint32_t>> ra) {
    View v;
    if (auto it = buckets.find(key); it != buckets.end())
      for (std::size_t i = it->second.first; i < it->second.second; ++i)
        v.entries.push_back({static_cast<std::uint32_t>(i), claims_[i].dir, false, claims_[i].via});
    if (ra && key.first == ra->first)  // allele claims stored under alt, seen at ref
      if (auto it = buckets.find({ra->second, key.second}); it != buckets.end())
        for (std::size_t i = it->second.first; i < it->second.second; ++i)
          if (claims_[i].src != Source::kGenotype)
            v.entries.push_back({static_cast<std::uint32_t>(i), opposite(claims_[i].dir), true, claims_[i].via});
    std::sort(v.entries.begin(), v.entries.end(), [&](const Entry& a, const Entry& b) {
      return std::tie(a.eff, claims_[a.claim].ctx, a.virt, a.via, claims_[a.claim].record) <
             std::tie(b.eff, claims_[b.claim].ctx, b.virt, b.via, claims_[b.claim].record);
    });
    for (std::size_t i = 0; i < v.entries.size();) {
      const Entry& f = v.entries[i];
      std::size_t j = i;
      while (j < v.entries.size() && v.entries[j].eff == f.eff &&
             claims_[v.entries[j].claim].ctx == claims_[f.claim].ctx && v.entries[j].virt == f.virt &&
             v.entries[j].via == f.via)
        ++j;
      v.classes.push_back({f.eff, claims_[f.claim].ctx, f.virt, f.via, i, j});
      i = j;
    }
    return v;
  }

  static std::optional<ConflictKind> kind_of(Direction a, Direction b, bool ancestor) {
    if (a == b) return std::nullopt;
    if (a == Direction::kAssociated || b == Direction::kAssociated) {  // format 1.1
      bool vs_none = a == Direction::kNoAssociation || b == Direction::kNoAssociation;
      return vs_none && !ancestor ? std::optional(ConflictKind::kConflicting) : std::nullopt;
    }
    bool opposite_dirs = a != Direction::kNoAssociation && b != Direction::kNoAssociation;
    if (ancestor) return opposite_dirs ? std::optional(ConflictKind::kPossible) : std::nullopt;
    return opposite_dirs ? ConflictKind::kContradiction : ConflictKind::kConflicting;
  }

  /// Pairs between the classes of `a` and `b` (`same` when they are one view).
  void compare(const View& a, const View& b, bool same, bool ancestor, std::uint32_t allele) {
    for (std::size_t i = 0; i < a.classes.size(); ++i)
      for (std::size_t j = same ? i + 1 : 0; j < b.classes.size(); ++j) {
        const ClassRange& x = a.classes[i];
        const ClassRange& y = b.classes[j];
        if (x.virt && y.virt) continue;  // the same pair is seen, unflipped, at the other allele
        // Two group records seen under a member: the pair is seen under the group itself
        // (or they are two groups sharing a member, which says nothing).
        if (x.via && y.via) continue;
        auto kind = kind_of(x.eff, y.eff, ancestor || x.via || y.via);
        if (!kind) continue;
        const ContextKey& cx = context_keys_[x.ctx];
        const ContextKey& cy = context_keys_[y.ctx];
        if (!overlap_without_qualifiers(cx, cy)) continue;
        if (const std::string* split = qualifier_split(cx, cy)) {
          note_separated(a.entries[x.begin], b.entries[y.begin], *split,
                         static_cast<std::uint64_t>(x.end - x.begin) * (y.end - y.begin));
          continue;
        }
        total_ += static_cast<std::uint64_t>(x.end - x.begin) * (y.end - y.begin);
        mark_involved(a, x), mark_involved(b, y);
        // The cap's smallest pairs use only the first `cap_` of each class (both sorted).
        for (std::size_t p = x.begin; p < std::min(x.end, x.begin + cap_); ++p)
          for (std::size_t q = y.begin; q < std::min(y.end, y.begin + cap_); ++q)
            if (!offer(a.entries[p], b.entries[q], *kind, allele)) break;  // keys only grow with q
      }
  }

  /// A class pair that would conflict but for qualifier `key`: counted, the first kept.
  void note_separated(const Entry& p, const Entry& q, const std::string& key, std::uint64_t n) {
    if (!separated_) return;
    std::uint32_t rp = claims_[p.claim].record, rq = claims_[q.claim].record;
    if (sep_.pairs == 0) sep_ = {std::max(rp, rq), std::min(rp, rq), key, 0, {}, {}};
    sep_.pairs += n;
  }

  /// Every record of class `c` is in a conflicting pair, listed or not.
  void mark_involved(const View& v, const ClassRange& c) {
    if (!involved_) return;
    for (std::size_t p = c.begin; p < c.end; ++p) (*involved_)[claims_[v.entries[p].claim].record] = true;
  }

  static bool key_less(const Candidate& a, const Candidate& b) {
    return std::tie(a.later, a.earlier) < std::tie(b.later, b.earlier);
  }

  /// Keeps the `cap_` smallest pairs in a max-heap; false when this one was too large.
  bool offer(const Entry& p, const Entry& q, ConflictKind kind, std::uint32_t allele) {
    bool p_later = claims_[p.claim].record > claims_[q.claim].record;
    const Entry& l = p_later ? p : q;
    const Entry& r = p_later ? q : p;
    Candidate c{claims_[l.claim].record, claims_[r.claim].record, l.claim, r.claim,
                l.eff, r.eff, kind, allele};
    if (candidates_.size() >= cap_) {
      if (!key_less(c, candidates_.front())) return false;
      std::pop_heap(candidates_.begin(), candidates_.end(), key_less);
      candidates_.pop_back();
    }
    candidates_.push_back(c);
    std::push_heap(candidates_.begin(), candidates_.end(), key_less);
    return true;
  }

  void process_group(std::size_t begin, std::size_t end) {
    if (end - begin < 2) return;  // one claim cannot conflict
    const GroupInfo& g = group_info_[claims_[begin].group];
    std::map<Key, std::pair<std::size_t, std::size_t>> buckets;
    for (std::size_t i = begin; i < end;) {
      std::size_t j = i;
      while (j < end && claims_[j].allele == claims_[i].allele && claims_[j].pheno == claims_[i].pheno) ++j;
      buckets[{claims_[i].allele, claims_[i].pheno}] = {i, j};
      i = j;
    }
    auto ra = ref_alt(g);
    std::map<Key, View> views;
    for (const auto& [key, range] : buckets) {
      views.try_emplace(key);
      if (ra && key.first == ra->second) views.try_emplace(Key{ra->first, key.second});
    }
    for (auto& [key, view] : views) view = build_view(key, buckets, ra);
    total_ = 0;
    sep_ = {};
    candidates_.clear();
    for (const auto& [key, view] : views) {
      compare(view, view, true, false, key.first);
      for (auto anc : idx_.ancestors(phenos_.name(key.second))) {
        auto q = phenos_.find(anc);
        if (q < 0) continue;
        auto it = views.find({key.first, static_cast<std::uint32_t>(q)});
        if (it == views.end()) continue;
        // A cycle makes each an ancestor of the other: compare such a pair once.
        if (idx_.is_ancestor(phenos_.name(key.second), anc) && static_cast<std::uint32_t>(q) < key.second)
          continue;
        compare(view, it->second, false, true, key.first);
      }
    }
    emit(g);
  }

  void emit(const GroupInfo& g) {
    if (separated_ && sep_.pairs > 0) {
      sep_.subject = g.variant_id, sep_.drug = g.drug_id;
      separated_->push_back(std::move(sep_));
    }
    std::sort_heap(candidates_.begin(), candidates_.end(), key_less);
    std::size_t n = candidates_.size();
    for (std::size_t i = 0; i < n; ++i)
      out_.push_back({candidates_[i].later, candidates_[i].earlier, candidates_[i].kind,
                      message(candidates_[i], g)});
    if (total_ > n && n > 0)
      out_.back().message += " (and " + std::to_string(total_ - n) + " more conflicting pairs for " +
                             g.variant_id + " and " + g.drug_id + " not listed)";
  }

  /// " (it says allele C decreases it)" when the claim was read, not written, as stated.
  std::string derivation(const Claim& c, Direction eff, std::uint32_t allele) const {
    const Evidence& e = idx_.records().evidence[c.record];
    if (c.src == Source::kGenotype)
      return " (from its genotypes " + genotype_list(e) + ")";
    if (e.allele && (e.allele->value != alleles_.name(allele) || eff != e.direction.value))
      return " (it says allele " + e.allele->value + " " + std::string(verb(e.direction.value)) + " it)";
    return {};
  }

  std::string message(const Candidate& c, const GroupInfo& g) const {
    const auto& ev = idx_.records().evidence;
    const Evidence& b = ev[c.later];
    const Evidence& a = ev[c.earlier];
    std::string subject = g.gene_phenotype ? g.variant_id + " " + alleles_.name(c.allele)
                                           : "allele " + alleles_.name(c.allele) + " of " + g.variant_id;
    std::string m = b.id + " says " + subject + " " +
                    std::string(verb(c.later_eff)) + " " + b.phenotype.id + " on " + g.drug_id +
                    derivation(claims_[c.later_claim], c.later_eff, c.allele) + ", but " + a.id +
                    " says it " + std::string(verb(c.earlier_eff)) + " " +
                    (a.phenotype.id == b.phenotype.id ? std::string("it") : a.phenotype.id) +
                    derivation(claims_[c.earlier_claim], c.earlier_eff, c.allele);
    if (a.drug.id != b.drug.id) {  // a group's record seen under a member
      const std::string& group = a.drug.id == g.drug_id ? b.drug.id : a.drug.id;
      m += " (on the drug group " + group + ", of which " + g.drug_id + " is a member)";
      if (a.phenotype.id == b.phenotype.id) return m;
    }
    if (c.kind == ConflictKind::kPossible) {
      bool a_is_ancestor = idx_.is_ancestor(a.phenotype.id, b.phenotype.id);
      m += "; " + (a_is_ancestor ? a.phenotype.id : b.phenotype.id) + " is an is_a ancestor of " +
           (a_is_ancestor ? b.phenotype.id : a.phenotype.id);
    }
    return m;
  }

  const KbIndex& idx_;
  std::size_t cap_;
  std::vector<bool>* involved_;  ///< by evidence index; null: not wanted
  std::vector<Separation>* separated_;  ///< null: not wanted
  Separation sep_;  ///< of the group being processed
  Interner alleles_, phenos_, contexts_, subjects_, drugs_;
  std::unordered_map<std::uint64_t, std::uint32_t> groups_;  ///< (subject, drug) -> group
  std::string key_buf_, group_key_;                          ///< reused by context_id and add_claim
  std::vector<std::string_view> ancestry_buf_;               ///< reused by context_id
  std::vector<ContextKey> context_keys_;
  std::vector<GroupInfo> group_info_;
  std::vector<Claim> claims_;
  std::vector<Candidate> candidates_;
  std::uint64_t total_ = 0;
  std::vector<Conflict> out_;
};

std::string related_text(ConflictKind k) {
  switch (k) {
    case ConflictKind::kContradiction: return "the record it contradicts";
    case ConflictKind::kConflicting: return "the record it conflicts with";
    case ConflictKind::kPossible: return "the record about the related phenotype";
  }
  return {};
}

}  // namespace

RuleId conflict_rule(ConflictKind k) {
  switch (k) {
    case ConflictKind::kContradiction: return Rule::kContradictoryEvidence;
    case ConflictKind::kConflicting: return Rule::kConflictingEvidence;
    case ConflictKind::kPossible: return Rule::kPossibleContradiction;
  }
  return Rule::kContradictoryEvidence;
}

std::vector<Conflict> find_conflicts(const KbIndex& idx, std::size_t cap_per_group,
                                     std::vector<bool>* involved, std::vector<Separation>* separated) {
  if (involved) involved->assign(idx.records().evidence.size(), false);
  return Engine(idx, std::max<std::size_t>(cap_per_group, 1), involved, separated).run();
}

const ConflictScan& conflict_scan(const KbIndex& idx) {
  return idx.shared<ConflictScan>([&] {
    ConflictScan scan;
    scan.conflicts = find_conflicts(idx, kConflictsPerGroup, nullptr, &scan.separated);
    return scan;
  });
}

std::set<ContradictionPair> contradiction_pairs(const model::KnowledgeBase& kb) {
  KbIndex idx(kb);
  const auto& ev = kb.records.evidence;
  // Why: a cap of n*n + 1 keeps every pair; the engine only holds the pairs that exist.
  std::size_t all = ev.size() * ev.size() + 1;
  std::set<ContradictionPair> out;
  for (const auto& c : find_conflicts(idx, all))
    if (c.kind == ConflictKind::kContradiction)
      out.emplace(std::min(ev[c.later].id, ev[c.earlier].id), std::max(ev[c.later].id, ev[c.earlier].id));
  return out;
}

// Why: a KB that says an allele raises and lowers the same phenotype for the same drug
// gives interpreters two opposite answers for one patient; the curators must resolve it
// (or make the contexts explicit). See record-format.md, "What a contradiction is".
void check_contradictions(const KbIndex& idx, const CrossCheckOptions& /*options*/, std::vector<Diagnostic>& out) {
  const auto& ev = idx.records().evidence;
  for (const auto& c : conflict_scan(idx).conflicts) {
    const Evidence& b = ev[c.later];
    const Evidence& a = ev[c.earlier];
    auto d = make_diagnostic(conflict_rule(c.kind), idx.where(b.direction.pos), c.message, b.id);
    d.related.push_back({idx.where(a.direction.pos), a.id,
                         a.drug.id != b.drug.id ? "the record on the drug group or its member" : related_text(c.kind)});
    out.push_back(std::move(d));
  }
}

KB_CROSS_RULE(kContradictoryEvidence, kCostly, check_contradictions);

}  // namespace kb::rules::cross
