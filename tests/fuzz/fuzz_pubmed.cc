// libFuzzer target: the PubMed efetch XML reader (libxml2 with no network, no DTD, no
// entity substitution) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pubmed/pubmed.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto result = kb::pubmed::parse_pubmed_xml(bytes);
  (void)result;
  return 0;
}
