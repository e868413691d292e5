// Loading YAML with yaml-cpp's event API. YAML::Node would silently keep one of two
// duplicate keys and expand aliases; the event API shows every key with its mark, so
// duplicate keys, aliases and limits are checked here while the tree is built.
#include "yaml/loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>

#include "support/text.h"

namespace kb::yaml {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Mark to_mark(const YAML::Mark& m) {
  return {static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
}

/// Stops parsing when a limit is hit; caught in load_yaml.
struct LimitReached {};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view content, const std::string& display, const LoadLimits& limits,
              LoadedFile& out, std::vector<Diagnostic>& diags)
      : content_(content), display_(display), limits_(limits), out_(out), diags_(diags) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    stack_.clear();
    doc_start_ = to_mark(mark);
    have_root_ = false;
  }
  void OnDocumentEnd() override {
    if (have_root_ && root_.kind != NodeKind::kNull) {
      if (out_.documents.size() >= limits_.max_documents) {
        error("KB0007", doc_start_, "more than " + std::to_string(limits_.max_documents) +
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
    n.mark = to_mark(mark);
    add(std::move(n));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    error("KB0006", to_mark(mark),
          "YAML aliases (*name) are not allowed in records; write the value out");
    Node n;
    n.mark = to_mark(mark);
    add(std::move(n));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    Node n;
    n.kind = NodeKind::kScalar;
    n.mark = to_mark(mark);
    n.quoted = tag == "!" || check_tag(mark, tag);
    if (tag == "!") check_closed_quote(mark);
    if (value.size() > limits_.max_scalar_bytes) {
      error("KB0007", n.mark, "a scalar of " + std::to_string(value.size()) +
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

  void error(std::string_view rule, Mark at, std::string message) {
    diags_.push_back(make_diagnostic(rule, {display_, at.line, at.column}, std::move(message)));
  }
  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor)
      error("KB0006", to_mark(mark),
            "YAML anchors (&name) are not allowed in records; remove the anchor");
  }
  /// True for an explicit !!str tag; other explicit tags are refused.
  bool check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (tag.empty() || tag == "?" || tag == "!") return false;
    if (tag == "tag:yaml.org,2002:str") return true;
    if (tag == "tag:yaml.org,2002:map" || tag == "tag:yaml.org,2002:seq") return false;
    error("KB0006", to_mark(mark), "YAML tag '" + tag + "' is not allowed in records; remove it");
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
    error("KB0001", to_mark(mark), "YAML syntax error: unclosed quote: this quoted string is never closed");
    throw LimitReached{};
  }
  void count_node(Mark at) {
    if (++nodes_ > limits_.max_nodes) {
      error("KB0007", at, "more than " + std::to_string(limits_.max_nodes) +
                              " YAML nodes in one file; split the file");
      throw LimitReached{};
    }
  }
  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, NodeKind kind) {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    if (stack_.size() >= limits_.max_depth) {
      error("KB0007", to_mark(mark), "collections nested deeper than " +
                                         std::to_string(limits_.max_depth) + " levels");
      throw LimitReached{};
    }
    Frame f;
    f.node.kind = kind;
    f.node.mark = to_mark(mark);
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
      error("KB0009", f.key.mark,
            "a mapping key must be a plain scalar, not " + describe(f.key) + "; use a field name");
      return;
    }
    auto [it, inserted] = f.seen_keys.emplace(f.key.text, f.key.mark);
    if (!inserted) {
      Diagnostic d = make_diagnostic(
          "KB0002", {display_, f.key.mark.line, f.key.mark.column},
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

/// Line and column (1-based) of byte `offset` in `content`.
Mark mark_of_offset(std::string_view content, std::size_t offset) {
  Mark m{1, 1};
  for (std::size_t i = 0; i < offset && i < content.size(); ++i) {
    if (content[i] == '\n') {
      ++m.line;
      m.column = 1;
    } else {
      ++m.column;
    }
  }
  return m;
}

/// The first line at or before `line` indented with a tab, if any (0 if none).
std::uint32_t tab_indented_line(std::string_view content, std::uint32_t line) {
  std::uint32_t l = 1;
  std::size_t pos = 0;
  while (pos < content.size() && l <= line) {
    std::size_t i = pos;
    while (i < content.size() && content[i] == ' ') ++i;
    if (i < content.size() && content[i] == '\t') return l;
    auto nl = content.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++l;
  }
  return 0;
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
    diags.push_back(make_diagnostic("KB0003", {display, at.line, at.column},
                                    "the file contains a NUL byte: is it a binary file? "
                                    "KB files must be UTF-8 text"));
    out.failed = true;
    return out;
  }
  if (auto bad = find_invalid_utf8(content)) {
    Mark at = mark_of_offset(content, *bad);
    diags.push_back(make_diagnostic("KB0003", {display, at.line, at.column},
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
    Mark at = to_mark(e.mark);
    diags.push_back(make_diagnostic("KB0007", {display, at.line, at.column},
                                    "collections nested too deeply for the parser"));
    out.failed = true;
  } catch (const YAML::Exception& e) {
    Mark at = to_mark(e.mark);
    std::string msg = explain_parse_error(e.msg);
    if (auto tab_line = tab_indented_line(content, at.line)) {
      at = {tab_line, 1};
      msg = "tab character in indentation: YAML indents with spaces only; replace the tab";
    }
    diags.push_back(make_diagnostic("KB0001", {display, at.line, at.column},
                                    "YAML syntax error: " + msg));
    out.failed = true;
  } catch (const std::exception& e) {
    diags.push_back(make_diagnostic("KB0001", {display, 1, 1},
                                    std::string("YAML could not be parsed: ") + e.what()));
    out.failed = true;
  }
  return out;
}

}  // namespace kb::yaml
