// Decoding single-quoted YAML scalars (YAML 1.2.2 §7.3.2) from their source text.
//
// Why kbcheck does this itself for scalars with a `''` escape: libfyaml 0.7.12 (Debian 12)
// reads some of them wrongly. A run of two or more escapes gains a quote ('x''''y' becomes
// "x'''", not "x''y") and, when long, leaks the atom iterator's chunk buffer; an escape on
// a line after empty lines can move (the scalar "\n\n ''\n\n ''" in quotes becomes
// "\n'\n\n", not "\n'\n'"). Against PyYAML on random scalars, libfyaml misread 31 of 298
// with an escape and 0 of 468 without. The first two are fixed upstream after 0.7.12
// (libfyaml commits c0a716e and 0af6061, issue #233). The loader decodes scalars with an
// escape here (this decoder agreed with PyYAML on 20,000 random scalars) and leaves every
// other one to libfyaml.
#pragma once

#include <string>
#include <string_view>

namespace kb::yaml {

/// True when libfyaml 0.7.12 may misread the single-quoted scalar whose text between the
/// quotes is `raw`: it holds a `''` escape.
bool libfyaml_misreads_single_quoted(std::string_view raw);

/// The value of the single-quoted scalar whose text between the quotes is `raw`: `''` is
/// one quote; at each line break, white space (space, tab) around the break is dropped and
/// the break folds to one space, or to n newlines when n empty lines follow it. `raw` must
/// be well-formed (the parser has accepted it).
std::string decode_single_quoted(std::string_view raw);

}  // namespace kb::yaml
