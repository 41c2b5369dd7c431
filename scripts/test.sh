#!/usr/bin/env bash
# The project's one test command (README "Test"); .ci/run calls exactly this.
# It installs what the tests need when missing (Debian's clickhouse-server and
# chromium, the pinned npm front-end packages, …), then runs every Go test in
# groups and fuzzes every parser briefly. The database tests start their own
# private servers on free ports in temp dirs; under CI=true a missing server
# or browser fails the run instead of skipping.
#
# Each phase prints its duration, and a table of all phases closes the run,
# so a slow phase shows up before CI's 90-minute limit is near (the whole
# run is meant to stay under 30 minutes on 2 cores).
#
# Options (environment):
#   TEST_SHUFFLE=on   run the Go tests in random order (the seed is printed;
#                     rerun with TEST_SHUFFLE=<seed> to reproduce)
#   TEST_COUNT=2      run each test twice (finds state left between runs)
#   FUZZTIME=10s      fuzzing time per target (0 skips fuzzing)
#   BENCH=0           skip the closing bench smoke (make bench SCALE=small)
set -euo pipefail
cd "$(dirname "$0")/.."

phases=()
failures=()
run_start=$(date +%s)
# phase [-k] NAME CMD… runs one phase and records its duration. A failed
# phase ends the run at once, unless -k: then the run goes on and fails at
# the end (every test group runs, so one failure does not hide another).
phase() {
  local keep=0
  if [ "$1" = -k ]; then keep=1; shift; fi
  local name="$1"
  shift
  local start
  start=$(date +%s)
  echo "=== phase: $name"
  local status=0
  "$@" || status=$?
  local took=$(( $(date +%s) - start ))
  phases+=("$(printf '%-22s %5d s' "$name" "$took")")
  echo "=== phase: $name took ${took} s (exit ${status})"
  if [ "$status" -ne 0 ]; then
    failures+=("$name")
    if [ "$keep" -eq 0 ]; then
      summary
      exit "$status"
    fi
  fi
}
summary() {
  echo "=== phase durations"
  local p
  for p in "${phases[@]}"; do echo "    $p"; done
  echo "    $(printf '%-22s %5d s' total $(( $(date +%s) - run_start )))"
  if [ "${#failures[@]}" -gt 0 ]; then
    echo "=== FAILED: ${failures[*]}"
  fi
}

installs() {
  local s
  for s in ensure-clickhouse ensure-postgres ensure-zookeeper ensure-chromium ensure-libreoffice ensure-wrk; do
    if [ -x "scripts/$s.sh" ]; then "scripts/$s.sh"; fi
  done
  scripts/build-assets.sh
}
phase installs installs

export TEST_ARTIFACTS="${TEST_ARTIFACTS:-$PWD/test-artifacts}"
mkdir -p "$TEST_ARTIFACTS"

phase vet go vet ./...

# Package groups, by what their tests start: a browser (Chromium, and
# LibreOffice for the Word briefing), a ClickHouse cluster, the fault tests
# (servers killed and restarted), private database servers, or nothing.
# A new package falls into its group by its test imports, with no edit here.
groups=$(go list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | awk '
  {
    g = "unit"
    for (i = 2; i <= NF; i++) {
      if ($i ~ /testenv\/browser$/) { g = "browser" }
      else if (g != "browser" && $i ~ /testenv\/.*cluster/) { g = "cluster" }
      else if (g == "unit" && $i ~ /testenv\/(chtest|pgtest|seeded)$/) { g = "stores" }
    }
    if ($1 ~ /\/faulttest$/) { g = "fault" }
    print g, $1
  }')

test_flags=(-count="${TEST_COUNT:-1}" -timeout 45m)
if [ -n "${TEST_SHUFFLE:-}" ]; then test_flags+=(-shuffle="$TEST_SHUFFLE"); fi

for g in unit stores cluster fault browser; do
  pkgs=$(awk -v g="$g" '$1 == g { print $2 }' <<< "$groups")
  [ -n "$pkgs" ] || continue
  # shellcheck disable=SC2086
  phase -k "go test: $g" go test "${test_flags[@]}" $pkgs
done

# Brief fuzzing of every parser (the corpus lives in testdata/fuzz and is kept).
if [ "${FUZZTIME:-10s}" != 0 ]; then
  phase -k fuzz scripts/fuzz.sh "${FUZZTIME:-10s}"
fi

# The bench as a smoke (figures printed, nothing asserted on time; a failure
# fails the run), so that a change elsewhere can never break it unseen.
# BENCH=0 skips it.
if [ "${BENCH:-1}" != 0 ]; then
  phase -k "bench smoke" make bench SCALE=small
fi

summary
if [ "${#failures[@]}" -gt 0 ]; then
  exit 1
fi
