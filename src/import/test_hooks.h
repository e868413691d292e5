#pragma once
/// \file
/// Test-only fault injection for kbimport (docs/testing.md). The environment variable
/// KBIMPORT_TEST_FAULT="ACTION@POINT" makes the run do ACTION when it reaches POINT:
///   kill   SIGKILL itself, as `kill -9` would
///   stop   SIGSTOP itself, so that a test can signal it at a known point and continue it
///   fail   the step fails as an I/O error would (where the caller supports it)
///   nomem  throw std::bad_alloc, as a failed allocation would
/// POINTs: convert (the first data row), staged (the first file written into the staging
/// directory), link (the first of the user's own files linked into it), swap (between
/// the two directory renames), cleanup (after them, before the previous import is removed).
/// Unset, it costs one getenv per run.

#include <string_view>

namespace kb::import {

/// Does what KBIMPORT_TEST_FAULT asks at `point`; true when the step must fail ("fail").
bool fault_at(std::string_view point);

}  // namespace kb::import
