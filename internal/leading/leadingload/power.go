package leadingload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/msg"
)

// KindPower and KindPrices name the batches of the two file kinds.
const (
	KindPower  = "power"
	KindPrices = "prices"
)

// entSeen is an enterprise described in the file, with where.
type entSeen struct {
	leading.Enterprise
	line int
	raw  string // the district as written
}

// LoadPower loads a consumption CSV (columns 企业代码, 日期, 用电量(千瓦时);
// optional 企业名称, 地区, 产业链, which register or update the enterprise).
// Every enterprise must be known to the store or described in the file.
// The file is parsed once: validated readings are kept as compact columns
// (16 bytes a reading, up to Options.KeepReadings) and written from them;
// a larger file is read a second time to write (r is then seeked back).
func LoadPower(ctx context.Context, st leading.Store, name string, r io.ReadSeeker, o Options) (Result, error) {
	o = o.withDefaults()
	started := o.Now().UTC()
	known := map[string]leading.Enterprise{}
	list, err := st.Enterprises(ctx)
	if err != nil {
		return Result{}, msg.Wrap(err, msg.LeadingReadEnterprises)
	}
	for _, e := range list {
		known[e.Code] = e
	}
	v, err := validatePower(ctx, name, r, o, known)
	if err != nil {
		return Result{}, err
	}
	check := v.sum.hex()
	if b, ok, err := st.LeadingBatch(ctx, KindPower, check); err != nil {
		return Result{}, msg.Wrap(err, msg.LeadingReadBatches)
	} else if ok {
		return Result{Batch: b, Skipped: true}, nil
	}
	put, err := registerEnterprises(ctx, st, known, v.described)
	if err != nil {
		return Result{}, err
	}
	appendPower, fresh, err := powerWriter(ctx, st, v.keys)
	if err != nil {
		return Result{}, err
	}
	b := leading.Batch{ID: batchID(KindPower, started, check), Kind: KindPower, Source: name, Checksum: check, Rows: v.rows, Started: started}
	if err := st.BeginLeadingBatch(ctx, b.ID); err != nil {
		return Result{}, msg.Wrap(err, msg.LeadingBeginBatch)
	}
	switch {
	case v.kept != nil && fresh: // every reading new: the columns go as they are
		if err := writeBlock(ctx, st, &b, v.kept.block(known), o); err != nil {
			return Result{Batch: b}, err
		}
	default:
		w := newChunkWriter(ctx, appendPower, &b, o, v.rows)
		if v.kept != nil {
			err = v.kept.each(known, w.add)
		} else {
			err = rereadPower(name, r, o, known, w.add)
		}
		if err = w.finish(err); err != nil {
			return Result{Batch: b}, err
		}
	}
	b.Ended = o.Now().UTC()
	if err := st.RecordLeadingBatch(ctx, b); err != nil {
		return Result{Batch: b}, msg.Wrap(err, msg.LeadingRecordBatch)
	}
	return Result{Batch: b, Missing: v.missing, NewEnterprises: len(put)}, nil
}

// DefaultKeepReadings is the most validated readings a load keeps in
// memory (16 bytes each, 64 MiB in all) to write them without reading the
// file again; a larger file is read twice.
const DefaultKeepReadings = 4 << 20

// powerColumns are validated readings, kept as columns: the enterprise as
// an index into codes, the day as days since 1970, the energy in Wh.
type powerColumns struct {
	max   int
	codes []string
	index map[string]int32
	last  int32 // index of the previous reading's enterprise
	ent   []int32
	day   []int32
	wh    []int64
}

func newPowerColumns(max int) *powerColumns {
	if max < 0 {
		return nil
	}
	return &powerColumns{max: max, index: map[string]int32{}}
}

