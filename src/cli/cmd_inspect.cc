// kbcheck inspect: verify a bundle and print its header, version, counts and sections.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/cmd_inspect.h"
#include "cli/options.h"
#include "support/text.h"
#include "kbbundle/bundle.h"

namespace kb::cli {
namespace {

namespace f = kbbundle::format;

/// `inspect --format`.
enum class InspectFormat { kText, kJson };

struct InspectOptions {
  std::string file;
  InspectFormat format = InspectFormat::kText;
  bool no_verify = false;
};

std::string hex64(std::uint64_t v) {
  char buf[19];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

const char* section_name(std::uint32_t id) {
  switch (static_cast<f::SectionId>(id)) {
    case f::SectionId::kStringOffsets: return "string-offsets";
    case f::SectionId::kStringData: return "string-data";
    case f::SectionId::kLists: return "lists";
    case f::SectionId::kGenes: return "genes";
    case f::SectionId::kVariants: return "variants";
    case f::SectionId::kAlleles: return "alleles";
    case f::SectionId::kDrugs: return "drugs";
    case f::SectionId::kPhenotypes: return "phenotypes";
    case f::SectionId::kEvidence: return "evidence";
    case f::SectionId::kIndexRsid: return "index-rsid";
    case f::SectionId::kCsrGeneVariants: return "csr-gene-variants";
    case f::SectionId::kCsrVariantEvidence: return "csr-variant-evidence";
    case f::SectionId::kCsrGeneEvidence: return "csr-gene-evidence";
    case f::SectionId::kCsrDrugEvidence: return "csr-drug-evidence";
    case f::SectionId::kCsrPhenotypeEvidence: return "csr-phenotype-evidence";
    case f::SectionId::kCsrPhenotypeParents: return "csr-phenotype-parents";
    case f::SectionId::kVariantExt: return "variant-systems";
    case f::SectionId::kEvidenceExt: return "evidence-subjects";
    case f::SectionId::kDrugExt: return "drug-members";
    case f::SectionId::kCsrDrugMembers: return "csr-drug-members";
    case f::SectionId::kCsrDrugGroups: return "csr-drug-groups";
  }
  return "unknown";
}

/// How much record format 1.1 content a bundle (format 1.2 or later) holds.
struct Format11Counts {
  std::size_t star = 0, hla = 0, named = 0, geneless = 0;
  std::size_t gene_phenotype = 0, qualified = 0, associated = 0, groups = 0, members = 0;
};

Format11Counts format11_counts(const kbbundle::Bundle& b) {
  Format11Counts n;
  for (std::uint32_t v = 0; v < b.variants().size(); ++v) {
    auto sys = b.variant_system(v);
    n.star += sys == f::AlleleSystem::kStar, n.hla += sys == f::AlleleSystem::kHla;
    n.named += sys == f::AlleleSystem::kNamed, n.geneless += !b.variant_gene(v);
  }
  for (std::uint32_t e = 0; e < b.evidence().size(); ++e) {
    n.gene_phenotype += b.gene_phenotype(e).has_value();
    n.qualified += !b.qualifiers(e).empty();
    n.associated += b.evidence()[e].direction == static_cast<std::uint8_t>(f::Direction::kAssociated);
  }
  for (std::uint32_t d = 0; d < b.drugs().size(); ++d)
    if (b.is_group(d)) ++n.groups, n.members += b.members_of_drug(d).size();
  return n;
}

nlohmann::ordered_json format11_json(const Format11Counts& n) {
  return {{"variants_by_system", {{"star", n.star}, {"hla", n.hla}, {"named", n.named}}},
          {"variants_without_gene", n.geneless}, {"gene_phenotype_evidence", n.gene_phenotype},
          {"qualified_evidence", n.qualified}, {"associated_evidence", n.associated},
          {"drug_groups", n.groups}, {"group_members", n.members}};
}

nlohmann::ordered_json to_json(const kbbundle::Bundle& b, const InspectOptions& c) {
  const auto& h = b.header();
  nlohmann::ordered_json sections = nlohmann::ordered_json::array();
  for (const auto& s : b.sections())
    sections.push_back({{"id", s.id}, {"name", section_name(s.id)},
                        {"required", (s.flags & f::kSectionRequired) != 0},
                        {"offset", s.offset}, {"size", s.size}});
  nlohmann::ordered_json j = {
      {"file", c.file},
      {"format_version", std::to_string(h.major) + "." + std::to_string(h.minor)},
      {"kb", {{"id", b.kb_id()}, {"name", b.kb_name()}, {"version", b.kb_version()},
              {"license", b.kb_license()}, {"record_format", h.record_format}}},
      {"size", h.file_size},
      {"checksum", {{"algorithm", "xxh3-64"}, {"value", hex64(h.checksum)}, {"verified", !c.no_verify}}},
      {"file_checksum", h.minor >= f::kMinorFileChecksum
                            ? nlohmann::ordered_json{{"algorithm", "xxh3-64"}, {"value", hex64(h.file_checksum)},
                                                     {"verified", !c.no_verify}}
                            : nlohmann::ordered_json()},
      {"build_time", b.build_time() ? nlohmann::ordered_json(*b.build_time()) : nlohmann::ordered_json()},
      {"counts", {{"genes", h.gene_count}, {"variants", h.variant_count}, {"alleles", h.allele_count},
                  {"drugs", h.drug_count}, {"phenotypes", h.phenotype_count},
                  {"evidence", h.evidence_count}, {"strings", h.string_count}}},
      {"sections", sections}};
  // Only for bundles that can hold it, so 1.0/1.1 output stays as it was.
  if (h.minor >= f::kMinorFormat11) j["record_format_1_1"] = format11_json(format11_counts(b));
  return j;
}

/// The header as text. A bundle's strings are whatever its KB said (or a crafted file
/// holds): they are printed with their control characters visible.
void print_text(const kbbundle::Bundle& b, const InspectOptions& c) {
  const auto& h = b.header();
  auto& o = std::cout;
  auto v = [](std::string_view s) { return escape_controls(s); };
  o << v(c.file) << "\n";
  o << "  format      kbbundle " << h.major << "." << h.minor << "\n";
  o << "  kb          " << v(b.kb_id()) << " " << v(b.kb_version()) << " (" << v(b.kb_name()) << ")\n";
  if (!b.kb_license().empty()) o << "  license     " << v(b.kb_license()) << "\n";
  o << "  size        " << h.file_size << " bytes\n";
  o << "  checksum    xxh3-64 " << hex64(h.checksum) << (c.no_verify ? " (not verified)" : " (verified)") << "\n";
  if (h.minor >= f::kMinorFileChecksum)
    o << "  file sum    xxh3-64 " << hex64(h.file_checksum) << " of the whole file"
      << (c.no_verify ? " (not verified)" : " (verified)") << "\n";
  if (auto t = b.build_time()) o << "  build time  " << *t << " (SOURCE_DATE_EPOCH)\n";
  o << "  records     " << h.gene_count << " genes, " << h.variant_count << " variants ("
    << h.allele_count << " alleles), " << h.drug_count << " drugs, " << h.phenotype_count
    << " phenotypes, " << h.evidence_count << " evidence\n";
  o << "  strings     " << h.string_count << "\n";
  if (h.minor >= f::kMinorFormat11) {
    auto n = format11_counts(b);
    o << "  format 1.1  " << n.star << " star, " << n.hla << " hla, " << n.named
      << " named variants, " << n.geneless << " without gene; " << n.gene_phenotype
      << " gene-phenotype, " << n.qualified << " qualified, " << n.associated
      << " associated evidence; " << n.groups << " drug groups (" << n.members << " members)\n";
  }
  o << "  sections\n";
  for (const auto& s : b.sections()) {
    char line[128];
    std::snprintf(line, sizeof line, "    0x%02x %-24s %s offset %-10llu size %llu\n", s.id,
                  section_name(s.id), (s.flags & f::kSectionRequired) ? "required" : "optional",
                  static_cast<unsigned long long>(s.offset), static_cast<unsigned long long>(s.size));
    o << line;
  }
}

int run_inspect(const InspectOptions& c) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(c.file, ec)) {
    print_error(c.file + ": no such bundle file");
    return kExitFailure;
  }
  // A file that cannot be read is a failed run (2); one that reads but is not a valid
  // bundle is a finding (1).
  if (!std::ifstream(c.file, std::ios::binary)) {
    print_error(c.file + ": cannot read: " + std::strerror(errno) + "; check its permissions");
    return kExitFailure;
  }
  auto r = kbbundle::Bundle::open(c.file, {.verify_checksum = !c.no_verify});
  if (!r) {
    print_error(r.error());
    return kExitFindings;
  }
  // A bundle's strings are bytes as written; invalid UTF-8 is shown as U+FFFD.
  if (c.format == InspectFormat::kJson)
    std::cout << json_for_logs(to_json(r.value(), c).dump(2, ' ', false, nlohmann::json::error_handler_t::replace))
              << "\n";
  else print_text(r.value(), c);
  return kExitOk;
}

}  // namespace

void setup_inspect(CLI::App& cmd, int& exit_code) {
  auto c = std::make_shared<InspectOptions>();
  CLI::App* sub = &cmd;
  sub->add_option("FILE", c->file, "The bundle")->required();
  static const Choices<InspectFormat> kFormats{{"text", InspectFormat::kText},
                                               {"json", InspectFormat::kJson}};
  sub->add_option("--format", c->format, "text or json")
      ->transform(one_of(kFormats))->type_name("")
      ->default_str("text");
  sub->add_flag("--no-verify", c->no_verify, "Skip the content checksum (structure is still validated)");
  sub->callback([c, &exit_code] { exit_code = run_inspect(*c); });
}

}  // namespace kb::cli
