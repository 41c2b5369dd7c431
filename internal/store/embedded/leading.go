package embedded

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/leading"
	"industrydash/internal/msg"
)

// 先行指标 (leading indicators) in the embedded store.
//
// The data lives in four buckets of their own, created by the first write
// (no schema version bump, so files written before stay compatible):
// enterprises and batches as JSON by key, and power readings and prices as
// blocks appended per call (only the rows that changed something), replayed
// in order at the first read so that a later row wins. In memory the store
// keeps the current value per (enterprise, day) and, like the ClickHouse
// materialized view, daily totals per (day, district, chain), updated on
// every write; queries aggregate those totals. The current values are held
// as per-day column arrays (enterprise number, watt-hours, attribution
// number), about 16 bytes a reading instead of a map entry per reading
// (~160 bytes), so that tens of millions of readings fit in memory.
//
// The state hangs off the *Store in a side table keyed by a weak pointer,
// so that this file needs no change to Store itself.

var (
	bucketLeadEnts    = []byte("leading_enterprises")
	bucketLeadPower   = []byte("leading_power")
	bucketLeadPrices  = []byte("leading_prices")
	bucketLeadBatches = []byte("leading_batches")
)

var _ leading.Store = (*Store)(nil)

type leadPowerKey struct {
	ent string
	day int32 // days since 1970-01-01
}

type leadPowerVal struct {
	wh              int64
	district, chain string
}

// leadAttr is a (district, chain) attribution, numbered in leadingState.
type leadAttr struct{ district, chain string }

// powerDay holds one day's current readings as columns, ordered by
// enterprise number.
type powerDay struct {
	ents []int32  // leadingState.entNum numbers, ascending
	wh   []int64  // current watt-hours
	attr []uint32 // leadingState.attrs index
}

// find returns the position of ent in d, or where it would go.
func (d *powerDay) find(ent int32) (int, bool) {
	if n := len(d.ents); n > 0 && d.ents[n-1] < ent { // appends in code order: the common case
		return n, false
	}
	return slices.BinarySearch(d.ents, ent)
}

type leadDailyKey struct {
	day             int32
	district, chain string
}

type leadDailyVal struct{ wh, readings int64 }

type leadPriceKey struct {
	commodity string
	day       int32
}

// leadingState is the in-memory side of the leading data. It is loaded
// once (loadMu); afterwards it changes only in a write's apply (Store.mu and Store.rmu held
// for writing) and is read under Store.rmu (or Store.mu) held for reading.
type leadingState struct {
	loadMu  sync.Mutex
	loaded  bool
	ents    map[string]leading.Enterprise
	days    map[int32]*powerDay // current readings by day number
	entNum  map[string]int32    // enterprise code → number (order of first reading)
	attrNum map[leadAttr]uint32
	attrs   []leadAttr
	daily   map[leadDailyKey]leadDailyVal
	prices  map[leadPriceKey]float64
	batches map[string]leading.Batch // by kind + "\x00" + checksum
	strs    map[string]string        // interned district and chain names
	open    map[string]bool          // batches begun and not yet recorded (leading_batches.go)
	// pending holds the readings an open batch of this process wrote, as
	// columns like days, so that its later blocks compare with its earlier
	// ones (leading_batches.go).
	pending map[string]map[int32]*powerDay
}

// leadingState returns s's state, loading it from the file on first use.
// The caller holds s.mu (a writer) or s.rmu (a reader) and has checked s.readable.
func (s *Store) leadingState() (*leadingState, error) {
	ls := &s.lead
	ls.loadMu.Lock()
	defer ls.loadMu.Unlock()
	if ls.loaded {
		return ls, nil
	}
	if err := ls.load(s.db); err != nil {
		return nil, msg.Wrap(err, msg.StoreReadLeading)
	}
	ls.loaded = true
	return ls, nil
}

