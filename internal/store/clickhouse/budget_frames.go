package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"industrydash/internal/budget"
	"industrydash/internal/msg"
)

// budgetFrameColumns is the column list of budget_frames, in insert order.
var budgetFrameColumns = []string{"year", "doc", "recorded_at", "recorded_ns"}

// budgetFramesQuery selects every frame version, by year then time.
type budgetFramesQuery struct{}

// SQL returns the statement and its arguments.
func (budgetFramesQuery) SQL() (string, []any) {
	return "SELECT doc, recorded_ns FROM budget_frames ORDER BY year, recorded_ns", nil
}

// SaveBudgetFrame appends a version of f's year's frame unless it equals
// the current one.
func (s *Store) SaveBudgetFrame(ctx context.Context, f budget.Frame) (bool, error) {
	if f.Year < 1900 || f.Year > 2200 {
		return false, invalid("SaveBudgetFrame", budget.ErrInvalid, msg.CHBadBudgetYear, f.Year)
	}
	if f.RecordedAt.IsZero() {
		f.RecordedAt = time.Now()
	}
	f.RecordedAt = f.RecordedAt.UTC()
	budgetWriteMu.Lock()
	defer budgetWriteMu.Unlock()
	cur, err := s.BudgetFrames(ctx)
	if err != nil {
		return false, err
	}
	for _, c := range cur {
		if c.Year == f.Year && c.SameContent(f) {
			return false, nil
		}
	}
	doc, err := json.Marshal(f)
	if err != nil {
		return false, fmt.Errorf("encode budget frame %d: %w", f.Year, err)
	}
	wctx, cancel := s.writeCtx(ctx)
	defer cancel()
	err = s.insert(wctx, "budget_frames", budgetFrameColumns, 1, func(int) []any {
		return []any{uint16(f.Year), string(doc), dateTime(f.RecordedAt), nanos(f.RecordedAt)}
	})
	if err == nil {
		err = s.touch(wctx, "budget_frames")
	}
	if err != nil {
		return false, s.failure("SaveBudgetFrame", err, msg.NounCHWriteBudgetFrame, f.Year)
	}
	return true, nil
}

// BudgetFrames returns the current frame of every year, by year.
func (s *Store) BudgetFrames(ctx context.Context) ([]budget.Frame, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := budgetFramesQuery{}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("BudgetFrames", err, msg.NounCHReadBudgetFrames)
	}
	defer rows.Close()
	var all []budget.Frame
	for rows.Next() {
		var doc string
		var ns uint64
		if err := rows.Scan(&doc, &ns); err != nil {
			return nil, s.failure("BudgetFrames", err, msg.NounCHReadBudgetFrames)
		}
		var f budget.Frame
		if err := json.Unmarshal([]byte(doc), &f); err != nil {
			return nil, fmt.Errorf("decode budget frame: %w", err)
		}
		f.RecordedAt = fromNanos(ns)
		all = append(all, f)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure("BudgetFrames", err, msg.NounCHReadBudgetFrames)
	}
	return budget.CurrentFrames(all), nil
}
