#pragma once
// A seeded generator of small valid KBs using the 1.0 forms, or also the 1.1 forms.

#include <cstdint>
#include <map>
#include <string>

#include "kb_model.h"

namespace kbprop {

/// The KB for `seed` (the same seed gives the same KB on every platform).
Kb generate_kb(std::uint32_t seed, bool format11);

/// The KB's files as (relative path, YAML text), in KB order.
std::map<std::string, std::string> kb_files(const Kb& kb);

}  // namespace kbprop
