package load

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/parse"
	"industrydash/internal/store"
)

type rowState int

const (
	rowBad rowState = iota
	rowMissing
	rowOK
	// rowSkipped is a wide table's row the catalogue does not track (an
	// indicator or region it has no place for): listed, not loaded.
	rowSkipped
)

// candidate is a valid row waiting for the file-level checks.
type candidate struct {
	rec int
	obs domain.Observation
	ind *domain.Indicator // the catalogue's shared copy
	key uint64            // obs's key packed (packedKeys), set by uniqueCandidates
}

type validation struct {
	keys  *packedKeys // set by uniqueCandidates
	l     *Loader
	opts  Options
	now   time.Time
	recs  []parse.Record
	cands []candidate
	errs  []Issue
	warns []Issue
	bad   map[int]bool
	// missing lists where a published figure was "—" or blank; skipped
	// groups the rows of names not in the catalogue, by name.
	missing     []string
	unknown     map[string]int // "ind\x00name" / "unit\x00name" → rows
	unknownOrd  []string
	skipped     map[string][]int
	skipOrder   []string
	skipMessage map[string]string
}

// Unmapped is a name the catalogue does not know, to map on the preview.
type Unmapped struct {
	// Kind is "indicator" or "unit".
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func (v *validation) noteUnknown(kind, name string) {
	if v.unknown == nil {
		v.unknown = map[string]int{}
	}
	k := kind + "\x00" + name
	if _, ok := v.unknown[k]; !ok {
		v.unknownOrd = append(v.unknownOrd, k)
	}
	v.unknown[k]++
}

func (v *validation) unmapped() []Unmapped {
	var out []Unmapped
	for _, k := range v.unknownOrd {
		kind, name, _ := strings.Cut(k, "\x00")
		out = append(out, Unmapped{Kind: kind, Name: name, Count: v.unknown[k]})
	}
	return out
}

// skip lists a wide table's row whose name the catalogue does not track.
func (v *validation) skip(i int, key, msg string) {
	if v.skipped == nil {
		v.skipped, v.skipMessage = map[string][]int{}, map[string]string{}
	}
	if _, ok := v.skipped[key]; !ok {
		v.skipOrder = append(v.skipOrder, key)
		v.skipMessage[key] = msg
	}
	v.skipped[key] = append(v.skipped[key], i)
}

// notes renders what the validation skipped, for the summary.
func (v *validation) notes() []string {
	var out []string
	for _, k := range v.skipOrder {
		idx := v.skipped[k]
		r := v.recs[idx[0]]
		var rows []string
		seen := map[int]bool{}
		for _, i := range idx {
			if n := v.recs[i].Row; !seen[n] {
				seen[n] = true
				rows = append(rows, strconv.Itoa(n))
			}
		}
		if len(rows) > 8 {
			rows = append(rows[:8], "…")
		}
		where := fmt.Sprintf("文件“%s”", r.File)
		if r.Sheet != "" {
			where += fmt.Sprintf("工作表“%s”", r.Sheet)
		}
		out = append(out, fmt.Sprintf("未导入 %d 个数值：%s第%s行，%s", len(idx), where, strings.Join(rows, "、"), v.skipMessage[k]))
	}
	const maxMissing = 50
	for k, m := range v.missing {
		if k == maxMissing {
			out = append(out, fmt.Sprintf("另有 %d 处空缺未列出。", len(v.missing)-maxMissing))
			break
		}
		out = append(out, m)
	}
	return out
}

func (v *validation) issue(i int, c parse.Cell, warning bool, format string, args ...any) Issue {
	r := v.recs[i]
	return Issue{File: r.File, Sheet: r.Sheet, Row: r.Row, Column: c.Col, Header: c.Header, Where: r.Where(c),
		Message: fmt.Sprintf(format, args...), Warning: warning, rec: i}
}

func (v *validation) fail(i int, c parse.Cell, format string, args ...any) {
	v.errs = append(v.errs, v.issue(i, c, false, format, args...))
	v.bad[i] = true
}

// MinYear is the earliest year a figure may be for.
const MinYear = 2000

// MaxNoteLength is the longest note (说明) a figure may carry, in
// characters; a longer one is an error naming its cell.
const MaxNoteLength = 2000

// countUnits are units whose values must be whole numbers.
var countUnits = map[string]bool{"户": true, "个": true, "家": true, "台": true, "座": true, "项": true, "辆": true, "人": true, "条": true}

// stageIndex finds a milestone stage by name (1-based; 0 when unknown).
func stageIndex(ind domain.Indicator, s string) int {
	s = strings.Join(strings.Fields(s), "")
	for k, st := range ind.Stages {
		if strings.Join(strings.Fields(st), "") == s {
			return k + 1
		}
	}
	return 0
}

// impossible explains why a converted value cannot be right ("" when it can).
func impossible(ind domain.Indicator, v float64) string {
	num := fmtNum(v)
	switch ind.Kind {
	case domain.Flow, domain.Stock:
		if v < 0 {
			return fmt.Sprintf("数值 %s%s 为负数，指标“%s”不可能为负，请核对（下降请填实际数，而不是减少量）", num, ind.Unit, ind.Name)
		}
		if countUnits[ind.Unit] && v != math.Trunc(v) {
			return fmt.Sprintf("数值 %s 不是整数，指标“%s”以“%s”计数，请填写整数", num, ind.Name, ind.Unit)
		}
	case domain.Rate:
		if v < RateMin || v > RateMax {
			return fmt.Sprintf("数值 %s%% 超出比率的合理范围（-100%% 至 1000%%），请核对是否填错了列或单位（比率请填百分数，如 15.3）", num)
		}
	case domain.Milestone:
		if v != math.Trunc(v) || v < 1 || int(v) > len(ind.Stages) {
			var parts []string
			for k, s := range ind.Stages {
				parts = append(parts, fmt.Sprintf("%d=%s", k+1, s))
			}
			return fmt.Sprintf("节点任务的阶段应为 1 至 %d 的整数（%s），而不是 %s", len(ind.Stages), strings.Join(parts, "，"), num)
		}
	}
	return ""
}

// fileChecks runs the checks that need the whole file and the stored values:
// duplicates, unchanged rows, decreasing 累计 values, 同比 jumps and
// stock steps. The stored values they compare with (the file's years and
// the year before, which holds every year-ago and previous-period value)
// come from one query for the whole file.
func (v *validation) fileChecks(ctx context.Context, p *Plan) error {
	if len(v.cands) == 0 {
		return nil
	}
	// The stored values are read while the file's repeated rows are found.
	type read struct {
		obs []domain.Observation
		err error
	}
	done := make(chan read, 1)
	f := storedFilter(v.cands) // the unique rows' indicators, units and years
	go func() {
		obs, err := v.l.st.CurrentObservations(ctx, f)
		done <- read{obs, err}
	}()
	uniq, index := v.uniqueCandidates(p)
	r := <-done
	if r.err != nil {
		return fmt.Errorf("load current observations for validation: %w", r.err)
	}
	stored := r.obs
	cur := make(map[uint64]*domain.Observation, len(stored))
	for k := range stored {
		o := &stored[k]
		if key, ok := v.keys.key(o.Indicator, o.OrgUnit, o.Period, o.ValueType, false); ok {
			cur[key] = o // codes the file does not have cannot be looked up
		}
	}
	byKey := inFile{index: index, uniq: uniq}

	v.checkYTD(uniq, stored)

	p.Observations = make([]domain.Observation, 0, len(uniq))
	p.Origins = make([]Origin, 0, len(uniq))
	for k := range uniq {
		c := &uniq[k]
		if v.bad[c.rec] {
			continue
		}
		if old, has := cur[c.key]; has && same(old.Value, c.obs.Value) && (c.obs.YoYPct == nil || sameYoY(old.YoYPct, c.obs.YoYPct)) {
			p.Unchanged++
			continue
		}
		v.checkYoY(c, cur, byKey)
		v.checkLevel(c, cur, byKey)
		p.Observations = append(p.Observations, c.obs)
		p.Origins = append(p.Origins, Origin{Sheet: v.recs[c.rec].Sheet, Row: v.recs[c.rec].Row})
	}
	return nil
}

// uniqueCandidates drops repeated rows: the same key with the same value
// is counted as a duplicate, with a different value it is an error.
func (v *validation) uniqueCandidates(p *Plan) ([]candidate, map[uint64]int) {
	v.keys = newPackedKeys()
	first := make(map[uint64]int, len(v.cands)) // key → its index in uniq
	uniq := v.cands[:0]                         // compacted in place, in file order: no copy of the rows
	for k := range v.cands {
		c := &v.cands[k]
		key, ok := v.keys.key(c.obs.Indicator, c.obs.OrgUnit, c.obs.Period, c.obs.ValueType, true)
		if !ok {
			// Not reached for checked rows (valid periods, the catalogue's
			// codes); such a row would be compared with nothing.
			key = 3 | uint64(k)<<2
		}
		c.key = key
		j, dup := first[key]
		if !dup {
			first[key] = len(uniq)
			if len(uniq) < k {
				uniq = append(uniq, *c)
			} else {
				uniq = uniq[:k+1]
			}
			continue
		}
		prev := &uniq[j]
		if same(prev.obs.Value, c.obs.Value) {
			p.Duplicates++
			continue
		}
		v.fail(c.rec, v.recs[c.rec].Value, "与第%d行重复（同一指标、单位、期间、口径），但数值不同（%s 与 %s %s），请删除其中一行或核对数值",
			v.recs[prev.rec].Row, fmtNum(prev.obs.Value), fmtNum(c.obs.Value), c.ind.Unit)
	}
	v.cands = nil // uniq holds them now
	return uniq, first
}

// inFile finds the file's rows by key (the index uniqueCandidates built).
type inFile struct {
	index map[uint64]int
	uniq  []candidate
}

func (f inFile) get(k uint64) (*candidate, bool) {
	i, ok := f.index[k]
	if !ok {
		return nil, false
	}
	return &f.uniq[i], true
}

// storedFilter selects, for one query, the stored current values of the
// candidates' indicators and units in their years and the years before.
func storedFilter(cands []candidate) store.ObsFilter {
	inds, units, years := map[string]bool{}, map[string]bool{}, map[int]bool{}
	var lastInd, lastUnit string
	lastYear := -1
	for k := range cands {
		o := &cands[k].obs
		if o.Indicator != lastInd { // rows usually repeat the previous row's
			inds[o.Indicator], lastInd = true, o.Indicator
		}
		if o.OrgUnit != lastUnit {
			units[o.OrgUnit], lastUnit = true, o.OrgUnit
		}
		if o.Period.Year != lastYear {
			years[o.Period.Year], years[o.Period.Year-1], lastYear = true, true, o.Period.Year
		}
	}
	f := store.ObsFilter{Indicators: keys(inds), OrgUnits: keys(units)}
	for y := range years {
		f.Years = append(f.Years, y)
	}
	sort.Ints(f.Years)
	return f
}

// sameYoY reports whether two published 同比 are the same (both absent, or equal).
func sameYoY(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return same(*a, *b)
}

// checkYTD reports 累计 flow values that decrease from one month to a later
// one, among the file's rows and the stored values they do not replace.
func (v *validation) checkYTD(uniq []candidate, stored []domain.Observation) {
	type point struct {
		to   int
		val  float64
		cand *candidate
	}
	type series struct{ ind, unit string }
	type sk struct {
		s    series
		year int
	}
	type months struct { // a series-year's points by last month (1–12)
		pt  [13]point
		has [13]bool
	}
	pts := map[sk]*months{}
	for k := range uniq {
		c := &uniq[k]
		if c.ind.Kind != domain.Flow || c.obs.ValueType != domain.ValueYTD || c.obs.Period.To < 1 || c.obs.Period.To > 12 {
			continue
		}
		key := sk{series{c.obs.Indicator, c.obs.OrgUnit}, c.obs.Period.Year}
		m := pts[key]
		if m == nil {
			m = &months{}
			pts[key] = m
		}
		m.pt[c.obs.Period.To], m.has[c.obs.Period.To] = point{to: c.obs.Period.To, val: c.obs.Value, cand: c}, true
	}
	for _, o := range stored {
		key := sk{series{o.Indicator, o.OrgUnit}, o.Period.Year}
		m := pts[key]
		if o.ValueType != domain.ValueYTD || m == nil || o.Period.To < 1 || o.Period.To > 12 {
			continue
		}
		if !m.has[o.Period.To] { // not replaced by the file
			m.pt[o.Period.To], m.has[o.Period.To] = point{to: o.Period.To, val: o.Value}, true
		}
	}
	for key, m := range pts {
		list := make([]point, 0, 12)
		for to := 1; to <= 12; to++ {
			if m.has[to] {
				list = append(list, m.pt[to])
			}
		}
		for k := 1; k < len(list); k++ {
			a, b := list[k-1], list[k]
			if b.val >= a.val || same(a.val, b.val) {
				continue
			}
			unit := ""
			if b.cand != nil {
				unit = b.cand.ind.Unit
			} else if a.cand != nil {
				unit = a.cand.ind.Unit
			}
			ap := domain.YTD(key.year, a.to).Label()
			bp := domain.YTD(key.year, b.to).Label()
			switch {
			case b.cand != nil && a.cand != nil:
				v.fail(b.cand.rec, v.recs[b.cand.rec].Value, "%s累计值 %s%s 小于%s累计值 %s%s（第%d行），累计值不应减少，请核对",
					bp, fmtNum(b.val), unit, ap, fmtNum(a.val), unit, v.recs[a.cand.rec].Row)
			case b.cand != nil:
				v.fail(b.cand.rec, v.recs[b.cand.rec].Value, "%s累计值 %s%s 小于已入库的%s累计值 %s%s，累计值不应减少，请核对",
					bp, fmtNum(b.val), unit, ap, fmtNum(a.val), unit)
			default:
				v.fail(a.cand.rec, v.recs[a.cand.rec].Value, "%s累计值 %s%s 大于已入库的%s累计值 %s%s，累计值不应减少；请核对本行，或一并更正后面月份的数据",
					ap, fmtNum(a.val), unit, bp, fmtNum(b.val), unit)
			}
		}
	}
}

// checkYoY warns when a value is far out of line with the same period last
// year, taken from the file or else from the store.
func (v *validation) checkYoY(c *candidate, cur map[uint64]*domain.Observation, inFile inFile) {
	if c.ind.Kind != domain.Flow && c.ind.Kind != domain.Stock && c.ind.Kind != domain.Rate {
		return
	}
	ago := c.obs.Period
	ago.Year--
	key := withPeriod(c.key, ago)
	var last float64
	if lc, has := inFile.get(key); has && !v.bad[lc.rec] {
		last = lc.obs.Value
	} else if lo, has := cur[key]; has {
		last = lo.Value
	} else {
		return
	}
	var msg string
	// Worded only for the rows that need a warning.
	lastLabel := func() string {
		return fmt.Sprintf("去年同期（%s%s）为 %s%s", ago.Label(), c.obs.ValueType.Label(), fmtNum(last), c.ind.Unit)
	}
	switch c.ind.Kind {
	case domain.Rate:
		if d := c.obs.Value - last; math.Abs(d) > RateJumpLimit {
			msg = fmt.Sprintf("%s，本期 %s%s，相差 %.1f 个百分点，超过 ±%.0f 个百分点的核对范围", lastLabel(), fmtNum(c.obs.Value), c.ind.Unit, d, RateJumpLimit)
		}
	default:
		if last <= 0 {
			return
		}
		g := c.obs.Value/last - 1
		if math.Abs(g) > YoYLimit {
			word := "增长"
			if g < 0 {
				word = "下降"
			}
			msg = fmt.Sprintf("%s，本期 %s%s，同比%s %.1f%%，超过 ±%.0f%% 的核对范围", lastLabel(), fmtNum(c.obs.Value), c.ind.Unit, word, math.Abs(g)*100, YoYLimit*100)
		}
	}
	v.warnExplainable(c, msg)
}

// previousPeriod is the period of the same length just before p: the month
// before a month (December last year before January), the quarter before a
// quarter.
func previousPeriod(p domain.Period) domain.Period {
	n := p.Months()
	if p.From > n {
		return domain.Period{Year: p.Year, From: p.From - n, To: p.To - n}
	}
	return domain.Period{Year: p.Year - 1, From: 13 - n, To: 12}
}

// checkLevel warns when a stock (期末数) moves from the last period's level,
// taken from the file or else from the store, by more than StockStepLimit:
// a balance or a count of enterprises rarely changes by that much in one
// period, and when it does the reason belongs with the figure.
func (v *validation) checkLevel(c *candidate, cur map[uint64]*domain.Observation, inFile inFile) {
	if c.ind.Kind != domain.Stock {
		return
	}
	prev := previousPeriod(c.obs.Period)
	key := withPeriod(c.key, prev)
	var last float64
	if lc, has := inFile.get(key); has && !v.bad[lc.rec] {
		last = lc.obs.Value
	} else if lo, has := cur[key]; has {
		last = lo.Value
	} else {
		return
	}
	if last <= 0 {
		return
	}
	g := c.obs.Value/last - 1
	if math.Abs(g) <= StockStepLimit {
		return
	}
	word := "增加"
	if g < 0 {
		word = "减少"
	}
	v.warnExplainable(c, fmt.Sprintf("上期（%s）期末数为 %s%s，本期期末数 %s%s，比上期%s %.1f%%，超过 ±%.0f%% 的核对范围",
		prev.Label(), fmtNum(last), c.ind.Unit, fmtNum(c.obs.Value), c.ind.Unit, word, math.Abs(g)*100, StockStepLimit*100))
}

// warnExplainable records a plausibility warning on c's row: accepted when
// the row carries a 说明 or the caller accepts warnings, blocking otherwise.
func (v *validation) warnExplainable(c *candidate, msg string) {
	if msg == "" {
		return
	}
	r := v.recs[c.rec]
	accepted := v.opts.AcceptWarnings || strings.TrimSpace(r.Note.Text) != ""
	if accepted {
		msg += "；已附说明，予以接受"
	} else {
		msg += "。如数据无误，请在“说明”列写明原因后重新提交"
	}
	w := v.issue(c.rec, r.Value, true, "%s", msg)
	w.Accepted = accepted
	v.warns = append(v.warns, w)
}

// fmtNum renders a value for messages without float noise (0.1+0.2 → 0.3).
func fmtNum(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// noteMissing lists a figure that is "—" or blank, naming its row.
func (v *validation) noteMissing(r parse.Record, c parse.Cell, extra string) {
	name := strings.TrimSpace(r.IndicatorName.Text)
	if name == "" {
		name = strings.TrimSpace(r.Indicator.Text)
	}
	if u := strings.TrimSpace(r.OrgUnit.Text); u != "" && r.Wide && r.OrgUnit.Present() {
		name = u + " " + name
	}
	shown := strings.TrimSpace(c.Text)
	if shown == "" {
		shown = "空白"
	} else {
		shown = "“" + shown + "”"
	}
	v.missing = append(v.missing, fmt.Sprintf("空缺：%s（%s）为%s，未导入%s。", r.Where(c), name, shown, extra))
}

// wide resolves a record of a wide statistics table before the common
// checks: a name the catalogue does not track is listed and skipped; a row
// whose 绝对数 is "—" but whose growth is published goes to the matching
// rate indicator (规模以上工业增加值 → 规模以上工业增加值增速); an indicator
// table's org unit comes from its title. done reports that the record needs
// nothing more (st says how it ended).
func (v *validation) wide(i int, r parse.Record) (out parse.Record, st rowState, done bool) {
	name := strings.TrimSpace(r.IndicatorName.Text)
	if name == "" {
		name = strings.TrimSpace(r.Indicator.Text) // mapped by a layout
	}
	valMissing := !r.Value.Present() || parse.IsMissing(r.Value.Text)
	yoyMissing := !r.YoY.Present() || parse.IsMissing(r.YoY.Text)
	if strings.TrimSpace(r.OrgUnit.Text) == "" {
		if u, ok := v.l.cat.UnitInText(r.Title); ok {
			r.OrgUnit = parse.Cell{Text: u.Name}
		}
	}
	if valMissing && yoyMissing {
		if r.Value.Present() && strings.TrimSpace(r.Value.Text) != "" {
			v.noteMissing(r, r.Value, "")
		} else if r.YoY.Present() && strings.TrimSpace(r.YoY.Text) != "" {
			v.noteMissing(r, r.YoY, "")
		}
		return r, rowMissing, true
	}
	if u := strings.TrimSpace(r.OrgUnit.Text); u != "" {
		if _, ok := v.l.cat.OrgUnit(u); !ok {
			v.noteUnknown("unit", u)
			v.skip(i, "unit\x00"+u, fmt.Sprintf("“%s”不是单位目录中的地区或园区，未导入；如是某单位的另一种写法，请改为单位目录中的名称或简称", u))
			return r, rowSkipped, true
		}
	}
	ind, known := v.l.cat.Indicator(name)
	if valMissing {
		// Only the growth is published: it is the value of the rate indicator.
		rate, ok := v.l.cat.RateFor(name)
		if !ok {
			v.noteUnknown("indicator", name)
			v.skip(i, "rate\x00"+name, fmt.Sprintf("“%s”只公布了增长率，指标目录中没有对应的增速指标（如“%s增速”），未导入；如需导入请在指标目录中添加该增速指标，或添加别名", name, name))
			return r, rowSkipped, true
		}
		if r.Value.Present() && strings.TrimSpace(r.Value.Text) != "" {
			v.noteMissing(r, r.Value, fmt.Sprintf("；同行公布的增长率计入“%s”", rate.Name))
		}
		r.Indicator = parse.Cell{Text: rate.Code, Col: r.IndicatorName.Col, Header: r.IndicatorName.Header}
		r.IndicatorName = parse.Cell{}
		r.Value, r.YoY = r.YoY, parse.Cell{}
		r.Unit, r.HeaderUnit = parse.Cell{}, "%"
		return r, rowOK, false
	}
	if !known {
		v.noteUnknown("indicator", name)
		msg := fmt.Sprintf("指标目录中没有“%s”，未导入", name)
		if sim := v.l.cat.similarIndicators(name); len(sim) > 0 {
			msg += "（相近的指标：" + strings.Join(sim, "、") + "；如是同一指标，请添加别名后重新导入）"
		} else {
			msg += "；如是目录中某指标的另一种写法，请添加别名（数据导入页或 ingest alias）后重新导入"
		}
		v.skip(i, "ind\x00"+name, msg)
		return r, rowSkipped, true
	}
	if u, ok := v.l.cat.OrgUnit(strings.TrimSpace(r.OrgUnit.Text)); ok && u.Kind != domain.KindBenchmark && !ind.ReportedBy(u.Kind) {
		v.skip(i, "scope\x00"+ind.Code+"\x00"+string(u.Kind), fmt.Sprintf("指标“%s”不分解到%s，%s的数值未导入", ind.Name, u.Kind.Label(), u.Name))
		return r, rowSkipped, true
	}
	if ind.Kind == domain.Rate {
		// A rate is in %: a 计量单位 cell or a table-wide 单位 line naming an
		// amount unit does not apply to it.
		if r.Unit.Present() && parse.NormalizeUnit(r.Unit.Text) != "%" {
			r.Unit = parse.Cell{}
		}
		if r.HeaderUnit != "" && r.HeaderUnit != "%" {
			r.HeaderUnit = ""
		}
	}
	if t := strings.TrimSpace(r.YoY.Text); t != "" && parse.IsMissing(t) && ind.Kind != domain.Rate {
		v.noteMissing(r, r.YoY, "（同比未公布，数值照常导入）")
	}
	return r, rowOK, false
}
