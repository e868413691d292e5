// --dbsnp in a kbimport built without htslib: every use says so.
#include "import/dbsnp.h"

namespace kb::import {
namespace {

[[noreturn]] void unavailable() {
  throw DbsnpError(
      "this kbimport was built without htslib (Debian: libhts-dev), so --dbsnp is not available");
}

}  // namespace

bool check_dbsnp(const std::string&) { unavailable(); }

DbsnpScan scan_dbsnp(const std::string&, const std::vector<std::string>&) { unavailable(); }

}  // namespace kb::import
