package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

var statuses = []string{store.StatusDraft, store.StatusSubmitted, store.StatusApproved, store.StatusReturned}

// validSubmission checks what the store relies on; workflow rules are the caller's.
func validSubmission(sub store.Submission) error {
	switch {
	case strings.TrimSpace(sub.ID) == "":
		return errors.New("postgres put submission: id is required")
	case strings.TrimSpace(sub.OrgUnit) == "":
		return fmt.Errorf("postgres put submission %s: org unit is required", sub.ID)
	case !sub.Period.Valid():
		return fmt.Errorf("postgres put submission %s: invalid period %v", sub.ID, sub.Period)
	case !slices.Contains(statuses, sub.Status):
		return fmt.Errorf("postgres put submission %s: invalid status %q", sub.ID, sub.Status)
	case sub.Version < 1:
		return fmt.Errorf("postgres put submission %s: version %d (versions start at 1)", sub.ID, sub.Version)
	}
	return nil
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func normSubmission(sub store.Submission) store.Submission {
	sub.Values = slices.Clone(sub.Values)
	sub.CreatedAt, sub.UpdatedAt, sub.SubmittedAt = utc(sub.CreatedAt), utc(sub.UpdatedAt), utc(sub.SubmittedAt)
	for i := range sub.Values {
		sub.Values[i].RecordedAt = utc(sub.Values[i].RecordedAt)
	}
	return sub
}

// putVersion stores sub as the next version inside tx: the current row is
// inserted (version 1) or updated only from version-1, so of two concurrent
// writers of one version exactly one succeeds, in any number of processes.
func putVersion(ctx context.Context, tx pgx.Tx, sub store.Submission) error {
	doc, err := json.Marshal(sub)
	if err != nil {
		return fmt.Errorf("encode submission %s: %w", sub.ID, err)
	}
	var tag int64
	if sub.Version == 1 {
		ct, err := tx.Exec(ctx, `INSERT INTO submissions (id, version, org_unit, period_year, period_from, period_to, status, doc)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (id) DO NOTHING`,
			sub.ID, sub.Version, sub.OrgUnit, sub.Period.Year, sub.Period.From, sub.Period.To, sub.Status, doc)
		if err != nil {
			return err
		}
		tag = ct.RowsAffected()
	} else {
		ct, err := tx.Exec(ctx, `UPDATE submissions SET version = $2, org_unit = $3, period_year = $4, period_from = $5,
			period_to = $6, status = $7, doc = $8 WHERE id = $1 AND version = $2 - 1`,
			sub.ID, sub.Version, sub.OrgUnit, sub.Period.Year, sub.Period.From, sub.Period.To, sub.Status, doc)
		if err != nil {
			return err
		}
		tag = ct.RowsAffected()
	}
	if tag == 0 {
		var cur int
		if err := tx.QueryRow(ctx, `SELECT version FROM submissions WHERE id = $1`, sub.ID).Scan(&cur); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		return store.Conflict("put", "submission", sub.ID, fmt.Errorf("version %d is stored, %d given", cur, sub.Version))
	}
	_, err = tx.Exec(ctx, `INSERT INTO submission_versions (id, version, doc) VALUES ($1,$2,$3)`, sub.ID, sub.Version, doc)
	return err
}

// PutSubmission stores sub as its next version (store.ErrConflict otherwise).
func (s *Store) PutSubmission(ctx context.Context, sub store.Submission) error {
	if err := validSubmission(sub); err != nil {
		return err
	}
	sub = normSubmission(sub)
	return s.tx(ctx, "put submission", func(tx pgx.Tx) error { return putVersion(ctx, tx, sub) })
}

func scanDoc(row pgx.Row) (store.Submission, error) {
	var doc []byte
	var sub store.Submission
	if err := row.Scan(&doc); err != nil {
		return sub, err
	}
	if err := json.Unmarshal(doc, &sub); err != nil {
		return sub, fmt.Errorf("decode submission: %w", err)
	}
	return sub, nil
}

// SubmissionByID returns the current version, or store.ErrNotFound.
func (s *Store) SubmissionByID(ctx context.Context, id string) (store.Submission, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	sub, err := scanDoc(s.pool.QueryRow(ctx, `SELECT doc FROM submissions WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Submission{}, store.NotFound("read", "submission", id)
	}
	return sub, failure("submission", err)
}

// ListSubmissions returns the current versions matching f, ordered by
// period (year, end month, start month), org unit, then ID.
func (s *Store) ListSubmissions(ctx context.Context, f store.SubmissionFilter) ([]store.Submission, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.OrgUnit != "" {
		add("org_unit = $%d", f.OrgUnit)
	}
	if f.Year != 0 {
		add("period_year = $%d", f.Year)
	}
	if f.Month != 0 {
		add("period_to = $%d", f.Month)
	}
	if f.Status != "" {
		add("status = $%d", f.Status)
	}
	q := `SELECT doc FROM submissions`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += ` ORDER BY period_year, period_to, period_from, org_unit COLLATE "C", id COLLATE "C"`
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, failure("list submissions", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Submission, error) { return scanDoc(r) })
	return out, failure("list submissions", err)
}

func checkTime(what string, t time.Time) error {
	if y := t.Year(); y < 1900 || y > 2200 {
		return fmt.Errorf("postgres %s: time %s out of range", what, t.Format(time.RFC3339))
	}
	return nil
}

func normEvent(e store.SubmissionEvent) (store.SubmissionEvent, error) {
	if strings.TrimSpace(e.SubmissionID) == "" || strings.TrimSpace(e.Action) == "" {
		return e, errors.New("postgres submission event: submission id and action are required")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC()
	return e, checkTime("submission event", e.At)
}

func insertEvent(ctx context.Context, tx pgx.Tx, e store.SubmissionEvent) error {
	_, err := tx.Exec(ctx, `INSERT INTO submission_events (submission_id, action, from_status, to_status, actor, reason, at)
		VALUES ($1,$2,$3,$4,$5,$6,$7)`, e.SubmissionID, e.Action, e.FromStatus, e.ToStatus, e.Actor, e.Reason, ts(e.At))
	return err
}

// AddSubmissionEvent appends e (At defaults to now).
func (s *Store) AddSubmissionEvent(ctx context.Context, e store.SubmissionEvent) error {
	e, err := normEvent(e)
	if err != nil {
		return err
	}
	return s.tx(ctx, "add submission event", func(tx pgx.Tx) error { return insertEvent(ctx, tx, e) })
}

// SubmissionEvents returns a submission's events, oldest first (same time:
// in the order added).
func (s *Store) SubmissionEvents(ctx context.Context, id string) ([]store.SubmissionEvent, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, `SELECT submission_id, action, from_status, to_status, actor, reason, at
		FROM submission_events WHERE submission_id = $1 ORDER BY at, seq`, id)
	if err != nil {
		return nil, failure("submission events", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.SubmissionEvent, error) {
		var e store.SubmissionEvent
		err := r.Scan(&e.SubmissionID, &e.Action, &e.FromStatus, &e.ToStatus, &e.Actor, &e.Reason, tm(&e.At))
		return e, err
	})
	return out, failure("submission events", err)
}

// ApplySubmission commits the version, its event, its audit entries and
// the outbox entry in one transaction.
func (s *Store) ApplySubmission(ctx context.Context, c store.SubmissionChange) error {
	if err := validSubmission(c.Submission); err != nil {
		return err
	}
	sub := normSubmission(c.Submission)
	ev := c.Event
	if ev.SubmissionID == "" {
		ev.SubmissionID = sub.ID
	}
	ev, err := normEvent(ev)
	if err != nil {
		return err
	}
	entries, err := normAudit(c.Audit)
	if err != nil {
		return err
	}
	var vals []byte
	if c.Publish {
		if vals, err = json.Marshal(nonNil(sub.Values)); err != nil {
			return fmt.Errorf("encode outbox values: %w", err)
		}
	}
	return s.tx(ctx, "apply submission change", func(tx pgx.Tx) error {
		if err := putVersion(ctx, tx, sub); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, ev); err != nil {
			return err
		}
		if err := insertAudit(ctx, tx, entries); err != nil {
			return err
		}
		if !c.Publish {
			return nil
		}
		at := c.PublishAt
		if at.IsZero() {
			at = time.Now()
		}
		_, err := tx.Exec(ctx, `INSERT INTO outbox (submission_id, version, vals, recorded_at, created_at) VALUES ($1,$2,$3,$4,$5)`,
			sub.ID, sub.Version, vals, ts(at), ts(time.Now()))
		return err
	})
}

func nonNil(v []domain.Observation) []domain.Observation {
	if v == nil {
		return []domain.Observation{}
	}
	return v
}
