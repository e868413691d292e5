#pragma once
/// \file
/// htslib helpers for the tests of every VCF/BCF reader (kbinterp, kbimport --dbsnp):
/// compressed, indexed and binary copies of a fixture VCF, so one text fixture covers
/// every input form.
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace kbtest {

/// bgzips `src` to `dst`; with `index`, also writes a tabix index.
inline void bgzip(const std::filesystem::path& src, const std::filesystem::path& dst, bool index) {
  std::string text = slurp(src);
  BGZF* out = bgzf_open(dst.c_str(), "w");
  REQUIRE(out);
  REQUIRE(bgzf_write(out, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  REQUIRE(bgzf_close(out) == 0);
  if (index) REQUIRE(tbx_index_build(dst.c_str(), 0, &tbx_conf_vcf) == 0);
}

/// Converts `src` to BCF at `dst`, with a CSI index.
inline void to_bcf(const std::filesystem::path& src, const std::filesystem::path& dst) {
  htsFile* in = hts_open(src.c_str(), "r");
  REQUIRE(in);
  bcf_hdr_t* h = bcf_hdr_read(in);
  htsFile* out = hts_open(dst.c_str(), "wb");
  REQUIRE(bcf_hdr_write(out, h) == 0);
  bcf1_t* rec = bcf_init();
  while (bcf_read(in, h, rec) == 0) REQUIRE(bcf_write(out, h, rec) == 0);
  bcf_destroy(rec);
  bcf_hdr_destroy(h);
  hts_close(in);
  REQUIRE(hts_close(out) == 0);
  REQUIRE(bcf_index_build(dst.c_str(), 14) == 0);
}

}  // namespace kbtest
