package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/store"
)

const outboxCols = `seq, submission_id, version, vals, recorded_at, created_at, attempts, last_error, published_at`

func scanOutbox(r pgx.CollectableRow) (store.OutboxEntry, error) {
	var e store.OutboxEntry
	var vals []byte
	if err := r.Scan(&e.Seq, &e.SubmissionID, &e.Version, &vals, tm(&e.RecordedAt), tm(&e.CreatedAt), &e.Attempts,
		&e.LastError, tm(&e.PublishedAt)); err != nil {
		return e, err
	}
	if err := json.Unmarshal(vals, &e.Values); err != nil {
		return e, fmt.Errorf("decode outbox values %d: %w", e.Seq, err)
	}
	return e, nil
}

// ClaimOutbox leases up to limit pending entries to owner. The UPDATE
// re-checks the lease on each row it locks, so of two publishers reaching
// for one row, the second skips it.
func (s *Store) ClaimOutbox(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.OutboxEntry, error) {
	if limit <= 0 {
		return nil, nil
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	const free = `published_at IS NULL AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until <= $3)`
	rows, err := s.pool.Query(ctx, `UPDATE outbox SET lease_owner = $1, lease_until = $2
		WHERE seq IN (SELECT seq FROM outbox WHERE `+free+` ORDER BY seq LIMIT $4) AND `+free+`
		RETURNING `+outboxCols, owner, ts(now.Add(lease)), ts(now), limit)
	if err != nil {
		return nil, failure("claim outbox", err)
	}
	out, err := pgx.CollectRows(rows, scanOutbox)
	if err != nil {
		return nil, failure("claim outbox", err)
	}
	slices.SortFunc(out, func(a, b store.OutboxEntry) int { return int(a.Seq - b.Seq) })
	return out, nil
}

// MarkPublished records that entry seq's values are in the fact store.
func (s *Store) MarkPublished(ctx context.Context, seq int64, at time.Time) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	ct, err := s.pool.Exec(ctx, `UPDATE outbox SET published_at = $2, lease_owner = NULL, lease_until = NULL WHERE seq = $1`, seq, ts(at))
	if err != nil {
		return failure("mark outbox published", err)
	}
	if ct.RowsAffected() == 0 {
		return store.NotFound("mark published", "outbox entry", strconv.FormatInt(seq, 10))
	}
	return nil
}

// ReleaseOutbox records a failed attempt by owner and ends its lease.
func (s *Store) ReleaseOutbox(ctx context.Context, seq int64, owner, errText string) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $3, lease_owner = NULL, lease_until = NULL
		WHERE seq = $1 AND lease_owner = $2`, seq, owner, errText)
	return failure("release outbox", err)
}

// OutboxBacklog returns how many entries are not yet published.
func (s *Store) OutboxBacklog(ctx context.Context) (int, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE published_at IS NULL`).Scan(&n)
	return n, failure("outbox backlog", err)
}

// OutboxEntries returns a submission's outbox entries, oldest first.
func (s *Store) OutboxEntries(ctx context.Context, submissionID string) ([]store.OutboxEntry, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT `+outboxCols+` FROM outbox WHERE submission_id = $1 ORDER BY seq`, submissionID)
	if err != nil {
		return nil, failure("outbox entries", err)
	}
	out, err := pgx.CollectRows(rows, scanOutbox)
	return out, failure("outbox entries", err)
}
