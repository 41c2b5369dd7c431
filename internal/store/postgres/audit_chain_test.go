package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/store"
	"industrydash/internal/store/postgres"
	"industrydash/internal/testenv/pgtest"
)

// chainOf opens a migrated store on a fresh database with five audit
// entries, and a plain connection to the same database.
func chainOf(t *testing.T) (*postgres.Store, *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	s, err := postgres.Open(ctx, postgres.Config{DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		at := time.Date(2024, 1, 1+i, 9, 0, 0, 0, time.UTC)
		if err := s.AppendAudit(ctx, store.AuditEntry{At: at, Actor: "admin", Action: "user.add", Object: fmt.Sprintf("user:u%d", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return s, conn
}

// Issue 24, finding 4: the application's database account cannot update,
// delete or truncate the audit log (nor its anchors), even though it owns
// the table.
func TestAuditLogRefusesChanges(t *testing.T) {
	ctx := context.Background()
	s, conn := chainOf(t)
	for _, q := range []string{
		`UPDATE audit_log SET actor = 'intruder' WHERE seq = 3`,
		`DELETE FROM audit_log WHERE seq = 3`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		`INSERT INTO audit_anchor (seq, hash, pruned_at, removed) VALUES (1, 'x', now(), 1)`, // allowed: insert-only
		`UPDATE audit_anchor SET hash = 'y'`,
		`DELETE FROM audit_anchor`,
	} {
		_, err := conn.Exec(ctx, q)
		insert := strings.HasPrefix(q, "INSERT")
		if insert != (err == nil) {
			t.Errorf("%s: %v", q, err)
		}
		if err != nil && !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s refused with %v, want the append-only trigger", q, err)
		}
	}
	// Old entries covered by an anchor may be pruned: the inserted anchor
	// covers seq 1, written in 2024 (older than 180 days).
	if _, err := conn.Exec(ctx, `DELETE FROM audit_log WHERE seq = 1`); err != nil {
		t.Errorf("pruning an anchored old entry: %v", err)
	}
	if _, err := conn.Exec(ctx, `DELETE FROM audit_log WHERE seq = 2`); err == nil {
		t.Error("deleted an entry no anchor covers")
	}
	es, err := s.AuditLog(ctx, store.AuditFilter{})
	if err != nil || len(es) != 4 {
		t.Fatalf("%d entries left (%v), want 4", len(es), err)
	}
}

// Issue 24, finding 4: verification names the first broken link when
// someone with the database's superuser rights edits or removes entries.
func TestAuditVerifyNamesTheFirstBrokenLink(t *testing.T) {
	ctx := context.Background()
	tamper := func(t *testing.T, conn *pgx.Conn, q string) {
		t.Helper()
		// Superuser only: skip triggers, as an intruder with full rights could.
		if _, err := conn.Exec(ctx, `SET session_replication_role = replica`); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name, sql string
		seq       int64
		problem   store.AuditProblem
	}{
		{"changed", `UPDATE audit_log SET new_value = '改过' WHERE seq = 3`, 3, store.AuditChanged},
		{"removed", `DELETE FROM audit_log WHERE seq = 2`, 3, store.AuditGap},
		{"removed and renumbered", `DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = seq - 1 WHERE seq > 2`, 2, store.AuditRelinked},
		{"rehashed alone", `UPDATE audit_log SET actor = 'x', hash = repeat('0', 64) WHERE seq = 4`, 4, store.AuditChanged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, conn := chainOf(t)
			if v, err := store.VerifyAudit(ctx, s); err != nil || v.Broken != nil || v.Checked != 5 {
				t.Fatalf("before tampering: %+v %v", v, err)
			}
			tamper(t, conn, c.sql)
			v, err := store.VerifyAudit(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if v.Broken == nil || v.Broken.Seq != c.seq || v.Problem != c.problem {
				t.Fatalf("verify after %s: broken %+v (%v), want seq %d %v", c.name, v.Broken, v.Problem, c.seq, c.problem)
			}
		})
	}
}
