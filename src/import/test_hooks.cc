#include "import/test_hooks.h"

#include <csignal>
#include <cstdlib>
#include <new>
#include <string>

namespace kb::import {

bool fault_at(std::string_view point) {
  static const std::string spec = [] {
    const char* v = std::getenv("KBIMPORT_TEST_FAULT");
    return std::string(v ? v : "");
  }();
  if (spec.empty()) return false;
  auto at = spec.find('@');
  if (at == std::string::npos || std::string_view(spec).substr(at + 1) != point) return false;
  std::string_view action = std::string_view(spec).substr(0, at);
  if (action == "kill") std::raise(SIGKILL);
  if (action == "stop") std::raise(SIGSTOP);
  if (action == "nomem") throw std::bad_alloc();
  return action == "fail";
}

}  // namespace kb::import
