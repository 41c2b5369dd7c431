#!/usr/bin/env bash
# Installs Debian's zookeeper (and the Java runtime it depends on) when
# missing, so the cluster tests (internal/testenv/chtest, cluster.go) and
# scripts/cluster.sh can start a private ZooKeeper. Idempotent and silent when
# already installed. It never starts or enables the system service.
set -euo pipefail

if command -v java >/dev/null 2>&1 && [ -f /usr/share/java/zookeeper.jar ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-zookeeper: apt-get not found; install ZooKeeper 3.x and a Java runtime by hand" >&2
  echo "  (the tests expect /usr/share/java/zookeeper.jar and java on PATH)." >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "ensure-zookeeper: not root and sudo is unavailable; run as root:" >&2
    echo "  apt-get update && apt-get install -y zookeeper default-jre-headless" >&2
    exit 1
  fi
fi

echo "ensure-zookeeper: installing zookeeper and default-jre-headless with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
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
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends zookeeper default-jre-headless >/dev/null

if ! command -v java >/dev/null 2>&1 || [ ! -f /usr/share/java/zookeeper.jar ]; then
  echo "ensure-zookeeper: installation finished but java or zookeeper.jar is still missing" >&2
  exit 1
fi
