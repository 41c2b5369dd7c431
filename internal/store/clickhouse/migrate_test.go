package clickhouse_test

import (
	"context"
	"fmt"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"industrydash/internal/store/clickhouse"
	"industrydash/internal/testenv/chtest"
	sqlfiles "industrydash/sql"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    []string
		wantErr bool
	}{
		{"one statement", "CREATE TABLE a (x UInt8) ENGINE = Memory;\n", []string{"CREATE TABLE a (x UInt8) ENGINE = Memory"}, false},
		{"multi-line statements and comments",
			"-- header;\nCREATE TABLE a\n(\n    x UInt8 -- trailing; comment\n)\nENGINE = Memory;\n\n-- next\nCREATE TABLE b (y String) ENGINE = Memory;  \n",
			[]string{"CREATE TABLE a\n(\n    x UInt8 -- trailing; comment\n)\nENGINE = Memory", "CREATE TABLE b (y String) ENGINE = Memory"}, false},
		{"semicolon inside a line does not split", "SELECT ';' AS x, 1;\n", []string{"SELECT ';' AS x, 1"}, false},
		{"CRLF line ends", "SELECT 1;\r\nSELECT 2;\r\n", []string{"SELECT 1", "SELECT 2"}, false},
		{"only comments", "-- nothing here\n", nil, false},
		{"missing final semicolon", "SELECT 1;\nSELECT 2\n", nil, true},
		{"empty statement", "SELECT 1;\n;\n", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := clickhouse.SplitStatements(tc.src)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLoadMigrations(t *testing.T) {
	stmt := &fstest.MapFile{Data: []byte("SELECT 1;\n")}
	tests := []struct {
		name     string
		fsys     fstest.MapFS
		versions []int
		wantErr  string
	}{
		{"ordered", fstest.MapFS{"0002_b.sql": stmt, "0001_a.sql": stmt, "README.md": stmt}, []int{1, 2}, ""},
		{"gap", fstest.MapFS{"0001_a.sql": stmt, "0003_c.sql": stmt}, nil, "expected version 0002"},
		{"duplicate", fstest.MapFS{"0001_a.sql": stmt, "0001_b.sql": stmt}, nil, "expected version 0002"},
		{"bad name", fstest.MapFS{"1_a.sql": stmt}, nil, "name must look like"},
		{"empty file", fstest.MapFS{"0001_a.sql": &fstest.MapFile{Data: []byte("-- nothing\n")}}, nil, "no statements"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := clickhouse.LoadMigrations(tc.fsys)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.Version)
			}
			if !reflect.DeepEqual(got, tc.versions) {
				t.Fatalf("versions = %v, want %v", got, tc.versions)
			}
		})
	}
	t.Run("embedded migrations load", func(t *testing.T) {
		ms, err := clickhouse.LoadMigrations(sqlfiles.ClickHouse)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) < 2 || ms[0].Name != "0001_init.sql" {
			t.Fatalf("embedded migrations = %+v", ms)
		}
	})
}

// TestMigrateIntegration runs the real migrations on the real server.
func TestMigrateIntegration(t *testing.T) {
	ctx := context.Background()
	migrations, err := clickhouse.LoadMigrations(sqlfiles.ClickHouse)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// before runs on the fresh database before Migrate.
		before func(t *testing.T, dsn string)
	}{
		{"fresh database", func(*testing.T, string) {}},
		{"interrupted run: statements applied but not recorded", func(t *testing.T, dsn string) {
			for _, m := range migrations {
				for _, st := range m.Statements {
					runClient(t, dsn, st)
				}
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dsn := chtest.NewDatabase(t)
			tc.before(t, dsn)
			s, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			applied, expected, err := s.SchemaStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if applied != 0 || expected != len(migrations) {
				t.Fatalf("before Migrate: applied %d expected %d; want 0 and %d", applied, expected, len(migrations))
			}
			for i := 0; i < 2; i++ {
				if err := s.Migrate(ctx); err != nil {
					t.Fatalf("Migrate #%d: %v", i+1, err)
				}
			}
			applied, _, err = s.SchemaStatus(ctx)
			if err != nil || applied != len(migrations) {
				t.Fatalf("after Migrate: applied %d, err %v; want %d", applied, err, len(migrations))
			}
			tables := runClient(t, dsn, "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name")
			got := strings.Fields(tables)
			for _, want := range strings.Fields("api_tokens audit_log data_versions indicators ingest_batches observation_rows" +
				" org_units schema_migrations sessions submission_events submission_events_v2 submissions" +
				" submissions_v2 targets users") {
				if !slices.Contains(got, want) {
					t.Fatalf("tables = %v, want %s among them", got, want)
				}
			}
			if slices.Contains(got, "observations") {
				t.Fatalf("tables = %v: the by-year observations table is still there", got)
			}
		})
	}
}

