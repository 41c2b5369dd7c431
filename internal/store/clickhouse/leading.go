package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"industrydash/internal/leading"
	"industrydash/internal/msg"
)

var _ leading.Store = (*Store)(nil)

// leadingWriteMu serialises leading appends within the process: an append
// reads the current values of its keys and then writes, so two concurrent
// appends of the same keys must not interleave. Run one loader at a time
// across processes.
var leadingWriteMu sync.Mutex

// PutEnterprises inserts or replaces enterprises by code.
func (s *Store) PutEnterprises(ctx context.Context, list []leading.Enterprise) error {
	for i, e := range list {
		if strings.TrimSpace(e.Code) == "" {
			return invalid("PutEnterprises", leading.ErrInvalid, msg.CHEnterpriseNoCode, i+1)
		}
	}
	if len(list) == 0 {
		return nil
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	v := s.tick(1)
	now := dateTime(time.Now())
	err := s.insert(ctx, "leading_enterprises", []string{"code", "name", "district", "chain", "version", "updated_at"}, len(list),
		func(i int) []any { e := list[i]; return []any{e.Code, e.Name, e.District, e.Chain, v, now} })
	if err == nil {
		err = s.touch(ctx, "leading_enterprises")
	}
	return s.failure("PutEnterprises", err, msg.NounCHWriteEnterprises)
}

// Enterprises returns every enterprise ordered by code.
func (s *Store) Enterprises(ctx context.Context) ([]leading.Enterprise, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := enterprisesQuery{}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("Enterprises", err, msg.NounCHReadEnterprises)
	}
	defer rows.Close()
	var out []leading.Enterprise
	for rows.Next() {
		var e leading.Enterprise
		if err := rows.Scan(&e.Code, &e.Name, &e.District, &e.Chain); err != nil {
			return nil, s.failure("Enterprises", err, msg.NounCHReadEnterprises)
		}
		out = append(out, e)
	}
	return out, s.failure("Enterprises", rows.Err(), msg.NounCHReadEnterprises)
}

type powerKey struct {
	ent  string
	date int64 // Unix seconds of the date
}

type powerCur struct {
	wh              int64
	district, chain string
}

// AppendPower writes readings: new keys as +1 rows, corrections as a
// cancelling −1 row plus a +1 row, unchanged values not at all. Within one
// call a repeated key: the later reading wins.
func (s *Store) AppendPower(ctx context.Context, batchID string, recordedAt time.Time, rows []leading.PowerReading) (leading.WriteCounts, error) {
	var wc leading.WriteCounts
	for i, r := range rows {
		if err := r.Validate(); err != nil {
			return wc, invalid("AppendPower", errors.Join(leading.ErrInvalid, err),
				msg.CHBadPower, i+1, r.Enterprise, chDate(r.Date), err, len(rows))
		}
	}
	if len(rows) == 0 {
		return wc, nil
	}
	// Keep the last reading per key, in first-seen order.
	idx := make(map[powerKey]int, len(rows))
	uniq := make([]leading.PowerReading, 0, len(rows))
	q := powerCurrentQuery{From: rows[0].Date, To: rows[0].Date, MinEnt: rows[0].Enterprise, MaxEnt: rows[0].Enterprise, Batch: batchID}
	for _, r := range rows {
		r.Date = leading.Day(r.Date)
		k := powerKey{r.Enterprise, r.Date.Unix()}
		if j, ok := idx[k]; ok {
			uniq[j] = r
			continue
		}
		idx[k] = len(uniq)
		uniq = append(uniq, r)
		if r.Date.Before(q.From) {
			q.From = r.Date
		}
		if r.Date.After(q.To) {
			q.To = r.Date
		}
		q.MinEnt, q.MaxEnt = min(q.MinEnt, r.Enterprise), max(q.MaxEnt, r.Enterprise)
	}
	leadingWriteMu.Lock()
	defer leadingWriteMu.Unlock()
	cur, err := s.powerCurrent(ctx, q, idx)
	if err != nil {
		return wc, s.failure("AppendPower", err, msg.NounCHReadStoredPower)
	}
	write := make([]signedReading, 0, len(uniq))
	for _, r := range uniq {
		c, ok := cur[powerKey{r.Enterprise, r.Date.Unix()}]
		if !wc.Count(ok, c.wh == r.Wh && c.district == r.District && c.chain == r.Chain) {
			continue
		}
		if ok { // a correction cancels the stored reading first
			old := r
			old.Wh, old.District, old.Chain = c.wh, c.district, c.chain
			write = append(write, signedReading{old, -1})
		}
		write = append(write, signedReading{r, 1})
	}
	cols := newPowerCols(len(write), batchID, recordedAt)
	for i := range write {
		cols.set(i, &write[i].r, write[i].sign)
	}
	return wc, s.writePower(ctx, "AppendPower", cols)
}

