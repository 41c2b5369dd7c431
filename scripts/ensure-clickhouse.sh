#!/usr/bin/env bash
# Installs Debian's clickhouse-server and clickhouse-client when missing, so
# the tests can start their own private server (internal/testenv/chtest).
# Idempotent and silent when both are already installed. It never starts or
# enables the system service: the tests run their own server on free ports.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

if have clickhouse-server && have clickhouse-client; then
  exit 0
fi

. "$(dirname "$0")/lib/apt.sh"
apt_install ensure-clickhouse clickhouse-server clickhouse-client

if ! have clickhouse-server || ! have clickhouse-client; then
  echo "ensure-clickhouse: installation finished but the binaries are still missing" >&2
  exit 1
fi
