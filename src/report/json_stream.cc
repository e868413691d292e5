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

/// Appends `text` with `indent` after every newline (JSON strings hold no raw newlines,
/// so this re-indents a dumped value to a deeper nesting level).
void append_indented(std::string_view text, std::string_view indent, std::string& out) {
  for (std::size_t nl; (nl = text.find('\n')) != std::string_view::npos; text.remove_prefix(nl + 1))
    out.append(text.substr(0, nl + 1)).append(indent);
  out.append(text);
}

/// The document's text split around the placeholder, and the streamed array's indent.
struct Frame {
  std::string text;
  std::size_t at = std::string::npos;  ///< where the placeholder starts
  std::size_t length = 0;              ///< its length
  std::string indent;                  ///< the indent of the line holding it
};

Frame frame_of(const ordered_json& doc) {
  Frame f;
  f.text = dump(doc);
  std::string placeholder = ordered_json(kStreamedArray).dump();
  f.at = f.text.find(placeholder);
  f.length = placeholder.size();
  if (f.at == std::string::npos) return f;
  std::string_view head(f.text.data(), f.at);
  auto line_start = head.rfind('\n') + 1;  // npos + 1 == 0
  f.indent.assign(head.size() - line_start, ' ');
  if (auto key = head.substr(line_start).find_first_not_of(' '); key != std::string_view::npos)
    f.indent.resize(key);  // the placeholder follows `"key": `; the line's indent is the key's
  return f;
}

}  // namespace

void dump_with_streamed_text(
    const ordered_json& doc, std::size_t count,
    const std::function<void(std::size_t, std::string_view, std::string&)>& element,
    std::ostream& out) {
  Frame f = frame_of(doc);
  if (f.at == std::string::npos) {
    out << f.text << '\n';
    return;
  }
  constexpr std::size_t kFlushBytes = 1 << 16;
  std::string buf(f.text, 0, f.at);
  if (count == 0) {
    buf += "[]";
  } else {
    std::string inner = f.indent + "  ";
    buf += '[';
    for (std::size_t i = 0; i < count; ++i) {
      buf += i ? ",\n" : "\n";
      buf += inner;
      element(i, inner, buf);
      if (buf.size() >= kFlushBytes) {
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
      }
    }
    buf += '\n';
    buf += f.indent;
    buf += ']';
  }
  buf.append(f.text, f.at + f.length);
  buf += '\n';
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

void append_json_string(std::string_view s, std::string& out) {
  if (find_invalid_utf8(s)) {  // nlohmann's replacement of bad bytes, exactly
    out += json_for_logs(
        ordered_json(std::string(s)).dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '#':
        if (s.substr(i, 3) == "##[")
          out += "\\u0023";  // json_for_logs
        else
          out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void dump_with_streamed_array(const ordered_json& doc, std::size_t count,
                              const std::function<ordered_json(std::size_t)>& element,
                              std::ostream& out) {
  dump_with_streamed_text(
      doc, count,
      [&](std::size_t i, std::string_view indent, std::string& text) {
        append_indented(dump(element(i)), indent, text);
      },
      out);
}

}  // namespace kb::report::detail
