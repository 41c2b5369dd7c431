#!/usr/bin/env bash
# Installs Debian's postgresql when initdb/postgres are missing, so the tests
# can start their own private server (internal/testenv/pgtest). Idempotent and
# silent when already installed. It never starts or enables the system
# service: the tests run their own server on a free port in a temp dir.
set -euo pipefail

have() {
  if [ -n "${POSTGRES_BIN_DIR:-}" ]; then
    [ -x "$POSTGRES_BIN_DIR/initdb" ] && [ -x "$POSTGRES_BIN_DIR/postgres" ]
    return
  fi
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then return 0; fi
  done
  command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1
}

if have; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-postgres: apt-get not found; install PostgreSQL (initdb and postgres) by hand," >&2
  echo "  set POSTGRES_BIN_DIR to their directory, or POSTGRES_TEST_DSN=postgres://user:pass@host:5432/db." >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "ensure-postgres: not root and sudo is unavailable; run as root:" >&2
    echo "  apt-get update && apt-get install -y postgresql" >&2
    exit 1
  fi
fi

echo "ensure-postgres: installing postgresql with apt-get" >&2
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
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends postgresql >/dev/null

if ! have; then
  echo "ensure-postgres: installation finished but initdb/postgres are still missing" >&2
  exit 1
fi
# The package creates the "postgres" system user the tests run the server as
# when they run as root (PostgreSQL refuses to run as root).
