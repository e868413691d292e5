#pragma once
/// \file
/// The --calls input: PharmCAT's outside-call format, `gene<TAB>diplotype<TAB>phenotype
/// <TAB>activity score` per line (the last two may be empty or left out).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interp/genotype.h"

namespace kb::interp {

/// One data line of an outside-call TSV.
struct CallsRow {
  std::string gene;
  std::optional<Genotype> diplotype;  ///< nothing when the column is empty
  std::string diplotype_text;         ///< as written
  std::string phenotype;              ///< as written (trimmed); may be empty
  std::string activity;               ///< as written; empty or a number
  std::size_t line = 0;               ///< 1-based
};

/// The rows of an outside-call TSV, or the first problem found (`error` non-empty, of
/// the form "NAME:LINE: what is wrong; what to do").
struct CallsParse {
  std::vector<CallsRow> rows;
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Parses `text`; `name` is the file name used in messages. Accepts `#` comments, blank
/// lines, CRLF, and a header line whose first column is `gene` (any case) before the
/// first data line. Refuses bad UTF-8, control characters, lines over 4096 bytes, a line
/// with fewer than 2 or more than 4 columns, a line with neither diplotype nor
/// phenotype, an activity score that is not a number, and a gene given twice. Never
/// throws on bad input.
CallsParse parse_calls_tsv(std::string_view text, std::string_view name);

/// The CPIC term `text` names, lower case: CPIC's terms in any case and spacing
/// ("Poor Metabolizer", "poor  metabolizer"), and PharmGKB's older "extensive
/// metabolizer" as "normal metabolizer". Nothing for any other text.
std::optional<std::string> cpic_term(std::string_view text);

}  // namespace kb::interp
