package progress

import (
	"fmt"
	"math"
	"sort"

	"industrydash/internal/domain"
)

// Num is a number that may be missing. Missing is never replaced by an
// invented value: OK false means "not published and not derivable".
type Num struct {
	Value float64 `json:"value"`
	OK    bool    `json:"ok"`
	// Derived is true when the value was computed from other rows (a month
	// from two year-to-date values, a year-to-date from month amounts)
	// rather than published as such.
	Derived bool `json:"derived,omitempty"`
}

// Ptr returns a pointer to the value, or nil when it is missing; handy for
// JSON and for Assessment fields.
func (n Num) Ptr() *float64 {
	if !n.OK {
		return nil
	}
	v := n.Value
	return &v
}

// Span is a published amount covering several months: the combined 1-2月 of
// the statistics bureau, or a quarter.
type Span struct {
	From  int     `json:"from"`
	To    int     `json:"to"`
	Value float64 `json:"value"`
}

// WarningCode names a kind of data problem in a stable English key.
type WarningCode string

// The warning codes.
const (
	// WarnYTDDecrease: a year-to-date flow value is lower than an earlier one.
	WarnYTDDecrease WarningCode = "ytd_decrease"
	// WarnYTDMismatch: a published YTD disagrees with the sum of published amounts.
	WarnYTDMismatch WarningCode = "ytd_mismatch"
	// WarnBadRow: a row was ignored (YTD not starting in January, invalid period or value).
	WarnBadRow WarningCode = "bad_row"
	// WarnStale: the indicator's latest value is older than the data month.
	WarnStale WarningCode = "stale"
	// WarnProjectRegister: a project list's register lists fewer projects
	// than its target counts.
	WarnProjectRegister WarningCode = "project_register"
	// WarnBasisFallback: the requested time-progress basis was unavailable.
	WarnBasisFallback WarningCode = "basis_fallback"
	// WarnNoYTD: rows exist but no year-to-date value can be derived from them.
	WarnNoYTD WarningCode = "no_ytd"
	// WarnNegativeMonth: a month derived from two year-to-date values comes
	// out negative (the YTD fell); it is not taken as a real month.
	WarnNegativeMonth WarningCode = "negative_month"
)

// Warning is a data problem the user must see. Message is in Chinese.
type Warning struct {
	Code    WarningCode `json:"code"`
	Month   int         `json:"month,omitempty"`
	Message string      `json:"message"`
}

// Series is one indicator's values for one org unit and year, by month end.
// Index m-1 holds month m.
//
// For flows, YTD is the year-to-date amount at the end of each month and
// Month the month's own amount, each published or derived from the other.
// For rates, YTD is the published cumulative rate (累计增速/比重) and Month
// the published monthly rate (当月); neither is ever derived from the other.
// For stocks, milestones and tier counts, YTD holds the level published for
// that month end (whatever its value type) and Month stays empty.
type Series struct {
	Indicator string             `json:"indicator"`
	OrgUnit   string             `json:"org_unit"`
	Year      int                `json:"year"`
	Kind      domain.MeasureKind `json:"kind"`
	YTD       [12]Num            `json:"ytd"`
	Month     [12]Num            `json:"month"`
	// YoY and MonthYoY are the 同比 growth rates (%) published with the YTD
	// and the month values (flows and stocks); never derived.
	YoY      [12]Num `json:"yoy"`
	MonthYoY [12]Num `json:"month_yoy"`
	// Spans lists the multi-month amounts as published (1-2月合计, quarters).
	Spans []Span `json:"spans,omitempty"`
	// Warnings lists the data problems found while building the series.
	Warnings []Warning `json:"warnings,omitempty"`
	// Projected marks a tier count judged on run-rate projections of
	// year-to-date flows (before December), not on levels as they stand.
	Projected bool `json:"projected,omitempty"`
	// Counted names, by month end (index m-1), the units a new-entrant tier
	// count counted; nil for other series.
	Counted [][]string `json:"counted,omitempty"`
}

// CountedAt returns the names of the units counted at the end of month m.
func (s Series) CountedAt(m int) []string {
	if m < 1 || m > len(s.Counted) {
		return nil
	}
	return s.Counted[m-1]
}

// YTDAt returns the year-to-date value (flows) or published level (others)
// at the end of month m.
func (s Series) YTDAt(m int) (float64, bool) {
	if m < 1 || m > 12 {
		return 0, false
	}
	n := s.YTD[m-1]
	return n.Value, n.OK
}

// MonthAt returns month m's own amount (flows) or published monthly rate.
func (s Series) MonthAt(m int) (float64, bool) {
	if m < 1 || m > 12 {
		return 0, false
	}
	n := s.Month[m-1]
	return n.Value, n.OK
}

// Latest returns the latest value at or before month upTo (1..12) and the
// month it belongs to. It prefers YTD (the cumulative flow, the cumulative
// rate, the level); only when no YTD value exists up to that month does it
// fall back to the monthly values. ok is false when there is nothing.
func (s Series) Latest(upTo int) (v float64, month int, ok bool) {
	if upTo > 12 {
		upTo = 12
	}
	for _, arr := range [][12]Num{s.YTD, s.Month} {
		for m := upTo; m >= 1; m-- {
			if arr[m-1].OK {
				return arr[m-1].Value, m, true
			}
		}
	}
	return 0, 0, false
}