func (ls *leadingState) reset() {
	ls.ents = map[string]leading.Enterprise{}
	ls.days = map[int32]*powerDay{}
	ls.entNum = map[string]int32{}
	ls.attrNum = map[leadAttr]uint32{}
	ls.attrs = nil
	ls.daily = map[leadDailyKey]leadDailyVal{}
	ls.prices = map[leadPriceKey]float64{}
	ls.batches = map[string]leading.Batch{}
	ls.strs = map[string]string{}
	ls.open = map[string]bool{}
	ls.pending = map[string]map[int32]*powerDay{}
}

func (ls *leadingState) load(db *bolt.DB) error {
	ls.reset()
	return db.View(func(tx *bolt.Tx) error {
		if err := eachJSON(tx, bucketLeadEnts, func(e leading.Enterprise) { ls.ents[e.Code] = e }); err != nil {
			return err
		}
		if err := eachJSON(tx, bucketLeadBatches, func(b leading.Batch) { ls.batches[b.Kind+"\x00"+b.Checksum] = b }); err != nil {
			return err
		}
		if b := tx.Bucket(bucketLeadOpen); b != nil {
			if err := b.ForEach(func(k, _ []byte) error { ls.open[string(k)] = true; return nil }); err != nil {
				return err
			}
		}
		if b := tx.Bucket(bucketLeadPower); b != nil {
			err := b.ForEach(func(k, v []byte) error {
				rows, err := decodePowerBlock(v)
				if err != nil {
					return fmt.Errorf("power block %x: %w", k, err)
				}
				ls.applyPower(rows)
				return nil
			})
			if err != nil {
				return err
			}
		}
		if b := tx.Bucket(bucketLeadPrices); b != nil {
			return b.ForEach(func(k, v []byte) error {
				var rows []leading.PriceObs
				if err := json.Unmarshal(v, &rows); err != nil {
					return fmt.Errorf("price block %x: %w", k, err)
				}
				for _, p := range rows {
					ls.prices[leadPriceKey{p.Commodity, dayNum(p.Date)}] = p.Price
				}
				return nil
			})
		}
		return nil
	})
}

func (ls *leadingState) intern(s string) string {
	if v, ok := ls.strs[s]; ok {
		return v
	}
	ls.strs[s] = s
	return s
}

// current returns the stored reading of (enterprise, day).
func (ls *leadingState) current(ent string, day int32) (leadPowerVal, bool) {
	return ls.currentIn(ls.days, ent, day)
}

// currentIn returns the reading of (enterprise, day) in days.
func (ls *leadingState) currentIn(days map[int32]*powerDay, ent string, day int32) (leadPowerVal, bool) {
	n, ok := ls.entNum[ent]
	d := days[day]
	if !ok || d == nil {
		return leadPowerVal{}, false
	}
	i, found := d.find(n)
	if !found {
		return leadPowerVal{}, false
	}
	a := ls.attrs[d.attr[i]]
	return leadPowerVal{d.wh[i], a.district, a.chain}, true
}

// attrOf numbers an attribution.
func (ls *leadingState) attrOf(district, chain string) uint32 {
	k := leadAttr{district, chain}
	if n, ok := ls.attrNum[k]; ok {
		return n
	}
	k = leadAttr{ls.intern(district), ls.intern(chain)}
	n := uint32(len(ls.attrs))
	ls.attrs = append(ls.attrs, k)
	ls.attrNum[k] = n
	return n
}

// entOf numbers an enterprise code.
func (ls *leadingState) entOf(code string) int32 {
	if n, ok := ls.entNum[code]; ok {
		return n
	}
	n := int32(len(ls.entNum))
	ls.entNum[strings.Clone(code)] = n
	return n
}

