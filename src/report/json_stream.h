#pragma once
/// \file
/// Internal to the report module: writing a large JSON document as
/// ordered_json::dump(2) would, without holding its biggest array in memory.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kb::report::detail {

/// The string a document holds where the streamed array goes.
inline constexpr const char* kStreamedArray = "\x01kbcheck-streamed-array\x01";

/// Writes `doc` byte for byte as `doc.dump(2)` plus a newline, except that the one string
/// value equal to kStreamedArray is written as an array of `count` elements, each made
/// by `element(i)` only when it is written. Invalid UTF-8 becomes U+FFFD.
void dump_with_streamed_array(const nlohmann::ordered_json& doc, std::size_t count,
                              const std::function<nlohmann::ordered_json(std::size_t)>& element,
                              std::ostream& out);

/// Like dump_with_streamed_array, but element `i` is written as text by
/// `element(i, indent, text)`: it appends what `dump(2)` of the element would give,
/// re-indented by `indent` after every newline (json_for_logs applied). Writers that
/// build their text directly skip a DOM per element.
void dump_with_streamed_text(
    const nlohmann::ordered_json& doc, std::size_t count,
    const std::function<void(std::size_t, std::string_view, std::string&)>& element,
    std::ostream& out);

/// Appends `s` as a JSON string exactly as `ordered_json(s).dump()` with the replace error
/// handler writes it, then json_for_logs' "##[" escape.
void append_json_string(std::string_view s, std::string& out);

}  // namespace kb::report::detail
