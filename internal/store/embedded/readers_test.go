package embedded_test

import (
	"context"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
)

// TestReadersDoNotWaitForAWriter holds a write open inside its bbolt
// transaction (where the commit and its fsync would follow) and checks
// that reads of every kind complete meanwhile and see the state before the
// write; once it commits they see the write.
func TestReadersDoNotWaitForAWriter(t *testing.T) {
	ctx := context.Background()
	s := openDir(t, t.TempDir())
	if err := s.AppendObservations(ctx, []domain.Observation{obs("150202", 1, 10, t0)}); err != nil {
		t.Fatal(err)
	}
	inside, release := make(chan struct{}), make(chan struct{})
	embedded.SetWriteHook(s.Store.DB, func() {
		close(inside)
		<-release
	})
	wrote := make(chan error, 1)
	go func() { wrote <- s.AppendObservations(ctx, []domain.Observation{obs("150202", 2, 20, t0)}) }()
	<-inside
	embedded.SetWriteHook(s.Store.DB, nil) // the reads below must not trip it (they write nothing)

	// While the writer is inside its transaction: every read answers.
	cur, err := s.CurrentObservations(ctx, store.ObsFilter{})
	if err != nil || len(cur) != 1 {
		t.Fatalf("CurrentObservations during a write: %d rows, %v; want the 1 committed before", len(cur), err)
	}
	if _, err := s.DataVersion(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Users(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByID(ctx, "none"); err == nil {
		t.Fatal("SessionByID found a session in an empty store")
	}
	if _, err := s.AuditLog(ctx, store.AuditFilter{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if cur, _ := s.CurrentObservations(ctx, store.ObsFilter{}); len(cur) != 2 {
		t.Fatalf("after the commit: %d rows, want 2", len(cur))
	}
}
