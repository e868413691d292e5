// Loading YAML with yaml-cpp's event API. YAML::Node would silently keep one of two
// duplicate keys and expand aliases; the event API shows every key with its mark, so
// duplicate keys, aliases and limits are checked here while the tree is built.
#include "yaml/loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "support/text.h"

namespace kb::yaml {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

/// Turns yaml-cpp marks (0-based, columns in bytes) into kbcheck's (1-based, columns in
/// characters, as the output formats promise). Marks arrive mostly in file order, so the
/// characters of the current line are counted incrementally: a long one-line flow
/// collection costs linear time, not quadratic.
class MarkMapper {
 public:
  explicit MarkMapper(std::string_view content) : content_(content) {}

  Mark operator()(const YAML::Mark& m) {
    Mark out{static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
    if (m.pos < 0 || m.column < 0 || m.pos < m.column ||
        static_cast<std::size_t>(m.pos) > content_.size())
      return out;  // not a position in our content: keep yaml-cpp's
    auto pos = static_cast<std::size_t>(m.pos);
    std::size_t line_start = pos - static_cast<std::size_t>(m.column);
    if (line_start != line_start_ || pos < pos_) line_start_ = pos_ = line_start, chars_ = 0;
    chars_ += count_chars(content_.substr(pos_, pos - pos_));
    pos_ = pos;
    out.column = static_cast<std::uint32_t>(chars_ + 1);
    return out;
  }

 private:
  std::string_view content_;
  std::size_t line_start_ = 0, pos_ = 0, chars_ = 0;
};

/// Stops parsing when a limit is hit; caught in load_yaml.
struct LimitReached {};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view content, const std::string& display, const LoadLimits& limits,
              LoadedFile& out, std::vector<Diagnostic>& diags)
      : content_(content), marks_(content), display_(display), limits_(limits), out_(out),
        diags_(diags) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    stack_.clear();
    doc_start_ = marks_(mark);
    have_root_ = false;
  }
  void OnDocumentEnd() override {
    if (have_root_ && root_.kind != NodeKind::kNull) {
      if (out_.documents.size() >= limits_.max_documents) {
        error(Rule::kInputLimit, doc_start_, "more than " + std::to_string(limits_.max_documents) +
                                        " documents in one file; split the file");
        throw LimitReached{};
      }
      out_.documents.push_back({std::move(root_), doc_start_});
    }
    root_ = Node{};
  }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    check_anchor(mark, anchor);
    Node n;
    n.mark = marks_(mark);
    // An empty value (`allele:` then a new line) gets yaml-cpp's mark of the *next* token,
    // possibly lines later; point at the key (a mapping value) or the '-' (an item).
    if (auto indicator = stack_.empty() ? std::nullopt : empty_value_indicator(mark)) {
      Frame& f = stack_.back();
      if (f.node.kind == NodeKind::kMapping && f.have_key) n.mark = f.key.mark;
      else if (auto dash = mark_before(*indicator, mark)) n.mark = *dash;
    }
    add(std::move(n));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    error(Rule::kYamlAlias, marks_(mark),
          "YAML aliases (*name) are not allowed in records; write the value out");
    Node n;
    n.mark = marks_(mark);
    add(std::move(n));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    Node n;
    n.kind = NodeKind::kScalar;
    n.mark = marks_(mark);
    n.quoted = tag == "!" || check_tag(mark, tag);
    if (tag == "!") check_closed_quote(mark);
    if (value.size() > limits_.max_scalar_bytes) {
      error(Rule::kInputLimit, n.mark, "a scalar of " + std::to_string(value.size()) +
                                  " bytes is over the limit of " +
                                  std::to_string(limits_.max_scalar_bytes));
      throw LimitReached{};
    }
    n.text = value;
    add(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, NodeKind::kSequence);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, NodeKind::kMapping);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    bool have_key = false;
    Node key;
    std::unordered_map<std::string, Mark> seen_keys;
  };

  void error(RuleId rule, Mark at, std::string message) {
    diags_.push_back(make_diagnostic(rule, {display_, at.line, at.column}, std::move(message)));
  }
  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor)
      error(Rule::kYamlAlias, marks_(mark),
            "YAML anchors (&name) are not allowed in records; remove the anchor");
  }
  /// True for an explicit !!str tag; other explicit tags are refused.
  bool check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (tag.empty() || tag == "?" || tag == "!") return false;
    if (tag == "tag:yaml.org,2002:str") return true;
    if (tag == "tag:yaml.org,2002:map" || tag == "tag:yaml.org,2002:seq") return false;
    error(Rule::kYamlAlias, marks_(mark), "YAML tag '" + tag + "' is not allowed in records; remove it");
    return false;
  }
  /// yaml-cpp 0.7 accepts a quoted scalar left open at the end of the file, silently
  /// swallowing every line after it; find the closing quote ourselves.
  void check_closed_quote(const YAML::Mark& mark) {
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= content_.size()) return;
    std::size_t i = static_cast<std::size_t>(mark.pos);
    char q = content_[i];
    if (q != '"' && q != '\'') return;
    for (++i; i < content_.size(); ++i) {
      if (q == '"' && content_[i] == '\\') {
        ++i;
      } else if (content_[i] == q) {
        if (q == '\'' && i + 1 < content_.size() && content_[i + 1] == '\'') ++i;
        else return;
      }
    }
    error(Rule::kYamlSyntax, marks_(mark), "YAML syntax error: unclosed quote: this quoted string is never closed");
    throw LimitReached{};
  }
  /// For an empty null (nothing written, not `~` or `null`): the byte offset of the ':' or
  /// '-' it belongs to, found by going back over blanks. Nothing otherwise.
  std::optional<std::size_t> empty_value_indicator(const YAML::Mark& mark) const {
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) > content_.size()) return std::nullopt;
    auto pos = static_cast<std::size_t>(mark.pos);
    std::string_view rest = content_.substr(pos);
    for (std::string_view lit : {"~", "null", "Null", "NULL"})
      if (rest.starts_with(lit)) return std::nullopt;
    std::size_t j = pos;
    while (j > 0 && pos - j < 4096 && std::string_view(" \t\r\n").find(content_[j - 1]) != std::string_view::npos)
      --j;
    if (j == 0 || (content_[j - 1] != ':' && content_[j - 1] != '-')) return std::nullopt;
    return j - 1;
  }
  /// The mark of byte `offset`, which comes before `later` (the same line or a few lines
  /// up): only the bytes between them and the start of the line are looked at, and a line
  /// longer than kMaxBacktrack gives nothing (a one-line flow collection of a million
  /// empty items must stay linear).
  std::optional<Mark> mark_before(std::size_t offset, const YAML::Mark& later) const {
    constexpr std::size_t kMaxBacktrack = 4096;
    auto end = static_cast<std::size_t>(later.pos);
    if (end - offset > kMaxBacktrack) return std::nullopt;
    std::size_t line_start = offset;
    while (line_start > 0 && content_[line_start - 1] != '\n')
      if (offset - --line_start > kMaxBacktrack) return std::nullopt;
    auto lines_up = static_cast<std::uint32_t>(std::count(content_.begin() + static_cast<std::ptrdiff_t>(offset),
                                                          content_.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    auto column = static_cast<std::uint32_t>(1 + count_chars(content_.substr(line_start, offset - line_start)));
    return Mark{static_cast<std::uint32_t>(later.line + 1) - lines_up, column};
  }
  void count_node(Mark at) {
    if (++nodes_ > limits_.max_nodes) {
      error(Rule::kInputLimit, at, "more than " + std::to_string(limits_.max_nodes) +
                              " YAML nodes in one file; split the file");
      throw LimitReached{};
    }
  }
  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, NodeKind kind) {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    if (stack_.size() >= limits_.max_depth) {
      error(Rule::kInputLimit, marks_(mark), "collections nested deeper than " +
                                         std::to_string(limits_.max_depth) + " levels");
      throw LimitReached{};
    }
    Frame f;
    f.node.kind = kind;
    f.node.mark = marks_(mark);
    stack_.push_back(std::move(f));
  }
  void close() {
    Node n = std::move(stack_.back().node);
    stack_.pop_back();
    add(std::move(n));
  }
  void add(Node n) {
    count_node(n.mark);
    if (stack_.empty()) {
      root_ = std::move(n);
      have_root_ = true;
      return;
    }
    Frame& f = stack_.back();
    if (f.node.kind == NodeKind::kSequence) {
      f.node.items.push_back(std::move(n));
      return;
    }
    if (!f.have_key) {
      f.key = std::move(n);
      f.have_key = true;
      return;
    }
    f.have_key = false;
    if (f.key.kind != NodeKind::kScalar) {
      error(Rule::kNonScalarKey, f.key.mark,
            "a mapping key must be a plain scalar, not " + describe(f.key) + "; use a field name");
      return;
    }
    auto [it, inserted] = f.seen_keys.emplace(f.key.text, f.key.mark);
    if (!inserted) {
      Diagnostic d = make_diagnostic(
          Rule::kDuplicateKey, {display_, f.key.mark.line, f.key.mark.column},
          "duplicate key '" + f.key.text + "': YAML keeps only one of the two values; "
                                           "remove or rename one");
      d.related.push_back(
          {{display_, it->second.line, it->second.column}, "", "first defined here"});
      diags_.push_back(std::move(d));
      return;
    }
    f.node.members.push_back({std::move(f.key), std::move(n)});
  }

  std::string_view content_;
  MarkMapper marks_;  ///< yaml-cpp marks to ours
  const std::string& display_;
  const LoadLimits& limits_;
  LoadedFile& out_;
  std::vector<Diagnostic>& diags_;
  std::vector<Frame> stack_;
  Node root_;
  bool have_root_ = false;
  Mark doc_start_;
  std::size_t nodes_ = 0;
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

/// The line at or just before the error `line` (yaml-cpp stops there or one token later)
/// that is indented with a tab, or 0. Tabs further up are left alone: they may sit
/// inside a block scalar, where they are content, not indentation.
std::uint32_t tab_indented_line(std::string_view content, std::uint32_t line) {
  std::uint32_t found = 0, l = 1;
  std::size_t pos = 0;
  while (pos < content.size() && l <= line) {
    std::size_t i = pos;
    while (i < content.size() && content[i] == ' ') ++i;
    if (i < content.size() && content[i] == '\t' && l + 1 >= line) found = l;
    auto nl = content.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++l;
  }
  return found;
}

std::string explain_parse_error(const std::string& msg) {
  if (msg == "end of string not found") return "unclosed quote: a quoted string is not closed";
  if (msg == "illegal map value") return "unexpected ':' (a mapping value where none is allowed); quote values that contain ': '";
  return msg;
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
  std::istringstream stream{std::string(content)};
  TreeBuilder builder(content, display, limits, out, diags);
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const LimitReached&) {
    out.failed = true;
  } catch (const YAML::DeepRecursion& e) {
    Mark at = MarkMapper(content)(e.mark);
    diags.push_back(make_diagnostic(Rule::kInputLimit, {display, at.line, at.column},
                                    "collections nested too deeply for the parser"));
    out.failed = true;
  } catch (const YAML::Exception& e) {
    Mark at = MarkMapper(content)(e.mark);
    std::string msg = explain_parse_error(e.msg);
    if (auto tab_line = tab_indented_line(content, at.line)) {
      at = {tab_line, 1};
      msg = "tab character in indentation: YAML indents with spaces only; replace the tab";
    }
    diags.push_back(make_diagnostic(Rule::kYamlSyntax, {display, at.line, at.column},
                                    "YAML syntax error: " + msg));
    out.failed = true;
  } catch (const std::exception& e) {
    diags.push_back(make_diagnostic(Rule::kYamlSyntax, {display, 1, 1},
                                    std::string("YAML could not be parsed: ") + e.what()));
    out.failed = true;
  }
  return out;
}

}  // namespace kb::yaml