// addDaily moves the daily total of (day, attribution a) by wh and n readings.
func (ls *leadingState) addDaily(day int32, a uint32, wh, n int64) {
	dk := leadDailyKey{day, ls.attrs[a].district, ls.attrs[a].chain}
	dv := ls.daily[dk]
	dv.wh += wh
	dv.readings += n
	if dv.readings == 0 {
		delete(ls.daily, dk)
	} else {
		ls.daily[dk] = dv
	}
}

// applyPower makes rows the current readings of their keys (a later row
// of the same key wins) and moves the daily totals accordingly. Readings
// of keys already stored are updated in place; new ones are merged into
// their day's columns once per day, so a block costs one pass per day it
// touches whatever the rows' order.
func (ls *leadingState) applyPower(rows []leading.PowerReading) { ls.applyTo(ls.days, rows, true) }

// applyTo sets the readings of rows in days, moving the daily totals when
// daily is set (the visible state; an open batch's overlay has none).
func (ls *leadingState) applyTo(days map[int32]*powerDay, rows []leading.PowerReading, daily bool) {
	type pending struct {
		ent  int32
		wh   int64
		attr uint32
	}
	fresh := map[int32][]pending{}
	for _, r := range rows {
		day, ent, a := dayNum(r.Date), ls.entOf(r.Enterprise), ls.attrOf(r.District, r.Chain)
		d := days[day]
		if d == nil {
			d = &powerDay{}
			days[day] = d
		}
		if i, ok := d.find(ent); ok {
			if daily {
				ls.addDaily(day, d.attr[i], -d.wh[i], -1)
				ls.addDaily(day, a, r.Wh, 1)
			}
			d.wh[i], d.attr[i] = r.Wh, a
			continue
		}
		fresh[day] = append(fresh[day], pending{ent, r.Wh, a})
	}
	for day, ps := range fresh {
		// Later rows of a key win: stable sort by enterprise, keep the last.
		slices.SortStableFunc(ps, func(x, y pending) int { return cmp.Compare(x.ent, y.ent) })
		uniq := ps[:0]
		for _, p := range ps {
			if n := len(uniq); n > 0 && uniq[n-1].ent == p.ent {
				uniq[n-1] = p
				continue
			}
			uniq = append(uniq, p)
		}
		d := days[day]
		n := len(d.ents) + len(uniq)
		ents, wh, attr := make([]int32, 0, n), make([]int64, 0, n), make([]uint32, 0, n)
		i := 0
		for _, p := range uniq {
			for i < len(d.ents) && d.ents[i] < p.ent {
				ents, wh, attr = append(ents, d.ents[i]), append(wh, d.wh[i]), append(attr, d.attr[i])
				i++
			}
			ents, wh, attr = append(ents, p.ent), append(wh, p.wh), append(attr, p.attr)
			if daily {
				ls.addDaily(day, p.attr, p.wh, 1)
			}
		}
		ents, wh, attr = append(ents, d.ents[i:]...), append(wh, d.wh[i:]...), append(attr, d.attr[i:]...)
		d.ents, d.wh, d.attr = ents, wh, attr
	}
}

func dayNum(t time.Time) int32 { return int32(leading.Day(t).Unix() / 86400) }

func dayTime(n int32) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

// encodePowerBlock encodes readings: a count, then per row the enterprise,
// district and chain (length-prefixed), the day and the watt-hours (varints).
func encodePowerBlock(rows []leading.PowerReading) []byte {
	buf := binary.AppendUvarint(make([]byte, 0, 32*len(rows)+8), uint64(len(rows)))
	for _, r := range rows {
		for _, s := range []string{r.Enterprise, r.District, r.Chain} {
			buf = binary.AppendUvarint(buf, uint64(len(s)))
			buf = append(buf, s...)
		}
		buf = binary.AppendVarint(buf, int64(dayNum(r.Date)))
		buf = binary.AppendVarint(buf, r.Wh)
	}
	return buf
}

var errBadBlock = errors.New("truncated block")