// signedReading is a leading_power row: +1 a reading, −1 its cancellation.
type signedReading struct {
	r    leading.PowerReading
	sign int8
}

// PowerStored reports whether consumption is stored for a day of [from, to].
func (s *Store) PowerStored(ctx context.Context, from, to time.Time) (bool, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	var n uint64
	err := s.conn.QueryRow(ctx, "SELECT count() FROM leading_power_daily_batch WHERE date >= toDate(?) AND date <= toDate(?) AND "+visible,
		chDate(leading.Day(from)), chDate(leading.Day(to))).Scan(&n)
	if err != nil {
		return false, s.failure("PowerStored", err, msg.NounCHReadPowerRange)
	}
	return n > 0, nil
}

// AppendNewPower writes readings known to be new (see leading.Store)
// without looking up current values.
func (s *Store) AppendNewPower(ctx context.Context, batchID string, recordedAt time.Time, rows []leading.PowerReading) (leading.WriteCounts, error) {
	for i, r := range rows {
		if err := r.Validate(); err != nil {
			return leading.WriteCounts{}, invalid("AppendNewPower", errors.Join(leading.ErrInvalid, err),
				msg.CHBadPower, i+1, r.Enterprise, chDate(r.Date), err, len(rows))
		}
	}
	return s.writeNewPower(ctx, "AppendNewPower", batchID, recordedAt, len(rows), func(c *powerCols, from, to int) {
		for i := from; i < to; i++ {
			c.set(i-from, &rows[i], 1)
		}
	})
}

// AppendNewPowerBlock writes readings known to be new, given as columns.
func (s *Store) AppendNewPowerBlock(ctx context.Context, batchID string, recordedAt time.Time, b *leading.PowerBlock) (leading.WriteCounts, error) {
	n := b.Len()
	for k := 0; k < n; k++ {
		if r := b.Reading(k); r.Validate() != nil {
			err := r.Validate()
			return leading.WriteCounts{}, invalid("AppendNewPowerBlock", errors.Join(leading.ErrInvalid, err),
				msg.CHBadPower, k+1, r.Enterprise, chDate(r.Date), err, n)
		}
	}
	return s.writeNewPower(ctx, "AppendNewPowerBlock", batchID, recordedAt, n, func(c *powerCols, from, to int) {
		for k := from; k < to; k++ {
			e, i := &b.Ents[b.Ent[k]], k-from
			c.dates[i], c.ents[i], c.dists[i], c.chain[i] = leading.DayDate(b.Day[k]), e.Code, e.District, e.Chain
			c.whs[i], c.signs[i] = b.Wh[k], 1
		}
	})
}

// writeNewPower inserts n new readings (+1 rows) of one batch: fill puts
// readings [from, to) into rows 0… of an insert's block buffers, which are
// reused block after block, so the readings are never copied whole.
func (s *Store) writeNewPower(ctx context.Context, op, batchID string, recordedAt time.Time, n int, fill func(c *powerCols, from, to int)) (leading.WriteCounts, error) {
	if n == 0 {
		return leading.WriteCounts{}, nil
	}
	leadingWriteMu.Lock()
	defer leadingWriteMu.Unlock()
	wctx, cancel := s.writeCtx(ctx)
	defer cancel()
	filler := func() func(from, to int) []any {
		var c *powerCols
		return func(from, to int) []any {
			if c == nil || len(c.dates) < to-from {
				c = newPowerCols(to-from, batchID, recordedAt)
			}
			fill(c, from, to)
			return c.slice(0, to-from)
		}
	}
	err := s.insertFilled(wctx, "leading_power", leadingPowerColumns, n, filler)
	if err == nil {
		err = s.touch(wctx, "leading_power")
	}
	if err = s.failure(op, err, msg.NounCHWritePower, n); err != nil {
		return leading.WriteCounts{}, err
	}
	return leading.WriteCounts{Added: n}, nil
}

