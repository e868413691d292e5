/* Prints the KB id and the evidence about one variant, through the C API. */
#include <stdio.h>

#include <kbbundle/kbbundle.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  kbb_bundle* b = kbb_open(argv[1], KBB_VERIFY_CHECKSUM);
  if (!b || kbb_error(b)) {
    fprintf(stderr, "%s\n", b ? kbb_error(b) : "out of memory");
    kbb_close(b);
    return 1;
  }
  uint32_t v;
  const uint32_t* ev;
  size_t n = 0;
  if (!kbb_variant_by_rsid(b, argv[2], &v) || !kbb_evidence_of_variant(b, v, &ev, &n)) n = 0;
  printf("c %s %s", kbb_kb_id(b), kbb_kb_version(b));
  for (size_t i = 0; i < n; ++i) {
    kbb_evidence_info e;
    if (kbb_evidence(b, ev[i], &e)) printf(" %s:%s", e.id, e.direction);
  }
  printf("\n");
  kbb_close(b);
  return 0;
}
