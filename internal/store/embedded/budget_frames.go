package embedded

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/budget"
)

var bucketBudgetFrames = []byte("budget_frames")

// SaveBudgetFrame appends a version of f's year's frame unless it equals
// the current one.
func (s *Store) SaveBudgetFrame(ctx context.Context, f budget.Frame) (bool, error) {
	if f.Year < 1900 || f.Year > 2200 {
		return false, fmt.Errorf("budget frame year %d: %w", f.Year, budget.ErrInvalid)
	}
	if f.RecordedAt.IsZero() {
		f.RecordedAt = time.Now()
	}
	f.RecordedAt = f.RecordedAt.UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(ctx); err != nil {
		return false, err
	}
	saved := false
	err := s.write(ctx, "save budget frame", func(tx *bolt.Tx) error {
		var all []budget.Frame
		if err := eachSeq(tx, bucketBudgetFrames, func(f budget.Frame) { all = append(all, f) }); err != nil {
			return err
		}
		for _, c := range budget.CurrentFrames(all) {
			if c.Year == f.Year && c.SameContent(f) {
				return nil
			}
		}
		saved = true
		return appendSeq(tx, bucketBudgetFrames, []budget.Frame{f})
	}, func() {})
	return saved, err
}

// BudgetFrames returns the current frame of every year, by year.
func (s *Store) BudgetFrames(ctx context.Context) ([]budget.Frame, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	var all []budget.Frame
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachSeq(tx, bucketBudgetFrames, func(f budget.Frame) { all = append(all, f) })
	})
	if err != nil {
		return nil, fmt.Errorf("read budget frames: %w", err)
	}
	return budget.CurrentFrames(all), nil
}
