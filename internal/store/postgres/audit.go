package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"industrydash/internal/store"
)

func normAudit(entries []store.AuditEntry) ([]store.AuditEntry, error) {
	now := time.Now().UTC()
	out := make([]store.AuditEntry, len(entries))
	for i, e := range entries {
		if strings.TrimSpace(e.Action) == "" {
			return nil, fmt.Errorf("postgres audit entry %d: action is required (nothing written)", i+1)
		}
		if e.At.IsZero() {
			e.At = now
		}
		e.At = store.AuditTime(e.At)
		if err := checkTime(fmt.Sprintf("audit entry %d", i+1), e.At); err != nil {
			return nil, err
		}
		out[i] = e.Bounded()
	}
	return out, nil
}

// insertAudit appends entries to the chain inside tx: under an advisory
// lock held to the end of the transaction, so that appends from every
// process take seq numbers one after another.
func insertAudit(ctx context.Context, tx pgx.Tx, entries []store.AuditEntry) error {
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(auditChainLock)); err != nil {
		return err
	}
	seq, hash, err := auditHead(ctx, tx)
	if err != nil {
		return err
	}
	for _, e := range store.Chain(seq, hash, entries) {
		if _, err := tx.Exec(ctx, `INSERT INTO audit_log (seq, at, actor, role, action, object, old_value, new_value, ip, request_id, prev_hash, hash)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`, e.Seq, ts(e.At), e.Actor, e.Role, e.Action, e.Object, e.Old, e.New, e.IP, e.RequestID,
			e.PrevHash, e.Hash); err != nil {
			return err
		}
	}
	return nil
}

// AppendAudit appends entries in one transaction (all or none). A zero At
// becomes now.
func (s *Store) AppendAudit(ctx context.Context, entries ...store.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	norm, err := normAudit(entries)
	if err != nil {
		return err
	}
	return s.tx(ctx, "append audit", func(tx pgx.Tx) error { return insertAudit(ctx, tx, norm) })
}

// AuditLog returns matching entries, newest first (same time: the later
// appended first), at most f.Limit (0: all). From and To are inclusive.
func (s *Store) AuditLog(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if !f.From.IsZero() {
		add("at >= $%d", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at <= $%d", f.To.UTC())
	}
	if f.Actor != "" {
		add("actor = $%d", f.Actor)
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	q := `SELECT ` + auditCols + ` FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY at DESC, seq DESC"
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += fmt.Sprintf(" LIMIT $%d", len(args))
	}
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, failure("audit log", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.AuditEntry, error) { return scanAudit(r) })
	return out, failure("audit log", err)
}
