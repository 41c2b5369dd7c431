package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/store"
)

var _ store.AuditChain = (*Store)(nil)

// auditChainLock is the advisory lock key that serialises appends to the
// audit chain across processes.
const auditChainLock = 7_202_413_024

const auditCols = `seq, at, actor, role, action, object, old_value, new_value, ip, request_id, prev_hash, hash`

func scanAudit(r pgx.Row) (store.AuditEntry, error) {
	var e store.AuditEntry
	err := r.Scan(&e.Seq, tm(&e.At), &e.Actor, &e.Role, &e.Action, &e.Object, &e.Old, &e.New, &e.IP, &e.RequestID, &e.PrevHash, &e.Hash)
	return e, err
}

// auditHead returns the seq and hash the next entry links to: the last
// entry's, or the anchor's when pruning left none, or zero.
func auditHead(ctx context.Context, q pgx.Tx) (int64, string, error) {
	var seq int64
	var hash string
	err := q.QueryRow(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		a, err := anchorOf(ctx, q)
		return a.Seq, a.Hash, err
	}
	return seq, hash, err
}

func anchorOf(ctx context.Context, q querier) (store.AuditAnchor, error) {
	var a store.AuditAnchor
	err := q.QueryRow(ctx, `SELECT seq, hash, pruned_at, removed FROM audit_anchor ORDER BY seq DESC LIMIT 1`).
		Scan(&a.Seq, &a.Hash, tm(&a.PrunedAt), &a.Removed)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.AuditAnchor{}, nil
	}
	return a, err
}

// WalkAudit calls fn with every entry in seq order.
func (s *Store) WalkAudit(ctx context.Context, fn func(store.AuditEntry) error) error {
	rows, err := s.pool.Query(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return failure("walk audit", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return failure("walk audit", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return failure("walk audit", rows.Err())
}

// AuditAnchor returns the latest pruning anchor (zero: never pruned).
func (s *Store) AuditAnchor(ctx context.Context) (store.AuditAnchor, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	a, err := anchorOf(ctx, s.pool)
	return a, failure("audit anchor", err)
}

// PruneAudit removes the oldest entries (in seq order) up to the first at
// or after before, recording the anchor first; the database itself refuses
// to delete an entry younger than 180 days or not covered by an anchor.
func (s *Store) PruneAudit(ctx context.Context, before time.Time) (store.AuditAnchor, int, error) {
	var anchor store.AuditAnchor
	n := 0
	err := s.tx(ctx, "prune audit", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(auditChainLock)); err != nil {
			return err
		}
		old, err := anchorOf(ctx, tx)
		if err != nil {
			return err
		}
		anchor = old
		var cut *int64
		if err := tx.QueryRow(ctx, `SELECT min(seq) - 1 FROM audit_log WHERE at >= $1`, ts(store.AuditTime(before))).Scan(&cut); err != nil {
			return err
		}
		if cut == nil {
			if err := tx.QueryRow(ctx, `SELECT max(seq) FROM audit_log`).Scan(&cut); err != nil {
				return err
			}
		}
		if cut == nil {
			return nil
		}
		var last store.AuditAnchor
		err = tx.QueryRow(ctx, `SELECT seq, hash, count(*) OVER () FROM audit_log WHERE seq <= $1 ORDER BY seq DESC LIMIT 1`, *cut).
			Scan(&last.Seq, &last.Hash, &last.Removed)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		n = int(last.Removed)
		last.Removed += old.Removed
		last.PrunedAt = time.Now().UTC()
		if _, err := tx.Exec(ctx, `INSERT INTO audit_anchor (seq, hash, pruned_at, removed) VALUES ($1,$2,$3,$4)`,
			last.Seq, last.Hash, ts(last.PrunedAt), last.Removed); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM audit_log WHERE seq <= $1`, last.Seq); err != nil {
			return err
		}
		anchor = last
		return nil
	})
	if err != nil {
		return store.AuditAnchor{}, 0, err
	}
	return anchor, n, nil
}
