// Loading YAML with libfyaml's event API (libfyaml is private to this file). Events carry
// every key with its mark, so duplicate keys, anchors, aliases, tags and the limits are
// checked here while the tree is built, and nothing is ever expanded.
#include "yaml/loader.h"

#include <libfyaml.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "support/text.h"
#include "yaml/single_quoted.h"

namespace kb::yaml {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

/// libfyaml must see a whole flow collection before it emits its first event (any entry
/// could turn out to be a key), so `[[[[...` is buffered as tokens (hundreds of bytes
/// each) before any depth check could run. Input is therefore fed in chunks, and feeding
/// stops once the unconsumed input holds more than this many flow indicators (`[`, `{`,
/// `,`): libfyaml then sees the end of the input and emits what it has, and the depth
/// limit (or this one) refuses the file with memory bounded by about 20 MB.
constexpr std::size_t kMaxPendingFlowIndicators = 65536;
constexpr std::size_t kFeedChunk = 64 * 1024;

/// The flow indicators `[`, `{` and `,` in `s`, counted branch-free (the loop vectorizes).
std::size_t count_flow_indicators(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += static_cast<std::size_t>(c == '[') + (c == '{') + (c == ',');
  return n;
}

/// Hands `content` to libfyaml chunk by chunk and watches how far it reads ahead of the
/// events it has produced.
class Feeder {
 public:
  explicit Feeder(std::string_view content) : content_(content) {}

  static ssize_t read(void* user, void* buf, std::size_t count) {
    return static_cast<Feeder*>(user)->read(static_cast<char*>(buf), count);
  }
  /// The end (byte offset) of the latest event: input before it is consumed.
  void consumed_to(std::size_t offset) { consumed_ = std::max(consumed_, std::min(offset, fed_)); }
  bool cut() const { return cut_; }
  std::size_t fed() const { return fed_; }

 private:
  ssize_t read(char* buf, std::size_t count) {
    pending_ -= count_flow_indicators(content_.substr(counted_, consumed_ - counted_));
    counted_ = consumed_;
    if (cut_ || pending_ > kMaxPendingFlowIndicators) {
      cut_ = true;
      return 0;
    }
    std::size_t n = std::min({count, kFeedChunk, content_.size() - fed_});
    std::memcpy(buf, content_.data() + fed_, n);
    pending_ += count_flow_indicators(content_.substr(fed_, n));
    fed_ += n;
    return static_cast<ssize_t>(n);
  }

