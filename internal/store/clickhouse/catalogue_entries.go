package clickhouse

import (
	"context"
	"strings"
	"time"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// catalogueEntriesQuery selects the current entry per name of one kind.
type catalogueEntriesQuery struct{ Kind string }

// SQL returns the statement and its arguments.
func (q catalogueEntriesQuery) SQL() (string, []any) {
	return `SELECT name, argMax(value, recorded_ns), argMax(deleted, recorded_ns), max(recorded_ns), argMax(recorded_by, recorded_ns)
FROM catalogue_entries
WHERE kind = ?
GROUP BY name
ORDER BY name`, []any{q.Kind}
}

// AddCatalogueEntries appends entries in one batch.
func (s *Store) AddCatalogueEntries(ctx context.Context, entries []store.CatalogueEntry) error {
	if len(entries) == 0 {
		return nil
	}
	for i, e := range entries {
		if strings.TrimSpace(e.Kind) == "" || strings.TrimSpace(e.Name) == "" {
			return invalid("AddCatalogueEntries", nil, msg.CHEntryNoKind, i+1)
		}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	base := time.Now()
	cols := []string{"kind", "name", "value", "deleted", "recorded_at", "recorded_ns", "recorded_by"}
	err := s.insert(ctx, "catalogue_entries", cols, len(entries), func(i int) []any {
		e := entries[i]
		at := e.RecordedAt
		if at.IsZero() {
			at = base
		}
		return []any{e.Kind, e.Name, e.Value, b2u(e.Deleted), dateTime(at), uint64(at.UnixNano()) + uint64(i), e.RecordedBy}
	})
	if err == nil {
		err = s.touch(ctx, "catalogue_entries")
	}
	return s.failure("AddCatalogueEntries", err, msg.NounCHSaveEntries)
}

// CatalogueEntries returns the current entry per name of kind.
func (s *Store) CatalogueEntries(ctx context.Context, kind string) ([]store.CatalogueEntry, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := catalogueEntriesQuery{Kind: kind}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("CatalogueEntries", err, msg.NounCHReadEntries)
	}
	defer rows.Close()
	var out []store.CatalogueEntry
	for rows.Next() {
		e := store.CatalogueEntry{Kind: kind}
		var deleted uint8
		var ns uint64
		if err := rows.Scan(&e.Name, &e.Value, &deleted, &ns, &e.RecordedBy); err != nil {
			return nil, s.failure("CatalogueEntries", err, msg.NounCHReadEntries)
		}
		if deleted != 0 {
			continue
		}
		e.RecordedAt = time.Unix(0, int64(ns))
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure("CatalogueEntries", err, msg.NounCHReadEntries)
	}
	return out, nil
}
