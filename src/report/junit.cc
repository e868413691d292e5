// JUnit XML: the test-report format GitLab, Jenkins and most CI dashboards display.
// One <testcase> per checked file; a <failure> per error; warnings and infos in
// <system-out>. libxml2's writer does the escaping.
#include <libxml/xmlwriter.h>

#include <map>
#include <memory>
#include <stdexcept>

#include "report/writers.h"
#include "support/text.h"

namespace kb::report::detail {
namespace {

/// Test-case name for diagnostics that concern no particular file.
constexpr std::string_view kNoFile = "(knowledge base)";

struct BufferFree {
  void operator()(xmlBufferPtr b) const { xmlBufferFree(b); }
};
struct WriterFree {
  void operator()(xmlTextWriterPtr w) const { xmlFreeTextWriter(w); }
};

/// The thin layer over xmlTextWriter the writer needs. Attribute values have their control
/// characters made visible (escape_controls: XML 1.0 cannot carry most of them, and CI
/// dashboards print these values); text is already escaped line by line (text_headline)
/// and is cleaned to XML-safe UTF-8 as a last guard.
class Xml {
 public:
  explicit Xml(xmlTextWriterPtr w) : w_(w) {}
  void start(const char* name) { check(xmlTextWriterStartElement(w_, bad_cast(name))); }
  void end() { check(xmlTextWriterEndElement(w_)); }
  void attr(const char* name, std::string_view value) {
    std::string v = to_clean_utf8(escape_controls(value));
    check(xmlTextWriterWriteAttribute(w_, bad_cast(name), bad_cast(v.c_str())));
  }
  void attr(const char* name, std::size_t value) { attr(name, std::to_string(value)); }
  void text(std::string_view value) {
    std::string v = to_clean_utf8(value);
    check(xmlTextWriterWriteString(w_, bad_cast(v.c_str())));
  }

 private:
  static const xmlChar* bad_cast(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
  static void check(int rc) {
    if (rc < 0) throw std::runtime_error("cannot write the JUnit report (libxml2 writer failed)");
  }
  xmlTextWriterPtr w_;
};

/// Diagnostics grouped by file: the checked files in their order, then any file that only
/// diagnostics mention, in the order they first appear.
struct Cases {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Diagnostic*>> by_file;
};

Cases group_by_file(const ReportInput& in) {
  Cases c;
  auto add = [&c](const std::string& file) -> std::vector<const Diagnostic*>& {
    auto [it, fresh] = c.by_file.try_emplace(file);
    if (fresh) c.order.push_back(file);
    return it->second;
  };
  for (const std::string& f : in.files) add(f);
  for (const Diagnostic& d : diagnostics_of(in))
    add(d.location.file.empty() ? std::string(kNoFile) : d.location.file).push_back(&d);
  return c;
}

std::string full_text(const Diagnostic& d) {
  std::string s = text_headline(d);
  for (const RelatedNote& n : d.related) s += "\n" + text_note(n);
  return s;
}

bool has_error(const std::vector<const Diagnostic*>& ds) {
  for (const Diagnostic* d : ds)
    if (d->severity == Severity::kError) return true;
  return false;
}

void write_case(Xml& x, const std::string& file, const std::vector<const Diagnostic*>& ds) {
  x.start("testcase");
  x.attr("classname", std::string_view("kbcheck"));
  x.attr("name", file);
  std::string other;
  for (const Diagnostic* d : ds) {
    if (d->severity != Severity::kError) {
      other += full_text(*d) + "\n";
      continue;
    }
    x.start("failure");
    x.attr("message", d->message);
    x.attr("type", d->rule);
    x.text(full_text(*d) + "\n");
    x.end();
  }
  if (!other.empty()) {
    x.start("system-out");
    x.text(other);
    x.end();
  }
  x.end();
}

/// The attributes <testsuites> and <testsuite> share. `failures` counts failing test
/// cases (files with at least one error), as JUnit consumers expect.
void write_counts(Xml& x, std::size_t tests, std::size_t failures) {
  x.attr("tests", tests);
  x.attr("failures", failures);
  x.attr("errors", std::size_t{0});
}

}  // namespace

void write_junit(const ReportInput& in, std::ostream& out) {
  Cases cases = group_by_file(in);
  std::size_t failures = 0;
  for (const auto& [file, ds] : cases.by_file) failures += has_error(ds) ? 1 : 0;

  std::unique_ptr<xmlBuffer, BufferFree> buf(xmlBufferCreate());
  if (!buf) throw std::runtime_error("cannot write the JUnit report (out of memory)");
  {
    std::unique_ptr<xmlTextWriter, WriterFree> w(xmlNewTextWriterMemory(buf.get(), 0));
    if (!w) throw std::runtime_error("cannot write the JUnit report (out of memory)");
    xmlTextWriterSetIndent(w.get(), 1);
    xmlTextWriterSetIndentString(w.get(), reinterpret_cast<const xmlChar*>("  "));
    Xml x(w.get());
    if (xmlTextWriterStartDocument(w.get(), "1.0", "UTF-8", nullptr) < 0)
      throw std::runtime_error("cannot write the JUnit report (libxml2 writer failed)");
    x.start("testsuites");
    x.attr("name", std::string_view("kbcheck"));
    write_counts(x, cases.order.size(), failures);
    x.start("testsuite");
    x.attr("name", std::string_view("kbcheck"));
    write_counts(x, cases.order.size(), failures);
    x.attr("skipped", std::size_t{0});
    if (in.summary.suppressed) {  // findings a --baseline left out
      x.start("properties");
      x.start("property");
      x.attr("name", std::string_view("suppressed-by-baseline"));
      x.attr("value", *in.summary.suppressed);
      x.end();
      x.end();
    }
    for (const std::string& file : cases.order) write_case(x, file, cases.by_file[file]);
    x.end();
    x.end();
    if (xmlTextWriterEndDocument(w.get()) < 0)
      throw std::runtime_error("cannot write the JUnit report (libxml2 writer failed)");
  }  // freeing the writer flushes it into buf
  out.write(reinterpret_cast<const char*>(xmlBufferContent(buf.get())), xmlBufferLength(buf.get()));
}

}  // namespace kb::report::detail
