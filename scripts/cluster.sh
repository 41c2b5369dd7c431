#!/usr/bin/env bash
# A local ClickHouse cluster for trying cluster mode on one machine:
# Debian's ZooKeeper and two ClickHouse shards (one replica each) on
# 127.0.0.1, each with its own ports, data directory and macros.
#
#   scripts/cluster.sh up     install what is missing, start, print three export lines
#   scripts/cluster.sh down   stop exactly the processes "up" started (by their pid files)
#   scripts/cluster.sh status show whether they run
#
#   eval "$(scripts/cluster.sh up)" && make run
#
# Everything lives in CLUSTER_DIR (default ./.cluster); ports can be moved with
# ZK_PORT (default 22181) and SHARD_BASE_PORT (default 19100: shard n uses
# tcp BASE+10n, http BASE+10n+1, interserver BASE+10n+2). The configuration uses
# the <yandex> root, which 18.16 needs and current releases still accept.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR="${CLUSTER_DIR:-$PWD/.cluster}"
ZK_PORT="${ZK_PORT:-22181}"
BASE="${SHARD_BASE_PORT:-19100}"
NAME="${CLUSTER_NAME:-industrydash}"
DB="${CLUSTER_DATABASE:-industrydash}"
SHARDS=2

tcp_port() { echo $((BASE + 10 * $1)); }

