package budget

import (
	"fmt"
	"math"
	"sort"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// Config sets the thresholds of the execution judgment.
type Config struct {
	// SlowPP: a budget line more than this many 百分点 behind 序时进度 (or its
	// 用款计划) is 偏慢 (amber). Default 5.
	SlowPP float64
	// WarnPP: more than this many 百分点 behind is 预警 (red); for a ceiling,
	// spending this far ahead of 序时进度 is amber (at risk of running
	// over). Default 10.
	WarnPP float64
}

// DefaultConfig is the finance offices' usual convention.
func DefaultConfig() Config { return Config{SlowPP: 5, WarnPP: 10} }

// Validate checks the thresholds.
func (c Config) Validate() error {
	if c.SlowPP < 0 || c.WarnPP < 0 || c.SlowPP > c.WarnPP {
		return domain.NewError("budget.BadThresholds", c.SlowPP, c.WarnPP)
	}
	return nil
}

// Group says which list of the report a line belongs to.
type Group string

// The groups, in report order.
const (
	GroupTotal    Group = "total"
	GroupCategory Group = "category" // 基本支出 / 项目支出 and their sources
	GroupUnit     Group = "unit"
	GroupFunction Group = "function"
	GroupProject  Group = "project"
	GroupCeiling  Group = "ceiling"
)

// Result is one line's execution.
type Result struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Group  Group  `json:"group"`
	Parent string `json:"parent,omitempty"`
	// Level is the classification level for function lines (1 类, 2 款, 3 项)
	// and the depth below the group's top for others.
	Level  int    `json:"level"`
	Nature Nature `json:"nature"`
	// Budget is the current (adjusted) budget; nil when none is published
	// (a unit's own budget). InitialBudget is the 年初预算 when a 预算调整
	// changed it.
	Budget        *float64 `json:"budget"`
	InitialBudget *float64 `json:"initial_budget,omitempty"`
	Spent         float64  `json:"spent"`
	// SpentCurrent and SpentCarryover split Spent by funding source.
	SpentCurrent   float64 `json:"spent_current"`
	SpentCarryover float64 `json:"spent_carryover"`
	// ExecutionPct is Spent/Budget×100 (支出进度; 执行率 at year end).
	ExecutionPct *float64 `json:"execution_pct"`
	// TimeProgressPct is 序时进度, or the 用款计划's cumulative share when
	// PlanBased.
	TimeProgressPct float64 `json:"time_progress_pct"`
	PlanBased       bool    `json:"plan_based,omitempty"`
	// GapPP is the printed execution minus the printed time progress, in 百分点.
	GapPP *float64 `json:"gap_pp"`
	// OverBy is how far a ceiling is exceeded (万元), when it is.
	OverBy      *float64        `json:"over_by,omitempty"`
	Status      progress.Status `json:"status"`
	StatusLabel string          `json:"status_label"`
	Color       string          `json:"color"`
	Sentence    string          `json:"sentence"`
}

// Report is the execution of a year's budget at the end of a month.
type Report struct {
	Year  int `json:"year"`
	Month int `json:"month"` // data month: payments up to its end
	// PeriodLabel is "1—6月" ("1月", "全年" at year end).
	PeriodLabel     string   `json:"period_label"`
	YearEnd         bool     `json:"year_end"`
	TimeProgressPct float64  `json:"time_progress_pct"`
	HasPayments     bool     `json:"has_payments"`
	Total           Result   `json:"total"`
	Lines           []Result `json:"lines"`
	Config          Config   `json:"config"`
}

// ErrNoBudget is returned when the budget has no exp.total line.
var ErrNoBudget = domain.NewError("budget.NoTotalLine")

// TotalCode is the code of the line that totals the year's expenditure.
const TotalCode = "exp.total"

// Current reduces line versions (as Store.BudgetLines returns them) to the
// current version of each code, in first-seen order, and the first
// (年初) amount of each code.
func Current(versions []Line) (lines []Line, initial map[string]float64) {
	idx := map[string]int{}
	initial = map[string]float64{}
	for _, l := range versions {
		if i, ok := idx[l.Code]; ok {
			if !l.RecordedAt.Before(lines[i].RecordedAt) {
				lines[i] = l
			}
			continue
		}
		idx[l.Code] = len(lines)
		initial[l.Code] = l.Amount
		lines = append(lines, l)
	}
	return lines, initial
}

// LatestMonth is the last month any payment of year covers (0 when none).
func LatestMonth(pays []Payment, year int) int {
	m := 0
	for _, p := range pays {
		if p.Year == year && p.To > m {
			m = p.To
		}
	}
	return m
}

