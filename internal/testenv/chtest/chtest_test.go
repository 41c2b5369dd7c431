package chtest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"industrydash/internal/testenv/chtest"
)

func TestMain(m *testing.M) { chtest.Main(m) }

func TestNewDatabase(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"server answers", "SELECT 1", "1"},
		{"database is the test's own", "SELECT currentDatabase() LIKE 't_testnewdatabase_%'", "1"},
	}
	dsn := chtest.NewDatabase(t)
	args, err := chtest.ClientArgs(dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.CommandContext(context.Background(), args[0], append(args[1:], "--query", tc.query)...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("clickhouse-client: %v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != tc.want {
				t.Errorf("%s = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}

func TestClientArgs(t *testing.T) {
	tests := []struct {
		name string
		dsn  string
		want []string // expected to appear in order after the binary
	}{
		{"host port db", "clickhouse://default@127.0.0.1:19000/db1", []string{"--host", "127.0.0.1", "--port", "19000", "--user", "default", "--database", "db1"}},
		{"password", "clickhouse://u:p@h:9000/d", []string{"--host", "h", "--port", "9000", "--user", "u", "--password", "p", "--database", "d"}},
		{"default port", "clickhouse://h/d", []string{"--host", "h", "--port", "9000", "--database", "d"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args, err := chtest.ClientArgs(tc.dsn)
			if err != nil {
				t.Skipf("no client binary: %v", err)
			}
			got := strings.Join(args[len(args)-len(tc.want):], " ")
			if want := strings.Join(tc.want, " "); got != want {
				t.Errorf("args tail = %q, want %q", got, want)
			}
		})
	}
}

// TestMissingBinary re-runs this test binary with no usable server binary
// and checks that a missing ClickHouse skips locally and fails under CI.
func TestMissingBinary(t *testing.T) {
	if os.Getenv("CHTEST_CHILD") == "1" {
		chtest.NewDatabase(t)
		t.Fatal("NewDatabase returned without a server")
	}
	tests := []struct {
		name     string
		ci       string
		wantFail bool
		wantOut  string
	}{
		{"local run skips loudly", "", false, "SKIPPING ClickHouse test"},
		{"CI fails", "true", true, "CI=true, so this is a failure"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestMissingBinary$", "-test.v")
			cmd.Env = append(os.Environ(), "CHTEST_CHILD=1", "CI="+tc.ci,
				chtest.EnvServerBin+"=/nonexistent/clickhouse-server", chtest.EnvDSN+"=")
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != tc.wantFail {
				t.Fatalf("child failed = %v, want %v\n%s", failed, tc.wantFail, out)
			}
			if !strings.Contains(string(out), tc.wantOut) || !strings.Contains(string(out), "ensure-clickhouse.sh") {
				t.Fatalf("child output lacks %q and the install hint:\n%s", tc.wantOut, out)
			}
		})
	}
}
