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

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-clickhouse: apt-get not found; install ClickHouse by hand (server and client)," >&2
  echo "  or set CLICKHOUSE_TEST_DSN=clickhouse://user:pass@host:9000/db to use an existing server." >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "ensure-clickhouse: not root and sudo is unavailable; run as root:" >&2
    echo "  apt-get update && apt-get install -y clickhouse-server clickhouse-client" >&2
    exit 1
  fi
fi

echo "ensure-clickhouse: installing clickhouse-server and clickhouse-client with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps the package's post-install script from starting the service.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod +x "$policy"
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then "${SUDO[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT

"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends clickhouse-server clickhouse-client >/dev/null

if ! have clickhouse-server || ! have clickhouse-client; then
  echo "ensure-clickhouse: installation finished but the binaries are still missing" >&2
  exit 1
fi