// LatestTyped is Latest that also says which series the value came from:
// domain.ValueYTD for the cumulative (累计) value or level, domain.ValuePeriod
// for a month's own (当月) value.
func (s Series) LatestTyped(upTo int) (v float64, month int, vt domain.ValueType, ok bool) {
	if upTo > 12 {
		upTo = 12
	}
	for i, arr := range [][12]Num{s.YTD, s.Month} {
		for m := upTo; m >= 1; m-- {
			if arr[m-1].OK {
				vt = domain.ValueYTD
				if i == 1 {
					vt = domain.ValuePeriod
				}
				return arr[m-1].Value, m, vt, true
			}
		}
	}
	return 0, 0, "", false
}

// LastMonth is the latest month with any value (0 when the series is empty).
func (s Series) LastMonth() int {
	for m := 12; m >= 1; m-- {
		if s.YTD[m-1].OK || s.Month[m-1].OK {
			return m
		}
	}
	for _, sp := range s.Spans {
		if sp.To > 0 {
			return sp.To // a span that could not be placed still shows data exists
		}
	}
	return 0
}

// Empty reports whether the series has no value at all.
func (s Series) Empty() bool { return s.LastMonth() == 0 }

// HasWarning reports whether the series carries a warning with code c.
func (s Series) HasWarning(c WarningCode) bool {
	for _, w := range s.Warnings {
		if w.Code == c {
			return true
		}
	}
	return false
}

// mismatchRel is the relative difference between a published YTD and the
// sum of published amounts above which a mismatch is reported; published
// figures are rounded, so exact equality is not expected.
const mismatchRel = 0.005

type rowKey struct {
	from, to int
	vt       domain.ValueType
}

// BuildSeries builds the series of indicator ind for orgUnit and year from
// current observations. Rows of other indicators, units or years are
// ignored, so one slice may serve several calls; when several rows share a
// period and value type, the latest recorded wins.
func BuildSeries(ind domain.Indicator, orgUnit string, year int, obs []domain.Observation) Series {
	s := Series{Indicator: ind.Code, OrgUnit: orgUnit, Year: year, Kind: ind.Kind}
	latest := map[rowKey]domain.Observation{}
	for _, o := range obs {
		if o.Indicator != ind.Code || o.OrgUnit != orgUnit || o.Period.Year != year {
			continue
		}
		if !o.Period.Valid() || math.IsNaN(o.Value) || math.IsInf(o.Value, 0) ||
			(o.ValueType != domain.ValuePeriod && o.ValueType != domain.ValueYTD) {
			s.warn(WarnBadRow, o.Period.To, fmt.Sprintf("%s的数据无效（期间或数值不正确），已忽略", o.Period.Label()))
			continue
		}
		if o.ValueType == domain.ValueYTD && o.Period.From != 1 {
			s.warn(WarnBadRow, o.Period.To, fmt.Sprintf("累计值的期间应从1月开始，%s的累计值已忽略", o.Period.Label()))
			continue
		}
		k := rowKey{o.Period.From, o.Period.To, o.ValueType}
		if prev, ok := latest[k]; !ok || o.RecordedAt.After(prev.RecordedAt) {
			latest[k] = o
		}
	}
	rows := make([]domain.Observation, 0, len(latest))
	for _, o := range latest {
		rows = append(rows, o)
	}
	// Deterministic order: by end month, then longer spans last.
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i].Period, rows[j].Period
		if a.To != b.To {
			return a.To < b.To
		}
		if a.From != b.From {
			return a.From > b.From
		}
		return rows[i].ValueType < rows[j].ValueType
	})
	if ind.Kind == domain.Flow {
		s.buildFlow(rows)
	} else {
		s.buildLevel(ind, rows)
	}
	if ind.Kind == domain.Flow || ind.Kind == domain.Stock {
		for _, o := range rows {
			if o.YoYPct == nil || math.IsNaN(*o.YoYPct) || math.IsInf(*o.YoYPct, 0) {
				continue
			}
			n := Num{Value: *o.YoYPct, OK: true}
			switch {
			case ind.Kind == domain.Stock || o.ValueType == domain.ValueYTD || (o.Period.From == 1 && !o.Period.IsMonth()):
				s.YoY[o.Period.To-1] = n
			case o.Period.IsMonth():
				s.MonthYoY[o.Period.To-1] = n
				if o.Period.To == 1 && !s.YoY[0].OK {
					s.YoY[0] = n // January's month is its year to date
				}
			}
		}
	}
	return s
}

func (s *Series) warn(c WarningCode, month int, msg string) {
	s.Warnings = append(s.Warnings, Warning{Code: c, Month: month, Message: msg})
}

