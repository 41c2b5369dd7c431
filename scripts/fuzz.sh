#!/usr/bin/env bash
# Brief fuzzing of every Fuzz* target in the module (scripts/test.sh calls it).
# Usage: scripts/fuzz.sh [FUZZTIME]   (default 10s per target; e.g. 30s, 2m)
# Each target runs alone (go test allows one -fuzz target per run); the XLSX
# fuzzers get a short minimisation budget. A crash fails the script, and the
# crashing input is kept in the package's testdata/fuzz for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${1:-10s}"
failed=0
count=0
# "pkgdir<TAB>FuzzName" for every fuzz target, found in the source.
targets=$(grep -rHo --include='*_test.go' -E '^func (Fuzz[A-Za-z0-9_]+)\(' . \
  | grep -v '^./\(web\|test-artifacts\)/' \
  | sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]+)\($#\1\t\2#' | sort)

while IFS=$'\t' read -r dir name; do
  [ -n "$name" ] || continue
  count=$((count + 1))
  minimize=10s
  case "$name" in
    *XLSX*|*Xlsx*) minimize=3s ;;
  esac
  echo "fuzz: $dir $name ($fuzztime)"
  if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime="$fuzztime" -fuzzminimizetime="$minimize" "$dir"; then
    echo "fuzz: $name in $dir FAILED (failing input saved under $dir/testdata/fuzz/$name)" >&2
    failed=$((failed + 1))
  fi
done <<< "$targets"

if [ "$count" -eq 0 ]; then
  echo "fuzz: no Fuzz targets found" >&2
  exit 1
fi
if [ "$failed" -gt 0 ]; then
  echo "fuzz: $failed of $count targets failed" >&2
  exit 1
fi
echo "fuzz: $count targets passed"
