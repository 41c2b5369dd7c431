package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/testenv/pgtest"
)

// Issue 24, finding 4: `server audit verify` says the log is intact, and
// after someone with the database's full rights edits an entry, names it
// and exits 1.
func TestAuditVerifyCommand(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	dir := filepath.Join(t.TempDir(), "data")
	var out, errb bytes.Buffer
	cmd := func(args ...string) int {
		out.Reset()
		errb.Reset()
		args = append(args[:2:2], append([]string{"-data", dir, "-postgres", dsn, "-demo=false"}, args[2:]...)...)
		if args[0] == "user" {
			p := filepath.Join(t.TempDir(), "pw")
			os.WriteFile(p, []byte("Verify#Admin-2024\n"), 0o600)
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			return runUser(args[1:], f, &out, &errb)
		}
		return run(args, &out, &errb)
	}
	for _, name := range []string{"root", "kun", "bao"} {
		if c := cmd("user", "add", "-name", name, "-role", "leader"); c != 0 {
			t.Fatalf("add %s: %s", name, errb.String())
		}
	}
	if c := cmd("audit", "verify"); c != 0 || !strings.Contains(out.String(), "操作日志完整：核对 3 条") || !strings.Contains(out.String(), "第 3 条") {
		t.Fatalf("verify an intact log: %d %s %s", c, out.String(), errb.String())
	}
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `SET session_replication_role = replica; UPDATE audit_log SET new_value = '角色=admin' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if c := cmd("audit", "verify"); c != 1 || !strings.Contains(out.String(), "第一处问题在第 2 条") || !strings.Contains(out.String(), "被改动") {
		t.Fatalf("verify a tampered log: %d %s %s", c, out.String(), errb.String())
	}
}
