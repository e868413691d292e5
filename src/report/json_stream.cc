// A DOM of a million findings costs gigabytes; the JSON and SARIF writers build the
// document around a placeholder and stream the findings into it.
#include "report/json_stream.h"

#include <string>
#include <string_view>

#include "support/text.h"

namespace kb::report::detail {
namespace {

using nlohmann::ordered_json;

std::string dump(const ordered_json& j) {
  return json_for_logs(j.dump(2, ' ', false, ordered_json::error_handler_t::replace));
}

/// Writes `text` with `indent` after every newline (JSON strings hold no raw newlines,
/// so this re-indents a dumped value to a deeper nesting level).
void write_indented(std::string_view text, std::string_view indent, std::ostream& out) {
  for (std::size_t nl; (nl = text.find('\n')) != std::string_view::npos; text.remove_prefix(nl + 1))
    out << text.substr(0, nl + 1) << indent;
  out << text;
}

}  // namespace

void dump_with_streamed_array(const ordered_json& doc, std::size_t count,
                              const std::function<ordered_json(std::size_t)>& element,
                              std::ostream& out) {
  std::string text = dump(doc);
  std::string placeholder = ordered_json(kStreamedArray).dump();
  auto at = text.find(placeholder);
  if (at == std::string::npos) {
    out << text << '\n';
    return;
  }
  std::string_view head(text.data(), at);
  std::string_view tail(text.data() + at + placeholder.size(), text.size() - at - placeholder.size());
  auto line_start = head.rfind('\n') + 1;  // npos + 1 == 0
  std::string indent(head.size() - line_start, ' ');
  if (auto key = head.substr(line_start).find_first_not_of(' '); key != std::string_view::npos)
    indent.resize(key);  // the placeholder follows `"key": `; the line's indent is the key's
  out << head;
  if (count == 0) {
    out << "[]";
  } else {
    std::string inner = indent + "  ";
    out << '[';
    for (std::size_t i = 0; i < count; ++i) {
      out << (i ? ",\n" : "\n") << inner;
      write_indented(dump(element(i)), inner, out);
    }
    out << '\n' << indent << ']';
  }
  out << tail << '\n';
}

}  // namespace kb::report::detail
