package embedded

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// The in-memory observation index. Every row ever appended is kept (the
// history is needed for AsOf and ObservationHistory), but compactly: the key
// lives once per series, and the per-row fields that repeat across a whole
// batch (unit, source, batch id, submission id, recorder, demo flag) are one
// shared attrs record referenced by number. A row costs 56 bytes plus its
// note; each series adds its key, entry and slice header.

// row is one stored observation without its key.
type row struct {
	rec   int64  // RecordedAt, UnixNano
	seq   uint64 // bbolt key: append order, breaks RecordedAt ties
	value float64
	sub   float64 // SubmittedValue
	yoy   float64 // YoYPct as published; NaN when none
	attrs uint32  // index into obsIndex.attrs
	note  string
}

func (r row) less(o row) bool {
	if r.rec != o.rec {
		return r.rec < o.rec
	}
	return r.seq < o.seq
}

// attrs are the row fields that are usually the same for a whole batch.
type attrs struct {
	submittedUnit, source, batchID, submissionID, recordedBy string
	demo                                                     bool
}

// series holds every row of one ObsKey, ordered by RecordedAt then append order;
// the last row is the current one.
type series struct {
	key  domain.ObsKey
	rows []row
}

// at returns the row current at asOf (UnixNano), or false if none was
// recorded by then.
func (s *series) at(asOf int64) (row, bool) {
	i := sort.Search(len(s.rows), func(i int) bool { return s.rows[i].rec > asOf }) - 1
	if i < 0 {
		return row{}, false
	}
	return s.rows[i], true
}

// entry is one element of the sorted key list. The key and the current row
// are kept inline so that a query without AsOf scans contiguous memory and
// never dereferences a series: on a million rows, the cache misses of
// chasing a pointer per series cost more than everything else in a query.
type entry struct {
	key domain.ObsKey
	cur row // the series' latest row
	s   *series
}

type obsIndex struct {
	byKey   map[domain.ObsKey]*series
	sorted  []entry // by key, see compareKeys
	attrs   []attrs
	attrIDs map[attrs]uint32
	strs    map[string]string
	yearMax map[int]int // latest period end month per year
	rows    int

	lastAttrs uint32 // attrs id of the previous add

	// Series created or given a new latest row since the last commit.
	created []*series
	changed map[*series]bool
}

func newObsIndex() *obsIndex {
	return &obsIndex{
		byKey:   map[domain.ObsKey]*series{},
		attrIDs: map[attrs]uint32{},
		strs:    map[string]string{},
		yearMax: map[int]int{},
		changed: map[*series]bool{},
	}
}

// intern returns the shared copy of b as a string.
func (ix *obsIndex) intern(b []byte) string {
	if s, ok := ix.strs[string(b)]; ok { // no allocation for the lookup
		return s
	}
	s := string(b)
	ix.strs[s] = s
	return s
}

func (ix *obsIndex) internString(s string) string {
	if v, ok := ix.strs[s]; ok {
		return v
	}
	s = strings.Clone(s)
	ix.strs[s] = s
	return s
}

// add puts one observation in the index; commit must follow before the
// next query. interned says o's strings already come from ix.intern (rows
// decoded at load), which saves the lookups.
func (ix *obsIndex) add(o domain.Observation, rec int64, seq uint64, interned bool) {
	str := ix.internString
	if interned {
		str = func(s string) string { return s }
	}
	a := attrs{
		submittedUnit: str(o.SubmittedUnit), source: str(o.Source), batchID: str(o.BatchID),
		submissionID: str(o.SubmissionID), recordedBy: str(o.RecordedBy), demo: o.Demo,
	}
	// Rows of one batch share their attrs: try the previous row's first.
	id := ix.lastAttrs
	if int(id) >= len(ix.attrs) || ix.attrs[id] != a {
		var ok bool
		if id, ok = ix.attrIDs[a]; !ok {
			id = uint32(len(ix.attrs))
			ix.attrs = append(ix.attrs, a)
			ix.attrIDs[a] = id
		}
		ix.lastAttrs = id
	}
	note := o.Note
	if !interned {
		note = strings.Clone(note) // do not keep the caller's backing array alive
	}
	yoy := math.NaN()
	if o.YoYPct != nil {
		yoy = *o.YoYPct
	}
	r := row{rec: rec, seq: seq, value: o.Value, sub: o.SubmittedValue, yoy: yoy, attrs: id, note: note}
	k := domain.ObsKey{Indicator: str(o.Indicator), OrgUnit: str(o.OrgUnit),
		Period: o.Period, ValueType: domain.ValueType(str(string(o.ValueType)))}
	s := ix.byKey[k]
	if s == nil {
		s = &series{key: k}
		ix.byKey[k] = s
		ix.created = append(ix.created, s)
	}
	// Rows almost always arrive in RecordedAt order; insert in place otherwise.
	n := len(s.rows)
	if n == 0 || s.rows[n-1].less(r) {
		s.rows = append(s.rows, r)
		if n > 0 {
			ix.changed[s] = true
		}
	} else {
		i := sort.Search(n, func(i int) bool { return r.less(s.rows[i]) })
		s.rows = slices.Insert(s.rows, i, r)
	}
	if o.Period.To > ix.yearMax[o.Period.Year] {
		ix.yearMax[o.Period.Year] = o.Period.To
	}
	ix.rows++
}

