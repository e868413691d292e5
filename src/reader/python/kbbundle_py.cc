// Python binding of the reader: kbbundle.open(path) -> Bundle; records as dicts.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "kbbundle/bundle.h"

namespace py = pybind11;
namespace f = kbbundle::format;
using kbbundle::Bundle;
using kbbundle::Kind;

namespace {

struct PyBundle {
  std::shared_ptr<Bundle> b;
};

py::str s(const Bundle& b, std::uint32_t id) {
  auto v = b.str(id);
  return py::str(v.data(), v.size());
}

py::list strings(const Bundle& b, f::ListRef r) {
  py::list out;
  for (auto id : b.list(r)) out.append(s(b, id));
  return out;
}

py::object opt(bool has, py::object v) { return has ? v : py::none(); }

py::dict evidence_dict(const Bundle& b, std::uint32_t i) {
  const auto& e = b.evidence()[i];
  auto has = [&](std::uint32_t flag) { return (e.flags & flag) != 0; };
  py::dict d;
  d["id"] = s(b, e.id);
  d["status"] = std::string(kbbundle::status_name(e.status));
  d["subject"] = std::string(kbbundle::subject_kind_name(b.subject_kind(i)));
  d["variant"] = s(b, e.variant);
  if (auto gp = b.gene_phenotype(i))
    d["gene_phenotype"] = py::dict(py::arg("gene") = py::str(gp->gene.data(), gp->gene.size()),
                                   py::arg("value") = py::str(gp->value.data(), gp->value.size()));
  else
    d["gene_phenotype"] = py::none();
  d["allele"] = opt(has(f::kEvHasAllele), s(b, e.allele));
  d["genotypes"] = strings(b, e.genotypes);
  d["compared_to"] = strings(b, e.compared_to);
  d["drug"] = s(b, e.drug);
  d["phenotype"] = s(b, e.phenotype);
  d["category"] = s(b, e.category);
  d["direction"] = std::string(kbbundle::direction_name(e.direction));
  d["level"] = s(b, e.level);
  py::dict ctx;
  ctx["population"] = s(b, e.ctx_population);
  ctx["ancestry"] = strings(b, e.ctx_ancestry);
  ctx["sex"] = s(b, e.ctx_sex);
  ctx["condition"] = s(b, e.ctx_condition);
  py::dict qualifiers;
  for (const auto& [k, v] : b.qualifiers(i)) qualifiers[py::str(k.data(), k.size())] = py::str(v.data(), v.size());
  ctx["qualifiers"] = qualifiers;
  d["context"] = ctx;
  py::dict study;
  study["design"] = s(b, e.study_design);
  study["size"] = opt(has(f::kEvHasStudySize), py::int_(e.study_size));
  if (has(f::kEvHasStatistic)) {
    py::dict st;
    st["measure"] = s(b, e.stat_measure);
    st["value"] = opt(has(f::kEvHasStatValue), py::float_(e.stat_value));
    st["ci"] = opt(has(f::kEvHasStatCi), py::make_tuple(e.stat_ci_low, e.stat_ci_high));
    st["p"] = opt(has(f::kEvHasStatP), py::float_(e.stat_p));
    study["statistic"] = st;
  } else {
    study["statistic"] = py::none();
  }
  d["study"] = study;
  py::dict cit;
  cit["pmid"] = opt(has(f::kEvHasPmid), py::int_(e.pmid));
  cit["doi"] = opt(has(f::kEvHasDoi), s(b, e.doi));
  cit["title"] = opt(has(f::kEvHasTitle), s(b, e.title));
  cit["journal"] = opt(has(f::kEvHasJournal), s(b, e.journal));
  cit["year"] = opt(has(f::kEvHasYear), py::int_(e.year));
  d["citation"] = cit;
  d["summary"] = s(b, e.summary);
  return d;
}

py::dict variant_dict(const Bundle& b, std::uint32_t i) {
  const auto& v = b.variants()[i];
  py::dict d;
  d["id"] = s(b, v.id);
  d["gene"] = b.variant_gene(i) ? py::object(s(b, v.gene)) : py::none();
  d["system"] = std::string(kbbundle::system_name(b.variant_system(i)));
  d["rsid"] = s(b, v.rsid);
  py::list alleles, fn;
  for (const auto& a : b.alleles_of(i)) alleles.append(s(b, a.name));
  auto pairs = b.list(v.functions);
  for (std::size_t k = 0; k + 1 < pairs.size(); k += 2)
    fn.append(py::dict(py::arg("allele") = s(b, pairs[k]), py::arg("effect") = s(b, pairs[k + 1])));
  d["alleles"] = alleles;
  d["aliases"] = strings(b, v.aliases);
  d["function"] = fn;
  if (v.flags & f::kVariantHasLocation)
    d["location"] = py::dict(py::arg("assembly") = s(b, v.location_assembly),
                             py::arg("chrom") = s(b, v.location_chrom),
                             py::arg("pos") = v.location_pos);
  else
    d["location"] = py::none();
  return d;
}

py::dict gene_dict(const Bundle& b, std::uint32_t i) {
  const auto& g = b.genes()[i];
  py::list roles;
  auto pairs = b.list(g.roles);
  for (std::size_t k = 0; k + 1 < pairs.size(); k += 2)
    roles.append(py::dict(py::arg("drug") = s(b, pairs[k]), py::arg("role") = s(b, pairs[k + 1])));
  return py::dict(py::arg("id") = s(b, g.id), py::arg("hgnc") = s(b, g.hgnc),
                  py::arg("name") = s(b, g.name), py::arg("chromosome") = s(b, g.chromosome),
                  py::arg("roles") = roles);
}

py::dict drug_dict(const Bundle& b, std::uint32_t i) {
  const auto& d = b.drugs()[i];
  py::list members, groups;
  for (auto id : b.member_ids(i)) members.append(s(b, id));
  for (auto g : b.groups_of_drug(i)) groups.append(s(b, b.drugs()[g].id));
  return py::dict(py::arg("id") = s(b, d.id), py::arg("name") = s(b, d.name),
                  py::arg("class") = s(b, d.drug_class), py::arg("xrefs") = strings(b, d.xrefs),
                  py::arg("members") = members, py::arg("groups") = groups);
}

py::dict phenotype_dict(const Bundle& b, std::uint32_t i) {
  const auto& p = b.phenotypes()[i];
  return py::dict(py::arg("id") = s(b, p.id), py::arg("label") = s(b, p.label),
                  py::arg("category") = s(b, p.category), py::arg("is_a") = strings(b, p.is_a),
                  py::arg("xrefs") = strings(b, p.xrefs));
}

py::list evidence_list(const Bundle& b, kbbundle::Indexes ix) {
  py::list out;
  for (auto i : ix) out.append(evidence_dict(b, i));
  return out;
}

template <class F>
py::list all(const Bundle& b, Kind k, F fn) {
  py::list out;
  for (std::uint32_t i = 0; i < b.count(k); ++i) out.append(fn(b, i));
  return out;
}

template <class F>
py::object one(const Bundle& b, Kind k, const std::string& id, F fn) {
  auto i = k == Kind::kVariant ? b.find_variant(id) : b.find(k, id);
  return i ? py::object(fn(b, *i)) : py::none();
}

}  // namespace

