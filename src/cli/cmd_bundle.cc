// kbcheck bundle: check, then compile the KB into a bundle, atomically; optionally guard a
// release against a previous bundle (docs/versioning.md).
#include "cli/cmd_bundle.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "bundle/diff.h"
#include "bundle/semver.h"
#include "cli/options.h"
#include "cli/pipeline.h"
#include "cli/version.h"
#include "diag/rule_docs.h"
#include "kbbundle/bundle.h"
#include "report/report.h"
#include "support/files.h"

namespace kb::cli {
namespace {

namespace fs = std::filesystem;

int fail(const std::string& message) {
  print_error(message);
  return kExitFailure;
}

struct BundleOptions {
  std::string kb_dir = "kb";
  std::string output;
  std::vector<std::string> includes;
  bool release = false;
  std::string previous;
  bool force = false;
};

/// SOURCE_DATE_EPOCH as seconds, nothing when unset; an error when malformed.
std::optional<std::string> source_date_epoch(bundle::BundleOptions& o) {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (!env || !*env) return std::nullopt;
  std::int64_t v = 0;
  std::string_view s(env);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < 0)
    return "SOURCE_DATE_EPOCH must be a non-negative integer (got \"" + std::string(s) + "\")";
  o.source_date_epoch = v;
  return std::nullopt;
}

void print_errors(const PipelineResult& r, std::size_t errors) {
  std::vector<Diagnostic> shown;
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::kError) shown.push_back(d);
  report::ReportInput in;
  in.tool_version = kVersion;
  in.diagnostics = &shown;
  in.summary.files = r.files;
  in.summary.records = r.kb.records.size();
  in.summary.errors = errors;
  in.files = r.kb.files;
  in.source_line = report::make_disk_source_reader();
  in.rule_help = rule_doc;
  in.rule_docs_url = rule_docs_url();
  report::write_report(report::Format::kText, in, std::cerr);
}

/// True when `path` exists and is not a regular file (FIFO, device, socket, directory,
/// symlink): never replaced, even with --force (a rename would put a regular file in its
/// place; as root, `-o /dev/null --force` would replace /dev/null).
bool is_special_file(const std::string& path) {
  std::error_code ec;
  auto st = fs::symlink_status(path, ec);
  return !ec && fs::exists(st) && !fs::is_regular_file(st);
}

/// True when `path` exists and is not a bundle (the user's file: needs --force).
bool is_foreign_file(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return false;
  if (!fs::is_regular_file(path, ec)) return true;
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return std::string_view(magic, 8) != std::string_view(kbbundle::format::kMagic, 8);
}

/// The release guard: a newer version, bumped at least as docs/versioning.md requires.
std::optional<std::string> release_guard(const std::string& previous, const std::string& built) {
  auto old_r = kbbundle::Bundle::open(previous);
  if (!old_r) return "cannot read the previous bundle: " + old_r.error();
  auto new_r = kbbundle::Bundle::from_bytes(built);
  if (!new_r) return "internal error: the new bundle does not read back: " + new_r.error();
  const auto &ob = old_r.value(), &nb = new_r.value();
  std::string ov(ob.kb_version()), nv(nb.kb_version());
  if (ob.kb_id() != nb.kb_id())
    return "the previous bundle is of KB \"" + std::string(ob.kb_id()) + "\", this KB is \"" +
           std::string(nb.kb_id()) + "\"";
  auto o = bundle::parse_semver(ov), n = bundle::parse_semver(nv);
  if (!o) return "the previous bundle's version \"" + ov + "\" is not a semantic version";
  if (!n) return "kb.yaml version \"" + nv + "\" is not a semantic version (MAJOR.MINOR.PATCH)";
  if (bundle::compare(*n, *o) <= 0)
    return "kb.yaml version " + nv + " does not increase over the previous release " + ov +
           "; bump `version` in kb.yaml";
  auto d = bundle::diff_bundles(ob, nb);
  auto need = bundle::required_bump(d, o->major);
  auto got = bundle::bump_between(*o, *n);
  if (got < need)
    return "version " + ov + " -> " + nv + " is a " + std::string(bundle::bump_name(got)) +
           " bump, but " + bundle::bump_reason(d) + ": docs/versioning.md requires at least a " +
           std::string(bundle::bump_name(need)) + " bump";
  return std::nullopt;
}

int run_bundle(const BundleOptions& c) {
  bundle::BundleOptions bo;
  if (auto e = apply_includes(c.includes, bo)) return fail(*e);
  if (auto e = source_date_epoch(bo)) return fail(*e);
  if (c.release && c.previous.empty())
    return fail("--release needs --previous OLD.kbb");
  if (is_special_file(c.output))
    return fail(c.output + " is not a regular file (a FIFO, device, socket, directory or symlink); "
                "refusing to replace it, even with --force: give the path of a regular file to -o");
  if (!c.force && is_foreign_file(c.output)) {
    return fail(c.output + " exists and is not a kbcheck bundle; refusing to overwrite it (use --force)");
  }
  PipelineOptions po;
  po.paths = {c.kb_dir};
  po.cross_record = true;
  PipelineResult r = run_pipeline(po);
  if (!r.failure.empty()) return fail(r.failure);
  std::size_t errors = 0;
  for (const auto& d : r.diagnostics) errors += d.severity == Severity::kError;
  if (errors) {
    print_errors(r, errors);
    print_error("bundle not written: the KB has " + std::to_string(errors) + " error(s)");
    return kExitFindings;
  }
  std::string bytes = bundle::build_bundle(r.kb, bo);
  if (c.release) {
    if (auto e = release_guard(c.previous, bytes)) {
      print_error("release refused: " + *e);
      return kExitFindings;
    }
  }
  // Also removes stale `.NAME.tmpPID` files that a killed run left beside the output.
  if (auto w = write_file(c.output, bytes); !w.ok()) {
    return fail(w.error);  // names the file and what to do
  }
  auto b = kbbundle::Bundle::from_bytes(bytes);
  if (b)
    std::cout << "wrote " << c.output << ": " << b.value().kb_id() << " " << b.value().kb_version()
              << ", " << b.value().evidence().size() << " evidence, " << b.value().variants().size()
              << " variants, " << bytes.size() << " bytes\n";
  return kExitOk;
}

}  // namespace

std::optional<std::string> apply_includes(const std::vector<std::string>& includes,
                                          bundle::BundleOptions& options) {
  for (const auto& i : includes) {
    auto s = model::parse_status(i);
    if (!s || !(*s == model::Status::kSubmitted || *s == model::Status::kAccepted))
      return "--include takes \"submitted\" (accepted evidence is always included), not \"" + i + "\"";
    options.statuses.insert(*s);
  }
  return std::nullopt;
}

void setup_bundle(CLI::App& cmd, int& exit_code) {
  auto c = std::make_shared<BundleOptions>();
  CLI::App* sub = &cmd;
  sub->add_option("KB_DIR", c->kb_dir, "The KB directory (default: kb)");
  sub->add_option("-o,--output", c->output, "The bundle file to write (replaced atomically)")->required();
  sub->add_option("--include", c->includes,
                  "Also include evidence of this status (submitted); accepted is always included");
  sub->add_flag("--release", c->release,
                "Refuse unless kb.yaml's version increases over --previous as docs/versioning.md requires");
  sub->add_option("--previous", c->previous, "The previous release's bundle (for --release)");
  sub->add_flag("--force", c->force, "Overwrite -o even when it is not a kbcheck bundle");
  sub->callback([c, &exit_code] { exit_code = run_bundle(*c); });
}

}  // namespace kb::cli
