#include "import/evidence_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "import/kb_writer.h"

namespace kb::import {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& dir) {
  throw std::system_error(errno, std::generic_category(),
                          what + " the temporary evidence file in " + dir.string() + " (set TMPDIR to elsewhere?)");
}

}  // namespace

EvidenceSpool::EvidenceSpool(const std::filesystem::path& dir) : dir_(dir) {
  fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0) {  // a file system without O_TMPFILE: a named file, unlinked at once
    std::string name = (dir / "kbimport-spool-XXXXXX").string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(name.c_str());
  }
  if (fd_ < 0) fail("cannot create", dir_);
}

EvidenceSpool::~EvidenceSpool() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t EvidenceSpool::add(const EvidenceOut& e) {
  std::string doc = render_evidence(e);
  where_.emplace_back(written_ + pending_.size(), static_cast<std::uint32_t>(doc.size()));
  pending_ += doc;
  if (pending_.size() >= kFlushBytes) flush();
  return where_.size() - 1;
}

void EvidenceSpool::flush() {
  std::size_t done = 0;
  while (done < pending_.size()) {
    ssize_t n = ::write(fd_, pending_.data() + done, pending_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", dir_);
    done += static_cast<std::size_t>(n);
  }
  written_ += pending_.size();
  pending_.clear();
}

std::string EvidenceSpool::document(std::size_t handle) {
  if (!pending_.empty()) flush();
  auto [offset, length] = where_.at(handle);
  std::string out(length, '\0');
  std::size_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot read", dir_);
    done += static_cast<std::size_t>(n);
  }
  return out;
}

}  // namespace kb::import
