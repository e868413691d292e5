#pragma once
/// \file
/// What the importer reads from a PharmGKB row's free-text Notes: the endpoint measured,
/// a condition on another variant, and a menopausal group named by the quoted figures
/// (docs/import-pharmgkb.md, "Format 1.1 forms").

#include <string>

namespace kb::import {

/// The phrase of `notes` that makes a row's claim hold only together with another variant
/// ("in combination with rs2032582", "as part of a haplotype"), as written; empty when none.
std::string conditional_phrase(const std::string& notes);

/// The endpoint the Notes name ("as measured by decreases in LDL-cholestrol" ->
/// "ldl-cholestrol", "urinary excretion of potassium"), lower case, without the change
/// word ("changes in", "decreases in", ...); empty when none, or shorter than 3 or longer
/// than 80 characters.
std::string endpoint_from_notes(const std::string& notes);

/// "premenopausal" or "postmenopausal" when the parenthesised figures of `notes` name one
/// of the two groups only ("(87 months in pre-menopausal AA women, and 48.7 months in
/// pre-menopausal AC+CC women)"); empty otherwise.
std::string notes_menopausal_status(const std::string& notes);

}  // namespace kb::import