// powerCols holds leading_power rows as the columns of
// leadingPowerColumns, in their order.
type powerCols struct {
	dates              []time.Time
	ents, dists, chain []string
	whs                []int64
	signs              []int8
	batch              []string
	ats                []time.Time
	nss                []uint64
}

// newPowerCols makes columns for n rows of one batch recorded at
// recordedAt (the constant columns are filled).
func newPowerCols(n int, batchID string, recordedAt time.Time) *powerCols {
	return &powerCols{dates: make([]time.Time, n), ents: make([]string, n), dists: make([]string, n), chain: make([]string, n),
		whs: make([]int64, n), signs: make([]int8, n), batch: repeat(batchID, n), ats: repeat(dateTime(recordedAt), n),
		nss: repeat(nanos(recordedAt), n)}
}

// set fills row i with reading r (its date taken as a day) and sign.
func (c *powerCols) set(i int, r *leading.PowerReading, sign int8) {
	c.dates[i], c.ents[i], c.dists[i], c.chain[i] = leading.Day(r.Date), r.Enterprise, r.District, r.Chain
	c.whs[i], c.signs[i] = r.Wh, sign
}

// slice returns rows [from, to) of every column.
func (c *powerCols) slice(from, to int) []any {
	return []any{c.dates[from:to], c.ents[from:to], c.dists[from:to], c.chain[from:to], c.whs[from:to], c.signs[from:to],
		c.batch[from:to], c.ats[from:to], c.nss[from:to]}
}

// writePower inserts leading_power rows given as columns and bumps the data
// version. The caller holds leadingWriteMu.
func (s *Store) writePower(ctx context.Context, op string, cols *powerCols) error {
	n := len(cols.dates)
	if n == 0 {
		return nil
	}
	wctx, cancel := s.writeCtx(ctx)
	defer cancel()
	err := s.insertColumns(wctx, "leading_power", leadingPowerColumns, n, cols.slice)
	if err == nil {
		err = s.touch(wctx, "leading_power")
	}
	return s.failure(op, err, msg.NounCHWritePower, n)
}

// powerCurrent reads the current values of the keys in idx.
func (s *Store) powerCurrent(ctx context.Context, q powerCurrentQuery, idx map[powerKey]int) (map[powerKey]powerCur, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("query current power: %w", err)
	}
	defer rows.Close()
	out := map[powerKey]powerCur{}
	for rows.Next() {
		var (
			ent string
			d   time.Time
			c   powerCur
		)
		if err := rows.Scan(&ent, &d, &c.wh, &c.district, &c.chain); err != nil {
			return nil, fmt.Errorf("scan current power: %w", err)
		}
		k := powerKey{ent, leading.Day(d).Unix()}
		if _, ok := idx[k]; ok {
			out[k] = c
		}
	}
	return out, rows.Err()
}

