#!/usr/bin/env bash
# Installs Debian's zookeeper (and the Java runtime it depends on) when
# missing, so the cluster tests (internal/testenv/chtest, cluster.go) and
# scripts/cluster.sh can start a private ZooKeeper. Idempotent and silent when
# already installed. It never starts or enables the system service.
set -euo pipefail

if command -v java >/dev/null 2>&1 && [ -f /usr/share/java/zookeeper.jar ]; then
  exit 0
fi

. "$(dirname "$0")/lib/apt.sh"
apt_install ensure-zookeeper zookeeper default-jre-headless

if ! command -v java >/dev/null 2>&1 || [ ! -f /usr/share/java/zookeeper.jar ]; then
  echo "ensure-zookeeper: installation finished but java or zookeeper.jar is still missing" >&2
  exit 1
fi