func decodePowerBlock(b []byte) ([]leading.PowerReading, error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)) {
		return nil, errBadBlock
	}
	b = b[w:]
	out := make([]leading.PowerReading, 0, n)
	str := func() (string, bool) {
		l, w := binary.Uvarint(b)
		if w <= 0 || uint64(len(b)-w) < l {
			return "", false
		}
		s := string(b[w : w+int(l)])
		b = b[w+int(l):]
		return s, true
	}
	for range n {
		var r leading.PowerReading
		var ok1, ok2, ok3 bool
		r.Enterprise, ok1 = str()
		r.District, ok2 = str()
		r.Chain, ok3 = str()
		day, w1 := binary.Varint(b)
		if !ok1 || !ok2 || !ok3 || w1 <= 0 {
			return nil, errBadBlock
		}
		b = b[w1:]
		wh, w2 := binary.Varint(b)
		if w2 <= 0 {
			return nil, errBadBlock
		}
		b = b[w2:]
		r.Date, r.Wh = dayTime(int32(day)), wh
		out = append(out, r)
	}
	return out, nil
}

// appendBlock stores v under the bucket's next sequence number.
func appendBlock(tx *bolt.Tx, name, v []byte) error {
	b, err := tx.CreateBucketIfNotExists(name)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", name, err)
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return b.Put(binary.BigEndian.AppendUint64(nil, seq), v)
}

// PutEnterprises inserts or replaces enterprises by code.
func (s *Store) PutEnterprises(ctx context.Context, list []leading.Enterprise) error {
	for i, e := range list {
		if strings.TrimSpace(e.Code) == "" {
			return msg.Wrap(leading.ErrInvalid, msg.StoreEnterpriseNoCode, i+1)
		}
	}
	if len(list) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls, err := s.writableLeading(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, "save enterprises", func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketLeadEnts)
		if err != nil {
			return err
		}
		return putJSON(b, list, func(e leading.Enterprise) string { return e.Code })
	}, func() {
		for _, e := range list {
			ls.ents[e.Code] = e
		}
	})
}

// writableLeading checks the store and returns the loaded state. The
// caller holds s.mu for writing.
func (s *Store) writableLeading(ctx context.Context) (*leadingState, error) {
	if err := s.writable(ctx); err != nil {
		return nil, err
	}
	return s.leadingState()
}

// readLeading checks the store and returns the loaded state. The caller
// holds s.mu for reading.
func (s *Store) readLeading(ctx context.Context) (*leadingState, error) {
	if err := s.readable(ctx); err != nil {
		return nil, err
	}
	return s.leadingState()
}

// Enterprises returns every enterprise ordered by code.
func (s *Store) Enterprises(ctx context.Context) ([]leading.Enterprise, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	ls, err := s.readLeading(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]leading.Enterprise, 0, len(ls.ents))
	for _, e := range ls.ents {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b leading.Enterprise) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// AppendPower writes readings: only new keys and changed values are