// AppendPrices writes prices; a price equal to the current one of its
// commodity and day is skipped.
func (s *Store) AppendPrices(ctx context.Context, batchID string, recordedAt time.Time, rows []leading.PriceObs) (leading.WriteCounts, error) {
	var wc leading.WriteCounts
	for i, p := range rows {
		if err := p.Validate(); err != nil {
			return wc, invalid("AppendPrices", errors.Join(leading.ErrInvalid, err),
				msg.CHBadPrice, i+1, p.Commodity, chDate(p.Date), err, len(rows))
		}
	}
	if len(rows) == 0 {
		return wc, nil
	}
	type key struct {
		c string
		d int64
	}
	idx := map[key]int{}
	var uniq []leading.PriceObs
	q := leading.PriceQuery{From: leading.Day(rows[0].Date), To: leading.Day(rows[0].Date)}
	for _, p := range rows {
		p.Date = leading.Day(p.Date)
		k := key{p.Commodity, p.Date.Unix()}
		if j, ok := idx[k]; ok {
			uniq[j] = p
			continue
		}
		idx[k] = len(uniq)
		uniq = append(uniq, p)
		if p.Date.Before(q.From) {
			q.From = p.Date
		}
		if p.Date.After(q.To) {
			q.To = p.Date
		}
		if !slices.Contains(q.Commodities, p.Commodity) {
			q.Commodities = append(q.Commodities, p.Commodity)
		}
	}
	leadingWriteMu.Lock()
	defer leadingWriteMu.Unlock()
	cur, err := s.Prices(ctx, q)
	if err != nil {
		return wc, err
	}
	have := make(map[key]float64, len(cur))
	for _, c := range cur {
		have[key{c.Commodity, c.Date.Unix()}] = c.Price
	}
	var write []leading.PriceObs
	for _, p := range uniq {
		old, ok := have[key{p.Commodity, p.Date.Unix()}]
		if wc.Count(ok, old == p.Price) {
			write = append(write, p)
		}
	}
	if len(write) == 0 {
		return wc, nil
	}
	wctx, cancel := s.writeCtx(ctx)
	defer cancel()
	at, ns := dateTime(recordedAt), nanos(recordedAt)
	err = s.insert(wctx, "leading_prices", leadingPriceColumns, len(write), func(i int) []any {
		p := write[i]
		return []any{p.Commodity, p.Date, p.Price, batchID, at, ns}
	})
	if err == nil {
		err = s.touch(wctx, "leading_prices")
	}
	if err != nil {
		return leading.WriteCounts{}, s.failure("AppendPrices", err, msg.NounCHWritePrices, len(write))
	}
	return wc, nil
}

// LeadingBatch returns the batch that loaded a file of kind with checksum.
func (s *Store) LeadingBatch(ctx context.Context, kind, checksum string) (leading.Batch, bool, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := leadingBatchQuery{Kind: kind, Checksum: checksum}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return leading.Batch{}, false, s.failure("LeadingBatch", err, msg.NounCHReadLeadingBatch)
	}
	defer rows.Close()
	if !rows.Next() {
		return leading.Batch{}, false, s.failure("LeadingBatch", rows.Err(), msg.NounCHReadLeadingBatch)
	}
	b := leading.Batch{Kind: kind, Checksum: checksum}
	var n, added, changed, unchanged, started, ended uint64
	if err := rows.Scan(&b.ID, &b.Source, &n, &added, &changed, &unchanged, &started, &ended); err != nil {
		return leading.Batch{}, false, s.failure("LeadingBatch", err, msg.NounCHReadLeadingBatch)
	}
	b.Rows = int(n)
	b.Counts = leading.WriteCounts{Added: int(added), Changed: int(changed), Unchanged: int(unchanged)}
	b.Started, b.Ended = fromNanos(started), fromNanos(ended)
	return b, true, nil
}

