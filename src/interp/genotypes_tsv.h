#pragma once
/// \file
/// The --genotypes input: `variant<TAB>genotype` per line.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "interp/genotype.h"

namespace kb::interp {

/// One data line of a genotypes TSV.
struct TsvRow {
  std::string variant;  ///< a KB variant id or an rsID, as written
  Genotype genotype;
  std::size_t line = 0;  ///< 1-based
};

/// The rows of a genotypes TSV, or the first problem found (`error` non-empty, of the
/// form "NAME:LINE: what is wrong; what to do").
struct TsvParse {
  std::vector<TsvRow> rows;
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Parses `text`; `name` is the file name used in messages. Accepts an optional header
/// line `variant<TAB>genotype` (any case) before the first data line, `#` comments,
/// blank lines, CRLF line ends and trailing blanks. A variant listed twice is an error.
/// Never throws on bad input (it is a fuzz target).
TsvParse parse_genotypes_tsv(std::string_view text, std::string_view name);

/// The line of `text` that starts at `pos`, without its '\n'; `pos` moves past it (to
/// text.size() at the end). The one line splitter of the TSV inputs (genotypes, calls).
std::string_view next_line(std::string_view text, std::size_t& pos);

}  // namespace kb::interp
