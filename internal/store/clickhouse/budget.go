package clickhouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"industrydash/internal/budget"
	"industrydash/internal/msg"
)

var _ budget.Store = (*Store)(nil)

// budgetWriteMu serialises this process's budget writes, so that the
// compare-with-current step of two concurrent loads cannot interleave.
var budgetWriteMu sync.Mutex

// budgetLineColumns is the column list of budget_lines, in insert order.
var budgetLineColumns = []string{"year", "code", "amount", "doc", "recorded_at", "recorded_ns"}

// budgetLinesQuery selects every version of a year's lines, as of AsOfNS.
type budgetLinesQuery struct {
	Year   int
	AsOfNS uint64 // 0: no limit
}

// SQL returns the statement and its arguments.
func (q budgetLinesQuery) SQL() (string, []any) {
	sql := "SELECT doc, recorded_ns FROM budget_lines WHERE year = ?"
	args := []any{uint16(q.Year)}
	if q.AsOfNS > 0 {
		sql += " AND recorded_ns <= ?"
		args = append(args, q.AsOfNS)
	}
	return sql + " ORDER BY code, recorded_ns", args
}

// AddBudgetLines appends line versions that differ from the current ones.
func (s *Store) AddBudgetLines(ctx context.Context, lines []budget.Line) (int, error) {
	for i, l := range lines {
		if l.Code == "" || l.Year < 1900 || l.Year > 2200 {
			return 0, invalid("AddBudgetLines", budget.ErrInvalid, msg.CHBudgetLineNoCode, i+1)
		}
	}
	if len(lines) == 0 {
		return 0, nil
	}
	budgetWriteMu.Lock()
	defer budgetWriteMu.Unlock()
	cur := map[string]budget.Line{}
	years := map[int]bool{}
	for _, l := range lines {
		years[l.Year] = true
	}
	for y := range years {
		vs, err := s.BudgetLines(ctx, y, time.Time{})
		if err != nil {
			return 0, err
		}
		for _, v := range vs {
			cur[fmt.Sprint(v.Year, "\x00", v.Code)] = v // ascending: the last is current
		}
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
	docs := make([]string, len(add))
	for i, l := range add {
		b, err := json.Marshal(l)
		if err != nil {
			return 0, fmt.Errorf("encode budget line %s: %w", l.Code, err)
		}
		docs[i] = string(b)
	}
	wctx, cancel := s.writeCtx(ctx)
	defer cancel()
	err := s.insert(wctx, "budget_lines", budgetLineColumns, len(add), func(i int) []any {
		l := add[i]
		return []any{uint16(l.Year), l.Code, l.Amount, docs[i], dateTime(l.RecordedAt), nanos(l.RecordedAt)}
	})
	if err == nil {
		err = s.touch(wctx, "budget_lines")
	}
	if err != nil {
		return 0, s.failure("AddBudgetLines", err, msg.NounCHWriteBudgetLines, len(add))
	}
	return len(add), nil
}

// BudgetLines returns every version of year's lines, ordered by code then time.
func (s *Store) BudgetLines(ctx context.Context, year int, asOf time.Time) ([]budget.Line, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := budgetLinesQuery{Year: year, AsOfNS: nanos(asOf)}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("BudgetLines", err, msg.NounCHReadBudgetLines)
	}
	defer rows.Close()
	var out []budget.Line
	for rows.Next() {
		var doc string
		var ns uint64
		if err := rows.Scan(&doc, &ns); err != nil {
			return nil, s.failure("BudgetLines", err, msg.NounCHReadBudgetLines)
		}
		var l budget.Line
		if err := json.Unmarshal([]byte(doc), &l); err != nil {
			return nil, fmt.Errorf("decode budget line: %w", err)
		}
		l.RecordedAt = fromNanos(ns)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure("BudgetLines", err, msg.NounCHReadBudgetLines)
	}
	return out, nil
}

// paymentColumns is the column list of budget_payments, in insert order.
var paymentColumns = []string{"year", "unit", "function_code", "economic_code", "project", "source", "month_from", "month_to",
	"value_type", "amount", "file", "row", "recorded_at", "recorded_ns", "recorded_by", "note"}