// RecordLeadingBatch stores a finished batch.
func (s *Store) RecordLeadingBatch(ctx context.Context, b leading.Batch) error {
	if b.Kind == "" || b.Checksum == "" {
		return invalid("RecordLeadingBatch", nil, msg.CHLeadingBatchMeta)
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	ended := nanos(b.Ended)
	if ended == 0 {
		ended = s.tick(1)
	}
	// Commit first: once the batch is recorded, a rerun of the file is
	// skipped, so its rows must be visible by then.
	if err := s.markBatch(ctx, b.ID, -1); err != nil {
		return s.failure("RecordLeadingBatch", err, msg.NounCHRecordBatch)
	}
	err := s.insert(ctx, "leading_batches",
		[]string{"kind", "checksum", "id", "source", "rows", "added", "changed", "unchanged", "started_ns", "ended_ns", "ended_at"}, 1,
		func(int) []any {
			return []any{b.Kind, b.Checksum, b.ID, b.Source, nonNeg(b.Rows), nonNeg(b.Counts.Added), nonNeg(b.Counts.Changed),
				nonNeg(b.Counts.Unchanged), nanos(b.Started), ended, dateTime(fromNanos(ended))}
		})
	if err == nil {
		err = s.touch(ctx, "leading_batches")
	}
	return s.failure("RecordLeadingBatch", err, msg.NounCHRecordBatch)
}

// BeginLeadingBatch opens batch id: its rows stay out of every query until
// RecordLeadingBatch commits it.
func (s *Store) BeginLeadingBatch(ctx context.Context, id string) error {
	if strings.TrimSpace(id) == "" {
		return invalid("BeginLeadingBatch", nil, msg.CHLeadingBatchNoID)
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	return s.failure("BeginLeadingBatch", s.markBatch(ctx, id, 1), msg.NounCHBeginBatch)
}

// markBatch opens (+1) or commits (−1) a batch.
func (s *Store) markBatch(ctx context.Context, id string, state int8) error {
	ns := s.tick(1)
	err := s.insert(ctx, "leading_open_batches", []string{"batch_id", "state", "at_ns"}, 1, func(int) []any {
		return []any{id, state, ns}
	})
	if err == nil && state < 0 {
		err = s.touch(ctx, "leading_open_batches")
	}
	return err
}

// PowerSpan returns the first and last dates with consumption.
func (s *Store) PowerSpan(ctx context.Context) (time.Time, time.Time, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, _ := powerSpanQuery{}.SQL()
	var n uint64
	var first, last time.Time
	if err := s.conn.QueryRow(ctx, q).Scan(&n, &first, &last); err != nil {
		return time.Time{}, time.Time{}, s.failure("PowerSpan", err, msg.NounCHReadPowerSpan)
	}
	if n == 0 {
		return time.Time{}, time.Time{}, nil
	}
	return leading.Day(first), leading.Day(last), nil
}

// PowerDaily returns the daily totals of [From, To] with 同期.
func (s *Store) PowerDaily(ctx context.Context, q leading.PowerQuery) ([]leading.PowerPoint, error) {
	out, err := s.powerSeries(ctx, powerSeriesQuery{Q: q})
	return out, s.failure("PowerDaily", err, msg.NounCHReadPowerDaily)
}

// PowerMonthly returns the monthly totals of [From, To] with 同期.
func (s *Store) PowerMonthly(ctx context.Context, q leading.PowerQuery) ([]leading.PowerPoint, error) {
	out, err := s.powerSeries(ctx, powerSeriesQuery{Q: q, Monthly: true})
	return out, s.failure("PowerMonthly", err, msg.NounCHReadPowerMonthly)
}

func (s *Store) powerSeries(ctx context.Context, q powerSeriesQuery) ([]leading.PowerPoint, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("query power series: %w", err)
	}
	defer rows.Close()
	var out []leading.PowerPoint
	for rows.Next() {
		var p leading.PowerPoint
		if err := rows.Scan(&p.Period, &p.Wh, &p.LastYearWh, &p.Readings, &p.LastYearReads); err != nil {
			return nil, fmt.Errorf("scan power series: %w", err)
		}
		p.Period = leading.Day(p.Period)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PowerBy returns the totals per district or chain with 同期.
func (s *Store) PowerBy(ctx context.Context, q leading.PowerQuery, dim leading.Dimension) ([]leading.PowerGroup, error) {
	if dim != leading.ByDistrict && dim != leading.ByChain {
		return nil, invalid("PowerBy", leading.ErrInvalid, msg.CHBadDimension)
	}
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := powerByQuery{Q: q, Dim: dim}.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, s.failure("PowerBy", err, msg.NounCHReadPowerBy)
	}
	defer rows.Close()
	var out []leading.PowerGroup
	for rows.Next() {
		var g leading.PowerGroup
		if err := rows.Scan(&g.Key, &g.Wh, &g.LastYearWh, &g.Readings); err != nil {
			return nil, s.failure("PowerBy", err, msg.NounCHReadPowerBy)
		}
		out = append(out, g)
	}
	return out, s.failure("PowerBy", rows.Err(), msg.NounCHReadPowerBy)
}

// Prices returns the current prices.
func (s *Store) Prices(ctx context.Context, q leading.PriceQuery) ([]leading.PricePoint, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := pricesQuery{Q: q}.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, s.failure("Prices", err, msg.NounCHReadPrices)
	}
	defer rows.Close()
	var out []leading.PricePoint
	for rows.Next() {
		var p leading.PricePoint
		if err := rows.Scan(&p.Commodity, &p.Date, &p.Price); err != nil {
			return nil, s.failure("Prices", err, msg.NounCHReadPrices)
		}
		p.Date = leading.Day(p.Date)
		out = append(out, p)
	}
	return out, s.failure("Prices", rows.Err(), msg.NounCHReadPrices)
}
