#!/bin/sh
# tools/add-rule scaffolds a cross-record rule into a copy of the tree: the four files it
# promises, the registry row in id order, a page with the sections the registry test
# wants, and a rule and a test that compile against the copy (-fsyntax-only: a full build
# of the copy would take minutes). Usage: add_rule_test.sh SOURCE_DIR CXX
set -eu
src=$1 cxx=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tests" "$tmp/docs" "$tmp/tools"
cp -R "$src/src" "$tmp/src"
cp -R "$src/docs/rules" "$tmp/docs/rules"
cp -R "$src/tests/graph" "$tmp/tests/graph"
cp "$src/tests/test_support.h" "$tmp/tests/"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$src/tools/add-rule" KB4999 placeholder-example cross --severity warning --root "$tmp" >"$tmp/out" ||
  fail "add-rule exited $?"
for f in src/rules/cross/placeholder_example.cc docs/rules/KB4999.md tests/graph/test_placeholder_example.cc; do
  [ -f "$tmp/$f" ] || fail "$f was not written"
done
# Nothing else changed but the registry.
changed=$(cd "$tmp" && for f in $(find src docs/rules tests -type f); do
  [ -f "$src/$f" ] && ! cmp -s "$src/$f" "$f" && echo "$f"; done; true)
[ "$changed" = "src/diag/rules.h" ] || fail "changed besides the registry: $changed"
row='  X(kPlaceholderExample, "KB4999", "placeholder-example", kWarning, kGraph, "TODO: a one-line summary") \'
grep -qxF "$row" "$tmp/src/diag/rules.h" || fail "no registry row: $row"
# The row is in id order: right after the last registered id below KB4999 (KB4001), and
# the table's ids are still sorted (KB5001 and later come after it).
ids=$(grep -o '^  X(k[A-Za-z0-9]*, "KB[0-9]*"' "$tmp/src/diag/rules.h" | grep -o 'KB[0-9]*')
[ "$ids" = "$(echo "$ids" | sort)" ] || fail "the registry is not in id order after add-rule"
before=$(grep -B1 -xF "$row" "$tmp/src/diag/rules.h" | head -1 | grep -o '"KB[0-9]*"')
[ "$before" = '"KB4001"' ] || fail "the row is not right after KB4001 (after $before)"
grep -q '^# KB4999 placeholder-example (warning)$' "$tmp/docs/rules/KB4999.md" || fail "page title"
grep -q '^## Bad$' "$tmp/docs/rules/KB4999.md" && grep -q '^## Fix$' "$tmp/docs/rules/KB4999.md" ||
  fail "page sections"
grep -q 'KB_CROSS_RULE(kPlaceholderExample, kCheap, check_placeholder_example);' \
  "$tmp/src/rules/cross/placeholder_example.cc" || fail "the rule is not registered"
grep -q 'kbtest::expect_rule(ds, "KB4999")' "$tmp/tests/graph/test_placeholder_example.cc" ||
  fail "the bad test does not assert the id"

# The generated sources compile against the copy (the registry's static_assert included).
"$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I"$tmp/src" "$tmp/src/rules/cross/placeholder_example.cc" ||
  fail "the rule does not compile"
"$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -Werror -DKB_SOURCE_DIR=\"$tmp\" -I"$tmp/src" -I"$tmp/tests" -I"$tmp/tests/graph" \
  "$tmp/tests/graph/test_placeholder_example.cc" || fail "the test does not compile"

# Refusals: a second run, an id already registered, a wrong family, a bad slug.
"$src/tools/add-rule" KB4999 placeholder-example cross --root "$tmp" 2>/dev/null && fail "a second run succeeded"
"$src/tools/add-rule" KB4998 orphan cross --root "$tmp" 2>/dev/null && fail "a used name was accepted"
"$src/tools/add-rule" KB0299 some-rule cross --root "$tmp" 2>/dev/null && fail "a KB02xx id was accepted as cross"
"$src/tools/add-rule" KB4997 Bad_Name cross --root "$tmp" 2>/dev/null && fail "a bad slug was accepted"
"$src/tools/add-rule" KB4997 some-rule yaml --root "$tmp" 2>/dev/null && fail "an unknown family was accepted"
echo "ok"
