#pragma once
/// \file
/// Owning handles for htslib objects, for every reader of VCF/BCF (kbinterp's
/// vcf_input, kbimport's dbSNP scan). Header-only and htslib-only, so kbinterp uses it
/// without linking the rest of kbcheck.

#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <memory>

namespace kb::hts {

/// Frees each htslib object with its own destructor function.
struct Closer {
  void operator()(htsFile* f) const { hts_close(f); }
  void operator()(bcf_hdr_t* h) const { bcf_hdr_destroy(h); }
  void operator()(bcf1_t* r) const { bcf_destroy(r); }
  void operator()(tbx_t* t) const { tbx_destroy(t); }
  void operator()(hts_idx_t* i) const { hts_idx_destroy(i); }
  void operator()(hts_itr_t* i) const { hts_itr_destroy(i); }
};

/// A unique_ptr that frees an htslib object: `Handle<bcf1_t> rec(bcf_init());`.
template <class T>
using Handle = std::unique_ptr<T, Closer>;

/// A kstring_t that frees its buffer.
struct KString {
  kstring_t s = KS_INITIALIZE;
  KString() = default;
  KString(const KString&) = delete;
  KString& operator=(const KString&) = delete;
  ~KString() { ks_free(&s); }
};

}  // namespace kb::hts