alive() { # alive PIDFILE: the recorded process still runs
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

server_bin() {
  for b in clickhouse-server /usr/sbin/clickhouse-server /usr/bin/clickhouse-server; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return; fi
  done
  if command -v clickhouse >/dev/null 2>&1; then echo "$(command -v clickhouse) server"; return; fi
  echo "cluster.sh: clickhouse-server not found" >&2
  exit 1
}

wait_port() { # wait_port PORT WHAT PIDFILE
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if ! alive "$3"; then echo "cluster.sh: $2 exited during start-up; see its log in $DIR" >&2; return 1; fi
    sleep 0.2
  done
  echo "cluster.sh: $2 did not listen on port $1 within 30s" >&2
  return 1
}

# zk_serving waits until ZooKeeper serves sessions, not only listens: a
# restarted ZooKeeper accepts connections while it still loads its data and
# drops them, and a shard whose replicated tables cannot reach it at
# start-up exits (the first "up" has no such tables; every later one does).
zk_serving() {
  for _ in $(seq 1 150); do
    if out=$( (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" && echo srvr >&3 && timeout 2 cat <&3) 2>/dev/null) &&
      grep -q '^Mode:' <<<"$out"; then
      return 0
    fi
    if ! alive "$DIR/zk.pid"; then echo "cluster.sh: ZooKeeper exited during start-up; see $DIR/zk/zookeeper.log" >&2; return 1; fi
    sleep 0.2
  done
  echo "cluster.sh: ZooKeeper did not serve requests within 30s; see $DIR/zk/zookeeper.log" >&2
  return 1
}

shard_config() { # shard_config N
  local n=$1 d="$DIR/shard$1"
  {
    echo '<?xml version="1.0"?>'
    echo '<yandex>'
    echo "    <logger><level>information</level><log>$d/server.log</log><errorlog>$d/server.err.log</errorlog><size>100M</size><count>1</count></logger>"
    echo '    <listen_host>127.0.0.1</listen_host>'
    echo "    <tcp_port>$(tcp_port "$n")</tcp_port>"
    echo "    <http_port>$((BASE + 10 * n + 1))</http_port>"
    echo "    <interserver_http_port>$((BASE + 10 * n + 2))</interserver_http_port>"
    echo '    <interserver_http_host>127.0.0.1</interserver_http_host>'
    echo "    <path>$d/data/</path><tmp_path>$d/tmp/</tmp_path>"
    echo "    <user_files_path>$d/user_files/</user_files_path><format_schema_path>$d/format_schemas/</format_schema_path>"
    echo "    <users_config>$d/users.xml</users_config>"
    echo '    <default_profile>default</default_profile><default_database>default</default_database>'
    echo '    <mark_cache_size>268435456</mark_cache_size>'
    echo '    <max_concurrent_queries>100</max_concurrent_queries>'
    echo "    <remote_servers><$NAME>"
    for s in $(seq 1 $SHARDS); do
      echo "        <shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host><port>$(tcp_port "$s")</port></replica></shard>"
    done
    echo "    </$NAME></remote_servers>"
    echo "    <zookeeper><node><host>127.0.0.1</host><port>$ZK_PORT</port></node></zookeeper>"
    printf '    <macros><shard>%02d</shard><replica>r1</replica></macros>\n' "$n"
    echo '</yandex>'
  } >"$d/config.xml"
  cat >"$d/users.xml" <<'XML'
<?xml version="1.0"?>
<yandex>
    <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
    <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
        <profile>default</profile><quota>default</quota></default></users>
    <quotas><default></default></quotas>
</yandex>
XML
}

up() {
  scripts/ensure-clickhouse.sh
  scripts/ensure-zookeeper.sh
  mkdir -p "$DIR"
  if alive "$DIR/zk.pid"; then
    echo "cluster.sh: ZooKeeper already runs (pid $(cat "$DIR/zk.pid"))" >&2
  else
    mkdir -p "$DIR/zk/data"
    cat >"$DIR/zk/zoo.cfg" <<EOF
tickTime=2000
dataDir=$DIR/zk/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
maxClientCnxns=200
EOF
    local cp=/usr/share/java/zookeeper.jar
    [ -f /usr/share/java/slf4j-simple.jar ] && cp="$cp:/usr/share/java/slf4j-simple.jar"
    nohup java -Xmx256m -cp "$cp" org.apache.zookeeper.server.ZooKeeperServerMain "$DIR/zk/zoo.cfg" \
      >"$DIR/zk/zookeeper.log" 2>&1 </dev/null &
    echo $! >"$DIR/zk.pid"
    wait_port "$ZK_PORT" ZooKeeper "$DIR/zk.pid"
  fi
  zk_serving
  local bin
  bin=$(server_bin)
  for n in $(seq 1 $SHARDS); do
    local d="$DIR/shard$n"
    if alive "$d.pid"; then
      echo "cluster.sh: shard $n already runs (pid $(cat "$d.pid"))" >&2
      continue
    fi
    mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas"
    shard_config "$n"
    # shellcheck disable=SC2086 # bin may be "clickhouse server"
    # exec: the pid recorded is the server's own, not a wrapping shell's.
    (cd "$d" && exec nohup $bin --config-file="$d/config.xml" >"$d/stdout.log" 2>&1 </dev/null) &
    echo $! >"$d.pid"
    wait_port "$(tcp_port "$n")" "shard $n" "$d.pid"
  done
  # ZooKeeper answering does not mean it serves sessions yet: wait until
  # every shard reads it.
  for n in $(seq 1 $SHARDS); do
    local ok=0
    for _ in $(seq 1 100); do
      if clickhouse-client --host 127.0.0.1 --port "$(tcp_port "$n")" \
        --query "SELECT count() FROM system.zookeeper WHERE path = '/'" >/dev/null 2>&1; then ok=1; break; fi
      sleep 0.3
    done
    if [ "$ok" != 1 ]; then echo "cluster.sh: shard $n cannot reach ZooKeeper; see $DIR/shard$n/server.err.log" >&2; exit 1; fi
  done
  local shards=""
  for n in $(seq 1 $SHARDS); do shards="$shards${shards:+,}127.0.0.1:$(tcp_port "$n")"; done
  echo "export CLICKHOUSE_DSN=clickhouse://default@127.0.0.1:$(tcp_port 1)/$DB"
  echo "export CLICKHOUSE_CLUSTER=$NAME"
  echo "export CLICKHOUSE_SHARDS=$shards"
}

stop_pid() { # stop_pid PIDFILE WHAT
  if ! alive "$1"; then rm -f "$1"; return; fi
  local pid
  pid=$(cat "$1")
  kill "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$1"; echo "cluster.sh: stopped $2 (pid $pid)" >&2; return; }
    sleep 0.2
  done
  echo "cluster.sh: $2 (pid $pid) did not stop within 30s; killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$1"
}

# stop_config CONFIG WHAT stops every process still running with CONFIG:
# the pid file names the process "up" started, but clickhouse-server may run
# the server in a child (its watchdog), which outlives the parent. Processes
# are matched by their own config file, so nothing else is touched.
stop_config() {
  local pids
  pids=$(pgrep -f -- "--config-file=$1" || true)
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086
  kill $pids 2>/dev/null || true
  for _ in $(seq 1 150); do
    pgrep -f -- "--config-file=$1" >/dev/null || { echo "cluster.sh: stopped $2 (pids $(echo $pids))" >&2; return 0; }
    sleep 0.2
  done
  echo "cluster.sh: $2 did not stop within 30s; killing it" >&2
  pkill -9 -f -- "--config-file=$1" || true
}

down() {
  for n in $(seq 1 $SHARDS); do
    stop_pid "$DIR/shard$n.pid" "shard $n"
    stop_config "$DIR/shard$n/config.xml" "shard $n"
  done
  stop_pid "$DIR/zk.pid" ZooKeeper
}

status() {
  for f in zk shard1 shard2; do
    if alive "$DIR/$f.pid"; then echo "$f: running (pid $(cat "$DIR/$f.pid"))"; else echo "$f: stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh up|down|status" >&2; exit 2 ;;
esac
