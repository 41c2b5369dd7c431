// Package publish moves approved submission values from the workflow
// store's outbox into the fact store. Approval commits in the workflow store
// (PostgreSQL or embedded) with an outbox entry; a Publisher — one per server
// process, any number sharing one outbox — leases entries, writes their
// values to the fact store and marks them published, retrying while the
// fact store is down.
//
// Writing is idempotent per submission version: the published rows carry
// the entry's RecordedAt and its batch id, and before writing, the publisher
// reads the current values as of that time and skips every value already
// there (written by an earlier attempt that failed before marking the entry,
// or equal to what is stored, as an ingest load would). So nothing is
// written twice, however often an entry is retried.
package publish

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"slices"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Facts is what publishing needs from the fact store.
type Facts interface {
	CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error)
	AppendObservations(ctx context.Context, obs []domain.Observation) error
	RecordBatch(ctx context.Context, b store.Batch) error
}

// Publisher publishes outbox entries. It is safe for concurrent use.
type Publisher struct {
	out   store.Outbox
	facts Facts
	log   *slog.Logger
	owner string
	// Lease is how long a claimed entry stays ours (default 1 min).
	Lease time.Duration
	// Batch is how many entries one pass claims (default 50).
	Batch int
	now   func() time.Time
	wake  chan struct{}
}

// New returns a publisher from out to facts, with a unique owner name.
func New(out store.Outbox, facts Facts, log *slog.Logger) *Publisher {
	if log == nil {
		log = slog.Default()
	}
	host, _ := os.Hostname()
	var r [4]byte
	_, _ = rand.Read(r[:])
	return &Publisher{out: out, facts: facts, log: log, owner: fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(r[:])),
		Lease: time.Minute, Batch: 50, now: time.Now, wake: make(chan struct{}, 1)}
}

// Owner is the name this publisher leases entries under.
func (p *Publisher) Owner() string { return p.owner }

// Publish runs one pass: it claims pending entries and publishes each. It
// returns how many it published and the first failure (the failed entries
// stay pending, their attempt recorded).
func (p *Publisher) Publish(ctx context.Context) (int, error) {
	entries, err := p.out.ClaimOutbox(ctx, p.owner, p.now(), p.Lease, p.Batch)
	if err != nil {
		return 0, fmt.Errorf("publish: claim outbox: %w", err)
	}
	n := 0
	var first error
	for _, e := range entries {
		if err := p.publishEntry(ctx, e); err != nil {
			if first == nil {
				first = fmt.Errorf("publish submission %s v%d: %w", e.SubmissionID, e.Version, err)
			}
			// The attempt is recorded with a fresh context: ctx may be the
			// reason it failed.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if rerr := p.out.ReleaseOutbox(rctx, e.Seq, p.owner, msg.Text(err)); rerr != nil {
				p.log.Warn("publish: record failed attempt", "seq", e.Seq, "err", rerr)
			}
			cancel()
			continue
		}
		if err := p.out.MarkPublished(ctx, e.Seq, p.now()); err != nil {
			// The values are in; the next pass finds them and only marks.
			if first == nil {
				first = fmt.Errorf("publish: mark entry %d published: %w", e.Seq, err)
			}
			continue
		}
		n++
	}
	return n, first
}

// publishEntry writes the values of e the fact store lacks.
func (p *Publisher) publishEntry(ctx context.Context, e store.OutboxEntry) error {
	if len(e.Values) == 0 {
		return nil
	}
	started := p.now().UTC()
	var inds, units []string
	var years []int
	for _, o := range e.Values {
		inds = appendNew(inds, o.Indicator)
		units = appendNew(units, o.OrgUnit)
		years = appendNew(years, o.Period.Year)
	}
	slices.Sort(years)
	cur, err := p.facts.CurrentObservations(ctx, store.ObsFilter{Indicators: inds, OrgUnits: units, Years: years, AsOf: e.RecordedAt})
	if err != nil {
		return fmt.Errorf("read current values: %w", err)
	}
	have := make(map[domain.ObsKey]float64, len(cur))
	for _, o := range cur {
		have[o.Key()] = o.Value
	}
	var missing []domain.Observation
	for _, o := range e.Values {
		if v, ok := have[o.Key()]; ok && same(v, o.Value) {
			continue
		}
		o.RecordedAt, o.BatchID, o.SubmissionID = e.RecordedAt, e.BatchID(), e.SubmissionID
		missing = append(missing, o)
	}
	if len(missing) == 0 {
		return nil
	}
	if err := p.facts.AppendObservations(ctx, missing); err != nil {
		return fmt.Errorf("append %d observations: %w", len(missing), err)
	}
	by := ""
	for _, o := range e.Values {
		if o.RecordedBy != "" {
			by = o.RecordedBy
		}
	}
	b := store.Batch{ID: e.BatchID(), Source: "web", Kind: "submission", Read: len(e.Values), Loaded: len(missing),
		Unchanged: len(e.Values) - len(missing), StartedAt: started, EndedAt: p.now().UTC(), By: by}
	if err := p.facts.RecordBatch(ctx, b); err != nil {
		// The values are in and carry the batch id; the summary is a record only.
		p.log.Warn("publish: record batch", "batch", b.ID, "err", err)
	}
	return nil
}

// Kick asks a running Run loop to publish now.
func (p *Publisher) Kick() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run publishes until ctx ends: on every Kick and at least every interval,
// backing off (up to a minute) while the fact store keeps failing.
func (p *Publisher) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = 5 * time.Second
	}
	wait := interval
	for {
		n, err := p.Publish(ctx)
		switch {
		case err != nil && !errors.Is(err, context.Canceled):
			p.log.Warn("publish: approved values not yet in the fact store; will retry", "err", err, "retry_in", wait)
			wait = min(wait*2, time.Minute)
		default:
			if n > 0 {
				p.log.Info("published approved submissions to the fact store", "entries", n)
			}
			wait = interval
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-p.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

func appendNew[T comparable](list []T, v T) []T {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// same reports whether two values are equal up to float noise from unit
// conversion (internal/load judges "unchanged" the same way).
func same(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
