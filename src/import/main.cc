// kbimport: converts external PGx sources into v1 knowledge bases.
// Usage: kbimport pharmgkb var_drug_ann.tsv -o OUT_DIR [--force] [--dbsnp FILE]

#include <signal.h>

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <new>
#include <system_error>

#include "import/dbsnp.h"
#include "import/evidence_spool.h"
#include "import/interrupt.h"
#include "import/kb_writer.h"
#include "import/pharmgkb.h"
#include "support/files.h"
#include "support/text.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBelowTarget = 1;
constexpr int kExitFailure = 2;
constexpr int kExitSignalBase = 128;

struct PharmgkbArgs {
  std::string input;
  std::string out;
  bool force = false;
  bool quiet = false;
  double min_conversion = 0;
  std::string dbsnp;  ///< --dbsnp FILE, or empty
  kb::import::ImportOptions options;
};

/// What --dbsnp did, one line on stderr.
void print_dbsnp(const kb::import::DbsnpCounts& c, const std::string& path) {
  std::fprintf(stderr,
               "kbimport: dbSNP %s: %zu of %zu rsIDs found; %zu variants located (GRCh38), %zu single-allele "
               "variants completed (%zu rows converted), %zu put REF first; no location: %zu whose alleles are "
               "not dbSNP's, %zu at several positions\n",
               kb::escape_controls(path).c_str(), c.found, c.asked, c.located, c.completed, c.completed_rows, c.reordered, c.mismatched,
               c.several);
}

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
               r.kept.size(), r.variants.size(), r.genes.size(), r.drugs.size(), r.phenotypes.size(),
               seconds);
  for (const auto& [code, n] : by_code) std::fprintf(stderr, "kbimport:   skipped %-22s %zu\n", code.c_str(), n);
  if (r.dbsnp.used) print_dbsnp(r.dbsnp, a.dbsnp);
  std::fprintf(stderr, "kbimport: every row's outcome is in %s/import-report.tsv\n", a.out.c_str());
}

/// Why `path` cannot be read as the input (a regular file), or nothing.
std::optional<std::string> input_problem(const std::string& path) {
  // O_NONBLOCK: a FIFO must not hang the run waiting for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::string("cannot open: ") + std::strerror(errno);
  struct stat st {};
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  ::close(fd);
  if (!regular) return std::string("not a regular file (a device, FIFO or socket?)");
  return std::nullopt;
}

/// Prints what recover_interrupted did; false when it failed.
bool recover(const PharmgkbArgs& a) {
  std::vector<std::string> notes;
  auto err = kb::import::recover_interrupted(a.out, notes);
  for (const auto& n : notes) std::fprintf(stderr, "kbimport: %s\n", n.c_str());
  if (err) std::fprintf(stderr, "kbimport: %s\n", err->c_str());
  return !err;
}

/// Streams the TSV into a staged KB and puts it in place; an error message, or nothing.
std::optional<std::string> import_to(const PharmgkbArgs& a, kb::import::ImportResult& result) {
  kb::import::EvidenceSpool spool(std::filesystem::temp_directory_path());
  std::ifstream in(a.input, std::ios::binary);
  result = kb::import::convert_pharmgkb(in, a.options, spool);
  if (in.bad()) return a.input + ": read failed: " + std::strerror(errno);
  if (!result.fatal.empty()) return a.input + ":" + result.fatal;
  std::string error;
  auto stage = kb::import::KbStage::open(a.out, a.force, error);
  if (!stage) return error;
  auto err = kb::import::render_kb(result, a.options, spool,
                                   [&](const std::string& rel, std::string_view content) { return stage->put(rel, content); });
  return err ? err : stage->commit();
}

/// Checks the --dbsnp file's format and header before the work (a GRCh37 file is refused
/// at once, not after the TSV); the import then reads it once through options.dbsnp.
std::optional<std::string> prepare_dbsnp(PharmgkbArgs& a) {
  if (a.dbsnp.empty()) return std::nullopt;
  if (auto p = input_problem(a.dbsnp)) return "dbSNP file " + a.dbsnp + ": " + *p;
  try {
    if (!kb::import::check_dbsnp(a.dbsnp))
      std::fprintf(stderr, "kbimport: the header of %s names no assembly; its positions are taken as GRCh38\n",
                   kb::escape_controls(a.dbsnp).c_str());
  } catch (const kb::import::DbsnpError& e) {
    return e.what();
  }
  a.options.dbsnp = [path = a.dbsnp](const std::vector<std::string>& rsids) {
    return kb::import::scan_dbsnp(path, rsids).sites;
  };
  return std::nullopt;
}

int run_pharmgkb(PharmgkbArgs& a) {
  auto start = std::chrono::steady_clock::now();
  if (!recover(a)) return kExitFailure;
  auto problem = input_problem(a.input);
  if (!problem) problem = prepare_dbsnp(a);
  if (!problem) problem = kb::import::check_target(a.out, a.force);  // before the work, not after
  kb::import::ImportResult result;
  if (!problem) problem = import_to(a, result);
  if (problem) {
    // Why: the message quotes the input (file names, TSV cells); untrusted text is shown
    // with its control characters visible.
    std::fprintf(stderr, "kbimport: %s\n", kb::escape_controls(*problem).c_str());
    return kExitFailure;
  }
  if (int sig = kb::import::pending_signal()) {
    std::fprintf(stderr, "kbimport: %s arrived while the import was put in place; %s is complete\n", strsignal(sig),
                 a.out.c_str());
    return kExitSignalBase + sig;
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
  // Why: at the file size limit (`ulimit -f`) SIGXFSZ would kill the import silently;
  // ignored, the write fails with EFBIG and is reported (support/atomic_write.h).
  ::signal(SIGXFSZ, SIG_IGN);
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
  pg->add_option("--dbsnp", a.dbsnp,
                 "dbSNP GRCh38 VCF/BCF (plain or bgzipped): locations for the rsIDs, alleles for single-allele rows");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitFailure;
  }
  kb::import::install_interrupt_handlers();
  try {
    return run_pharmgkb(a);
  } catch (const kb::import::DbsnpError& e) {
    std::fprintf(stderr, "kbimport: %s; %s was left as it was\n", kb::escape_controls(e.what()).c_str(), a.out.c_str());
    return kExitFailure;
  } catch (const kb::import::Interrupted& e) {
    std::fprintf(stderr, "kbimport: interrupted (%s); %s was left as it was\n", strsignal(e.signal()), a.out.c_str());
    return kExitSignalBase + e.signal();
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr,
                 "kbimport: out of memory importing %s (it needs about 0.5 KB per row, see "
                 "docs/import-pharmgkb.md): raise the memory limit or split the file; %s was left as it was\n",
                 a.input.c_str(), a.out.c_str());
    return kExitFailure;
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "kbimport: %s; %s was left as it was\n", e.what(), a.out.c_str());
    return kExitFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kbimport: internal error: %s\n", e.what());
    return kExitFailure;
  }
}
