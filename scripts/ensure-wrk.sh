#!/usr/bin/env bash
# Installs Debian's wrk (the HTTP load generator the bench's serving figures
# use) when missing. Idempotent and silent when already installed.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  exit 0
fi

. "$(dirname "$0")/lib/apt.sh"
apt_install ensure-wrk wrk

if ! command -v wrk >/dev/null 2>&1; then
  echo "ensure-wrk: installation finished but wrk is still missing" >&2
  exit 1
fi