  std::string_view content_;
  std::size_t fed_ = 0, consumed_ = 0, counted_ = 0;
  std::size_t pending_ = 0;  ///< flow indicators in [consumed_, fed_)
  bool cut_ = false;
};

/// Line and column (1-based; the column in characters) of byte `offset` in `content`.
Mark mark_of_offset(std::string_view content, std::size_t offset) {
  Mark m{1, 1};
  for (std::size_t i = 0; i < offset && i < content.size(); ++i) {
    if (content[i] == '\n') {
      ++m.line;
      m.column = 1;
    } else if (!is_utf8_continuation(content[i])) {
      ++m.column;
    }
  }
  return m;
}

/// libfyaml's message for a syntax error, in the words a curator needs. Messages not
/// listed are plain already ("flow sequence without a closing bracket").
std::string explain_syntax_error(std::string_view msg) {
  struct Rewording {
    std::string_view starts_with;
    std::string_view says;
  };
  static constexpr Rewording kRewordings[] = {
      {"invalid nested block mapping on the same line",
       "unexpected ':' (a mapping value where none is allowed); quote values that contain ': '"},
      {"tab character may not be used as indentation",
       "tab character in indentation: YAML indents with spaces only; replace the tab"},
      {"invalid tab", "tab character in indentation: YAML indents with spaces only; replace the tab"},
      {"cannot use tab", "tab character in indentation: YAML indents with spaces only; replace the tab"},
      {"invalid comment without whitespace after",
       "a comment must be separated by a space: write ' #', or quote a value that contains '#'"},
      {"invalid comment after", "a comment must be separated by a space: write ' #'"},
      {"single-quoted scalar without closing quote", "unclosed quote: a quoted string is not closed"},
      {"double-quoted scalar without closing quote", "unclosed quote: a quoted string is not closed"},
  };
  for (const auto& r : kRewordings)
    if (msg.starts_with(r.starts_with)) return std::string(r.says);
  return std::string(msg);
}

/// Whether the quoted scalar that starts at byte `pos` (a `"` or `'`) is closed anywhere
/// after it. libfyaml reports an unclosed quote as a badly indented scalar at the next
/// line; this says what is really wrong.
bool quote_closed(std::string_view content, std::size_t pos) {
  char q = content[pos];
  for (std::size_t i = pos + 1; i < content.size(); ++i) {
    if (q == '"' && content[i] == '\\') ++i;
    else if (content[i] == q && (q == '"' || i + 1 >= content.size() || content[i + 1] != '\''))
      return true;
    else if (q == '\'' && content[i] == q) ++i;  // '' is an escaped quote
  }
  return false;
}

struct ParserDeleter {
  void operator()(fy_parser* p) const { fy_parser_destroy(p); }
};
struct DiagDeleter {
  void operator()(fy_diag* d) const { fy_diag_destroy(d); }
};
struct EventFree {
  fy_parser* parser;
  void operator()(fy_event* e) const { fy_parser_event_free(parser, e); }
};
using EventPtr = std::unique_ptr<fy_event, EventFree>;

std::string_view token_text(fy_token* t) {
  if (!t) return {};
  std::size_t len = 0;
  const char* s = fy_token_get_text(t, &len);
  return s ? std::string_view(s, len) : std::string_view();
}

/// Builds node trees from libfyaml's events and checks what the format forbids.
class TreeBuilder {
 public:
  TreeBuilder(std::string_view content, const std::string& display, const LoadLimits& limits,
              LoadedFile& out, std::vector<Diagnostic>& diags)
      : content_(content), display_(display), limits_(limits), out_(out), diags_(diags) {}

  /// Handles one event; false once a limit stopped the file.
  bool handle(fy_event* ev);
  /// Innermost open collection, for errors with no better place.
  std::optional<Mark> innermost_open() const {
    if (stack_.empty()) return std::nullopt;
    return stack_.back().node.mark;
  }
  void error(RuleId rule, Mark at, std::string message) {
    diags_.push_back(make_diagnostic(rule, {display_, at.line, at.column}, std::move(message)));
  }
  /// The end offset of the latest event with a mark.
  std::size_t last_end() const { return last_end_; }

 private:
  struct Frame {
    Node node;
    bool have_key = false;
    Node key;
    std::size_t last_end = 0;  ///< end offset of the latest child (empty items search from it)
    Mark last_end_mark;
    std::unordered_map<std::string, Mark> seen_keys;  ///< every key, once the mapping is large
  };

  Mark mark_of(const fy_mark* m) const {
    return {static_cast<std::uint32_t>(m->line + 1), static_cast<std::uint32_t>(m->column + 1)};
  }
  Mark scalar_mark(const fy_mark* m, fy_scalar_style style) const;
  void start_document(fy_event* ev);
  void end_document();
  bool scalar(fy_event* ev);
  std::string_view scalar_text(fy_token* value, fy_scalar_style style, std::string& decoded) const;
  bool alias(fy_event* ev);
  bool open(fy_event* ev, NodeKind kind, fy_token* anchor, fy_token* tag);
  bool close(fy_event* ev);
  bool add(Node n);
  static constexpr std::size_t kKeyScanLimit = 16;
  const Mark* first_definition(const Frame& f) const;
  void remember_key(Frame& f);
  void note_end(fy_event* ev);
  Mark empty_node_mark() const;
  void check_anchor(fy_token* anchor, Mark at);
  bool check_tag(fy_token* tag, Mark at);

