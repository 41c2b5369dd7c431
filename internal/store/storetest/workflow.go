package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// change builds the workflow step that stores sub with its event and audit
// entry.
func change(sub store.Submission, action, from string) store.SubmissionChange {
	return store.SubmissionChange{
		Submission: sub,
		Event: store.SubmissionEvent{SubmissionID: sub.ID, Action: action, FromStatus: from, ToStatus: sub.Status,
			Actor: sub.UpdatedBy, At: sub.UpdatedAt},
		Audit: []store.AuditEntry{{At: sub.UpdatedAt, Actor: sub.UpdatedBy, Role: store.RoleAnalyst,
			Action: "submission." + action, Object: "submission:" + sub.ID, Old: from, New: sub.Status}},
	}
}

func testApplySubmission(t *testing.T, open func(t *testing.T) store.Workflow) {
	p := domain.Month(2024, 5)
	t.Run("version, event and audit entry are stored together", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		v1 := mkSub("x", "150202", p, store.StatusSubmitted, 1)
		must(t, s.ApplySubmission(ctx, change(v1, "submit", store.StatusDraft)), "ApplySubmission v1")
		got, err := s.SubmissionByID(ctx, "x")
		must(t, err, "SubmissionByID")
		equalSubs(t, "after v1", []store.Submission{got}, []store.Submission{v1})
		evs, err := s.SubmissionEvents(ctx, "x")
		must(t, err, "SubmissionEvents")
		if len(evs) != 1 || evs[0].Action != "submit" || evs[0].ToStatus != store.StatusSubmitted {
			t.Fatalf("events = %+v, want the submit event", evs)
		}
		log, err := s.AuditLog(ctx, store.AuditFilter{})
		must(t, err, "AuditLog")
		if len(log) != 1 || log[0].Action != "submission.submit" || log[0].Object != "submission:x" {
			t.Fatalf("audit = %+v, want the submit entry", log)
		}
		if n, err := s.OutboxBacklog(ctx); err != nil || n != 0 {
			t.Fatalf("OutboxBacklog = %d, %v; a change without Publish queues nothing", n, err)
		}
	})
	t.Run("a stale version changes nothing", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		v1 := mkSub("x", "150202", p, store.StatusSubmitted, 1)
		must(t, s.ApplySubmission(ctx, change(v1, "submit", store.StatusDraft)), "ApplySubmission v1")
		again := change(mkSub("x", "150202", p, store.StatusApproved, 1), "approve", store.StatusSubmitted)
		again.Publish, again.PublishAt = true, at(9)
		isConflict(t, "ApplySubmission v1 again", s.ApplySubmission(ctx, again))
		skip := change(mkSub("x", "150202", p, store.StatusApproved, 3), "approve", store.StatusSubmitted)
		isConflict(t, "ApplySubmission v3 over v1", s.ApplySubmission(ctx, skip))
		got, err := s.SubmissionByID(ctx, "x")
		must(t, err, "SubmissionByID")
		equalSubs(t, "after the conflicts", []store.Submission{got}, []store.Submission{v1})
		evs, _ := s.SubmissionEvents(ctx, "x")
		log, _ := s.AuditLog(ctx, store.AuditFilter{})
		n, _ := s.OutboxBacklog(ctx)
		if len(evs) != 1 || len(log) != 1 || n != 0 {
			t.Fatalf("after refused changes: %d events, %d audit entries, %d queued; want 1, 1, 0", len(evs), len(log), n)
		}
	})
	t.Run("all or nothing when a part is invalid", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		c := change(mkSub("x", "150202", p, store.StatusSubmitted, 1), "submit", store.StatusDraft)
		c.Audit = append(c.Audit, store.AuditEntry{At: at(3), Actor: "a"}) // no Action: invalid
		if err := s.ApplySubmission(ctx, c); err == nil {
			t.Fatal("a change with an audit entry lacking its action was accepted")
		}
		if _, err := s.SubmissionByID(ctx, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the submission was stored although its audit entry was refused (err %v)", err)
		}
		evs, _ := s.SubmissionEvents(ctx, "x")
		log, _ := s.AuditLog(ctx, store.AuditFilter{})
		if len(evs) != 0 || len(log) != 0 {
			t.Fatalf("a refused change left %d events and %d audit entries", len(evs), len(log))
		}
	})
	t.Run("publish queues the values of the version", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		v1 := mkSub("x", "150202", p, store.StatusSubmitted, 1)
		must(t, s.ApplySubmission(ctx, change(v1, "submit", store.StatusDraft)), "ApplySubmission v1")
		v2 := v1
		v2.Status, v2.Version, v2.UpdatedAt = store.StatusApproved, 2, at(4)
		c := change(v2, "approve", store.StatusSubmitted)
		c.Publish, c.PublishAt = true, at(4).In(domain.Beijing)
		must(t, s.ApplySubmission(ctx, c), "ApplySubmission approve")
		n, err := s.OutboxBacklog(ctx)
		must(t, err, "OutboxBacklog")
		if n != 1 {
			t.Fatalf("OutboxBacklog = %d, want 1", n)
		}
		list, err := s.OutboxEntries(ctx, "x")
		must(t, err, "OutboxEntries")
		if len(list) != 1 {
			t.Fatalf("OutboxEntries = %+v, want one", list)
		}
		e := list[0]
		if e.SubmissionID != "x" || e.Version != 2 || !normTime(e.RecordedAt).Equal(normTime(at(4))) || e.RecordedAt.Location() != time.UTC ||
			!e.PublishedAt.IsZero() || e.Attempts != 0 || e.Seq < 1 {
			t.Fatalf("outbox entry %+v: want submission x v2 recorded at %v (UTC), pending", e, at(4))
		}
		equalObs(t, "outbox values", e.Values, v2.Values)
		if got := e.BatchID(); got != "submission:x:v2" {
			t.Fatalf("BatchID = %q", got)
		}
	})
	t.Run("concurrent changes of one version: exactly one wins", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		v1 := mkSub("x", "150202", p, store.StatusSubmitted, 1)
		must(t, s.ApplySubmission(ctx, change(v1, "submit", store.StatusDraft)), "ApplySubmission v1")
		const n = 10
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v2 := v1
				v2.Status, v2.Version, v2.UpdatedBy, v2.UpdatedAt = store.StatusApproved, 2, fmt.Sprintf("analyst%d", i), at(5+i)
				c := change(v2, "approve", store.StatusSubmitted)
				c.Publish, c.PublishAt = true, at(5+i)
				errs[i] = s.ApplySubmission(ctx, c)
			}()
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, store.ErrConflict):
				t.Fatalf("approval %d: %v, want nil or ErrConflict", i, err)
			}
		}
		if won != 1 {
			t.Fatalf("%d approvals succeeded, want exactly 1", won)
		}
		evs, _ := s.SubmissionEvents(ctx, "x")
		list, _ := s.OutboxEntries(ctx, "x")
		log, _ := s.AuditLog(ctx, store.AuditFilter{Action: "submission.approve"})
		if len(evs) != 2 || len(list) != 1 || len(log) != 1 {
			t.Fatalf("after the race: %d events, %d outbox entries, %d approval audit entries; want 2, 1, 1", len(evs), len(list), len(log))
		}
	})
}

