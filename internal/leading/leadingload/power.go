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
// r is read twice (validation, then writing). Every enterprise must be
// known to the store or described in the file.
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

	// Pass 1: validate everything, hash the bytes.
	errs := &errList{file: name}
	sum := newChecksum(r)
	described := map[string]entSeen{}
	undescribed := map[string]int{} // code → first line, for codes without attributes
	rows, missing := 0, 0
	keys := newKeySet()
	need := []column{colEnterprise, colDate, colKWh}
	err = csvRows(name, sum, need, func(h *header, line int, rec []string) error {
		if line%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		code := h.cell(rec, colEnterprise)
		if code == "" {
			errs.add(line, h.text[colEnterprise], "企业代码为空")
			return nil
		}
		date, dateErr := ParseDate(h.cell(rec, colDate))
		if dateErr != nil {
			errs.add(line, h.text[colDate], msg.Text(dateErr))
		}
		v, isMissing, err := number(h.cell(rec, colKWh))
		if err == nil && !isMissing && dateErr == nil {
			keys.add(code, date)
		}
		switch {
		case err != nil:
			errs.add(line, h.text[colKWh], msg.Text(err))
		case isMissing:
			missing++
		case v < 0:
			errs.add(line, h.text[colKWh], fmt.Sprintf("用电量 %v 为负数", v))
		case v*h.kwhMul*1000 > leading.MaxDailyWh:
			errs.add(line, h.text[colKWh], fmt.Sprintf("用电量 %v 超过每日 1 亿千瓦时，请检查单位（表头应注明千瓦时或万千瓦时）", v))
		default:
			rows++
		}
		describe(h, line, rec, code, o.Units, described, undescribed, errs)
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	for code, line := range undescribed {
		if _, ok := described[code]; ok {
			continue
		}
		if _, ok := known[code]; !ok {
			errs.add(line, "", fmt.Sprintf("企业代码“%s”未登记：请在文件中填写该企业的企业名称、地区和产业链列", code))
		}
	}
	if err := errs.err(); err != nil {
		return Result{}, err
	}
	if rows == 0 {
		return Result{}, &FileError{File: name, Msg: msg.New(msg.LeadingNoPowerRows)}
	}
	check := sum.hex()
	if b, ok, err := st.LeadingBatch(ctx, KindPower, check); err != nil {
		return Result{}, msg.Wrap(err, msg.LeadingReadBatches)
	} else if ok {
		return Result{Batch: b, Skipped: true}, nil
	}

	// Register new and changed enterprises.
	var put []leading.Enterprise
	for code, e := range described {
		if k, ok := known[code]; !ok || k != e.Enterprise {
			put = append(put, e.Enterprise)
		}
		known[code] = e.Enterprise
	}
	slices.SortFunc(put, func(a, b leading.Enterprise) int { return strings.Compare(a.Code, b.Code) })
	if err := st.PutEnterprises(ctx, put); err != nil {
		return Result{}, msg.Wrap(err, msg.LeadingWriteEnterprises)
	}

	// No de-duplication query per chunk when nothing is stored for the
	// file's days and the file repeats no key: every reading is new.
	fresh := false
	if keys.distinct() {
		stored, err := st.PowerStored(ctx, keys.first, keys.last)
		if err != nil {
			return Result{}, msg.Wrap(err, msg.LeadingReadPowerRange)
		}
		fresh = !stored
	}
	appendPower := st.AppendPower
	if fresh {
		appendPower = st.AppendNewPower
	}

	// Pass 2: write in chunks.
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return Result{}, &FileError{File: name, Msg: msg.New(msg.LeadingReread), Reason: err}
	}
	b := leading.Batch{ID: batchID(KindPower, started, check), Kind: KindPower, Source: name, Checksum: check, Rows: rows, Started: started}
	if err := st.BeginLeadingBatch(ctx, b.ID); err != nil {
		return Result{}, msg.Wrap(err, msg.LeadingBeginBatch)
	}
	recorded := o.Now().UTC()
	// The parser fills the next chunk while a writer goroutine sends the
	// previous one: parsing (client CPU) overlaps the insert (server CPU).
	// Chunks are written in file order, one at a time, so the store's
	// compare-with-current-values sees every earlier chunk.
	capRows := min(o.ChunkRows, rows)
	chunk := make([]leading.PowerReading, 0, capRows)
	jobs := make(chan []leading.PowerReading, 1)
	werr := make(chan error, 1)
	var failed atomic.Bool
	go func() {
		var err error
		done := 0
		for c := range jobs {
			if err != nil {
				continue // drain after a failure
			}
			wc, e := appendPower(ctx, b.ID, recorded, c)
			if e != nil {
				err = msg.Wrap(e, msg.LeadingWritePower, done+1, done+len(c))
				failed.Store(true)
				continue
			}
			b.Counts = b.Counts.Add(wc)
			done += len(c)
			if o.Progress != nil {
				o.Progress(done, rows)
			}
		}
		werr <- err
	}()
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		if failed.Load() {
			return errWriteFailed
		}
		jobs <- chunk
		chunk = make([]leading.PowerReading, 0, capRows)
		return nil
	}
	err = csvRows(name, r, need, func(h *header, line int, rec []string) error {
		v, isMissing, _ := number(h.cell(rec, colKWh))
		if isMissing {
			return nil
		}
		date, _ := ParseDate(h.cell(rec, colDate))
		e := known[h.cell(rec, colEnterprise)]
		chunk = append(chunk, leading.PowerReading{Enterprise: e.Code, District: e.District, Chain: e.Chain,
			Date: date, Wh: int64(math.Round(v * h.kwhMul * 1000))})
		if len(chunk) >= o.ChunkRows {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	close(jobs)
	if e := <-werr; e != nil { // the writer's error says which rows; it wins over errWriteFailed
		err = e
	}
	if err != nil {
		return Result{Batch: b}, err
	}
	b.Ended = o.Now().UTC()
	if err := st.RecordLeadingBatch(ctx, b); err != nil {
		return Result{Batch: b}, msg.Wrap(err, msg.LeadingRecordBatch)
	}
	return Result{Batch: b, Missing: missing, NewEnterprises: len(put)}, nil
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
	n, ok := k.ents[code]
	if !ok {
		n = int32(len(k.ents))
		k.ents[strings.Clone(code)] = n
	}
	key := entYear{n, int32(date.Year())}
	b := k.bits[key]
	if b == nil {
		if len(k.bits) >= maxKeySetEntries {
			k.overflow = true
			return
		}
		b = new([6]uint64)
		k.bits[key] = b
	}
	d := date.YearDay() - 1
	if b[d/64]&(1<<(d%64)) != 0 {
		k.repeated = true
		return
	}
	b[d/64] |= 1 << (d % 64)
}

// distinct reports whether every key was seen once (and all were tracked).
func (k *keySet) distinct() bool { return !k.first.IsZero() && !k.repeated && !k.overflow }

// errWriteFailed stops the parser once the writer has failed; the
// writer's own error is returned.
var errWriteFailed = errors.New("write failed")

// describe checks and collects the enterprise attributes of a row.
func describe(h *header, line int, rec []string, code string, units *domain.UnitIndex,
	described map[string]entSeen, undescribed map[string]int, errs *errList) {
	name, dist, chain := h.cell(rec, colName), h.cell(rec, colDistrict), h.cell(rec, colChain)
	if name == "" && dist == "" && chain == "" {
		if _, ok := undescribed[code]; !ok {
			undescribed[code] = line
		}
		return
	}
	prev, seen := described[code]
	if seen && prev.Name == name && prev.raw == dist && prev.Chain == chain {
		return // the common case: the same attributes on every row
	}
	ok := true
	if name == "" || dist == "" || chain == "" {
		errs.add(line, "", "企业名称、地区、产业链应同时填写（或同时留空以沿用已登记的信息）")
		return
	}
	code2 := dist
	if units != nil {
		u, found := units.Lookup(dist)
		if !found || (u.Kind != domain.KindDistrict && u.Kind != domain.KindZone && u.Kind != domain.KindPark) {
			errs.add(line, h.text[colDistrict], fmt.Sprintf("地区“%s”不是已知的旗县区、功能区或园区，请填写代码（如 150203）或名称（如 昆都仑区）", dist))
			ok = false
		} else {
			code2 = u.Code
		}
	}
	if !slices.Contains(leading.Chains, chain) {
		errs.add(line, h.text[colChain], fmt.Sprintf("产业链“%s”无法识别，应为 %s 之一", chain, strings.Join(leading.Chains, "、")))
		ok = false
	}
	if !ok {
		return
	}
	e := entSeen{Enterprise: leading.Enterprise{Code: code, Name: name, District: code2, Chain: chain}, line: line, raw: dist}
	if seen && prev.Enterprise != e.Enterprise {
		errs.add(line, "", fmt.Sprintf("企业“%s”的名称、地区或产业链与第 %d 行不一致", code, prev.line))
		return
	}
	if !seen {
		described[code] = e
	}
}