PYBIND11_MODULE(kbbundle, m) {
  m.doc() = "Read kbcheck knowledge-base bundles (.kbb)";
  py::register_exception<std::runtime_error>(m, "Error", PyExc_ValueError);
  py::class_<PyBundle>(m, "Bundle")
      .def_property_readonly("kb_id", [](const PyBundle& p) { return std::string(p.b->kb_id()); })
      .def_property_readonly("kb_version", [](const PyBundle& p) { return std::string(p.b->kb_version()); })
      .def_property_readonly("kb_name", [](const PyBundle& p) { return std::string(p.b->kb_name()); })
      .def_property_readonly("format_version", [](const PyBundle& p) {
        return py::make_tuple(p.b->header().major, p.b->header().minor);
      })
      .def_property_readonly("counts", [](const PyBundle& p) {
        const Bundle& b = *p.b;
        return py::dict(py::arg("genes") = b.genes().size(), py::arg("variants") = b.variants().size(),
                        py::arg("alleles") = b.alleles().size(), py::arg("drugs") = b.drugs().size(),
                        py::arg("phenotypes") = b.phenotypes().size(),
                        py::arg("evidence") = b.evidence().size());
      })
      .def("evidence_for", [](const PyBundle& p, const std::string& v) {
        return evidence_list(*p.b, p.b->evidence_for_variant(v)); },
        py::arg("variant"), "Evidence about a variant (by id or rsID), as dicts")
      .def("evidence_for_gene", [](const PyBundle& p, const std::string& g) {
        return evidence_list(*p.b, p.b->evidence_for_gene(g)); })
      .def("evidence_for_drug", [](const PyBundle& p, const std::string& d) {
        return evidence_list(*p.b, p.b->evidence_for_drug(d)); })
      .def("evidence_for_phenotype", [](const PyBundle& p, const std::string& x) {
        return evidence_list(*p.b, p.b->evidence_for_phenotype(x)); })
      .def("variant", [](const PyBundle& p, const std::string& id) {
        return one(*p.b, Kind::kVariant, id, variant_dict); }, "A variant by id or rsID, or None")
      .def("gene", [](const PyBundle& p, const std::string& id) { return one(*p.b, Kind::kGene, id, gene_dict); })
      .def("drug", [](const PyBundle& p, const std::string& id) { return one(*p.b, Kind::kDrug, id, drug_dict); })
      .def("phenotype", [](const PyBundle& p, const std::string& id) {
        return one(*p.b, Kind::kPhenotype, id, phenotype_dict); })
      .def("evidence", [](const PyBundle& p, const std::string& id) {
        return one(*p.b, Kind::kEvidence, id, evidence_dict); })
      .def("genes", [](const PyBundle& p) { return all(*p.b, Kind::kGene, gene_dict); })
      .def("variants", [](const PyBundle& p) { return all(*p.b, Kind::kVariant, variant_dict); })
      .def("drugs", [](const PyBundle& p) { return all(*p.b, Kind::kDrug, drug_dict); })
      .def("phenotypes", [](const PyBundle& p) { return all(*p.b, Kind::kPhenotype, phenotype_dict); })
      .def("all_evidence", [](const PyBundle& p) { return all(*p.b, Kind::kEvidence, evidence_dict); });
  m.def("open", [](const std::string& path, bool verify_checksum, std::uint16_t reader_minor) {
        auto r = Bundle::open(path, {.verify_checksum = verify_checksum, .reader_minor = reader_minor});
        if (!r) throw std::runtime_error(r.error());
        return PyBundle{std::make_shared<Bundle>(std::move(r.value()))};
      }, py::arg("path"), py::arg("verify_checksum") = true, py::arg("reader_minor") = f::kMinor,
      "Open and validate a bundle; raises kbbundle.Error (a ValueError) on a bad file. "
      "verify_checksum checks the whole file (format 1.1) or its content (1.0); "
      "reader_minor makes it refuse what a reader of that format minor would refuse.");
}