// queue approves n submissions, each queuing its values.
func queue(t *testing.T, s store.Workflow, n int) []store.Submission {
	t.Helper()
	ctx := ctxOf(t)
	var out []store.Submission
	for i := range n {
		sub := mkSub(fmt.Sprintf("s%d", i), "150202", domain.Month(2024, 1+i), store.StatusApproved, 1)
		c := change(sub, "approve", store.StatusSubmitted)
		c.Publish, c.PublishAt = true, at(10+i)
		must(t, s.ApplySubmission(ctx, c), "ApplySubmission "+sub.ID)
		out = append(out, sub)
	}
	return out
}

func seqs(list []store.OutboxEntry) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.SubmissionID)
	}
	return out
}

func testOutbox(t *testing.T, open func(t *testing.T) store.Workflow) {
	now := at(100)
	t.Run("empty", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		n, err := s.OutboxBacklog(ctx)
		must(t, err, "OutboxBacklog")
		got, err := s.ClaimOutbox(ctx, "a", now, time.Minute, 10)
		must(t, err, "ClaimOutbox")
		if n != 0 || len(got) != 0 {
			t.Fatalf("empty outbox: backlog %d, claimed %v", n, seqs(got))
		}
		isNotFound(t, "MarkPublished unknown", s.MarkPublished(ctx, 42, now))
	})
	t.Run("leased to one owner at a time, oldest first", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		queue(t, s, 3)
		got, err := s.ClaimOutbox(ctx, "a", now, time.Minute, 2)
		must(t, err, "ClaimOutbox a")
		if !reflect.DeepEqual(seqs(got), []string{"s0", "s1"}) || got[0].Seq >= got[1].Seq {
			t.Fatalf("a claimed %v (seq %+v), want s0, s1 in order", seqs(got), got)
		}
		got, err = s.ClaimOutbox(ctx, "b", now.Add(30*time.Second), time.Minute, 10)
		must(t, err, "ClaimOutbox b")
		if !reflect.DeepEqual(seqs(got), []string{"s2"}) {
			t.Fatalf("b claimed %v while a holds s0, s1; want only s2", seqs(got))
		}
		got, err = s.ClaimOutbox(ctx, "b", now.Add(2*time.Minute), time.Minute, 10)
		must(t, err, "ClaimOutbox b later")
		if !reflect.DeepEqual(seqs(got), []string{"s0", "s1", "s2"}) {
			t.Fatalf("after a's lease ran out b claimed %v, want s0, s1 and its own s2 again", seqs(got))
		}
	})
	t.Run("release counts the attempt and frees the entry", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		queue(t, s, 1)
		got, err := s.ClaimOutbox(ctx, "a", now, time.Hour, 10)
		must(t, err, "ClaimOutbox")
		if len(got) != 1 {
			t.Fatalf("claimed %v", seqs(got))
		}
		must(t, s.ReleaseOutbox(ctx, got[0].Seq, "a", "ClickHouse 不可用"), "ReleaseOutbox")
		again, err := s.ClaimOutbox(ctx, "b", now, time.Hour, 10)
		must(t, err, "ClaimOutbox after release")
		if len(again) != 1 || again[0].Attempts != 1 || again[0].LastError != "ClickHouse 不可用" {
			t.Fatalf("after a release b claimed %+v, want the entry with 1 attempt and the error", again)
		}
		// A release by an owner that no longer holds the lease does not free it.
		must(t, s.ReleaseOutbox(ctx, again[0].Seq, "a", "late"), "ReleaseOutbox by a stale owner")
		if got, _ := s.ClaimOutbox(ctx, "c", now, time.Hour, 10); len(got) != 0 {
			t.Fatalf("c claimed %v although b holds the lease", seqs(got))
		}
	})
	t.Run("published entries leave the backlog", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		queue(t, s, 2)
		got, err := s.ClaimOutbox(ctx, "a", now, time.Minute, 10)
		must(t, err, "ClaimOutbox")
		must(t, s.MarkPublished(ctx, got[0].Seq, now.Add(time.Second)), "MarkPublished")
		n, err := s.OutboxBacklog(ctx)
		must(t, err, "OutboxBacklog")
		if n != 1 {
			t.Fatalf("backlog = %d after publishing one of two", n)
		}
		later, err := s.ClaimOutbox(ctx, "b", now.Add(time.Hour), time.Minute, 10)
		must(t, err, "ClaimOutbox later")
		if !reflect.DeepEqual(seqs(later), []string{"s1"}) {
			t.Fatalf("claimed %v after s0 was published, want s1", seqs(later))
		}
		list, err := s.OutboxEntries(ctx, "s0")
		must(t, err, "OutboxEntries")
		if len(list) != 1 || !normTime(list[0].PublishedAt).Equal(normTime(now.Add(time.Second))) {
			t.Fatalf("OutboxEntries(s0) = %+v, want it published at %v", list, now.Add(time.Second))
		}
	})
	t.Run("concurrent claims hand each entry to one owner", func(t *testing.T) {
		s := open(t)
		ctx := ctxOf(t)
		queue(t, s, 6)
		var mu sync.Mutex
		owner := map[int64]string{}
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("p%d", i)
				got, err := s.ClaimOutbox(ctx, name, now, time.Hour, 2)
				if err != nil {
					t.Errorf("ClaimOutbox %s: %v", name, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, e := range got {
					if prev, ok := owner[e.Seq]; ok {
						t.Errorf("entry %d claimed by %s and %s", e.Seq, prev, name)
					}
					owner[e.Seq] = name
				}
			}()
		}
		wg.Wait()
		// A claimer that lost every row it reached for gets fewer; whoever
		// comes next gets the rest, and no entry has two owners.
		rest, err := s.ClaimOutbox(ctx, "z", now, time.Hour, 10)
		must(t, err, "ClaimOutbox rest")
		for _, e := range rest {
			if prev, ok := owner[e.Seq]; ok {
				t.Errorf("entry %d claimed by %s and z", e.Seq, prev)
			}
			owner[e.Seq] = "z"
		}
		if len(owner) != 6 {
			t.Fatalf("%d of 6 entries were claimed", len(owner))
		}
	})
}