// TestMigrateMovesObservationsByDecade upgrades a database at version 13
// holding observations of many years: 0014 moves every row into
// observation_rows (partitioned by decade, so 30 years make 4 parts, not
// 30) and drops the old table; a run interrupted after the drop, before
// the version was recorded, completes when run again.
func TestMigrateMovesObservationsByDecade(t *testing.T) {
	ctx := context.Background()
	migrations, err := clickhouse.LoadMigrations(sqlfiles.ClickHouse)
	if err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(migrations, func(m clickhouse.Migration) bool { return m.Name == "0014_observation_rows.sql" })
	if at < 0 {
		t.Fatal("no migration 0014_observation_rows.sql")
	}
	for _, interrupted := range []bool{false, true} {
		t.Run(map[bool]string{false: "upgrade", true: "interrupted after the drop"}[interrupted], func(t *testing.T) {
			dsn := chtest.NewDatabase(t)
			for _, m := range migrations[:at] {
				for _, st := range m.Statements {
					runClient(t, dsn, st)
				}
				runClient(t, dsn, fmt.Sprintf("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, '%s', now())", m.Version, m.Name))
			}
			runClient(t, dsn, "INSERT INTO observations (indicator, org_unit, year, month_from, month_to, value_type, value, recorded_ns, seq, yoy_pct, has_yoy_pct) "+
				"SELECT 'ind', '150200', toUInt16(1995 + number % 30), 1, toUInt8(1 + number % 12), '当月', number, 1000 + number, number, number / 10, number % 2 FROM system.numbers LIMIT 3000")
			want := runClient(t, dsn, rowsDigest+"observations")
			if interrupted {
				for _, st := range migrations[at].Statements {
					runClient(t, dsn, st)
				}
			}
			s, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			if got := runClient(t, dsn, rowsDigest+"observation_rows"); got != want {
				t.Fatalf("observation_rows holds %q, the old table held %q", got, want)
			}
			if n := runClient(t, dsn, "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'observations'"); strings.TrimSpace(n) != "0" {
				t.Fatal("the by-year table is still there")
			}
			parts := runClient(t, dsn, "SELECT uniqExact(partition) FROM system.parts WHERE database = currentDatabase() AND table = 'observation_rows' AND active")
			if strings.TrimSpace(parts) != "4" {
				t.Fatalf("30 years in %s partitions, want 4 decades", strings.TrimSpace(parts))
			}
		})
	}
}

// rowsDigest counts observation rows and sums a hash of every column
// (integer sums: the same whatever order the rows are read in).
const rowsDigest = "SELECT count(), sum(cityHash64(indicator, org_unit, year, month_from, month_to, value_type, value, " +
	"submitted_value, submitted_unit, source, batch_id, submission_id, recorded_at, recorded_ns, seq, recorded_by, note, demo, " +
	"yoy_pct, has_yoy_pct)) FROM "

// runClient runs one query with the real clickhouse-client and returns its output.
func runClient(t *testing.T, dsn, query string) string {
	t.Helper()
	args, err := chtest.ClientArgs(dsn)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(args[0], append(args[1:], "--query", query)...).CombinedOutput()
	if err != nil {
		t.Fatalf("clickhouse-client %q: %v\n%s", query, err, out)
	}
	return string(out)
}
