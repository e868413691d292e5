// libFuzzer target: kbinterp's VCF input and interpretation on arbitrary text VCFs.
// The bundle is the interp fixture KB (variants with rsIDs and locations), built once.
// Bad input may only surface as kb::interp::InputError; anything else (a crash, a
// sanitizer report, another exception) is a bug. Compressed and BCF inputs are skipped:
// those bytes would fuzz htslib's codecs, which OSS-Fuzz covers, not our code.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "bundle/writer.h"
#include "cli/pipeline.h"
#include "interp/input.h"
#include "interp/interpret.h"
#include "interp/render.h"
#include "kbbundle/bundle.h"

namespace {

std::optional<kbbundle::Bundle> g_bundle;
std::string g_path;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kb::cli::PipelineOptions po;
  po.paths = {std::string(KB_SOURCE_DIR) + "/tests/interp/fixtures/kb"};
  po.jobs = 1;
  auto r = kb::cli::run_pipeline(po);
  if (!r.failure.empty() || r.kb.records.variants.empty()) {
    std::fprintf(stderr, "fuzz_vcf: cannot load the fixture KB: %s\n", r.failure.c_str());
    std::abort();
  }
  auto opened = kbbundle::Bundle::from_bytes(kb::bundle::build_bundle(r.kb));
  if (!opened) std::abort();
  g_bundle.emplace(std::move(opened.value()));
  // A fixed-width name: its length reaches messages, and a seeded run must not vary.
  char name[64];
  std::snprintf(name, sizeof name, "/tmp/fuzz_vcf_%010ld.vcf", static_cast<long>(::getpid()));
  g_path = name;
  std::atexit([] { std::remove(g_path.c_str()); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) return 0;  // gzip/BGZF
  if (size >= 3 && data[0] == 'B' && data[1] == 'C' && data[2] == 'F') return 0;
  std::ofstream(g_path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  using namespace kb::interp;
  const kbbundle::Bundle& b = *g_bundle;
  auto drugs = select_drugs(b, std::nullopt);
  try {
    Input in = read_vcf(b, variants_for(b, drugs), VcfOptions{g_path, "", false});
    auto report = interpret(b, drugs, std::move(in));
    for (auto f : {Format::kText, Format::kJson, Format::kTsv, Format::kHtml})
      if (render(report, f).empty()) std::abort();
  } catch (const InputError&) {
    // Bad input, reported with advice: the expected outcome for most mutations.
  }
  return 0;
}
