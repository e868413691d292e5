// Prints the KB id and the evidence about one variant, through the C++ API.
#include <iostream>

#include <kbbundle/bundle.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  auto r = kbbundle::Bundle::open(argv[1]);
  if (!r) {
    std::cerr << r.error() << "\n";
    return 1;
  }
  const auto& b = r.value();
  std::cout << "cxx " << b.kb_id() << " " << b.kb_version();
  for (auto e : b.evidence_for_variant(argv[2]))
    std::cout << " " << b.str(b.evidence()[e].id) << ":"
              << kbbundle::direction_name(b.evidence()[e].direction);
  std::cout << "\n";
}
