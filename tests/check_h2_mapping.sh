#!/usr/bin/env bash
# Every HTTP/2 rule of docs/requirements.md (H2-n) has a row in docs/conformance.md and at least
# one test that names it (a Catch2 test tagged or named with it, an interop script, or the fuzz
# target's checks). usage: check_h2_mapping.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: $0 SOURCE_DIR}
ids=$(grep -oE '^\| H2-[0-9]+ ' "$src/docs/requirements.md" | awk '{print $2}')
[ -n "$ids" ] || { echo "no H2 rules found in requirements.md"; exit 1; }
missing=0
for id in $ids; do
  if ! grep -qE "^\| $id \|" "$src/docs/conformance.md"; then
    echo "FAIL  $id: no row in docs/conformance.md"; missing=$((missing + 1)); continue
  fi
  if ! grep -rqE "(T-$id |\[$id\]|$id[,):])" "$src/tests" "$src/fuzz"/*.cpp; then
    echo "FAIL  $id: no test names it"; missing=$((missing + 1)); continue
  fi
  echo "ok    $id"
done
[ "$missing" -eq 0 ] || exit 1