// commit makes the rows added since the last commit visible to queries:
// new series are merged into sorted, changed ones get their current row
// refreshed.
func (ix *obsIndex) commit() {
	if len(ix.changed) > len(ix.sorted)/32 {
		// Many changed (a big load of corrections): one pass beats a
		// binary search each.
		for i := range ix.sorted {
			if s := ix.sorted[i].s; ix.changed[s] {
				ix.sorted[i].cur = s.rows[len(s.rows)-1]
			}
		}
	} else {
		for s := range ix.changed {
			i, found := slices.BinarySearchFunc(ix.sorted, s.key, func(e entry, k domain.ObsKey) int { return compareKeys(e.key, k) })
			if found {
				ix.sorted[i].cur = s.rows[len(s.rows)-1]
			}
		}
	}
	clear(ix.changed)
	created := ix.created
	ix.created = nil
	if len(created) == 0 {
		return
	}
	add := make([]entry, len(created))
	for i, s := range created {
		add[i] = entry{key: s.key, s: s, cur: s.rows[len(s.rows)-1]}
	}
	slices.SortFunc(add, func(a, b entry) int { return compareKeys(a.key, b.key) })
	if len(ix.sorted) == 0 {
		ix.sorted = add
		return
	}
	out := make([]entry, 0, len(ix.sorted)+len(add))
	i, j := 0, 0
	for i < len(ix.sorted) && j < len(add) {
		if compareKeys(ix.sorted[i].key, add[j].key) < 0 {
			out = append(out, ix.sorted[i])
			i++
		} else {
			out = append(out, add[j])
			j++
		}
	}
	out = append(out, ix.sorted[i:]...)
	out = append(out, add[j:]...)
	ix.sorted = out
}

// compareKeys orders keys by indicator, org unit, period (domain.Period.Before)
// and value type: the order CurrentObservations promises.
func compareKeys(a, b domain.ObsKey) int {
	if c := strings.Compare(a.Indicator, b.Indicator); c != 0 {
		return c
	}
	if c := strings.Compare(a.OrgUnit, b.OrgUnit); c != 0 {
		return c
	}
	if c := comparePeriods(a.Period, b.Period); c != 0 {
		return c
	}
	return strings.Compare(string(a.ValueType), string(b.ValueType))
}

