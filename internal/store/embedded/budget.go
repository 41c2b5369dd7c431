package embedded

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/budget"
	"industrydash/internal/msg"
)

// Budget lines and payments are small (a department's budget has about a
// hundred lines; its payments a few thousand rows a year), so they are kept
// only in the file, as JSON values under sequential keys, and each query
// scans its bucket. The buckets are created by the first write.
var (
	bucketBudgetLines = []byte("budget_lines")
	bucketPayments    = []byte("budget_payments")
)

var _ budget.Store = (*Store)(nil)

// AddBudgetLines appends line versions that differ from the current ones.
func (s *Store) AddBudgetLines(ctx context.Context, lines []budget.Line) (int, error) {
	for i, l := range lines {
		if l.Code == "" || l.Year < 1900 || l.Year > 2200 {
			return 0, msg.Wrap(budget.ErrInvalid, msg.StoreBudgetLineNoCode, i+1)
		}
	}
	if len(lines) == 0 {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return 0, err
	}
	cur := map[string]budget.Line{}
	if err := s.db.View(func(tx *bolt.Tx) error {
		return eachSeq(tx, bucketBudgetLines, func(l budget.Line) {
			k := fmt.Sprint(l.Year, "\x00", l.Code)
			if c, ok := cur[k]; !ok || !l.RecordedAt.Before(c.RecordedAt) {
				cur[k] = l
			}
		})
	}); err != nil {
		return 0, fmt.Errorf("read budget lines: %w", err)
	}
	var add []budget.Line
	for _, l := range lines {
		k := fmt.Sprint(l.Year, "\x00", l.Code)
		if c, ok := cur[k]; ok && c.SameContent(l) {
			continue
		}
		cur[k] = l
		add = append(add, l)
	}
	if len(add) == 0 {
		return 0, nil
	}
	err := s.write(ctx, "add budget lines", func(tx *bolt.Tx) error {
		return appendSeq(tx, bucketBudgetLines, add)
	}, func() {})
	if err != nil {
		return 0, err
	}
	return len(add), nil
}

// BudgetLines returns every version of year's lines recorded at or before
// asOf, ordered by code then RecordedAt.
func (s *Store) BudgetLines(ctx context.Context, year int, asOf time.Time) ([]budget.Line, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var out []budget.Line
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachSeq(tx, bucketBudgetLines, func(l budget.Line) {
			if l.Year == year && (asOf.IsZero() || !l.RecordedAt.After(asOf)) {
				out = append(out, l)
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read budget lines: %w", err)
	}
	slices.SortStableFunc(out, func(a, b budget.Line) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), a.RecordedAt.Compare(b.RecordedAt))
	})
	return out, nil
}

// AppendPayments writes the rows that change their key's current amount.
func (s *Store) AppendPayments(ctx context.Context, rows []budget.Payment) (budget.WriteCounts, error) {
	for i, p := range rows {
		if err := budget.ValidatePayment(p); err != nil {
			return budget.WriteCounts{}, msg.Wrap(budget.ErrInvalid, msg.StoreBadPayment, i+1, err)
		}
	}
	if len(rows) == 0 {
		return budget.WriteCounts{}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return budget.WriteCounts{}, err
	}
	years := map[int]bool{}
	for _, p := range rows {
		years[p.Year] = true
	}
	cur := map[string]budget.Payment{}
	if err := s.db.View(func(tx *bolt.Tx) error {
		return eachSeq(tx, bucketPayments, func(p budget.Payment) {
			if years[p.Year] {
				if c, ok := cur[p.Key()]; !ok || !p.RecordedAt.Before(c.RecordedAt) {
					cur[p.Key()] = p
				}
			}
		})
	}); err != nil {
		return budget.WriteCounts{}, fmt.Errorf("read payments: %w", err)
	}
	add, wc := budget.ChangedPayments(rows, func(key string) (float64, bool) {
		c, ok := cur[key]
		return c.Amount, ok
	})
	if len(add) == 0 {
		return wc, nil
	}
	err := s.write(ctx, "append payments", func(tx *bolt.Tx) error {
		return appendSeq(tx, bucketPayments, add)
	}, func() {})
	if err != nil {
		return budget.WriteCounts{}, err
	}
	return wc, nil
}

// Payments returns the current row per key of year, as of asOf when set.
func (s *Store) Payments(ctx context.Context, year int, asOf time.Time) ([]budget.Payment, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	cur := map[string]budget.Payment{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachSeq(tx, bucketPayments, func(p budget.Payment) {
			if p.Year != year || !asOf.IsZero() && p.RecordedAt.After(asOf) {
				return
			}
			if c, ok := cur[p.Key()]; !ok || !p.RecordedAt.Before(c.RecordedAt) {
				cur[p.Key()] = p
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read payments: %w", err)
	}
	out := make([]budget.Payment, 0, len(cur))
	for _, p := range cur {
		out = append(out, p)
	}
	slices.SortFunc(out, budget.ComparePayments)
	return out, nil
}

// eachSeq decodes every JSON value of bucket in key order.
func eachSeq[T any](tx *bolt.Tx, bucket []byte, f func(T)) error {
	b := tx.Bucket(bucket)
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return fmt.Errorf("%s %x: %w", bucket, k, err)
		}
		f(x)
		return nil
	})
}

// appendSeq stores values as JSON under the bucket's next sequence numbers.
func appendSeq[T any](tx *bolt.Tx, bucket []byte, list []T) error {
	b, err := tx.CreateBucketIfNotExists(bucket)
	if err != nil {
		return err
	}
	for _, x := range list {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		v, err := json.Marshal(x)
		if err != nil {
			return err
		}
		if err := b.Put(binary.BigEndian.AppendUint64(nil, seq), v); err != nil {
			return err
		}
	}
	return nil
}
