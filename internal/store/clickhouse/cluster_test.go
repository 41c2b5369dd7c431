package clickhouse_test

import (
	"strings"
	"testing"

	"industrydash/internal/store/clickhouse"
	sqlfiles "industrydash/sql"
)

func TestClusterRewrite(t *testing.T) {
	one := func(src string) []string {
		t.Helper()
		stmts, err := clickhouse.SplitStatements(src)
		if err != nil {
			t.Fatal(err)
		}
		out, err := clickhouse.ClusterRewrite([]clickhouse.Migration{{Version: 1, Name: "0001_x.sql", Statements: stmts}}, "db", "c1")
		if err != nil {
			t.Fatal(err)
		}
		return out[0].Statements
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"plain MergeTree with partition and order",
			"CREATE TABLE IF NOT EXISTS observations\n(\n    a String,\n    b Array(String)\n)\nENGINE = MergeTree()\nPARTITION BY year\nORDER BY (a, b);\n",
			[]string{
				"CREATE TABLE IF NOT EXISTS observations_local\n(\n    a String,\n    b Array(String)\n)\nENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db/observations_local', '{replica}')\nPARTITION BY year\nORDER BY (a, b)",
				"CREATE TABLE IF NOT EXISTS observations AS observations_local ENGINE = Distributed(c1, db, observations_local, cityHash64(indicator, org_unit))",
			}},
		{"engine arguments kept, nested parentheses, default key",
			"CREATE TABLE t (x Int64, y Int64) ENGINE = SummingMergeTree((x, y)) ORDER BY x;\n",
			[]string{
				"CREATE TABLE t_local (x Int64, y Int64) ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/db/t_local', '{replica}', (x, y)) ORDER BY x",
				"CREATE TABLE t AS t_local ENGINE = Distributed(c1, db, t_local, rand())",
			}},
		{"engine without parentheses",
			"CREATE TABLE t (v UInt64) ENGINE = ReplacingMergeTree ORDER BY v;\n",
			[]string{
				"CREATE TABLE t_local (v UInt64) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/db/t_local', '{replica}') ORDER BY v",
				"CREATE TABLE t AS t_local ENGINE = Distributed(c1, db, t_local, rand())",
			}},
		{"materialized view reads and writes the local tables",
			"CREATE TABLE s (d Date) ENGINE = MergeTree() ORDER BY d;\nCREATE TABLE t (d Date, n UInt64) ENGINE = SummingMergeTree(n) ORDER BY d;\n" +
				"CREATE MATERIALIZED VIEW IF NOT EXISTS v TO t\nAS SELECT d, count() AS n FROM s GROUP BY d;\n",
			[]string{
				"CREATE TABLE s_local (d Date) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db/s_local', '{replica}') ORDER BY d",
				"CREATE TABLE s AS s_local ENGINE = Distributed(c1, db, s_local, rand())",
				"CREATE TABLE t_local (d Date, n UInt64) ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/db/t_local', '{replica}', n) ORDER BY d",
				"CREATE TABLE t AS t_local ENGINE = Distributed(c1, db, t_local, rand())",
				"CREATE MATERIALIZED VIEW IF NOT EXISTS v TO t_local AS SELECT d, count() AS n FROM s_local GROUP BY d",
			}},
		{"alter and drop follow both tables; others unchanged",
			"CREATE TABLE t (v UInt64) ENGINE = MergeTree() ORDER BY v;\nALTER TABLE t ADD COLUMN w UInt8 DEFAULT 0 AFTER v;\nALTER TABLE other ADD COLUMN w UInt8;\nDROP TABLE IF EXISTS t;\nCREATE TABLE m (v UInt8) ENGINE = Memory;\n",
			[]string{
				"CREATE TABLE t_local (v UInt64) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db/t_local', '{replica}') ORDER BY v",
				"CREATE TABLE t AS t_local ENGINE = Distributed(c1, db, t_local, rand())",
				"ALTER TABLE t_local ADD COLUMN w UInt8 DEFAULT 0 AFTER v",
				"ALTER TABLE t ADD COLUMN w UInt8 DEFAULT 0 AFTER v",
				"ALTER TABLE other ADD COLUMN w UInt8",
				"DROP TABLE IF EXISTS t",
				"DROP TABLE IF EXISTS t_local",
				"CREATE TABLE m (v UInt8) ENGINE = Memory",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := one(tc.src)
			if strings.Join(got, "\n;;\n") != strings.Join(tc.want, "\n;;\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n;;\n"), strings.Join(tc.want, "\n;;\n"))
			}
		})
	}
}

// TestClusterRewriteShippedMigrations checks that every MergeTree table of
// the shipped migrations becomes a replicated local table plus a
// Distributed table, and that no statement is left naming a single-node
// MergeTree engine.
func TestClusterRewriteShippedMigrations(t *testing.T) {
	migs, err := clickhouse.LoadMigrations(sqlfiles.ClickHouse)
	if err != nil {
		t.Fatal(err)
	}
	out, err := clickhouse.ClusterRewrite(migs, "db", "c1")
	if err != nil {
		t.Fatal(err)
	}
	var creates, dists int
	for _, m := range out {
		for _, s := range m.Statements {
			up := strings.ToUpper(s)
			if strings.HasPrefix(up, "CREATE TABLE") && strings.Contains(up, "MERGETREE") {
				creates++
				if !strings.Contains(up, "ENGINE = REPLICATED") {
					t.Errorf("%s: not replicated: %s", m.Name, s)
				}
			}
			if strings.Contains(s, "ENGINE = Distributed(") {
				dists++
			}
			if strings.HasPrefix(up, "CREATE MATERIALIZED VIEW") && !strings.Contains(s, "_local") {
				t.Errorf("%s: view not over local tables: %s", m.Name, s)
			}
		}
	}
	if creates == 0 || creates != dists {
		t.Fatalf("%d replicated tables, %d distributed tables", creates, dists)
	}
}
