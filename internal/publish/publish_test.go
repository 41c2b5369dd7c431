package publish_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/publish"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
)

func open(t *testing.T) embedded.Combined {
	t.Helper()
	db, err := embedded.Open(embedded.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	st := db.Both()
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

var approvedAt = time.Date(2024, 7, 3, 9, 30, 0, 0, time.UTC)

// approve queues an approved submission with two values.
func approve(t *testing.T, st embedded.Combined, id string, v float64) store.SubmissionChange {
	t.Helper()
	p := domain.Month(2024, 6)
	vals := []domain.Observation{
		{Indicator: "industry.output_value", OrgUnit: "150202", Period: domain.Period{Year: 2024, From: 1, To: 6},
			ValueType: domain.ValueYTD, Value: v, SubmittedValue: v * 1e4, SubmittedUnit: "万元", Source: "web", RecordedBy: "dong"},
		{Indicator: "rare_earth.output_value", OrgUnit: "150202", Period: p,
			ValueType: domain.ValuePeriod, Value: v / 10, SubmittedValue: v * 1e3, SubmittedUnit: "万元", Source: "web", RecordedBy: "dong"},
	}
	c := store.SubmissionChange{
		Submission: store.Submission{ID: id, OrgUnit: "150202", Period: p, Status: store.StatusApproved, Values: vals,
			Version: 1, UpdatedAt: approvedAt, UpdatedBy: "chen"},
		Event:   store.SubmissionEvent{Action: "approve", Actor: "chen", At: approvedAt},
		Audit:   []store.AuditEntry{{At: approvedAt, Actor: "chen", Action: "submission.approve", Object: "submission:" + id}},
		Publish: true, PublishAt: approvedAt,
	}
	if err := st.ApplySubmission(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// rows counts the stored observations of a submission, every version of
// every key (not only the current ones).
func rows(t *testing.T, st embedded.Combined, id string) int {
	t.Helper()
	n := 0
	for _, ind := range []string{"industry.output_value", "rare_earth.output_value"} {
		hist, err := st.ObservationHistory(context.Background(), ind, "150202", 2024)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range hist {
			if o.SubmissionID == id {
				n++
			}
		}
	}
	return n
}

// flaky fails AppendObservations while down, and can fail after writing
// (the write landed, the answer was lost).
type flaky struct {
	publish.Facts
	down      atomic.Bool
	loseReply atomic.Bool
	appends   atomic.Int32
}

func (f *flaky) AppendObservations(ctx context.Context, obs []domain.Observation) error {
	if f.down.Load() {
		return fmt.Errorf("fact store: %w", store.ErrUnavailable)
	}
	f.appends.Add(1)
	if err := f.Facts.AppendObservations(ctx, obs); err != nil {
		return err
	}
	if f.loseReply.Load() {
		return fmt.Errorf("connection reset after the write: %w", store.ErrUnavailable)
	}
	return nil
}

func TestPublishWritesOnceAndRecordsTheBatch(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	approve(t, st, "s1", 100)
	p := publish.New(st, st, nil)
	n, err := p.Publish(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Publish = %d, %v; want 1 entry", n, err)
	}
	if got := rows(t, st, "s1"); got != 2 {
		t.Fatalf("%d rows of s1 stored, want 2", got)
	}
	cur, err := st.CurrentObservations(ctx, store.ObsFilter{OrgUnits: []string{"150202"}})
	if err != nil || len(cur) != 2 {
		t.Fatalf("current = %+v, %v", cur, err)
	}
	for _, o := range cur {
		if !o.RecordedAt.Equal(approvedAt) || o.BatchID != "submission:s1:v1" || o.RecordedBy != "dong" {
			t.Errorf("published row %+v: want recorded at the approval, batch submission:s1:v1, by the reporter", o)
		}
	}
	if n, err := st.OutboxBacklog(ctx); err != nil || n != 0 {
		t.Fatalf("backlog %d, %v after publishing", n, err)
	}
	batches, _ := st.ListBatches(ctx, 0)
	if len(batches) != 1 || batches[0].ID != "submission:s1:v1" || batches[0].Loaded != 2 {
		t.Fatalf("batches %+v, want the submission's batch with 2 rows", batches)
	}
	// Nothing left: a second pass writes nothing.
	if n, err := p.Publish(ctx); err != nil || n != 0 || rows(t, st, "s1") != 2 {
		t.Fatalf("second pass: %d, %v, %d rows", n, err, rows(t, st, "s1"))
	}
}

func TestPublishRetriesWithoutDuplicates(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	approve(t, st, "s1", 100)
	f := &flaky{Facts: st}
	p := publish.New(st, f, nil)

	// Down: the entry stays pending with its attempt recorded.
	f.down.Store(true)
	if n, err := p.Publish(ctx); n != 0 || !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Publish while down = %d, %v; want 0 and an unavailable error", n, err)
	}
	list, _ := st.OutboxEntries(ctx, "s1")
	if len(list) != 1 || list[0].Attempts != 1 || !list[0].PublishedAt.IsZero() || rows(t, st, "s1") != 0 {
		t.Fatalf("after a failed attempt: %+v, %d rows", list, rows(t, st, "s1"))
	}

	// Back, but the reply to the write is lost: the rows are in, the entry
	// is not marked.
	f.down.Store(false)
	f.loseReply.Store(true)
	if n, err := p.Publish(ctx); n != 0 || err == nil {
		t.Fatalf("Publish with a lost reply = %d, %v; want a failure", n, err)
	}
	if got := rows(t, st, "s1"); got != 2 {
		t.Fatalf("%d rows after the lost reply, want the 2 that landed", got)
	}

	// The retry finds them and only marks the entry.
	f.loseReply.Store(false)
	before := f.appends.Load()
	if n, err := p.Publish(ctx); n != 1 || err != nil {
		t.Fatalf("retry = %d, %v; want 1", n, err)
	}
	if f.appends.Load() != before {
		t.Error("the retry appended again although every value was already stored")
	}
	if got := rows(t, st, "s1"); got != 2 {
		t.Fatalf("%d rows of s1 after the retry, want 2 (no duplicates)", got)
	}
}

func TestPublishSkipsValuesAlreadyCurrent(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	c := approve(t, st, "s1", 100)
	// The same figures were loaded by ingest before the approval.
	pre := make([]domain.Observation, len(c.Submission.Values))
	for i, o := range c.Submission.Values {
		o.RecordedAt, o.BatchID = approvedAt.Add(-time.Hour), "ingest-1"
		pre[i] = o
	}
	if err := st.AppendObservations(ctx, pre); err != nil {
		t.Fatal(err)
	}
	if n, err := publish.New(st, st, nil).Publish(ctx); n != 1 || err != nil {
		t.Fatalf("Publish = %d, %v", n, err)
	}
	if got := rows(t, st, "s1"); got != 0 {
		t.Fatalf("%d rows written for values equal to the stored ones, want 0", got)
	}
}

// TestRunPublishes: Run publishes what is approved while it runs (at its
// first pass or on the Kick, whichever comes after the approval).
func TestRunPublishes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := open(t)
	p := publish.New(st, st, nil)
	done := make(chan struct{})
	go func() { p.Run(ctx, time.Hour); close(done) }()
	approve(t, st, "s1", 100)
	p.Kick()
	for rows(t, st, "s1") != 2 {
		select {
		case <-time.After(10 * time.Millisecond):
		case <-done:
			t.Fatal("Run returned early")
		}
	}
	cancel()
	<-done
}
