package clickhouse

// Cluster mode (Config.Cluster, -clickhouse-cluster / CLICKHOUSE_CLUSTER).
//
// The migrations in sql/clickhouse are plain single-node DDL. In cluster
// mode every statement is rewritten generically before it runs, so a new
// migration with a new MergeTree table needs nothing here (at most a line in
// shardingKeys):
//
//   - CREATE TABLE t (…) ENGINE = XMergeTree(args) … becomes
//     t_local with ENGINE = ReplicatedXMergeTree('/clickhouse/tables/{shard}/DB/t_local',
//     '{replica}', args) — same columns, partitioning and order — plus
//     t ENGINE = Distributed(CLUSTER, DB, t_local, KEY) over it. Queries keep
//     naming t, so every query of the product runs unchanged on the
//     Distributed table; aggregates (argMax, sum, count, min/max) are
//     computed per shard and their partial states merged on the initiator,
//     so every answer equals the single-node one whatever the sharding key.
//   - CREATE MATERIALIZED VIEW v TO t AS SELECT … FROM s … becomes the same
//     view over s_local writing to t_local on every node: each shard
//     aggregates the rows it receives, readers GROUP BY over t (Distributed)
//     as they already must, because merges are eventual.
//   - ALTER TABLE t … runs on t_local and then on t (the Distributed table
//     follows the column list); DROP TABLE t drops t and t_local.
//   - INSERT INTO t … SELECT … FROM s (a backfill) runs on every node from
//     s_local into t_local: each node copies its own shard.
//   - Anything else runs unchanged.
//
// One read goes further: the current observations GROUP BY the series key,
// and a series lives on one shard (observations are sharded by indicator
// and org unit), so that query runs with distributed_group_by_no_merge:
// each shard finishes its own argMax per key and the initiator only gathers
// the rows (and the store orders them), instead of merging every shard's
// partial argMax states of every column.
//
// DDL is not sent with ON CLUSTER: the store reads the cluster's nodes from
// system.clusters on the server of the DSN and runs each statement on every
// node itself. That needs no <distributed_ddl> queue, reports which node
// failed, and behaves the same on 18.16 and current releases. Every
// statement is idempotent (IF NOT EXISTS; ADD COLUMN that already exists
// counts as applied), so a migration interrupted half-way is run again.
//
// Inserts go through the Distributed tables with insert_distributed_sync=1:
// the INSERT returns only when every shard has stored its part. Without it
// the initiator queues the rows in local files and sends them later, so a
// write would not be visible to the next read (the data version changes
// before the rows arrive) and a shard's failure would never reach the
// loader. Sending to the shards directly would make the product hash
// sharding keys itself; the Distributed table already does that.

