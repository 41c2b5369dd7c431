package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/testenv/chtest"
	"industrydash/internal/testenv/pgtest"
)

// childEnv, when set, makes the test binary run the ingest command whose
// arguments it holds (JSON) instead of the tests: a real process a test can
// kill.
const childEnv = "INGEST_TEST_CHILD"

func TestMain(m *testing.M) {
	if raw := os.Getenv(childEnv); raw != "" {
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			os.Stderr.WriteString("bad " + childEnv + ": " + err.Error() + "\n")
			os.Exit(2)
		}
		os.Exit(run(args, os.Stdout, os.Stderr))
	}
	code := m.Run()
	pgtest.Shutdown()
	chtest.Shutdown()
	os.Exit(code)
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != exitOK {
		t.Fatalf("ingest %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out.String(), errb.String())
	}
	return out.String()
}

// clientCount reads a count back with the real clickhouse-client, not the Go driver.
func clientCount(t *testing.T, dsn, query string) string {
	t.Helper()
	args, err := chtest.ClientArgs(dsn)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(args[0], append(args[1:], "--query", query)...).CombinedOutput()
	if err != nil {
		t.Fatalf("clickhouse-client: %v: %s", err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestTargetsThenActualsIntoClickHouse(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir()) // the audit log's embedded store
	dsn := chtest.NewDatabase(t)
	runOK(t, "migrate", "-clickhouse", dsn)
	runOK(t, "targets", "-clickhouse", dsn)
	if n := clientCount(t, dsn, "SELECT count() FROM targets WHERE year = 2024"); n == "0" {
		t.Fatal("no targets in ClickHouse after ingest targets")
	}
	again := runOK(t, "targets", "-clickhouse", dsn)
	if !strings.Contains(again, "新增目标修订 0 项") {
		t.Errorf("reloading the same catalogue should add nothing, said: %s", again)
	}
	gbk := filepath.Join("..", "internal", "load", "testdata", "rare_earth_gbk.csv")
	out := runOK(t, "actuals", "-clickhouse", dsn, gbk)
	if !strings.Contains(out, "新增 3 条") {
		t.Fatalf("first load: %s", out)
	}
	if n := clientCount(t, dsn, "SELECT count() FROM observation_rows"); n != "3" {
		t.Fatalf("observations in ClickHouse = %s, want 3", n)
	}
	// 4,520,000 万元 in the GBK file is 452 亿元.
	if v := clientCount(t, dsn, "SELECT value FROM observation_rows WHERE month_to = 5"); v != "452" {
		t.Fatalf("1-5月 value = %s, want 452 (亿元)", v)
	}
	out = runOK(t, "actuals", "-clickhouse", dsn, gbk)
	if !strings.Contains(out, "新增 0 条") {
		t.Fatalf("second identical load: %s", out)
	}
	if n := clientCount(t, dsn, "SELECT count() FROM observation_rows"); n != "3" {
		t.Fatalf("a second identical load changed the row count to %s", n)
	}
}

func TestBadFileLoadsNothing(t *testing.T) {
	dir := t.TempDir()
	runOK(t, "targets", "-data", dir)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	writeFile(t, bad, "指标代码,地区,期间,数值,单位\nrare_earth.output_value,包头市,2024-03,100,亿元\nrare_earth.output_value,包头市,2024-04,12a,亿元\n")
	var out, errb bytes.Buffer
	if code := run([]string{"actuals", "-data", dir, bad}, &out, &errb); code != exitError {
		t.Fatalf("exit %d, want %d", code, exitError)
	}
	if !strings.Contains(out.String(), "第3行") || !strings.Contains(out.String(), "数值") {
		t.Fatalf("error should name row 3 and the 数值 column: %s", out.String())
	}
	// Nothing from the file, not even its good row, was written.
	good := filepath.Join(t.TempDir(), "good.csv")
	writeFile(t, good, "指标代码,地区,期间,数值,单位\nrare_earth.output_value,包头市,2024-03,100,亿元\n")
	if s := runOK(t, "actuals", "-data", dir, good); !strings.Contains(s, "新增 1 条") {
		t.Fatalf("the good row should be new after the rejected file: %s", s)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateAndAuditIntoPostgres: with -postgres, ingest migrate applies
// the workflow schema too and loads are audited there.
func TestMigrateAndAuditIntoPostgres(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir())
	ch, pg := chtest.NewDatabase(t), pgtest.NewDatabase(t)
	out := runOK(t, "migrate", "-clickhouse", ch, "-postgres", pg)
	if !strings.Contains(out, "PostgreSQL") {
		t.Fatalf("migrate did not report the PostgreSQL schema: %s", out)
	}
	runOK(t, "targets", "-clickhouse", ch, "-postgres", pg)
	conn, err := pgx.Connect(context.Background(), pg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM audit_log WHERE action = 'targets.load'").Scan(&n); err != nil || n == 0 {
		t.Fatalf("audit entries of the targets load in PostgreSQL: %d (%v), want at least 1", n, err)
	}
}
