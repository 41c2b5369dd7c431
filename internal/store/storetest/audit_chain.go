package storetest

import (
	"fmt"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// testAuditChain: every append, alone, in batches or inside a submission
// change, extends one hash chain (Seq 1, 2, … with each entry linked to
// the one before); pruning removes the oldest entries and leaves an anchor
// from which the rest still verifies.
func testAuditChain(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	v, err := store.VerifyAudit(ctx, s)
	must(t, err, "VerifyAudit of an empty log")
	if v.Broken != nil || v.Checked != 0 {
		t.Fatalf("empty log: %+v", v)
	}
	// Two old entries (2024-01), then newer ones, appended in every way.
	old := time.Date(2024, 1, 5, 8, 0, 0, 0, time.UTC)
	en := func(at time.Time, action string) store.AuditEntry {
		return store.AuditEntry{At: at, Actor: "admin", Role: store.RoleAdmin, Action: action, Object: "o", IP: "10.0.0.1"}
	}
	must(t, s.AppendAudit(ctx, en(old, "user.add"), en(old.Add(time.Hour), "user.role")), "AppendAudit batch")
	must(t, s.AppendAudit(ctx, en(at(1), "session.login")), "AppendAudit")
	sub := store.Submission{ID: "150203-2024-03", OrgUnit: "150203", Period: domain.Month(2024, 3), Status: store.StatusDraft,
		Version: 1, CreatedBy: "r", CreatedAt: at(2), UpdatedBy: "r", UpdatedAt: at(2)}
	must(t, s.ApplySubmission(ctx, store.SubmissionChange{Submission: sub,
		Event: store.SubmissionEvent{SubmissionID: sub.ID, Action: "save", ToStatus: store.StatusDraft, Actor: "r", At: at(2)},
		Audit: []store.AuditEntry{en(at(2), "submission.save")}}), "ApplySubmission with audit")
	must(t, s.AppendAudit(ctx, en(at(3), "data.export")), "AppendAudit")

	var seqs []int64
	prev := ""
	must(t, s.WalkAudit(ctx, func(e store.AuditEntry) error {
		seqs = append(seqs, e.Seq)
		if e.PrevHash != prev || e.Hash != e.ChainHash(prev) || len(e.Hash) != 64 {
			t.Errorf("entry %d (%s) is not linked: prev %q, want %q", e.Seq, e.Action, e.PrevHash, prev)
		}
		prev = e.Hash
		return nil
	}), "WalkAudit")
	if fmt.Sprint(seqs) != "[1 2 3 4 5]" {
		t.Fatalf("seqs %v, want 1…5 in order", seqs)
	}
	v, err = store.VerifyAudit(ctx, s)
	must(t, err, "VerifyAudit")
	if v.Broken != nil || v.Checked != 5 || v.Head.Seq != 5 || v.Head.Hash != prev {
		t.Fatalf("verify: broken %+v (%v), checked %d, head %d", v.Broken, v.Problem, v.Checked, v.Head.Seq)
	}
	latest, err := s.AuditLog(ctx, store.AuditFilter{Limit: 1})
	must(t, err, "AuditLog")
	if len(latest) != 1 || latest[0].Seq != 5 || latest[0].Hash != prev {
		t.Fatalf("AuditLog does not return the chain fields: %+v", latest)
	}

	// Retention: prune what is older than 2024-02.
	anchor, n, err := s.PruneAudit(ctx, time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC))
	must(t, err, "PruneAudit")
	if n != 2 || anchor.Seq != 2 || anchor.Hash == "" || anchor.Removed != 2 {
		t.Fatalf("prune: %d removed, anchor %+v", n, anchor)
	}
	if got, err := s.AuditAnchor(ctx); err != nil || got.Seq != 2 || got.Hash != anchor.Hash {
		t.Fatalf("AuditAnchor = %+v %v", got, err)
	}
	if _, n, err := s.PruneAudit(ctx, time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)); err != nil || n != 0 {
		t.Fatalf("a second prune removed %d (%v)", n, err)
	}
	must(t, s.AppendAudit(ctx, en(at(4), "audit.export")), "AppendAudit after pruning")
	v, err = store.VerifyAudit(ctx, s)
	must(t, err, "VerifyAudit after pruning")
	if v.Broken != nil || v.Checked != 4 || v.Anchor.Seq != 2 || v.Head.Seq != 6 {
		t.Fatalf("after pruning: broken %+v (%v), checked %d, anchor %d, head %d", v.Broken, v.Problem, v.Checked, v.Anchor.Seq, v.Head.Seq)
	}
}
