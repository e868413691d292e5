#!/usr/bin/env bash
# tools/cohort/Snakefile on a small synthetic cohort (tools/gen-vcf, 7 samples, 3 chunks):
# the merged cohort.tsv must equal one `kbinterp --all-samples` run's, byte for byte,
# and each chunk's reports that run's. Exits 77 (skipped) when snakemake is absent.
# usage: cohort_workflow_test.sh KBINTERP KBCHECK SOURCE_DIR
set -euo pipefail
kbinterp=$(realpath "$1") kbcheck=$(realpath "$2") src=$(realpath "$3")
command -v snakemake >/dev/null || { echo "snakemake not installed (apt-get install snakemake): skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$kbcheck" bundle "$src/tests/interp/fixtures/kb" -o "$work/kb.kbb" >/dev/null
"$src/tools/gen-vcf" --bundle "$work/kb.kbb" --records 200 --samples 7 -o "$work/c.vcf"
"$kbinterp" --bundle "$work/kb.kbb" --vcf "$work/c.vcf" --all-samples --format json -o "$work/whole"
cd "$work"
snakemake -s "$src/tools/cohort/Snakefile" --cores 2 --quiet \
  --config vcf="$work/c.vcf" bundle="$work/kb.kbb" chunks=3 out="$work/wf" kbinterp="$kbinterp" >"$work/log" 2>&1 ||
  { cat "$work/log"; echo "FAIL: snakemake failed"; exit 1; }
cmp "$work/whole/cohort.tsv" "$work/wf/cohort.tsv" || { echo "FAIL: merged cohort.tsv differs"; exit 1; }
n=0
for f in "$work"/wf/chunks/chunk*/S*.json; do
  cmp "$f" "$work/whole/$(basename "$f")" || { echo "FAIL: $f differs"; exit 1; }
  n=$((n + 1))
done
[ "$n" = 7 ] || { echo "FAIL: $n reports, expected 7"; exit 1; }
[ "$(ls "$work"/wf/shards | wc -l)" = 3 ] || { echo "FAIL: expected 3 shards"; exit 1; }
echo "ok: 7 samples in 3 chunks, merged cohort.tsv identical"