// Cumulative returns each payment key's cumulative amount to the end of
// month: the latest 累计 row up to month plus the 当月 rows after it. The
// returned payments carry the key's fields with Amount the cumulative sum,
// From 1 and To month.
func Cumulative(pays []Payment, year, month int) []Payment {
	type acc struct {
		p        Payment
		ytdTo    int
		ytd      float64
		periods  []Payment
		hasValue bool
	}
	byKey := map[string]*acc{}
	var order []string
	for _, p := range pays {
		if p.Year != year || p.To > month {
			continue
		}
		k := p
		k.From, k.To, k.ValueType, k.Amount = 0, 0, "", 0
		key := k.Key()
		a, ok := byKey[key]
		if !ok {
			a = &acc{p: k}
			byKey[key] = a
			order = append(order, key)
		}
		a.hasValue = true
		if p.ValueType == ValueYTD {
			if p.To > a.ytdTo {
				a.ytdTo, a.ytd = p.To, p.Amount
			}
			continue
		}
		a.periods = append(a.periods, p)
	}
	out := make([]Payment, 0, len(order))
	for _, key := range order {
		a := byKey[key]
		sum := a.ytd
		for _, p := range a.periods {
			if p.From > a.ytdTo {
				sum += p.Amount
			}
		}
		c := a.p
		c.From, c.To, c.ValueType, c.Amount = 1, month, ValueYTD, sum
		out = append(out, c)
	}
	return out
}

// Execute judges the budget's execution to the end of month. lines are the
// current versions (see Current), initial the 年初 amounts; month 0, or a
// month after the latest with payments, means the latest month with
// payments (0 when none: every line is 无数据).
func Execute(b Budget, initial map[string]float64, pays []Payment, month int, cfg Config) (Report, error) {
	if err := cfg.Validate(); err != nil {
		return Report{}, err
	}
	// The view's month is the latest with payments: a later month asked
	// for has no data yet and would read as falling behind.
	if latest := LatestMonth(pays, b.Year); month <= 0 || month > latest {
		month = latest
	}
	rep := Report{Year: b.Year, Month: month, PeriodLabel: periodLabel(month), YearEnd: month == 12, Config: cfg}
	rep.TimeProgressPct = progress.MonthsFraction(month) * 100
	cum := Cumulative(pays, b.Year, month)
	rep.HasPayments = month > 0 && len(cum) > 0

	named := map[string]bool{}
	matches := map[string]Match{}
	for _, l := range b.Lines {
		m, err := ParseMatch(l.Match)
		if err != nil {
			return Report{}, domain.WrapError(err, "budget.Line", l.Code, l.Name)
		}
		matches[l.Code] = m
		for _, p := range m.NamedProjects() {
			named[p] = true
		}
	}
	total, ok := b.Line(TotalCode)
	if !ok {
		return Report{}, ErrNoBudget
	}
	judge := func(l Line, g Group, level int) Result {
		r := Result{Code: l.Code, Name: l.Name, Group: g, Parent: l.Parent, Level: level, Nature: l.Nature}
		m := matches[l.Code]
		for _, p := range cum {
			if !m.Matches(p, named) {
				continue
			}
			r.Spent += p.Amount
			if p.Source == SourceCarryover {
				r.SpentCarryover += p.Amount
			} else {
				r.SpentCurrent += p.Amount
			}
		}
		amt := l.Amount
		r.Budget = &amt
		if ini, ok := initial[l.Code]; ok && ini != l.Amount {
			r.InitialBudget = &ini
		}
		r.TimeProgressPct = rep.TimeProgressPct
		if pct, ok := planAt(l.Plan, month); ok {
			r.TimeProgressPct, r.PlanBased = pct, true
		}
		assess(&r, rep, cfg)
		return r
	}
	rep.Total = judge(total, GroupTotal, 0)
	// Units: the disclosure does not publish each unit's budget, so a unit
	// line shows what it spent without a 支出进度.
	for _, u := range b.Units {
		r := Result{Code: u.Code, Name: u.Name, Group: GroupUnit, Nature: NatureBudget}
		for _, p := range cum {
			if p.Unit == u.Code {
				r.Spent += p.Amount
				if p.Source == SourceCarryover {
					r.SpentCarryover += p.Amount
				} else {
					r.SpentCurrent += p.Amount
				}
			}
		}
		if u.Budget != nil {
			amt := *u.Budget
			r.Budget = &amt
		}
		r.TimeProgressPct = rep.TimeProgressPct
		assess(&r, rep, cfg)
		rep.Lines = append(rep.Lines, r)
	}
	var cat, fn, prj, ceil []Result
	for _, l := range b.Lines {
		if l.Code == TotalCode || l.Nature == NatureInfo {
			continue
		}
		switch l.Table {
		case "功能分类":
			lv := (len(l.Code) - 1) / 2
			if lv < 1 {
				lv = 1
			}
			fn = append(fn, judge(l, GroupFunction, lv))
		case "项目":
			lv := 2
			if l.Parent == "" {
				lv = 1
			}
			prj = append(prj, judge(l, GroupProject, lv))
		case "三公经费", "机关运行经费":
			lv := 2
			if l.Parent == "" {
				lv = 1
			}
			ceil = append(ceil, judge(l, GroupCeiling, lv))
		default:
			cat = append(cat, judge(l, GroupCategory, 1))
		}
	}
	fn = dropEchoes(fn)
	rep.Lines = append(append(append(append(append([]Result{}, cat...), rep.Lines...), fn...), prj...), ceil...)
	return rep, nil
}

