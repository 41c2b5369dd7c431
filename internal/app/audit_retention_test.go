package app_test

import (
	"context"
	"testing"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/store"
	"industrydash/internal/testenv/seeded"
)

// Issue 24, finding 4: retention never goes below six months, whatever is
// asked; pruning is itself audited, and the chain still verifies.
func TestAuditRetentionKeepsSixMonths(t *testing.T) {
	ctx := context.Background()
	st := seeded.Store(t, false)
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{now.AddDate(-1, 0, 0), now.AddDate(0, -7, 0), now.AddDate(0, -5, 0), now.AddDate(0, 0, -1)} {
		if err := st.AppendAudit(ctx, store.AuditEntry{At: at, Actor: "admin", Action: "user.add", Object: at.Format("2006-01-02")}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := app.PruneAuditOnce(ctx, st, now, time.Hour) // asks for one hour: six months apply
	if err != nil || n != 2 {
		t.Fatalf("pruned %d (%v), want the 2 entries older than 180 days", n, err)
	}
	left, err := st.AuditLog(ctx, store.AuditFilter{})
	if err != nil || len(left) != 3 || left[0].Action != "audit.prune" {
		t.Fatalf("left %+v (%v), want the prune entry and 2 younger entries", left, err)
	}
	v, err := store.VerifyAudit(ctx, st)
	if err != nil || v.Broken != nil || v.Checked != 3 || v.Anchor.Removed != 2 {
		t.Fatalf("verify after pruning: %+v %v", v, err)
	}
}