// paymentsQuery selects the current row per payment key of a year.
type paymentsQuery struct {
	Year   int
	AsOfNS uint64 // 0: no limit
}

// SQL returns the statement and its arguments.
func (q paymentsQuery) SQL() (string, []any) {
	sql := `SELECT unit, function_code, economic_code, project, source, month_from, month_to, value_type,
  argMax(amount, recorded_ns), argMax(file, recorded_ns), argMax(row, recorded_ns), max(recorded_ns),
  argMax(recorded_by, recorded_ns), argMax(note, recorded_ns)
FROM budget_payments
WHERE year = ?`
	args := []any{uint16(q.Year)}
	if q.AsOfNS > 0 {
		sql += " AND recorded_ns <= ?"
		args = append(args, q.AsOfNS)
	}
	sql += `
GROUP BY unit, function_code, economic_code, project, source, month_from, month_to, value_type
ORDER BY unit, function_code, economic_code, project, source, month_to, month_from, value_type`
	return sql, args
}

// AppendPayments writes the rows that change their key's current amount.
func (s *Store) AppendPayments(ctx context.Context, rows []budget.Payment) (budget.WriteCounts, error) {
	for i, p := range rows {
		if err := budget.ValidatePayment(p); err != nil {
			return budget.WriteCounts{}, invalid("AppendPayments", errors.Join(budget.ErrInvalid, err), msg.CHBadPayment, i+1, err)
		}
	}
	if len(rows) == 0 {
		return budget.WriteCounts{}, nil
	}
	budgetWriteMu.Lock()
	defer budgetWriteMu.Unlock()
	cur := map[string]float64{}
	years := map[int]bool{}
	for _, p := range rows {
		years[p.Year] = true
	}
	for y := range years {
		ps, err := s.Payments(ctx, y, time.Time{})
		if err != nil {
			return budget.WriteCounts{}, err
		}
		for _, p := range ps {
			cur[p.Key()] = p.Amount
		}
	}
	add, wc := budget.ChangedPayments(rows, func(key string) (float64, bool) {
		v, ok := cur[key]
		return v, ok
	})
	if len(add) == 0 {
		return wc, nil
	}
	wctx, cancel := s.writeCtx(ctx)
	defer cancel()
	err := s.insert(wctx, "budget_payments", paymentColumns, len(add), func(i int) []any {
		p := add[i]
		return []any{uint16(p.Year), p.Unit, p.FunctionCode, p.EconomicCode, p.Project, p.Source, uint8(p.From), uint8(p.To),
			p.ValueType, p.Amount, p.File, uint32(max(p.Row, 0)), dateTime(p.RecordedAt), nanos(p.RecordedAt), p.RecordedBy, p.Note}
	})
	if err == nil {
		err = s.touch(wctx, "budget_payments")
	}
	if err != nil {
		return budget.WriteCounts{}, s.failure("AppendPayments", err, msg.NounCHWritePayments, len(add))
	}
	return wc, nil
}

// Payments returns the current row per key of year, as of asOf when set.
func (s *Store) Payments(ctx context.Context, year int, asOf time.Time) ([]budget.Payment, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := paymentsQuery{Year: year, AsOfNS: nanos(asOf)}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("Payments", err, msg.NounCHReadPayments)
	}
	defer rows.Close()
	out := []budget.Payment{}
	for rows.Next() {
		var p budget.Payment
		var from, to uint8
		var row uint32
		var ns uint64
		if err := rows.Scan(&p.Unit, &p.FunctionCode, &p.EconomicCode, &p.Project, &p.Source, &from, &to, &p.ValueType,
			&p.Amount, &p.File, &row, &ns, &p.RecordedBy, &p.Note); err != nil {
			return nil, s.failure("Payments", err, msg.NounCHReadPayments)
		}
		p.Year, p.From, p.To, p.Row, p.RecordedAt = year, int(from), int(to), int(row), fromNanos(ns)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure("Payments", err, msg.NounCHReadPayments)
	}
	return out, nil
}
