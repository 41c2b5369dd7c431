package clickhouse

import (
	"context"
	"fmt"
	"strings"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// RecordBatch stores a batch summary; recording the same ID again replaces it.
func (s *Store) RecordBatch(ctx context.Context, b store.Batch) error {
	if strings.TrimSpace(b.ID) == "" {
		return invalid("RecordBatch", nil, msg.CHBatchNoID)
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	version := s.tick(1)
	cols := append(append([]string{"id"}, batchColumns...), "started_at", "ended_at", "version")
	err := s.insert(ctx, "ingest_batches", cols, 1, func(int) []any {
		return []any{b.ID, b.Source, b.Kind, b.Checksum, nonNeg(b.Read), nonNeg(b.Loaded), nonNeg(b.Unchanged),
			nonNeg(b.Rejected), nanos(b.StartedAt), nanos(b.EndedAt), b.By,
			dateTime(b.StartedAt), dateTime(b.EndedAt), version}
	})
	return s.failure("RecordBatch", err, msg.NounCHRecordBatch)
}

// ListBatches returns batches, newest first, at most limit (0: all).
func (s *Store) ListBatches(ctx context.Context, limit int) ([]store.Batch, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := batchesQuery{Limit: max(limit, 0)}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("ListBatches", fmt.Errorf("query batches: %w", err), msg.NounCHReadBatches)
	}
	defer rows.Close()
	var out []store.Batch
	for rows.Next() {
		var b store.Batch
		var read, loaded, unchanged, rejected, started, ended uint64
		if err := rows.Scan(&b.ID, &b.Source, &b.Kind, &b.Checksum, &read, &loaded, &unchanged, &rejected,
			&started, &ended, &b.By); err != nil {
			return nil, s.failure("ListBatches", fmt.Errorf("scan batch: %w", err), msg.NounCHReadBatches)
		}
		b.Read, b.Loaded, b.Unchanged, b.Rejected = int(read), int(loaded), int(unchanged), int(rejected)
		b.StartedAt, b.EndedAt = fromNanos(started), fromNanos(ended)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure("ListBatches", fmt.Errorf("read batches: %w", err), msg.NounCHReadBatches)
	}
	return out, nil
}