func testPurgeSessions(t *testing.T, open func(t *testing.T) store.Workflow) {
	s := open(t)
	ctx := ctxOf(t)
	old := store.Session{ID: "old", UserID: "u1", CreatedAt: at(1), ExpiresAt: at(2)}
	live := store.Session{ID: "live", UserID: "u1", CreatedAt: at(1), ExpiresAt: at(10)}
	edge := store.Session{ID: "edge", UserID: "u2", CreatedAt: at(1), ExpiresAt: at(5)}
	forever := store.Session{ID: "forever", UserID: "u2", CreatedAt: at(1)}
	for _, x := range []store.Session{old, live, edge, forever} {
		must(t, s.PutSession(ctx, x), "PutSession "+x.ID)
	}
	n, err := s.PurgeSessions(ctx, at(5))
	must(t, err, "PurgeSessions")
	if n != 1 {
		t.Fatalf("PurgeSessions(at 5) deleted %d, want 1 (only the one expired before)", n)
	}
	_, err = s.SessionByID(ctx, "old")
	isNotFound(t, "the expired session", err)
	for _, id := range []string{"live", "edge", "forever"} {
		if _, err := s.SessionByID(ctx, id); err != nil {
			t.Fatalf("session %s after the purge: %v", id, err)
		}
	}
	if n, err := s.PurgeSessions(ctx, at(5)); err != nil || n != 0 {
		t.Fatalf("second purge: %d, %v; want 0", n, err)
	}
}