// add keeps one reading; it reports false once the columns are full.
func (c *powerColumns) add(code string, date time.Time, wh int64) bool {
	if len(c.wh) >= c.max {
		return false
	}
	i := c.last
	if len(c.codes) == 0 || c.codes[i] != code { // rows usually come enterprise by enterprise
		var ok bool
		if i, ok = c.index[code]; !ok {
			i = int32(len(c.codes))
			code = strings.Clone(code) // not the block's text
			c.codes = append(c.codes, code)
			c.index[code] = i
		}
		c.last = i
	}
	c.ent = append(c.ent, i)
	c.day = append(c.day, int32(date.Unix()/86400))
	c.wh = append(c.wh, wh)
	return true
}

// appendFrom appends o's readings; it reports false (and appends
// nothing) when they do not fit.
func (c *powerColumns) appendFrom(o *powerColumns) bool {
	if len(c.wh)+len(o.wh) > c.max {
		return false
	}
	remap := make([]int32, len(o.codes))
	for k, code := range o.codes {
		i, ok := c.index[code]
		if !ok {
			i = int32(len(c.codes))
			c.codes = append(c.codes, code)
			c.index[code] = i
		}
		remap[k] = i
	}
	for _, e := range o.ent {
		c.ent = append(c.ent, remap[e])
	}
	c.day = append(c.day, o.day...)
	c.wh = append(c.wh, o.wh...)
	return true
}

// block returns the kept readings as a leading.PowerBlock, each
// enterprise's district and chain as known now.
func (c *powerColumns) block(known map[string]leading.Enterprise) *leading.PowerBlock {
	b := &leading.PowerBlock{Ents: make([]leading.Enterprise, len(c.codes)), Ent: c.ent, Day: c.day, Wh: c.wh}
	for i, code := range c.codes {
		b.Ents[i] = known[code]
	}
	return b
}

// each hands the kept readings to fn in file order, with each enterprise's
// district and chain as known now.
func (c *powerColumns) each(known map[string]leading.Enterprise, fn func(leading.PowerReading) error) error {
	ents := make([]leading.Enterprise, len(c.codes))
	for i, code := range c.codes {
		ents[i] = known[code]
	}
	for k := range c.wh {
		e := &ents[c.ent[k]]
		if err := fn(leading.PowerReading{Enterprise: e.Code, District: e.District, Chain: e.Chain,
			Date: leading.DayDate(c.day[k]), Wh: c.wh[k]}); err != nil {
			return err
		}
	}
	return nil
}

// powerCheck is what validating a consumption file found.
type powerCheck struct {
	sum           *checksum
	described     map[string]entSeen
	rows, missing int
	keys          *keySet
	kept          *powerColumns // nil when the file had more readings than Options.KeepReadings
}

// powerColumnsNeeded are the columns a consumption file must have.
var powerColumnsNeeded = []column{colEnterprise, colDate, colKWh}

// powerPart is what one block of a consumption file yields: its rows are
// checked on a worker, then the parts are merged in file order.
type powerPart struct {
	errs          *errList
	variants      map[string][]variant // code → the attributes rows give it
	undescribed   map[string]int       // code → first line, for codes without attributes
	keys          *keySet
	kept          *powerColumns
	rows, missing int
}

