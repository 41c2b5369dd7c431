#!/usr/bin/env bash
# The project's one test command (README "Test"); .ci/run calls exactly this.
# It installs what the tests need when missing (Debian's clickhouse-server and
# chromium, the pinned npm front-end packages), then runs every Go test. The
# ClickHouse tests start their own private server on a free port in a temp dir;
# under CI=true a missing ClickHouse or Chromium fails the run instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-clickhouse.sh
scripts/ensure-postgres.sh
scripts/ensure-chromium.sh
scripts/build-assets.sh

export TEST_ARTIFACTS="${TEST_ARTIFACTS:-$PWD/test-artifacts}"
mkdir -p "$TEST_ARTIFACTS"

go vet ./...
go test -count=1 -timeout 60m ./...

# Brief fuzzing of every parser (the corpus lives in testdata/fuzz and is kept).
if [ -x scripts/fuzz.sh ]; then
  scripts/fuzz.sh "${FUZZTIME:-10s}"
fi