func (s *Series) buildFlow(rows []domain.Observation) {
	type amount struct {
		from  int
		value float64
	}
	byEnd := map[int][]amount{} // period amounts by end month, single month first
	for _, o := range rows {
		p := o.Period
		switch o.ValueType {
		case domain.ValueYTD:
			s.YTD[p.To-1] = Num{Value: o.Value, OK: true}
		case domain.ValuePeriod:
			byEnd[p.To] = append(byEnd[p.To], amount{p.From, o.Value})
			if p.IsMonth() {
				s.Month[p.To-1] = Num{Value: o.Value, OK: true}
			} else {
				s.Spans = append(s.Spans, Span{From: p.From, To: p.To, Value: o.Value})
			}
		}
	}
	ytd := func(m int) (float64, bool) { // m in 0..12; January starts from zero
		if m == 0 {
			return 0, true
		}
		return s.YTD[m-1].Value, s.YTD[m-1].OK
	}
	// Year-to-date: published, else the previous YTD plus the amount that
	// closes the gap (a month, 1-2月 combined, a quarter).
	for m := 1; m <= 12; m++ {
		published := s.YTD[m-1].OK
		reported := false
		for _, a := range byEnd[m] {
			base, ok := ytd(a.from - 1)
			if !ok {
				continue
			}
			sum := base + a.value
			if published {
				pub := s.YTD[m-1].Value
				if !reported && math.Abs(sum-pub) > mismatchRel*math.Max(math.Abs(pub), 1) {
					s.warn(WarnYTDMismatch, m, fmt.Sprintf("%d月累计值%s与分期数据之和%s不一致，请核实",
						m, FormatNumber(pub), FormatNumber(sum)))
					reported = true
				}
				continue
			}
			if !s.YTD[m-1].OK {
				s.YTD[m-1] = Num{Value: sum, OK: true, Derived: true}
			}
		}
	}
	// Month amounts from consecutive year-to-date values.
	for m := 1; m <= 12; m++ {
		if s.Month[m-1].OK {
			continue
		}
		cur, ok1 := ytd(m)
		prev, ok2 := ytd(m - 1)
		if ok1 && ok2 {
			if cur-prev < -1e-9*math.Max(math.Abs(prev), 1) {
				s.warn(WarnNegativeMonth, m, fmt.Sprintf("由累计值推算的%d月当月值为负（%s），未作为当月数据使用，请核实累计值",
					m, FormatNumber(cur-prev)))
				continue
			}
			s.Month[m-1] = Num{Value: cur - prev, OK: true, Derived: true}
		}
	}
	// A year-to-date flow never goes down; when it does, say so.
	prevM, prevV := 0, 0.0
	for m := 1; m <= 12; m++ {
		v, ok := ytd(m)
		if !ok {
			continue
		}
		if prevM > 0 && v < prevV-1e-9*math.Max(math.Abs(prevV), 1) {
			s.warn(WarnYTDDecrease, m, fmt.Sprintf("%d月累计值%s低于%d月累计值%s，累计值不应下降，请核实",
				m, FormatNumber(v), prevM, FormatNumber(prevV)))
		}
		prevM, prevV = m, v
	}
	if len(rows) > 0 {
		found := false
		for m := 1; m <= 12; m++ {
			found = found || s.YTD[m-1].OK
		}
		if !found {
			s.warn(WarnNoYTD, 0, "缺少1月起的连续数据，无法推算累计值")
		}
	}
}

func (s *Series) buildLevel(ind domain.Indicator, rows []domain.Observation) {
	for _, o := range rows {
		p := o.Period
		if s.Kind == domain.Rate {
			switch {
			case o.ValueType == domain.ValueYTD:
				s.YTD[p.To-1] = Num{Value: o.Value, OK: true}
			case p.IsMonth():
				s.Month[p.To-1] = Num{Value: o.Value, OK: true}
			case p.From == 1:
				// 1-2月 (or 1-3月) published as one period is the cumulative rate.
				if !s.YTD[p.To-1].OK {
					s.YTD[p.To-1] = Num{Value: o.Value, OK: true}
				}
				s.Spans = append(s.Spans, Span{From: p.From, To: p.To, Value: o.Value})
			default:
				s.Spans = append(s.Spans, Span{From: p.From, To: p.To, Value: o.Value})
			}
			continue
		}
		// Stocks, stages and counts are levels at the period's end, whatever
		// the value type; when both types exist the indicator's own reporting
		// type wins.
		cur := s.YTD[p.To-1]
		if !cur.OK || o.ValueType == ind.Reporting {
			s.YTD[p.To-1] = Num{Value: o.Value, OK: true}
		}
	}
}

// NewLevelSeries builds a series from levels computed elsewhere (a tier
// count from park outputs, a stage from a project register): levels maps a
// month (1..12) to the value at its end.
func NewLevelSeries(ind domain.Indicator, orgUnit string, year int, levels map[int]float64) Series {
	s := Series{Indicator: ind.Code, OrgUnit: orgUnit, Year: year, Kind: ind.Kind}
	for m, v := range levels {
		if m >= 1 && m <= 12 && !math.IsNaN(v) && !math.IsInf(v, 0) {
			s.YTD[m-1] = Num{Value: v, OK: true}
		}
	}
	return s
}
