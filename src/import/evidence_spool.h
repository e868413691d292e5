#pragma once
/// \file
/// An EvidenceStore on disk: each record's YAML document is appended to an unnamed
/// temporary file, so a streaming import's memory does not grow with its records.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "import/pharmgkb.h"

namespace kb::import {

/// Evidence documents in a temporary file in `dir` that has no name (it is unlinked at
/// once, so the system frees it when the process ends, even by kill -9). About 0.8 KB of
/// disk per record. Write and read failures throw std::system_error naming the file.
class EvidenceSpool : public EvidenceStore {
 public:
  explicit EvidenceSpool(const std::filesystem::path& dir);
  ~EvidenceSpool() override;
  EvidenceSpool(const EvidenceSpool&) = delete;
  EvidenceSpool& operator=(const EvidenceSpool&) = delete;

  std::size_t add(const EvidenceOut& e) override;
  std::string document(std::size_t handle) override;

 private:
  void flush();

  std::filesystem::path dir_;
  int fd_ = -1;
  std::string pending_;           ///< appended documents not yet written
  std::uint64_t written_ = 0;     ///< bytes in the file
  std::vector<std::pair<std::uint64_t, std::uint32_t>> where_;  ///< offset, length per handle
};

}  // namespace kb::import