// dropEchoes leaves out a classification line that only repeats its parent:
// the one 项 of a 款 with the same name and budget (能源节约利用（款）
// 能源节约利用（项）), which the disclosure prints twice but a report lists
// once. Its payments are already in the parent's figures.
func dropEchoes(rs []Result) []Result {
	children := map[string]int{}
	byCode := map[string]Result{}
	for _, r := range rs {
		children[r.Parent]++
		byCode[r.Code] = r
	}
	out := rs[:0:0]
	for _, r := range rs {
		p, ok := byCode[r.Parent]
		if ok && children[r.Parent] == 1 && children[r.Code] == 0 && p.Name == r.Name &&
			p.Spent == r.Spent && (p.Budget == nil) == (r.Budget == nil) && (p.Budget == nil || *p.Budget == *r.Budget) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// planAt is the 用款计划's cumulative percent at month: the latest point at
// or before it (0 before the first point).
func planAt(plan []PlanPoint, month int) (float64, bool) {
	if len(plan) == 0 {
		return 0, false
	}
	pts := append([]PlanPoint(nil), plan...)
	sort.Slice(pts, func(i, j int) bool { return pts[i].Month < pts[j].Month })
	pct := 0.0
	for _, p := range pts {
		if p.Month <= month {
			pct = p.Pct
		}
	}
	return pct, true
}

const eps = 1e-9

// assess sets execution, gap, status and sentence.
func assess(r *Result, rep Report, cfg Config) {
	defer func() {
		r.StatusLabel = statusLabel(r.Status, r.Nature)
		r.Color = r.Status.Key()
		r.Sentence = Sentence(*r, rep)
	}()
	if !rep.HasPayments {
		r.Status = progress.StatusNoData
		return
	}
	if r.Budget == nil {
		r.Status = progress.StatusNotAssessable
		return
	}
	bud := *r.Budget
	if r.Nature == NatureCeiling {
		if bud > 0 {
			e := r.Spent / bud * 100
			r.ExecutionPct = &e
			g := progress.Round1(e) - progress.Round1(r.TimeProgressPct)
			r.GapPP = &g
		}
		switch {
		case r.Spent > bud+eps:
			over := r.Spent - bud
			r.OverBy = &over
			r.Status = progress.StatusOver
		case rep.YearEnd:
			r.Status = progress.StatusMet
		case r.GapPP != nil && *r.GapPP > cfg.WarnPP:
			r.Status = progress.StatusSlightlyOver
		default:
			r.Status = progress.StatusOnTrack
		}
		return
	}
	if bud <= 0 {
		r.Status = progress.StatusNotAssessable
		return
	}
	e := r.Spent / bud * 100
	r.ExecutionPct = &e
	tp := r.TimeProgressPct
	if rep.YearEnd {
		tp = 100 // the year is over: 执行率 against the whole budget
	}
	g := progress.Round1(e) - progress.Round1(tp)
	if math.Abs(g) < eps {
		g = 0
	}
	r.GapPP = &g
	switch {
	case r.Spent > bud+eps:
		// Spending beyond the (adjusted) budget needs a 预算调整 first.
		over := r.Spent - bud
		r.OverBy = &over
		r.Status = progress.StatusOver
	case rep.YearEnd && g >= -cfg.SlowPP:
		r.Status = progress.StatusMet
	case rep.YearEnd:
		r.Status = progress.StatusMissed
	case g >= -cfg.SlowPP:
		r.Status = progress.StatusAhead
	case g >= -cfg.WarnPP:
		r.Status = progress.StatusSlightlyBehind
	default:
		r.Status = progress.StatusBehind
	}
}

// statusLabel is the status in a finance office's words.
func statusLabel(s progress.Status, n Nature) string {
	switch s {
	case progress.StatusAhead:
		return "进度正常"
	case progress.StatusSlightlyBehind:
		return "偏慢"
	case progress.StatusBehind:
		return "预警"
	case progress.StatusMet:
		if n == NatureCeiling {
			return "未超预算"
		}
		return "执行完成"
	case progress.StatusMissed:
		return "执行偏低"
	case progress.StatusOnTrack:
		return "未超预算"
	case progress.StatusSlightlyOver:
		return "支出偏快"
	case progress.StatusOver:
		return "超预算"
	case progress.StatusNotAssessable:
		return "未公开预算"
	case progress.StatusNoData:
		return "无支出数据"
	}
	return s.Label()
}

// periodLabel names the months 1..m: "1月", "1—6月", "全年".
func periodLabel(m int) string {
	switch {
	case m <= 0:
		return ""
	case m == 1:
		return "1月"
	case m == 12:
		return "全年"
	}
	return fmt.Sprintf("1—%d月", m)
}
