// JSON: the machine-readable shape fixed by the CLI contract (scripts depend on it).
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "report/json_stream.h"
#include "report/writers.h"

namespace kb::report::detail {
namespace {

using nlohmann::ordered_json;

/// Writes one object member by member as `ordered_json::dump(2)` lays it out, at
/// `indent` (the object's own line indent; its first line is the caller's).
class ObjectText {
 public:
  ObjectText(std::string& out, std::string_view indent) : out_(out), indent_(indent) {
    out_ += '{';
  }
  void string(std::string_view key, std::string_view value) {
    this->key(key);
    append_json_string(value, out_);
  }
  void number(std::string_view key, std::uint32_t value) {
    this->key(key);
    char buf[16];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out_.append(buf, end);
  }
  /// Starts member `key`, leaving the value to the caller.
  void key(std::string_view key) {
    out_ += first_ ? "\n" : ",\n";
    first_ = false;
    out_ += indent_;
    out_ += "  \"";
    out_ += key;  // the writer's own keys: plain ASCII
    out_ += "\": ";
  }
  void end() {
    out_ += '\n';
    out_ += indent_;
    out_ += '}';
  }

 private:
  std::string& out_;
  std::string_view indent_;
  bool first_ = true;
};

/// `record` is omitted when empty: the contract gives it only "when there is one".
void put_location(ObjectText& j, const SourceLocation& loc, const std::string& record) {
  j.string("file", loc.file);
  j.number("line", loc.line);
  j.number("column", loc.column);
  if (!record.empty()) j.string("record", record);
}

void diagnostic_text(const Diagnostic& d, std::string_view indent, std::string& out) {
  ObjectText j(out, indent);
  j.string("rule", d.rule);
  j.string("name", rule_name(d.rule));
  j.string("severity", severity_name(d.severity));
  put_location(j, d.location, d.record);
  j.string("message", d.message);
  j.key("related");
  if (d.related.empty()) {
    out += "[]";
  } else {
    std::string inner = std::string(indent) + "    ";
    out += '[';
    for (std::size_t i = 0; i < d.related.size(); ++i) {
      out += i ? ",\n" : "\n";
      out += inner;
      ObjectText r(out, inner);
      put_location(r, d.related[i].location, d.related[i].record);
      r.string("message", d.related[i].message);
      r.end();
    }
    out += '\n';
    out += indent;
    out += "  ]";
  }
  j.end();
}

}  // namespace

void write_json(const ReportInput& in, std::ostream& out) {
  const auto& list = diagnostics_of(in);
  const Summary& s = in.summary;
  ordered_json doc;
  doc["tool"] = {{"name", "kbcheck"}, {"version", in.tool_version}};
  doc["diagnostics"] = kStreamedArray;
  doc["summary"] = {{"files", s.files},
                    {"records", s.records},
                    {"errors", s.errors},
                    {"warnings", s.warnings},
                    {"infos", s.infos}};
  if (s.suppressed) doc["summary"]["suppressed"] = *s.suppressed;
  dump_with_streamed_text(
      doc, list.size(),
      [&](std::size_t i, std::string_view indent, std::string& text) {
        diagnostic_text(list[i], indent, text);
      },
      out);
}

}  // namespace kb::report::detail