import (
	"context"
	"errors"
	"fmt"
	"industrydash/internal/msg"
	"regexp"
	"strings"
	"sync"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// localSuffix names the per-node table behind a Distributed table.
const localSuffix = "_local"

// defaultShardingKey spreads rows of tables without a declared key evenly.
// Any key gives correct answers (see above); a key matters for balance, for
// keeping a series on one shard, and for newer releases that can skip
// shards (optimize_skip_unused_shards, which 18.16 does not know).
const defaultShardingKey = "rand()"

// shardingKeys is the sharding key of each table that needs one other than
// defaultShardingKey. Keys are deterministic where a retried insert must
// land on the same shard as before, so that the replicated table's block
// de-duplication can drop an identical block sent twice.
var shardingKeys = map[string]string{
	// A series' revisions stay together; dashboards read whole series.
	"observations":     "cityHash64(indicator, org_unit)", // until 0014
	"observation_rows": "cityHash64(indicator, org_unit)",
	// An enterprise's readings and their corrections (−1/+1 rows) on one
	// shard; the big table, balanced across shards by enterprise.
	"leading_power": "cityHash64(enterprise)",
	// Filled on each shard by its materialized view, never inserted into
	// through the Distributed table: the key is only declared.
	"leading_power_daily":       "cityHash64(district, chain)",
	"leading_power_daily_batch": "cityHash64(district, chain)",
	"leading_open_batches":      "cityHash64(batch_id)",
	"leading_prices":            "cityHash64(commodity)",
	"targets":                   "cityHash64(indicator, org_unit)",
	// Small tables replaced by key: one key's versions together.
	"org_units":            "cityHash64(code)",
	"indicators":           "cityHash64(code)",
	"leading_enterprises":  "cityHash64(code)",
	"users":                "cityHash64(id)",
	"sessions":             "cityHash64(id)",
	"api_tokens":           "cityHash64(id)",
	"submissions_v2":       "cityHash64(id)",
	"submission_events_v2": "cityHash64(submission_id)",
}

// ShardingKey returns the sharding key of table in cluster mode.
func ShardingKey(table string) string {
	if k, ok := shardingKeys[table]; ok {
		return k
	}
	return defaultShardingKey
}

var (
	createTableRE  = regexp.MustCompile(`(?is)^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\(`)
	engineRE       = regexp.MustCompile(`(?is)\bENGINE\s*=\s*((?:Replacing|Summing|Aggregating|Collapsing|VersionedCollapsing|Graphite)?MergeTree)\s*(\()?`)
	createMVRE     = regexp.MustCompile(`(?is)^CREATE\s+MATERIALIZED\s+VIEW\s+(IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)\s+TO\s+([A-Za-z_][A-Za-z0-9_]*)\s+AS\s+(.*)$`)
	anyMVRE        = regexp.MustCompile(`(?is)^CREATE\s+MATERIALIZED\s+VIEW\b`)
	insertSelectRE = regexp.MustCompile(`(?is)^INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)(\s.*\bSELECT\b.*)$`)
	alterRE        = regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+([A-Za-z_][A-Za-z0-9_]*)(\s.*)$`)
	dropRE         = regexp.MustCompile(`(?is)^DROP\s+TABLE\s+(IF\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*$`)
	fromJoinRE     = regexp.MustCompile(`(?i)\b(FROM|JOIN)(\s+)([A-Za-z_][A-Za-z0-9_]*)\b`)
)

// ClusterRewrite rewrites single-node migrations for cluster mode (see the
// comment at the top of this file) for database db on cluster: every
// statement of the result runs on every node of the cluster, in order.
// It reads all migrations, because a later ALTER or view must know which
// tables an earlier migration made distributed.
func ClusterRewrite(migs []Migration, db, cluster string) ([]Migration, error) {
	distributed := map[string]bool{}
	out := make([]Migration, len(migs))
	for i, m := range migs {
		out[i] = Migration{Version: m.Version, Name: m.Name}
		for n, stmt := range m.Statements {
			stmts, err := rewriteStatement(stmt, db, cluster, distributed)
			if err != nil {
				return nil, fmt.Errorf("migration %s statement %d: %w", m.Name, n+1, err)
			}
			out[i].Statements = append(out[i].Statements, stmts...)
		}
	}
	return out, nil
}

// rewriteStatement rewrites one statement; distributed records the tables
// made distributed so far.
func rewriteStatement(stmt, db, cluster string, distributed map[string]bool) ([]string, error) {
	stmt = strings.TrimSpace(stmt)
	if m := createTableRE.FindStringSubmatchIndex(stmt); m != nil {
		return rewriteCreate(stmt, m, db, cluster, distributed)
	}
	if m := createMVRE.FindStringSubmatch(stmt); m != nil {
		target, sel := m[3], m[4]
		if distributed[target] {
			target += localSuffix
		}
		sel = fromJoinRE.ReplaceAllStringFunc(sel, func(s string) string {
			p := fromJoinRE.FindStringSubmatch(s)
			if distributed[p[3]] {
				return p[1] + p[2] + p[3] + localSuffix
			}
			return s
		})
		return []string{"CREATE MATERIALIZED VIEW " + m[1] + m[2] + " TO " + target + " AS " + sel}, nil
	}
	if anyMVRE.MatchString(stmt) {
		return nil, fmt.Errorf("cluster mode: a materialized view must write TO a table (CREATE MATERIALIZED VIEW v TO t AS SELECT …), so that t can be made replicated and distributed")
	}
	if m := alterRE.FindStringSubmatch(stmt); m != nil && distributed[m[1]] {
		return []string{"ALTER TABLE " + m[1] + localSuffix + m[2], stmt}, nil
	}
	if m := insertSelectRE.FindStringSubmatch(stmt); m != nil && distributed[m[1]] {
		// A backfill: every node copies its own shard, local to local
		// (the Distributed tables would copy every shard on every node).
		rest := fromJoinRE.ReplaceAllStringFunc(m[2], func(s string) string {
			p := fromJoinRE.FindStringSubmatch(s)
			if distributed[p[3]] {
				return p[1] + p[2] + p[3] + localSuffix
			}
			return s
		})
		return []string{"INSERT INTO " + m[1] + localSuffix + rest}, nil
	}
	if m := dropRE.FindStringSubmatch(stmt); m != nil && distributed[m[2]] {
		delete(distributed, m[2])
		return []string{stmt, "DROP TABLE " + m[1] + m[2] + localSuffix}, nil
	}
	return []string{stmt}, nil
}

// rewriteCreate rewrites a CREATE TABLE whose name match is m.
func rewriteCreate(stmt string, m []int, db, cluster string, distributed map[string]bool) ([]string, error) {
	name, ifNot := stmt[m[4]:m[5]], ""
	if m[2] >= 0 {
		ifNot = "IF NOT EXISTS "
	}
	e := engineRE.FindStringSubmatchIndex(stmt)
	if e == nil {
		return []string{stmt}, nil // not a MergeTree table (Memory, Log, …): as is on every node
	}
	kind := stmt[e[2]:e[3]]
	local := name + localSuffix
	path := fmt.Sprintf("'/clickhouse/tables/{shard}/%s/%s', '{replica}'", db, local)
	var engine string
	rest := stmt[e[1]:]
	if e[4] >= 0 { // ENGINE = XMergeTree( args ) …
		closeAt, err := matchParen(stmt, e[4])
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", name, err)
		}
		args := strings.TrimSpace(stmt[e[5]:closeAt])
		engine = "ENGINE = Replicated" + kind + "(" + path
		if args != "" {
			engine += ", " + args
		}
		engine += ")"
		rest = stmt[closeAt+1:]
	} else {
		engine = "ENGINE = Replicated" + kind + "(" + path + ")"
		rest = stmt[e[3]:]
	}
	localStmt := stmt[:m[4]] + local + stmt[m[5]:e[0]] + engine + rest
	dist := fmt.Sprintf("CREATE TABLE %s%s AS %s ENGINE = Distributed(%s, %s, %s, %s)",
		ifNot, name, local, cluster, db, local, ShardingKey(name))
	distributed[name] = true
	return []string{localStmt, dist}, nil
}

// matchParen returns the index of the ')' closing the '(' at open,
// skipping quoted strings.
func matchParen(s string, open int) (int, error) {
	depth := 0
	var quote byte
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("unbalanced parentheses in the ENGINE clause")
}

// node is one server of the cluster, as system.clusters lists it.
type node struct {
	shard   uint32
	replica uint32
	addr    string // host:port (native protocol)
}

// clusterNodes reads the cluster's nodes from system.clusters on the server
// of the DSN.
func (s *Store) clusterNodes(ctx context.Context) ([]node, error) {
	rows, err := s.conn.Query(ctx,
		"SELECT shard_num, replica_num, host_address, port FROM system.clusters WHERE cluster = ? ORDER BY shard_num, replica_num",
		s.cfg.Cluster)
	if err != nil {
		return nil, fmt.Errorf("read system.clusters: %w", err)
	}
	defer rows.Close()
	var out []node
	for rows.Next() {
		var n node
		var host string
		var port uint16
		if err := rows.Scan(&n.shard, &n.replica, &host, &port); err != nil {
			return nil, fmt.Errorf("read system.clusters: %w", err)
		}
		if strings.Contains(host, ":") { // IPv6
			host = "[" + host + "]"
		}
		n.addr = fmt.Sprintf("%s:%d", host, port)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read system.clusters: %w", err)
	}
	if len(out) == 0 {
		return nil, invalid("Migrate", nil, msg.CHNoCluster, s.addr, s.cfg.Cluster)
	}
	return out, nil
}

// onEveryNode runs fn with a connection to each node of the cluster (the
// DSN's database, created where missing), on all nodes at once: fn must be
// safe for concurrent use. It returns the nodes' errors joined.
func (s *Store) onEveryNode(ctx context.Context, fn func(addr string, conn driver.Conn) error) error {
	nodes, err := s.clusterNodes(ctx)
	if err != nil {
		return err
	}
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.onNode(ctx, n.addr, fn)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// onNode runs fn with a connection to the DSN's database on the node at
// addr, creating the database first when it is missing.
func (s *Store) onNode(ctx context.Context, addr string, fn func(addr string, conn driver.Conn) error) error {
	opts, err := parseDSN(s.cfg)
	if err != nil {
		return err
	}
	opts.Addr = []string{addr}
	opts.MaxOpenConns, opts.MaxIdleConns = 1, 1
	opts.Auth.Database = ""
	conn, err := ch.Open(opts)
	if err != nil {
		return fmt.Errorf("connect to cluster node %s: %w", addr, err)
	}
	err = conn.Exec(ctx, "CREATE DATABASE IF NOT EXISTS `"+s.database+"`")
	conn.Close()
	if err != nil {
		return fmt.Errorf("cluster node %s: create database %s: %w", addr, s.database, err)
	}
	opts.Auth.Database = s.database
	conn, err = ch.Open(opts)
	if err != nil {
		return fmt.Errorf("connect to cluster node %s: %w", addr, err)
	}
	defer conn.Close()
	return fn(addr, conn)
}

// ShardCounts returns, per shard number, how many rows the local table
// behind table holds on that shard (cluster mode only): a check that rows
// are really spread over the shards.
func (s *Store) ShardCounts(ctx context.Context, table string) (map[uint32]uint64, error) {
	if s.cfg.Cluster == "" {
		return nil, fmt.Errorf("ShardCounts: not in cluster mode")
	}
	if !identRE.MatchString(table) {
		return nil, fmt.Errorf("ShardCounts: bad table name %q", table)
	}
	nodes, err := s.clusterNodes(ctx)
	if err != nil {
		return nil, err
	}
	byAddr := map[string]uint32{}
	for _, n := range nodes {
		byAddr[n.addr] = n.shard
	}
	out := map[uint32]uint64{}
	var mu sync.Mutex
	err = s.onEveryNode(ctx, func(addr string, conn driver.Conn) error {
		var c uint64
		if err := conn.QueryRow(ctx, "SELECT count() FROM "+table+localSuffix).Scan(&c); err != nil {
			return fmt.Errorf("count %s on %s: %w", table, addr, err)
		}
		mu.Lock()
		defer mu.Unlock()
		if shard := byAddr[addr]; c > out[shard] { // replicas of a shard hold the same rows
			out[shard] = c
		}
		return nil
	})
	return out, err
}