// validatePower reads the file once, in blocks checked on every core:
// every row checked, the bytes hashed, the enterprises it describes
// collected and its readings kept. Any problem returns the list of them,
// located; nothing is written.
func validatePower(ctx context.Context, name string, r io.Reader, o Options, known map[string]leading.Enterprise) (*powerCheck, error) {
	errs := &errList{file: name}
	v := &powerCheck{sum: newChecksum(r), described: map[string]entSeen{}, keys: newKeySet(), kept: newPowerColumns(o.KeepReadings)}
	undescribed := map[string]int{}
	start := func() *powerPart {
		return &powerPart{errs: &errList{file: name}, variants: map[string][]variant{}, undescribed: map[string]int{},
			keys: newKeySet(), kept: newPowerColumns(o.KeepReadings)}
	}
	row := func(p *powerPart, h *header, line int, rec []string) error {
		if line%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		code := h.cell(rec, colEnterprise)
		if code == "" {
			p.errs.add(line, h.text[colEnterprise], "企业代码为空")
			return nil
		}
		p.reading(h, line, rec, code)
		p.describe(h, line, rec, code, o.Units)
		return nil
	}
	merge := func(p *powerPart) error {
		v.merge(p, undescribed, errs)
		return nil
	}
	if err := csvBlocks(name, v.sum, o.BlockBytes, powerColumnsNeeded, start, row, merge); err != nil {
		return nil, err
	}
	for code, line := range undescribed {
		if _, ok := v.described[code]; ok {
			continue
		}
		if _, ok := known[code]; !ok {
			errs.add(line, "", fmt.Sprintf("企业代码“%s”未登记：请在文件中填写该企业的企业名称、地区和产业链列", code))
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	if v.rows == 0 {
		return nil, &FileError{File: name, Msg: msg.New(msg.LeadingNoPowerRows)}
	}
	return v, nil
}

// reading checks one row's date and consumption, counts it and keeps it.
func (p *powerPart) reading(h *header, line int, rec []string, code string) {
	date, dateErr := ParseDate(h.cell(rec, colDate))
	if dateErr != nil {
		p.errs.add(line, h.text[colDate], msg.Text(dateErr))
	}
	kwh, isMissing, err := number(h.cell(rec, colKWh))
	if err == nil && !isMissing && dateErr == nil {
		p.keys.add(code, date)
	}
	switch {
	case err != nil:
		p.errs.add(line, h.text[colKWh], msg.Text(err))
	case isMissing:
		p.missing++
	case kwh < 0:
		p.errs.add(line, h.text[colKWh], fmt.Sprintf("用电量 %v 为负数", kwh))
	case kwh*h.kwhMul*1000 > leading.MaxDailyWh:
		p.errs.add(line, h.text[colKWh], fmt.Sprintf("用电量 %v 超过每日 1 亿千瓦时，请检查单位（表头应注明千瓦时或万千瓦时）", kwh))
	default:
		p.rows++
		if p.kept != nil && dateErr == nil && !p.kept.add(code, date, int64(math.Round(kwh*h.kwhMul*1000))) {
			p.kept = nil // too many to keep: the writer reads the file again
		}
	}
}

// merge adds a block's findings to the file's, in file order: the first
// description of an enterprise in the file is its description, and every
// row describing it differently is an error.
func (v *powerCheck) merge(p *powerPart, undescribed map[string]int, errs *errList) {
	var clash []RowError
	for code, vs := range p.variants {
		for _, va := range vs {
			prev, seen := v.described[code]
			if !seen {
				v.described[code] = va.entSeen
				continue
			}
			if prev.Enterprise == va.Enterprise {
				continue
			}
			for _, line := range va.lines {
				clash = append(clash, RowError{File: errs.file, Row: line,
					Msg: fmt.Sprintf("企业“%s”的名称、地区或产业链与第 %d 行不一致", code, prev.line)})
			}
		}
	}
	rows := append(p.errs.rows, clash...)
	slices.SortStableFunc(rows, func(a, b RowError) int { return a.Row - b.Row })
	for _, r := range rows {
		errs.add(r.Row, r.Column, r.Msg)
	}
	errs.more = errs.more || p.errs.more
	for code, line := range p.undescribed {
		if first, ok := undescribed[code]; !ok || line < first {
			undescribed[code] = line
		}
	}
	v.keys.merge(p.keys)
	v.rows += p.rows
	v.missing += p.missing
	if v.kept != nil && (p.kept == nil || !v.kept.appendFrom(p.kept)) {
		v.kept = nil // too many to keep: the writer reads the file again
	}
}

// registerEnterprises stores the enterprises the file added or changed
// and records them in known.
func registerEnterprises(ctx context.Context, st leading.Store, known map[string]leading.Enterprise, described map[string]entSeen) ([]leading.Enterprise, error) {
	var put []leading.Enterprise
	for code, e := range described {
		if k, ok := known[code]; !ok || k != e.Enterprise {
			put = append(put, e.Enterprise)
		}
		known[code] = e.Enterprise
	}
	slices.SortFunc(put, func(a, b leading.Enterprise) int { return strings.Compare(a.Code, b.Code) })
	if err := st.PutEnterprises(ctx, put); err != nil {
		return nil, msg.Wrap(err, msg.LeadingWriteEnterprises)
	}
	return put, nil
}

// writeBlock writes new readings held as columns, o.ChunkRows per store
// call, reporting progress after each.
func writeBlock(ctx context.Context, st leading.Store, b *leading.Batch, blk *leading.PowerBlock, o Options) error {
	recorded, n := o.Now().UTC(), blk.Len()
	for lo := 0; lo < n; lo += o.ChunkRows {
		hi := min(lo+o.ChunkRows, n)
		part := &leading.PowerBlock{Ents: blk.Ents, Ent: blk.Ent[lo:hi], Day: blk.Day[lo:hi], Wh: blk.Wh[lo:hi]}
		wc, err := st.AppendNewPowerBlock(ctx, b.ID, recorded, part)
		b.Counts = b.Counts.Add(wc)
		if err != nil {
			return msg.Wrap(err, msg.LeadingWritePower, lo+1, hi)
		}
		if o.Progress != nil {
			o.Progress(hi, n)
		}
	}
	return nil
}

// powerWriter picks the store call: no de-duplication query per chunk when
// nothing is stored for the file's days and the file repeats no key, since
// every reading is then new (fresh).
func powerWriter(ctx context.Context, st leading.Store, keys *keySet) (write func(context.Context, string, time.Time, []leading.PowerReading) (leading.WriteCounts, error), fresh bool, err error) {
	if keys.distinct() {
		stored, err := st.PowerStored(ctx, keys.first, keys.last)
		if err != nil {
			return nil, false, msg.Wrap(err, msg.LeadingReadPowerRange)
		}
		if !stored {
			return st.AppendNewPower, true, nil
		}
	}
	return st.AppendPower, false, nil
}

// rereadPower reads a validated file a second time, in blocks on every
// core, handing its readings to fn in file order.
func rereadPower(name string, r io.ReadSeeker, o Options, known map[string]leading.Enterprise, fn func(leading.PowerReading) error) error {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return &FileError{File: name, Msg: msg.New(msg.LeadingReread), Reason: err}
	}
	start := func() *[]leading.PowerReading { return &[]leading.PowerReading{} }
	row := func(p *[]leading.PowerReading, h *header, line int, rec []string) error {
		v, isMissing, _ := number(h.cell(rec, colKWh))
		if isMissing {
			return nil
		}
		date, _ := ParseDate(h.cell(rec, colDate))
		e := known[h.cell(rec, colEnterprise)]
		*p = append(*p, leading.PowerReading{Enterprise: e.Code, District: e.District, Chain: e.Chain,
			Date: date, Wh: int64(math.Round(v * h.kwhMul * 1000))})
		return nil
	}
	end := func(p *[]leading.PowerReading) error {
		for _, r := range *p {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	return csvBlocks(name, r, o.BlockBytes, powerColumnsNeeded, start, row, end)
}

// chunkWriter sends readings to the store in chunks from a goroutine, so
// that preparing the next chunk (client CPU) overlaps the insert (server
// CPU). Chunks are written in file order, one at a time, so the store's
// compare-with-current-values sees every earlier chunk.
type chunkWriter struct {
	chunk  []leading.PowerReading
	size   int
	jobs   chan []leading.PowerReading
	free   chan []leading.PowerReading // written chunks, for reuse
	werr   chan error
	failed atomic.Bool
}

func newChunkWriter(ctx context.Context, appendPower func(context.Context, string, time.Time, []leading.PowerReading) (leading.WriteCounts, error), b *leading.Batch, o Options, rows int) *chunkWriter {
	w := &chunkWriter{size: o.ChunkRows, jobs: make(chan []leading.PowerReading, 1), free: make(chan []leading.PowerReading, 2),
		werr: make(chan error, 1)}
	w.chunk = make([]leading.PowerReading, 0, min(o.ChunkRows, rows))
	recorded := o.Now().UTC()
	go func() {
		var err error
		done := 0
		for c := range w.jobs {
			if err != nil {
				continue // drain after a failure
			}
			wc, e := appendPower(ctx, b.ID, recorded, c)
			if e != nil {
				err = msg.Wrap(e, msg.LeadingWritePower, done+1, done+len(c))
				w.failed.Store(true)
				continue
			}
			b.Counts = b.Counts.Add(wc)
			done += len(c)
			select {
			case w.free <- c[:0]:
			default:
			}
			if o.Progress != nil {
				o.Progress(done, rows)
			}
		}
		w.werr <- err
	}()
	return w
}

// add queues one reading, sending the chunk when it is full.
func (w *chunkWriter) add(p leading.PowerReading) error {
	w.chunk = append(w.chunk, p)
	if len(w.chunk) >= w.size {
		return w.flush()
	}
	return nil
}

func (w *chunkWriter) flush() error {
	if len(w.chunk) == 0 {
		return nil
	}
	if w.failed.Load() {
		return errWriteFailed
	}
	w.jobs <- w.chunk
	select {
	case c := <-w.free:
		w.chunk = c
	default:
		w.chunk = make([]leading.PowerReading, 0, w.size)
	}
	return nil
}

// finish sends the last chunk, waits for the writer and returns the first
// error: the writer's (it says which rows) over err, the reader's.
func (w *chunkWriter) finish(err error) error {
	if err == nil {
		err = w.flush()
	}
	close(w.jobs)
	if e := <-w.werr; e != nil {
		err = e
	}
	return err
}

// keySet records the (enterprise, day) keys of a file's readings, to
// learn its date range and whether a key repeats: a bitset of days per
// enterprise and year (48 bytes per enterprise-year, whatever the file's
// order). Past maxKeySetEntries enterprise-years it gives up (distinct
// reports false, so the loader keeps its per-chunk de-duplication).
type keySet struct {
	ents        map[string]int32
	bits        map[entYear]*[6]uint64
	first, last time.Time
	repeated    bool
	overflow    bool
	// the previous key's enterprise, year and bits
	lastCode string
	lastYear int32
	lastBits *[6]uint64
}

type entYear struct {
	ent  int32
	year int32
}

const maxKeySetEntries = 4 << 20

func newKeySet() *keySet {
	return &keySet{ents: map[string]int32{}, bits: map[entYear]*[6]uint64{}}
}

func (k *keySet) add(code string, date time.Time) {
	if k.first.IsZero() || date.Before(k.first) {
		k.first = date
	}
	if date.After(k.last) {
		k.last = date
	}
	if k.repeated || k.overflow {
		return
	}
	year := int32(date.Year())
	b := k.lastBits
	if b == nil || k.lastCode != code || k.lastYear != year { // rows usually come enterprise by enterprise
		n, ok := k.ents[code]
		if !ok {
			n = int32(len(k.ents))
			k.ents[strings.Clone(code)] = n
		}
		b = k.bits[entYear{n, year}]
		if b == nil {
			if len(k.bits) >= maxKeySetEntries {
				k.overflow = true
				return
			}
			b = new([6]uint64)
			k.bits[entYear{n, year}] = b
		}
		k.lastCode, k.lastYear, k.lastBits = code, year, b
	}
	d := date.YearDay() - 1
	if b[d/64]&(1<<(d%64)) != 0 {
		k.repeated = true
		return
	}
	b[d/64] |= 1 << (d % 64)
}

// merge adds the keys of o (another part of the same file).
func (k *keySet) merge(o *keySet) {
	if o.first.IsZero() {
		return
	}
	if k.first.IsZero() || o.first.Before(k.first) {
		k.first = o.first
	}
	if o.last.After(k.last) {
		k.last = o.last
	}
	k.repeated = k.repeated || o.repeated
	k.overflow = k.overflow || o.overflow
	if k.repeated || k.overflow {
		return
	}
	remap := make([]int32, len(o.ents))
	for code, n := range o.ents {
		i, ok := k.ents[code]
		if !ok {
			i = int32(len(k.ents))
			k.ents[code] = i
		}
		remap[n] = i
	}
	for key, ob := range o.bits {
		gk := entYear{remap[key.ent], key.year}
		b := k.bits[gk]
		if b == nil {
			if len(k.bits) >= maxKeySetEntries {
				k.overflow = true
				return
			}
			k.bits[gk] = ob
			continue
		}
		for w := range b {
			if b[w]&ob[w] != 0 {
				k.repeated = true
				return
			}
			b[w] |= ob[w]
		}
	}
}

// distinct reports whether every key was seen once (and all were tracked).
func (k *keySet) distinct() bool { return !k.first.IsZero() && !k.repeated && !k.overflow }

// errWriteFailed stops the parser once the writer has failed; the
// writer's own error is returned.
var errWriteFailed = errors.New("write failed")

// variant is one set of attributes a block gives an enterprise, with the
// lines that give it (up to MaxErrors of them).
type variant struct {
	entSeen
	lines []int
}

// describe checks the enterprise attributes of a row and collects them by
// variant (usually one per enterprise: the same attributes on every row).
// Whether a variant contradicts the file's first description of the
// enterprise is decided when the blocks are merged, in file order.
func (p *powerPart) describe(h *header, line int, rec []string, code string, units *domain.UnitIndex) {
	name, dist, chain := h.cell(rec, colName), h.cell(rec, colDistrict), h.cell(rec, colChain)
	if name == "" && dist == "" && chain == "" {
		if _, ok := p.undescribed[code]; !ok {
			p.undescribed[strings.Clone(code)] = line
		}
		return
	}
	vs := p.variants[code]
	if len(vs) == 1 && vs[0].Name == name && vs[0].raw == dist && vs[0].Chain == chain {
		if len(vs[0].lines) < MaxErrors {
			vs[0].lines = append(vs[0].lines, line)
		}
		return // the common case: the same attributes on every row
	}
	if name == "" || dist == "" || chain == "" {
		p.errs.add(line, "", "企业名称、地区、产业链应同时填写（或同时留空以沿用已登记的信息）")
		return
	}
	ok := true
	code2 := dist
	if units != nil {
		u, found := units.Lookup(dist)
		if !found || (u.Kind != domain.KindDistrict && u.Kind != domain.KindZone && u.Kind != domain.KindPark) {
			p.errs.add(line, h.text[colDistrict], fmt.Sprintf("地区“%s”不是已知的旗县区、功能区或园区，请填写代码（如 150203）或名称（如 昆都仑区）", dist))
			ok = false
		} else {
			code2 = u.Code
		}
	}
	if !slices.Contains(leading.Chains, chain) {
		p.errs.add(line, h.text[colChain], fmt.Sprintf("产业链“%s”无法识别，应为 %s 之一", chain, strings.Join(leading.Chains, "、")))
		ok = false
	}
	if !ok {
		return
	}
	// Cloned: the record's fields may be parts of the whole block's text.
	e := leading.Enterprise{Code: strings.Clone(code), Name: strings.Clone(name), District: strings.Clone(code2), Chain: strings.Clone(chain)}
	for k := range vs {
		if vs[k].Enterprise == e {
			if len(vs[k].lines) < MaxErrors {
				vs[k].lines = append(vs[k].lines, line)
			}
			return
		}
	}
	p.variants[e.Code] = append(vs, variant{entSeen{Enterprise: e, line: line, raw: strings.Clone(dist)}, []int{line}})
}
