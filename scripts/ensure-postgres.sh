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

. "$(dirname "$0")/lib/apt.sh"
apt_install ensure-postgres postgresql

if ! have; then
  echo "ensure-postgres: installation finished but initdb/postgres are still missing" >&2
  exit 1
fi
# The package creates the "postgres" system user the tests run the server as
# when they run as root (PostgreSQL refuses to run as root).
