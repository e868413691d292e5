// kbinterp: the reference interpreter. A sample's genotypes (VCF/BCF or TSV) and a
// bundle in; the matching evidence per drug out. See docs/kbinterp.md.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <optional>

#include "interp/cohort.h"
#include "interp/input.h"
#include "interp/interpret.h"
#include "interp/output.h"
#include "interp/render.h"
#include "interp/visible_text.h"
#include "kbbundle/bundle.h"
#include "support/atomic_write.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 2;

struct Options {
  std::string bundle, vcf, genotypes, calls, sample, samples_file, drug, format = "text", output;
  bool force = false, no_index = false, all_samples = false;
};

/// Messages name paths, sample names and VCF values: shown with control characters visible.
int fail(const std::string& message) {
  std::cerr << "kbinterp: error: " << kb::interp::visible(message) << "\n";
  return kExitFailure;
}

/// --all-samples / --samples FILE: one pass over the VCF, one report per sample plus
/// cohort.tsv and summary.html, in a directory that appears whole or not at all.
int run_cohort(const Options& o, const kbbundle::Bundle& b, const std::vector<std::uint32_t>& drugs) {
  using namespace kb::interp;
  if (auto e = check_cohort_dir(o.output, o.force)) return fail(*e);  // before the long read
  CohortOptions co{o.vcf, {}, !o.no_index};
  if (!o.samples_file.empty()) co.samples = read_sample_list(o.samples_file);
  auto inputs = read_vcf_cohort(b, variants_for(b, drugs), co);
  std::vector<std::string> samples;
  for (const auto& in : inputs) samples.push_back(in.sample);
  check_unique(samples, o.vcf);
  auto names = report_names(samples);
  StagedDir dir;
  if (auto e = dir.open(o.output, o.force)) return fail(*e);
  std::vector<Report> reports;
  reports.reserve(inputs.size());
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    reports.push_back(interpret(b, drugs, std::move(inputs[k])));
    inputs[k] = Input{};  // Why: keep one copy of each sample's calls, not two
    if (auto e = dir.add(names[k] + "." + o.format, render(reports.back(), *parse_format(o.format)))) return fail(*e);
  }
  if (auto e = dir.add("cohort.tsv", render_cohort_tsv(reports))) return fail(*e);
  if (auto e = dir.add("summary.html", render_cohort_summary(reports))) return fail(*e);
  if (auto e = dir.commit()) return fail(*e);
  return kExitOk;
}

int run(const Options& o) {
  using namespace kb::interp;
  auto format = parse_format(o.format);
  if (!format) return fail("--format must be text, json, tsv or html (got \"" + o.format + "\")");
  bool cohort = o.all_samples || !o.samples_file.empty();
  if (cohort && !o.calls.empty())
    return fail("--calls describes one person; it cannot be combined with --all-samples or --samples");
  if (cohort && o.vcf.empty()) return fail("--all-samples and --samples need --vcf FILE (a multi-sample VCF/BCF)");
  if (cohort && (o.output.empty() || o.output == "-"))
    return fail("a cohort run (--all-samples, --samples) writes a directory: give it with -o DIR");
  auto opened = kbbundle::Bundle::open(o.bundle);
  if (!opened)
    return fail("cannot use bundle " + o.bundle + ": " + opened.error() +
                "; rebuild it with `kbcheck bundle KB_DIR -o " + o.bundle + "`");
  const kbbundle::Bundle& b = opened.value();
  try {
    auto drugs = select_drugs(b, o.drug.empty() ? std::nullopt : std::optional<std::string>(o.drug));
    if (cohort) return run_cohort(o, b, drugs);
    Input in;
    if (!o.vcf.empty()) {
      in = read_vcf(b, variants_for(b, drugs), VcfOptions{o.vcf, o.sample, !o.no_index});
    } else if (!o.genotypes.empty()) {
      in = read_genotypes_tsv(b, o.genotypes);
      in.sample = o.sample.empty() ? std::filesystem::path(o.genotypes).stem().string() : o.sample;
    } else {
      in.kind = "calls";
      in.sample = o.sample.empty() ? std::filesystem::path(o.calls).stem().string() : o.sample;
    }
    if (!o.calls.empty()) read_calls_tsv(b, o.calls, in);
    std::string text = render(interpret(b, drugs, std::move(in)), *format);
    if (o.output.empty() || o.output == "-") {
      std::cout << text << std::flush;
      return std::cout ? kExitOk : fail("cannot write the report to standard output");
    }
    if (auto e = write_output(o.output, text, o.force)) return fail(*e);
    return kExitOk;
  } catch (const InputError& e) {
    return fail(e.what());
  } catch (const std::bad_alloc&) {
    return fail("out of memory");
  }
}

}  // namespace

int main(int argc, char** argv) {
  kb::install_interrupt_cleanup("kbinterp");  // docs/security.md: interrupted writes
  CLI::App app{"kbinterp: report the knowledge-base evidence that matches a sample's genotypes.\n"
               "Research evidence, not a clinical recommendation. See docs/kbinterp.md."};
  Options o;
  app.set_version_flag("--version", std::string("kbinterp ") + KBINTERP_VERSION);
  app.add_option("--bundle", o.bundle, "The KB bundle (.kbb) made by `kbcheck bundle`")->required();
  auto* vcf = app.add_option("--vcf", o.vcf, "The sample's VCF, bgzipped VCF or BCF (indexed files are read by region)");
  auto* tsv = app.add_option("--genotypes", o.genotypes, "A TSV of `variant<TAB>genotype` lines (X/Y; # comments)");
  app.add_option("--calls", o.calls,
                 "PharmCAT outside calls: `gene<TAB>diplotype<TAB>phenotype<TAB>activity score` lines; "
                 "alone or with --vcf/--genotypes");
  vcf->excludes(tsv);
  tsv->excludes(vcf);
  auto* sample = app.add_option("--sample", o.sample, "The VCF sample to report (needed when the VCF has several); names a TSV's sample");
  auto* all = app.add_flag("--all-samples", o.all_samples, "Report every sample of the VCF/BCF (one pass; needs -o DIR)");
  auto* list = app.add_option("--samples", o.samples_file, "Report the samples named in FILE, one a line (one pass; needs -o DIR)");
  sample->excludes(all)->excludes(list);
  all->excludes(list)->excludes(tsv);
  list->excludes(tsv);
  app.add_option("--drug", o.drug, "Report this drug only (a drug id of the KB); default: every drug");
  app.add_option("--format", o.format, "text, json, tsv (one row per match) or html (default text)");
  app.add_option("-o,--output", o.output, "Write the report here (atomically) instead of standard output; the cohort's directory");
  app.add_flag("--force", o.force, "Replace the -o file (or cohort directory) when it exists");
  app.add_flag("--no-index", o.no_index, "Stream the whole VCF even when a .tbi/.csi index is present");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitFailure;
  }
  if (o.vcf.empty() && o.genotypes.empty() && o.calls.empty())
    return fail("give the sample's genotypes with --vcf FILE, --genotypes FILE.tsv or --calls FILE.tsv (see --help)");
  return run(o);
}
