// kbimport: converts external PGx sources into v1 knowledge bases.
// Usage: kbimport pharmgkb var_drug_ann.tsv -o OUT_DIR [--force]

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include "import/kb_writer.h"
#include "import/pharmgkb.h"
#include "support/files.h"
#include "support/text.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBelowTarget = 1;
constexpr int kExitFailure = 2;
constexpr std::size_t kMaxInputBytes = std::size_t{512} << 20;

struct PharmgkbArgs {
  std::string input;
  std::string out;
  bool force = false;
  bool quiet = false;
  double min_conversion = 0;
  kb::import::ImportOptions options;
};

/// Prints skipped rows (each) and counts by reason to stderr.
void print_summary(const kb::import::ImportResult& r, const PharmgkbArgs& a, double seconds) {
  std::map<std::string, std::size_t> by_code;
  std::size_t split = 0;
  for (const auto& row : r.rows) {
    if (row.outcome == "split") ++split;
    if (row.outcome != "skipped") continue;
    ++by_code[row.code];
    // The annotation id and detail come from the input file: shown with their control
    // characters visible, so a row cannot write escape sequences or lines of its own.
    if (!a.quiet)
      std::fprintf(stderr, "%s:%zu: skipped (annotation %s): %s: %s\n", a.input.c_str(), row.row,
                   kb::escape_controls(row.annotation).c_str(), row.code.c_str(),
                   kb::escape_controls(row.detail).c_str());
  }
  double rate = r.rows.empty() ? 0 : 100.0 * static_cast<double>(r.converted_rows) / static_cast<double>(r.rows.size());
  std::fprintf(stderr,
               "kbimport: %zu rows, %zu converted (%.2f%%), %zu skipped; %zu rows split into several "
               "records; %zu evidence, %zu variants, %zu genes, %zu drugs, %zu phenotypes; %.2f s\n",
               r.rows.size(), r.converted_rows, rate, r.rows.size() - r.converted_rows, split,
               r.evidence.size(), r.variants.size(), r.genes.size(), r.drugs.size(), r.phenotypes.size(),
               seconds);
  for (const auto& [code, n] : by_code) std::fprintf(stderr, "kbimport:   skipped %-22s %zu\n", code.c_str(), n);
  std::fprintf(stderr, "kbimport: every row's outcome is in %s/import-report.tsv\n", a.out.c_str());
}

int run_pharmgkb(const PharmgkbArgs& a) {
  auto start = std::chrono::steady_clock::now();
  auto in = kb::read_file(a.input, kMaxInputBytes);
  if (!in.ok()) {
    std::fprintf(stderr, "kbimport: %s: %s\n", a.input.c_str(), in.error.c_str());
    return kExitFailure;
  }
  auto result = kb::import::convert_pharmgkb(in.content, a.options);
  if (!result.fatal.empty()) {
    std::fprintf(stderr, "kbimport: %s:%s\n", a.input.c_str(), kb::escape_controls(result.fatal).c_str());
    return kExitFailure;
  }
  auto files = kb::import::render_kb(result, a.options);
  if (auto err = kb::import::write_kb(files, a.out, a.force)) {
    std::fprintf(stderr, "kbimport: %s\n", err->c_str());
    return kExitFailure;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_summary(result, a, seconds);
  double rate = result.rows.empty() ? 0 : 100.0 * static_cast<double>(result.converted_rows) / static_cast<double>(result.rows.size());
  if (rate < a.min_conversion) {
    std::fprintf(stderr, "kbimport: conversion %.2f%% is below --min-conversion %.2f%%\n", rate, a.min_conversion);
    return kExitBelowTarget;
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kbimport: convert external pharmacogenomics sources into a v1 knowledge base"};
  app.require_subcommand(1);
  PharmgkbArgs a;
  auto* pg = app.add_subcommand("pharmgkb", "PharmGKB variant annotations (var_drug_ann.tsv) -> KB directory");
  pg->add_option("TSV", a.input, "PharmGKB var_drug_ann.tsv")->required();
  pg->add_option("-o,--output", a.out, "output KB directory (created; must be empty unless --force)")->required();
  pg->add_flag("--force", a.force, "replace a previous import in OUT (removes only the files it listed)");
  pg->add_option("--kb-id", a.options.kb_id, "manifest id")->capture_default_str();
  pg->add_option("--kb-version", a.options.version, "manifest version")->capture_default_str();
  pg->add_option("--per-file", a.options.records_per_file, "documents per evidence/variant file")
      ->capture_default_str()->check(CLI::Range(1, 100000));
  pg->add_option("--min-conversion", a.min_conversion, "exit 1 when fewer than PCT % of rows convert")
      ->check(CLI::Range(0.0, 100.0));
  pg->add_flag("-q,--quiet", a.quiet, "print only the summary, not each skipped row");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitFailure;
  }
  try {
    return run_pharmgkb(a);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kbimport: internal error: %s\n", e.what());
    return kExitFailure;
  }
}
