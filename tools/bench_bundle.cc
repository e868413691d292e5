// Bundle benchmark: check+load time, build time and size, open with and without checksum
// verification, lookup by rsID. usage: bench_bundle KB_DIR [OUT.kbb]
// Built as the `bench_bundle` target; tools/bench-bundle generates the KB and runs it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <vector>

#include "bundle/writer.h"
#include "cli/pipeline.h"
#include "kbbundle/bundle.h"
#include "support/files.h"

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// Median over `reps` runs of `fn`, in milliseconds.
template <class F>
double median_ms(int reps, F fn) {
  std::vector<double> v;
  for (int i = 0; i < reps; ++i) {
    auto t = Clock::now();
    fn();
    v.push_back(ms_since(t));
  }
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_bundle KB_DIR [OUT.kbb]\n");
    return 2;
  }
  std::string out = argc > 2 ? argv[2] : "/tmp/bench_bundle.kbb";
  kb::cli::PipelineOptions po;
  po.paths = {argv[1]};
  auto t0 = Clock::now();
  auto r = kb::cli::run_pipeline(po);
  double check_ms = ms_since(t0);
  if (!r.failure.empty()) return std::fprintf(stderr, "%s\n", r.failure.c_str()), 2;
  std::uintmax_t yaml_bytes = 0;
  for (const auto& f : r.kb.files) yaml_bytes += std::filesystem::file_size(f);
  std::string bytes;
  double build_ms = median_ms(5, [&] { bytes = kb::bundle::build_bundle(r.kb); });
  if (auto e = kb::write_file_atomic(out, bytes)) return std::fprintf(stderr, "%s\n", e->c_str()), 2;
  std::printf("records          %zu (%zu evidence in bundle)\n", r.kb.records.size(),
              kbbundle::Bundle::from_bytes(bytes).value().evidence().size());
  std::printf("check (pipeline) %.1f ms\n", check_ms);
  std::printf("build_bundle     %.1f ms (median of 5)\n", build_ms);
  std::printf("size             %zu bytes bundle, %ju bytes YAML (%.0f%%)\n", bytes.size(),
              yaml_bytes, 100.0 * static_cast<double>(bytes.size()) / static_cast<double>(yaml_bytes));
  for (bool verify : {false, true}) {
    double ms = median_ms(21, [&] {
      auto b = kbbundle::Bundle::open(out, {.verify_checksum = verify});
      if (!b) std::fprintf(stderr, "%s\n", b.error().c_str()), std::exit(1);
    });
    std::printf("open %-11s %.3f ms (median of 21, file in page cache)\n",
                verify ? "+checksum" : "no checksum", ms);
  }
  auto b = kbbundle::Bundle::open(out, {.verify_checksum = false});
  const auto& bundle = b.value();
  std::vector<std::string> keys;
  for (const auto& v : bundle.variants())
    if (!bundle.str(v.rsid).empty()) keys.emplace_back(bundle.str(v.rsid));
  if (keys.empty()) return 0;
  std::mt19937 rng(1);
  std::vector<std::uint32_t> order(1'000'000);
  for (auto& o : order) o = rng() % keys.size();
  std::size_t found = 0;
  auto t = Clock::now();
  for (auto o : order) found += bundle.variant_by_rsid(keys[o]).has_value();
  double ns = ms_since(t) * 1e6 / static_cast<double>(order.size());
  std::printf("variant_by_rsid  %.0f ns per lookup (%zu variants with rsID, %zu found)\n", ns,
              keys.size(), found);
  t = Clock::now();
  std::size_t ev = 0;
  for (auto o : order) ev += bundle.evidence_for_variant(keys[o]).size();
  ns = ms_since(t) * 1e6 / static_cast<double>(order.size());
  std::printf("evidence_for_variant %.0f ns per lookup (%zu evidence rows)\n", ns, ev);
  return 0;
}
