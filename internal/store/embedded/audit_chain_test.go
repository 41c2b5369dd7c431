package embedded_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
)

// Issue 24, finding 4: the embedded store's audit log has no update path;
// an entry edited or removed in the file is found by verification, which
// names the first broken link.
func TestEmbeddedAuditVerifyNamesTheFirstBrokenLink(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		f       func(e map[string]any) map[string]any
		seq     int64
		problem store.AuditProblem
	}{
		{"changed", func(e map[string]any) map[string]any {
			if e["seq"].(float64) == 3 {
				e["new"] = "改过"
			}
			return e
		}, 3, store.AuditChanged},
		{"removed", func(e map[string]any) map[string]any {
			if e["seq"].(float64) == 2 {
				return nil
			}
			return e
		}, 3, store.AuditGap},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openDir(t, t.TempDir())
			for i := range 5 {
				at := time.Date(2024, 1, 1+i, 9, 0, 0, 0, time.UTC)
				if err := s.AppendAudit(ctx, store.AuditEntry{At: at, Actor: "admin", Action: "user.add", Object: fmt.Sprintf("user:u%d", i+1)}); err != nil {
					t.Fatal(err)
				}
			}
			if v, err := store.VerifyAudit(ctx, s); err != nil || v.Broken != nil || v.Checked != 5 {
				t.Fatalf("before tampering: %+v %v", v, err)
			}
			if err := embedded.RewriteAudit(s.Store.DB, c.f); err != nil {
				t.Fatal(err)
			}
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