  std::string_view content_;
  const std::string& display_;
  const LoadLimits& limits_;
  LoadedFile& out_;
  std::vector<Diagnostic>& diags_;
  std::vector<Frame> stack_;
  Node root_;
  bool have_root_ = false;
  std::optional<Mark> doc_start_;
  std::unordered_set<std::string> anchors_;  ///< anchor names of this document
  std::size_t nodes_ = 0;
  std::size_t last_end_ = 0;
  Mark last_end_mark_{1, 1};
};

bool TreeBuilder::handle(fy_event* ev) {
  bool go_on = true;
  switch (ev->type) {
    case FYET_DOCUMENT_START: start_document(ev); break;
    case FYET_DOCUMENT_END: end_document(); break;
    case FYET_SCALAR: go_on = scalar(ev); break;
    case FYET_ALIAS: go_on = alias(ev); break;
    case FYET_SEQUENCE_START:
      go_on = open(ev, NodeKind::kSequence, ev->sequence_start.anchor, ev->sequence_start.tag);
      break;
    case FYET_MAPPING_START:
      go_on = open(ev, NodeKind::kMapping, ev->mapping_start.anchor, ev->mapping_start.tag);
      break;
    case FYET_SEQUENCE_END:
    case FYET_MAPPING_END: go_on = close(ev); break;
    default: break;
  }
  note_end(ev);
  return go_on;
}

void TreeBuilder::note_end(fy_event* ev) {
  const fy_mark* end = fy_event_end_mark(ev);
  if (!end || end->line < 0) return;
  last_end_ = std::max(last_end_, end->input_pos);
  last_end_mark_ = mark_of(end);
  if (!stack_.empty() && ev->type != FYET_SEQUENCE_START && ev->type != FYET_MAPPING_START) {
    stack_.back().last_end = end->input_pos;
    stack_.back().last_end_mark = last_end_mark_;
  }
}

void TreeBuilder::start_document(fy_event* ev) {
  stack_.clear();
  anchors_.clear();
  have_root_ = false;
  doc_start_.reset();
  const fy_mark* m = fy_event_start_mark(ev);
  if (m && m->line >= 0 && !ev->document_start.implicit) doc_start_ = mark_of(m);
}

void TreeBuilder::end_document() {
  if (have_root_ && root_.kind != NodeKind::kNull) {
    if (out_.documents.size() >= limits_.max_documents) {
      error(Rule::kInputLimit, doc_start_.value_or(root_.mark),
            "more than " + std::to_string(limits_.max_documents) + " documents in one file; split the file");
      out_.failed = true;
      return;
    }
    Mark start = doc_start_.value_or(root_.mark);
    out_.documents.push_back({std::move(root_), start});
  }
  root_ = Node{};
  have_root_ = false;
}

/// An empty node (nothing written) has no mark of its own: a mapping value is placed at
/// its key, a sequence item at its '-' (found after the previous item, over blanks and
/// comments), anything else where the parser stood.
Mark TreeBuilder::empty_node_mark() const {
  if (stack_.empty()) return doc_start_.value_or(last_end_mark_);
  const Frame& f = stack_.back();
  if (f.node.kind == NodeKind::kMapping) return f.have_key ? f.key.mark : f.last_end_mark;
  if (f.node.items.empty()) return f.node.mark;  // a block sequence starts at its first '-'
  constexpr std::size_t kMaxScan = 4096;
  Mark m = f.last_end_mark;
  for (std::size_t i = f.last_end; i < content_.size() && i - f.last_end < kMaxScan; ++i) {
    char c = content_[i];
    if (c == '-') return m;
    if (c == '#') {
      while (i + 1 < content_.size() && content_[i + 1] != '\n') ++i;
    } else if (c == '\n') {
      ++m.line;
      m.column = 1;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++m.column;
    } else {
      break;
    }
  }
  return f.last_end_mark;
}

/// libfyaml marks a quoted scalar after its opening quote and a block scalar at the line
/// after its `|` or `>` header; kbcheck points at the quote and at the indicator.
Mark TreeBuilder::scalar_mark(const fy_mark* m, fy_scalar_style style) const {
  Mark at = mark_of(m);
  std::size_t pos = m->input_pos;
  if (pos == 0 || pos > content_.size()) return at;
  if (style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED) {
    char q = style == FYSS_SINGLE_QUOTED ? '\'' : '"';
    if (content_[pos - 1] == q && at.column > 1) --at.column;
    return at;
  }
  if ((style != FYSS_LITERAL && style != FYSS_FOLDED) || content_[pos - 1] != '\n' || at.line < 2) return at;
  constexpr std::size_t kMaxHeaderLine = 4096;
  std::size_t line_start = pos - 1;
  while (line_start > 0 && content_[line_start - 1] != '\n')
    if (pos - --line_start > kMaxHeaderLine) return at;
  std::string_view header = content_.substr(line_start, pos - 1 - line_start);
  if (auto comment = header.find(" #"); comment != std::string_view::npos) header = header.substr(0, comment);
  auto indicator = header.find_last_of(style == FYSS_LITERAL ? '|' : '>');
  if (indicator == std::string_view::npos) return at;
  return {at.line - 1, static_cast<std::uint32_t>(count_chars(header.substr(0, indicator)) + 1)};
}

void TreeBuilder::check_anchor(fy_token* anchor, Mark at) {
  if (!anchor) return;
  anchors_.emplace(token_text(anchor));
  error(Rule::kYamlAlias, at, "YAML anchors (&name) are not allowed in records; remove the anchor");
}

/// True for an explicit !!str (or the non-specific `!`) tag; other tags are refused
/// except !!map and !!seq, which change nothing.
bool TreeBuilder::check_tag(fy_token* tag, Mark at) {
  if (!tag) return false;
  std::string_view t = token_text(tag);
  if (t == "!" || t == "tag:yaml.org,2002:str") return true;
  if (t == "tag:yaml.org,2002:map" || t == "tag:yaml.org,2002:seq") return false;
  error(Rule::kYamlAlias, at, "YAML tag '" + std::string(t) + "' is not allowed in records; remove it");
  return false;
}

/// The scalar's text; single-quoted scalars that libfyaml 0.7.12 misreads are decoded
/// from the source (see yaml/single_quoted.h).
std::string_view TreeBuilder::scalar_text(fy_token* value, fy_scalar_style style, std::string& decoded) const {
  if (style == FYSS_SINGLE_QUOTED) {
    const fy_mark* start = fy_token_start_mark(value);
    const fy_mark* end = fy_token_end_mark(value);
    if (start && end && start->input_pos <= end->input_pos && end->input_pos <= content_.size()) {
      std::string_view raw = content_.substr(start->input_pos, end->input_pos - start->input_pos);
      if (libfyaml_misreads_single_quoted(raw)) {
        decoded = decode_single_quoted(raw);
        return decoded;
      }
    }
  }
  return token_text(value);
}

bool TreeBuilder::scalar(fy_event* ev) {
  const fy_mark* m = fy_event_start_mark(ev);
  fy_scalar_style style = fy_token_scalar_style(ev->scalar.value);
  std::string decoded;
  std::string_view text = scalar_text(ev->scalar.value, style, decoded);
  Node n;
  n.mark = m && m->line >= 0 ? scalar_mark(m, style) : empty_node_mark();
  check_anchor(ev->scalar.anchor, n.mark);
  bool as_string = check_tag(ev->scalar.tag, n.mark);
  if (style == FYSS_PLAIN && !as_string &&
      (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")) {
    if (text.empty() && !(m && m->line >= 0)) n.mark = empty_node_mark();
    return add(std::move(n));  // kNull
  }
  if (text.size() > limits_.max_scalar_bytes) {
    error(Rule::kInputLimit, n.mark, "a scalar of " + std::to_string(text.size()) + " bytes is over the limit of " +
                                  std::to_string(limits_.max_scalar_bytes));
    return false;
  }
  n.kind = NodeKind::kScalar;
  n.quoted = as_string || style != FYSS_PLAIN;
  n.text = text;
  return add(std::move(n));
}

bool TreeBuilder::alias(fy_event* ev) {
  const fy_mark* m = fy_event_start_mark(ev);
  Node n;
  n.mark = m && m->line >= 0 ? mark_of(m) : empty_node_mark();
  if (m && m->input_pos > 0 && m->input_pos <= content_.size() && content_[m->input_pos - 1] == '*' && n.mark.column > 1)
    --n.mark.column;  // libfyaml marks the name; point at the '*'
  std::string name(token_text(ev->alias.anchor));
  if (anchors_.contains(name))
    error(Rule::kYamlAlias, n.mark, "YAML aliases (*name) are not allowed in records; write the value out");
  else
    error(Rule::kYamlAlias, n.mark,
          "'*" + name + "' is read as a YAML alias (and no anchor &" + name +
              " exists); quote it if it is a value such as a star allele: \"*" + name + "\"");
  return add(std::move(n));
}

bool TreeBuilder::open(fy_event* ev, NodeKind kind, fy_token* anchor, fy_token* tag) {
  const fy_mark* m = fy_event_start_mark(ev);
  Mark at = m && m->line >= 0 ? mark_of(m) : empty_node_mark();
  check_anchor(anchor, at);
  check_tag(tag, at);
  if (stack_.size() >= limits_.max_depth) {
    error(Rule::kInputLimit, at, "collections nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    return false;
  }
  Frame f;
  f.node.kind = kind;
  f.node.mark = at;
  // Records' mappings have a few keys to a dozen: start at 4 rather than 1, 2, 4.
  if (kind == NodeKind::kMapping) f.node.members.reserve(4);
  f.last_end_mark = at;
  if (m && m->line >= 0) f.last_end = m->input_pos;
  stack_.push_back(std::move(f));
  return true;
}

bool TreeBuilder::close(fy_event*) {
  if (stack_.empty()) return true;
  Node n = std::move(stack_.back().node);
  stack_.pop_back();
  return add(std::move(n));
}

/// Where the key now in `f.key` was first defined in the mapping, or nullptr. Records
/// have a dozen keys: a scan of the members, without allocating; a large mapping keeps
/// a hash of its keys instead (see remember_key).
const Mark* TreeBuilder::first_definition(const Frame& f) const {
  if (f.node.members.size() < kKeyScanLimit) {
    for (const auto& m : f.node.members)
      if (m.key.text == f.key.text) return &m.key.mark;
    return nullptr;
  }
  auto it = f.seen_keys.find(f.key.text);
  return it == f.seen_keys.end() ? nullptr : &it->second;
}

void TreeBuilder::remember_key(Frame& f) {
  if (f.node.members.size() < kKeyScanLimit) return;
  if (f.seen_keys.empty())
    for (const auto& m : f.node.members) f.seen_keys.emplace(m.key.text, m.key.mark);
  else
    f.seen_keys.emplace(f.node.members.back().key.text, f.node.members.back().key.mark);
}

bool TreeBuilder::add(Node n) {
  if (++nodes_ > limits_.max_nodes) {
    error(Rule::kInputLimit, n.mark, "more than " + std::to_string(limits_.max_nodes) + " YAML nodes in one file; split the file");
    return false;
  }
  if (stack_.empty()) {
    root_ = std::move(n);
    have_root_ = true;
    return true;
  }
  Frame& f = stack_.back();
  if (f.node.kind == NodeKind::kSequence) {
    f.node.items.push_back(std::move(n));
    return true;
  }
  if (!f.have_key) {
    f.key = std::move(n);
    f.have_key = true;
    return true;
  }
  f.have_key = false;
  if (f.key.kind != NodeKind::kScalar) {
    error(Rule::kNonScalarKey, f.key.mark, "a mapping key must be a plain scalar, not " + describe(f.key) + "; use a field name");
    return true;
  }
  if (const Mark* first = first_definition(f)) {
    Diagnostic d = make_diagnostic(Rule::kDuplicateKey, {display_, f.key.mark.line, f.key.mark.column},
                                   "duplicate key '" + f.key.text +
                                       "': YAML keeps only one of the two values; remove or rename one");
    d.related.push_back({{display_, first->line, first->column}, "", "first defined here"});
    diags_.push_back(std::move(d));
    return true;
  }
  f.node.members.push_back({std::move(f.key), std::move(n)});
  remember_key(f);
  return true;
}

/// The first error libfyaml collected, as a KB0001 diagnostic in plain words.
void report_syntax_error(fy_diag* diag, std::string_view content, TreeBuilder& builder) {
  void* iter = nullptr;
  const fy_diag_error* first = nullptr;
  while (const fy_diag_error* e = fy_diag_errors_iterate(diag, &iter))
    if (e->type == FYET_ERROR) {
      first = e;
      break;
    }
  Mark at{1, 1};
  std::string msg = "the YAML parser stopped without saying why";
  if (first) {
    at = {static_cast<std::uint32_t>(std::max(first->line, 1)), static_cast<std::uint32_t>(std::max(first->column, 1))};
    msg = explain_syntax_error(first->msg ? first->msg : "");
    // An unclosed quote shows up as a badly indented scalar one line down.
    if (first->fyt) {
      const fy_mark* m = fy_token_start_mark(first->fyt);
      if (m && m->input_pos < content.size() && (content[m->input_pos] == '"' || content[m->input_pos] == '\'') &&
          !quote_closed(content, m->input_pos))
        msg = "unclosed quote: this quoted string is never closed";
    }
  } else if (auto open = builder.innermost_open()) {
    at = *open;
  }
  builder.error(Rule::kYamlSyntax, at, "YAML syntax error: " + msg);
}

}  // namespace

LoadedFile load_yaml(std::string_view content, const std::string& display,
                     const LoadLimits& limits, std::vector<Diagnostic>& diags) {
  LoadedFile out;
  if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
  if (auto nul = content.find('\0'); nul != std::string_view::npos) {
    Mark at = mark_of_offset(content, nul);
    diags.push_back(make_diagnostic(Rule::kInvalidUtf8, {display, at.line, at.column},
                                    "the file contains a NUL byte: is it a binary file? "
                                    "KB files must be UTF-8 text"));
    out.failed = true;
    return out;
  }
  if (auto bad = find_invalid_utf8(content)) {
    Mark at = mark_of_offset(content, *bad);
    diags.push_back(make_diagnostic(Rule::kInvalidUtf8, {display, at.line, at.column},
                                    "invalid UTF-8 byte sequence; save the file as UTF-8"));
    out.failed = true;
    return out;
  }

  fy_diag_cfg dcfg;
  fy_diag_cfg_default(&dcfg);
  dcfg.fp = nullptr;
  dcfg.output_fn = [](fy_diag*, void*, const char*, std::size_t) {};
  std::unique_ptr<fy_diag, DiagDeleter> diag(fy_diag_create(&dcfg));
  fy_parse_cfg cfg{};
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2);
  cfg.diag = diag.get();
  std::unique_ptr<fy_parser, ParserDeleter> parser(diag ? fy_parser_create(&cfg) : nullptr);
  Feeder feeder(content);
  // Always through the feeder: parsing in place (fy_parser_set_string) was not faster
  // and raised the peak RSS of `check` on the bench KB by 30 MB.
  if (!parser || fy_parser_set_input_callback(parser.get(), &feeder, &Feeder::read) != 0) {
    diags.push_back(make_diagnostic(Rule::kYamlSyntax, {display, 1, 1}, "YAML could not be parsed: the parser could not start"));
    out.failed = true;
    return out;
  }
  fy_diag_set_collect_errors(diag.get(), true);

  TreeBuilder builder(content, display, limits, out, diags);
  while (EventPtr ev{fy_parser_parse(parser.get()), EventFree{parser.get()}}) {
    if (!builder.handle(ev.get())) {
      out.failed = true;
      return out;
    }
    feeder.consumed_to(builder.last_end());
    if (out.failed) return out;  // the document limit
  }
  if (feeder.cut()) {
    Mark at = builder.innermost_open().value_or(mark_of_offset(content, feeder.fed()));
    builder.error(Rule::kInputLimit, at,
                  "the YAML parser had to read more than " + std::to_string(kMaxPendingFlowIndicators) +
                      " '[', '{' or ',' ahead without finishing a node (a flow collection that "
                      "deep or long); write it in block style or split it");
    out.failed = true;
  } else if (fy_parser_get_stream_error(parser.get())) {
    report_syntax_error(diag.get(), content, builder);
    out.failed = true;
  }
  return out;
}

}  // namespace kb::yaml
