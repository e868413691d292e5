#pragma once
/// \file
/// Internal to the report module: writing a large JSON document as
/// ordered_json::dump(2) would, without holding its biggest array in memory.

#include <cstddef>
#include <functional>
#include <ostream>

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

}  // namespace kb::report::detail