func comparePeriods(a, b domain.Period) int {
	switch {
	case a.Year != b.Year:
		return cmpInt(a.Year, b.Year)
	case a.To != b.To:
		return cmpInt(a.To, b.To)
	}
	return cmpInt(a.From, b.From)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// observation rebuilds the full row.
func (ix *obsIndex) observation(k domain.ObsKey, r row) domain.Observation {
	a := ix.attrs[r.attrs]
	o := domain.Observation{
		Indicator: k.Indicator, OrgUnit: k.OrgUnit, Period: k.Period, ValueType: k.ValueType,
		Value: r.value, SubmittedValue: r.sub, SubmittedUnit: a.submittedUnit, Source: a.source,
		BatchID: a.batchID, SubmissionID: a.submissionID, RecordedAt: time.Unix(0, r.rec).UTC(),
		RecordedBy: a.recordedBy, Note: r.note, Demo: a.demo,
	}
	if !math.IsNaN(r.yoy) {
		y := r.yoy
		o.YoYPct = &y
	}
	return o
}

// span returns the sorted[lo:hi] range of series whose indicator (and org
// unit, when unit != "") match.
func (ix *obsIndex) span(ind, unit string) (lo, hi int) {
	lo = sort.Search(len(ix.sorted), func(i int) bool {
		k := ix.sorted[i].key
		if k.Indicator != ind {
			return k.Indicator > ind
		}
		return k.OrgUnit >= unit
	})
	hi = sort.Search(len(ix.sorted), func(i int) bool {
		k := ix.sorted[i].key
		if k.Indicator != ind {
			return k.Indicator > ind
		}
		return unit != "" && k.OrgUnit > unit
	})
	return lo, hi
}

// spans lists the ranges of sorted the filter's indicators and units select,
// in key order.
func (ix *obsIndex) spans(inds, units []string) [][2]int {
	if len(inds) == 0 && len(units) == 0 {
		return [][2]int{{0, len(ix.sorted)}}
	}
	if len(inds) == 0 {
		// Units without indicators: every indicator present, then each unit.
		seen := map[string]bool{}
		for _, e := range ix.sorted {
			if !seen[e.key.Indicator] {
				seen[e.key.Indicator] = true
				inds = append(inds, e.key.Indicator)
			}
		}
	}
	inds = uniqSorted(inds)
	units = uniqSorted(units)
	var out [][2]int
	for _, ind := range inds {
		if len(units) == 0 {
			lo, hi := ix.span(ind, "")
			out = append(out, [2]int{lo, hi})
			continue
		}
		for _, u := range units {
			lo, hi := ix.span(ind, u)
			out = append(out, [2]int{lo, hi})
		}
	}
	return out
}

func uniqSorted(list []string) []string {
	list = slices.Clone(list)
	slices.Sort(list)
	return slices.Compact(list)
}

// current answers CurrentObservations.
func (ix *obsIndex) current(f store.ObsFilter) []domain.Observation {
	var years map[int]bool
	if len(f.Years) > 0 {
		years = make(map[int]bool, len(f.Years))
		for _, y := range f.Years {
			years[y] = true
		}
	}
	asOf, useAsOf := f.AsOf.UnixNano(), !f.AsOf.IsZero()
	// First the matching entries (a scan of contiguous memory), then the
	// result sized exactly: a growing slice of 200-byte rows would spend its
	// time copying and in the garbage collector.
	var match []int
	for _, sp := range ix.spans(f.Indicators, f.OrgUnits) {
		for i := sp[0]; i < sp[1]; i++ {
			p := ix.sorted[i].key.Period
			if (years != nil && !years[p.Year]) || (f.ToMonth > 0 && p.To > f.ToMonth) {
				continue
			}
			match = append(match, i)
		}
	}
	if len(match) == 0 {
		return nil
	}
	out := make([]domain.Observation, 0, len(match))
	for _, i := range match {
		e := &ix.sorted[i]
		if !useAsOf {
			out = append(out, ix.observation(e.key, e.cur))
		} else if r, ok := e.s.at(asOf); ok {
			out = append(out, ix.observation(e.key, r))
		}
	}
	return out
}

// history answers ObservationHistory.
func (ix *obsIndex) history(ind, unit string, year int) []domain.Observation {
	type item struct {
		s *series
		r row
	}
	var items []item
	lo, hi := ix.span(ind, unit)
	for _, e := range ix.sorted[lo:hi] {
		if year != 0 && e.key.Period.Year != year {
			continue
		}
		for _, r := range e.s.rows {
			items = append(items, item{e.s, r})
		}
	}
	slices.SortFunc(items, func(a, b item) int {
		if a.r.rec != b.r.rec {
			return cmpInt64(a.r.rec, b.r.rec)
		}
		if c := compareKeys(a.s.key, b.s.key); c != 0 {
			return c
		}
		return cmpInt64(int64(a.r.seq), int64(b.r.seq))
	})
	out := make([]domain.Observation, len(items))
	for i, it := range items {
		out[i] = ix.observation(it.s.key, it.r)
	}
	return out
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// years returns the years with observations, ascending.
func (ix *obsIndex) years() []int {
	out := make([]int, 0, len(ix.yearMax))
	for y := range ix.yearMax {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}