// stored; within one call a repeated key: the later reading wins.
func (s *Store) AppendPower(ctx context.Context, batchID string, recordedAt time.Time, rows []leading.PowerReading) (leading.WriteCounts, error) {
	var wc leading.WriteCounts
	for i, r := range rows {
		if err := r.Validate(); err != nil {
			return wc, msg.Wrap(leading.ErrInvalid, msg.StoreBadPower,
				i+1, r.Enterprise, r.Date.Format("2006-01-02"), err, len(rows))
		}
	}
	if len(rows) == 0 {
		return wc, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls, err := s.writableLeading(ctx)
	if err != nil {
		return wc, err
	}
	idx := make(map[leadPowerKey]int, len(rows))
	var write []leading.PowerReading
	for _, r := range rows {
		r.Date = leading.Day(r.Date)
		k := leadPowerKey{r.Enterprise, dayNum(r.Date)}
		if j, ok := idx[k]; ok {
			write[j] = r
			continue
		}
		idx[k] = len(write)
		write = append(write, r)
	}
	if ls.open[batchID] {
		return s.appendPending(ctx, ls, batchID, write)
	}
	// Classify against the stored values, then drop the unchanged.
	kept := write[:0]
	for _, r := range write {
		old, ok := ls.current(r.Enterprise, dayNum(r.Date))
		if wc.Count(ok, old.wh == r.Wh && old.district == r.District && old.chain == r.Chain) {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return wc, nil
	}
	err = s.write(ctx, "append power", func(tx *bolt.Tx) error {
		return appendBlock(tx, bucketLeadPower, encodePowerBlock(kept))
	}, func() {
		ls.applyPower(kept)
	})
	if err != nil {
		return leading.WriteCounts{}, err
	}
	return wc, nil
}

// PowerStored reports whether consumption is stored for a day of [from, to].
func (s *Store) PowerStored(ctx context.Context, from, to time.Time) (bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ls, err := s.readLeading(ctx)
	if err != nil {
		return false, err
	}
	for day := dayNum(from); day <= dayNum(to); day++ {
		if d := ls.days[day]; d != nil && len(d.ents) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// AppendNewPower writes readings known to be new. The embedded store's
// look-up of current values is in memory and cheap, so it is AppendPower.
func (s *Store) AppendNewPower(ctx context.Context, batchID string, recordedAt time.Time, rows []leading.PowerReading) (leading.WriteCounts, error) {
	return s.AppendPower(ctx, batchID, recordedAt, rows)
}

// AppendNewPowerBlock writes readings known to be new, a slice of
// readings at a time (see AppendNewPower).
func (s *Store) AppendNewPowerBlock(ctx context.Context, batchID string, recordedAt time.Time, b *leading.PowerBlock) (leading.WriteCounts, error) {
	for k := 0; k < b.Len(); k++ { // all checked before any is written
		if r := b.Reading(k); r.Validate() != nil {
			return leading.WriteCounts{}, msg.Wrap(leading.ErrInvalid, msg.StoreBadPower, k+1, r.Enterprise, r.Date.Format("2006-01-02"), r.Validate(), b.Len())
		}
	}
	const chunk = 100_000
	var wc leading.WriteCounts
	rows := make([]leading.PowerReading, 0, min(chunk, b.Len()))
	for lo := 0; lo < b.Len(); lo += chunk {
		rows = rows[:0]
		for k := lo; k < min(lo+chunk, b.Len()); k++ {
			rows = append(rows, b.Reading(k))
		}
		c, err := s.AppendNewPower(ctx, batchID, recordedAt, rows)
		wc = wc.Add(c)
		if err != nil {
			return wc, err
		}
	}
	return wc, nil
}

// AppendPrices writes prices; equal values are skipped, repeated keys in
// one call: the later wins.
func (s *Store) AppendPrices(ctx context.Context, batchID string, recordedAt time.Time, rows []leading.PriceObs) (leading.WriteCounts, error) {
	var wc leading.WriteCounts
	for i, p := range rows {
		if err := p.Validate(); err != nil {
			return wc, msg.Wrap(leading.ErrInvalid, msg.StoreBadPrice,
				i+1, p.Commodity, p.Date.Format("2006-01-02"), err, len(rows))
		}
	}
	if len(rows) == 0 {
		return wc, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls, err := s.writableLeading(ctx)
	if err != nil {
		return wc, err
	}
	idx := map[leadPriceKey]int{}
	var write []leading.PriceObs
	for _, p := range rows {
		p.Date = leading.Day(p.Date)
		k := leadPriceKey{p.Commodity, dayNum(p.Date)}
		if j, ok := idx[k]; ok {
			write[j] = p
			continue
		}
		idx[k] = len(write)
		write = append(write, p)
	}
	kept := write[:0]
	for _, p := range write {
		old, ok := ls.prices[leadPriceKey{p.Commodity, dayNum(p.Date)}]
		if wc.Count(ok, old == p.Price) {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return wc, nil
	}
	v, err := json.Marshal(kept)
	if err != nil {
		return leading.WriteCounts{}, fmt.Errorf("encode prices: %w", err)
	}
	err = s.write(ctx, "append prices", func(tx *bolt.Tx) error {
		return appendBlock(tx, bucketLeadPrices, v)
	}, func() {
		for _, p := range kept {
			ls.prices[leadPriceKey{p.Commodity, dayNum(p.Date)}] = p.Price
		}
	})
	if err != nil {
		return leading.WriteCounts{}, err
	}
	return wc, nil
}

// LeadingBatch returns the batch that loaded a file of kind with checksum.
func (s *Store) LeadingBatch(ctx context.Context, kind, checksum string) (leading.Batch, bool, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	ls, err := s.readLeading(ctx)
	if err != nil {
		return leading.Batch{}, false, err
	}
	b, ok := ls.batches[kind+"\x00"+checksum]
	return b, ok, nil
}

// RecordLeadingBatch stores a finished batch.
func (s *Store) RecordLeadingBatch(ctx context.Context, b leading.Batch) error {
	if b.Kind == "" || b.Checksum == "" {
		return msg.New(msg.StoreLeadingBatchMeta)
	}
	b.Started, b.Ended = b.Started.UTC(), b.Ended.UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	ls, err := s.writableLeading(ctx)
	if err != nil {
		return err
	}
	key := b.Kind + "\x00" + b.Checksum
	var blocks [][]byte
	return s.write(ctx, "record leading batch", func(tx *bolt.Tx) error {
		var err error
		if blocks, err = commitPending(tx, b.ID); err != nil { // an open batch becomes visible with its record
			return err
		}
		bk, err := tx.CreateBucketIfNotExists(bucketLeadBatches)
		if err != nil {
			return err
		}
		return putJSON(bk, []leading.Batch{b}, func(leading.Batch) string { return key })
	}, func() {
		for _, v := range blocks {
			if rows, err := decodePowerBlock(v); err == nil { // encoded by this process a moment ago
				ls.applyPower(rows)
			}
		}
		delete(ls.open, b.ID)
		delete(ls.pending, b.ID)
		ls.batches[key] = b
	})
}

// PowerSpan returns the first and last dates with consumption.
func (s *Store) PowerSpan(ctx context.Context) (time.Time, time.Time, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	ls, err := s.readLeading(ctx)
	if err != nil || len(ls.daily) == 0 {
		return time.Time{}, time.Time{}, err
	}
	first, last := int32(1<<31-1), int32(-1<<31)
	for k := range ls.daily {
		first, last = min(first, k.day), max(last, k.day)
	}
	return dayTime(first), dayTime(last), nil
}

// nextYear maps a day of the prior period onto the query's period, as
// ClickHouse's addYears does: 29 February becomes 28 February.
func nextYear(day int32) int32 {
	t := dayTime(day)
	y, m, d := t.Date()
	if m == time.February && d == 29 {
		d = 28
	}
	return dayNum(time.Date(y+1, m, d, 0, 0, 0, 0, time.UTC))
}

type leadAgg struct{ cur, prev, rc, rp int64 }

// aggregate folds the daily totals of q's period and of the year before
// (shifted forward) into groups named by key.
func aggregate[K comparable](ls *leadingState, q leading.PowerQuery, key func(day int32, k leadDailyKey) K) map[K]*leadAgg {
	from, to := dayNum(q.From), dayNum(q.To)
	pf, pt := q.PriorYear()
	pfrom, pto := dayNum(pf), dayNum(pt)
	out := map[K]*leadAgg{}
	get := func(k K) *leadAgg {
		a := out[k]
		if a == nil {
			a = &leadAgg{}
			out[k] = a
		}
		return a
	}
	for k, v := range ls.daily {
		if len(q.Districts) > 0 && !slices.Contains(q.Districts, k.district) ||
			len(q.Chains) > 0 && !slices.Contains(q.Chains, k.chain) {
			continue
		}
		if k.day >= from && k.day <= to {
			a := get(key(k.day, k))
			a.cur += v.wh
			a.rc += v.readings
		}
		if k.day >= pfrom && k.day <= pto {
			a := get(key(nextYear(k.day), k))
			a.prev += v.wh
			a.rp += v.readings
		}
	}
	return out
}

// PowerDaily returns the daily totals of [From, To] with 同期.
func (s *Store) PowerDaily(ctx context.Context, q leading.PowerQuery) ([]leading.PowerPoint, error) {
	return s.powerSeries(ctx, q, func(day int32) time.Time { return dayTime(day) })
}

// PowerMonthly returns the monthly totals of [From, To] with 同期.
func (s *Store) PowerMonthly(ctx context.Context, q leading.PowerQuery) ([]leading.PowerPoint, error) {
	return s.powerSeries(ctx, q, func(day int32) time.Time {
		y, m, _ := dayTime(day).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	})
}

func (s *Store) powerSeries(ctx context.Context, q leading.PowerQuery, period func(int32) time.Time) ([]leading.PowerPoint, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	ls, err := s.readLeading(ctx)
	if err != nil {
		return nil, err
	}
	byPeriod := aggregate(ls, q, func(day int32, _ leadDailyKey) time.Time { return period(day) })
	var out []leading.PowerPoint
	for p, a := range byPeriod {
		if a.rc == 0 && a.rp == 0 {
			continue
		}
		out = append(out, leading.PowerPoint{Period: p, Wh: a.cur, LastYearWh: a.prev, Readings: a.rc, LastYearReads: a.rp})
	}
	slices.SortFunc(out, func(a, b leading.PowerPoint) int { return a.Period.Compare(b.Period) })
	return out, nil
}

// PowerBy returns the totals per district or chain with 同期.
func (s *Store) PowerBy(ctx context.Context, q leading.PowerQuery, dim leading.Dimension) ([]leading.PowerGroup, error) {
	if dim != leading.ByDistrict && dim != leading.ByChain {
		return nil, msg.Wrap(leading.ErrInvalid, msg.StoreBadDimension)
	}
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	ls, err := s.readLeading(ctx)
	if err != nil {
		return nil, err
	}
	groups := aggregate(ls, q, func(_ int32, k leadDailyKey) string {
		if dim == leading.ByChain {
			return k.chain
		}
		return k.district
	})
	var out []leading.PowerGroup
	for k, a := range groups {
		if a.rc == 0 && a.rp == 0 {
			continue
		}
		out = append(out, leading.PowerGroup{Key: k, Wh: a.cur, LastYearWh: a.prev, Readings: a.rc})
	}
	slices.SortFunc(out, func(a, b leading.PowerGroup) int {
		if c := cmp.Compare(b.Wh, a.Wh); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// Prices returns the current prices, by commodity code then date.
func (s *Store) Prices(ctx context.Context, q leading.PriceQuery) ([]leading.PricePoint, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	ls, err := s.readLeading(ctx)
	if err != nil {
		return nil, err
	}
	var out []leading.PricePoint
	for k, v := range ls.prices {
		t := dayTime(k.day)
		if !q.From.IsZero() && t.Before(leading.Day(q.From)) || !q.To.IsZero() && t.After(leading.Day(q.To)) ||
			len(q.Commodities) > 0 && !slices.Contains(q.Commodities, k.commodity) {
			continue
		}
		out = append(out, leading.PricePoint{Commodity: k.commodity, Date: t, Price: v})
	}
	slices.SortFunc(out, func(a, b leading.PricePoint) int {
		if c := strings.Compare(a.Commodity, b.Commodity); c != 0 {
			return c
		}
		return a.Date.Compare(b.Date)
	})
	return out, nil
}
