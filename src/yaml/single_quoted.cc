#include "yaml/single_quoted.h"

#include <vector>

namespace kb::yaml {
namespace {

bool is_white(char c) { return c == ' ' || c == '\t'; }

std::string_view strip_left(std::string_view s) {
  while (!s.empty() && is_white(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view strip_right(std::string_view s) {
  while (!s.empty() && is_white(s.back())) s.remove_suffix(1);
  return s;
}

/// The lines of `raw`, split at each YAML line break (LF, CRLF or CR).
std::vector<std::string_view> split_lines(std::string_view raw) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\n' && raw[i] != '\r') continue;
    lines.push_back(raw.substr(start, i - start));
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    start = i + 1;
  }
  lines.push_back(raw.substr(start));
  return lines;
}

/// Appends `line` with each `''` read as one quote.
void append_unescaped(std::string& out, std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    out += line[i];
    if (line[i] == '\'' && i + 1 < line.size() && line[i + 1] == '\'') ++i;
  }
}

}  // namespace

bool libfyaml_misreads_single_quoted(std::string_view raw) { return raw.find("''") != std::string_view::npos; }

std::string decode_single_quoted(std::string_view raw) {
  std::vector<std::string_view> lines = split_lines(raw);
  std::string out;
  out.reserve(raw.size());
  std::size_t last = lines.size() - 1;
  append_unescaped(out, last == 0 ? lines[0] : strip_right(lines[0]));
  for (std::size_t i = 1; i <= last;) {
    std::size_t empty = 0;
    while (i < last && strip_left(lines[i]).empty()) ++empty, ++i;
    out.append(empty == 0 ? 1 : empty, empty == 0 ? ' ' : '\n');
    std::string_view line = strip_left(lines[i]);
    append_unescaped(out, i == last ? line : strip_right(line));
    ++i;
  }
  return out;
}

}  // namespace kb::yaml
