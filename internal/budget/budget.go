// Package budget holds the department budget (部门预算) and its execution:
// the budget lines of a year as the 部门预算公开 prints them (revenue,
// expenditure by function and economic classification, 基本/项目, projects,
// 三公 and 机关运行 ceilings, 政府采购), the payments that execute them, and
// the execution engine that judges 支出进度 against 序时进度 (or a project's
// 用款计划) the way finance offices do: "时间过半、支出过半", gaps in 百分点
// taken from the printed figures, ceilings lower-is-better.
//
// Design decisions:
//
//   - Amounts are 万元 (the disclosure's unit) in full float64 precision;
//     only sentences round (amounts to 0.01万元, percentages and 百分点 to 0.1).
//   - A line says which payments execute it by a small rule (Match), e.g.
//     "function=2150899", "project=-;econ=30217", "project=*;source=结转".
//     The seed table carries the rule, so a new year's budget is data.
//   - Budget lines are versioned: the first version of a line is the 年初预算,
//     a later one a 预算调整; execution is measured against the current one.
//   - Payments are append-only facts keyed by unit, function and economic
//     codes, project, source, period and 口径 (当月/累计); the current value
//     of a key is its latest row, and a reload of the same file adds nothing.
//
// The package imports only the standard library, internal/domain and
// internal/progress (itself standard-library only), whose rounding, status
// keys and time-progress conventions it shares.
package budget

import (
	"context"
	"errors"
	"fmt"
	"industrydash/internal/domain"
	"math"
	"strings"
	"time"
)

// Nature says how a line is judged.
type Nature string

// The natures.
const (
	// NatureBudget is an amount to be spent: 支出进度 against 序时进度.
	NatureBudget Nature = "budget"
	// NatureCeiling is an amount not to be exceeded (三公, 机关运行经费):
	// lower is better, over it is 超预算.
	NatureCeiling Nature = "ceiling"
	// NatureInfo is shown and checked but not executed by payments
	// (revenue, 政府采购, vehicles).
	NatureInfo Nature = "info"
)

// ParseNature reads a 性质 cell: 预算/budget, 上限/ceiling, 参考/info.
func ParseNature(s string) (Nature, error) {
	switch strings.TrimSpace(strings.ToLower(s)) {
	case "预算", "budget", "":
		return NatureBudget, nil
	case "上限", "ceiling", "控制数":
		return NatureCeiling, nil
	case "参考", "info", "信息":
		return NatureInfo, nil
	}
	return "", domain.NewError("budget.BadNature", s)
}

// Label is the nature in Chinese.
func (n Nature) Label() string {
	switch n {
	case NatureCeiling:
		return "上限"
	case NatureInfo:
		return "参考"
	}
	return "预算"
}

// Funding sources of a payment or line.
const (
	SourceCurrent   = "本年" // 本年财政拨款
	SourceCarryover = "结转" // 上年结转结余
)

// ParseSource reads a 资金来源 cell: 本年/本年拨款/当年, 结转/上年结转/结转结余.
// A blank cell gives "" (the caller decides the default).
func ParseSource(s string) (string, error) {
	t := strings.Join(strings.Fields(s), "")
	switch t {
	case "":
		return "", nil
	case "本年", "本年拨款", "当年", "当年拨款", "本年财政拨款", "财政本年拨款", "current":
		return SourceCurrent, nil
	case "结转", "上年结转", "结转结余", "上年结转结余", "财政拨款结转结余", "carryover":
		return SourceCarryover, nil
	}
	return "", domain.NewError("budget.BadSource", s)
}

// PlanPoint is one point of a 用款计划: by the end of Month, Pct percent of
// the line's budget is planned to be paid (cumulative).
type PlanPoint struct {
	Month int     `json:"month"`
	Pct   float64 `json:"pct"`
}

// Line is one budget line of a year.
type Line struct {
	Year int `json:"year"`
	// Code is stable within a year: "exp.total", "2150899", "prj.yikatong".
	Code string `json:"code"`
	Name string `json:"name"`
	// Table is the disclosure table the line comes from (收入, 支出, 功能分类,
	// 项目, 三公经费, 机关运行经费, 政府采购, 国有资产).
	Table string `json:"table"`
	// Parent and Breakdown place the line under another: the lines with the
	// same Parent and Breakdown should add up to the parent (勾稽).
	Parent    string  `json:"parent,omitempty"`
	Breakdown string  `json:"breakdown,omitempty"`
	Amount    float64 `json:"amount"`
	Unit      string  `json:"unit"` // 万元 unless a count (辆)
	Nature    Nature  `json:"nature"`
	// Match selects the payments that execute the line (see ParseMatch);
	// empty for info lines.
	Match      string      `json:"match,omitempty"`
	Source     string      `json:"source,omitempty"`      // 本年 | 结转 | ""
	BudgetUnit string      `json:"budget_unit,omitempty"` // implementing budget unit code
	Plan       []PlanPoint `json:"plan,omitempty"`        // 用款计划, cumulative
	// Printed cross-check figures (nil when the disclosure prints none).
	SharePct  *float64 `json:"share_pct,omitempty"`  // 占比 of the parent
	YoYChange *float64 `json:"yoy_change,omitempty"` // 与上年相比增减额
	YoYPct    *float64 `json:"yoy_pct,omitempty"`    // 增减率
	// AltAmount is another figure the disclosure prints for the same item.
	AltAmount  *float64  `json:"alt_amount,omitempty"`
	AltQuote   string    `json:"alt_quote,omitempty"`
	Quote      string    `json:"quote"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
	Note       string    `json:"note,omitempty"`
}

// SameContent reports whether two versions of a line say the same thing
// (everything but the recording fields).
func (l Line) SameContent(o Line) bool {
	a, b := l, o
	a.RecordedAt, b.RecordedAt = time.Time{}, time.Time{}
	a.RecordedBy, b.RecordedBy = "", ""
	a.Note, b.Note = "", ""
	return fmt.Sprintf("%+v|%v|%v|%v|%v", stripPtrs(a), deref(a.SharePct), deref(a.YoYChange), deref(a.YoYPct), deref(a.AltAmount)) ==
		fmt.Sprintf("%+v|%v|%v|%v|%v", stripPtrs(b), deref(b.SharePct), deref(b.YoYChange), deref(b.YoYPct), deref(b.AltAmount))
}

func stripPtrs(l Line) Line {
	l.SharePct, l.YoYChange, l.YoYPct, l.AltAmount = nil, nil, nil, nil
	if len(l.Plan) == 0 {
		l.Plan = nil
	}
	return l
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Unit is a budget unit (预算单位) of the department.
type Unit struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name,omitempty"`
	Kind      string `json:"kind"` // 本级 | 二级单位
	// Budget is the unit's own budget (万元) when a finance office records
	// one; the disclosure publishes only the department's, so it is nil in
	// the 2024 seed and the unit's line shows spending without 支出进度.
	Budget *float64 `json:"budget,omitempty"`
	Quote  string   `json:"quote,omitempty"`
}

// PerfIndicator is one performance indicator (绩效指标) of a project.
type PerfIndicator struct {
	Project    string   `json:"project"` // line code
	Name       string   `json:"name"`
	Category   string   `json:"category"` // 产出指标/数量指标 …
	Target     string   `json:"target"`   // as printed: 76个, 通过, 2.0%
	Value      *float64 `json:"value,omitempty"`
	Unit       string   `json:"unit,omitempty"`
	Comparator string   `json:"comparator,omitempty"` // >= | <= | ""
	Quote      string   `json:"quote"`
}

// Budget is one year's department budget.
type Budget struct {
	Year       int             `json:"year"`
	Department string          `json:"department"`
	Units      []Unit          `json:"units"`
	Lines      []Line          `json:"lines"`
	Indicators []PerfIndicator `json:"indicators"`
}

// Line returns the line with code.
func (b *Budget) Line(code string) (Line, bool) {
	for _, l := range b.Lines {
		if l.Code == code {
			return l, true
		}
	}
	return Line{}, false
}

// LookupUnit finds a budget unit by code, name or short name.
func LookupUnit(units []Unit, s string) (Unit, bool) {
	s = strings.TrimSpace(s)
	for _, u := range units {
		if s == u.Code || s == u.Name || s != "" && s == u.ShortName {
			return u, true
		}
	}
	return Unit{}, false
}

// Value types of a payment row.
const (
	ValuePeriod = "period" // 当月 (or the stated span's own amount)
	ValueYTD    = "ytd"    // 累计 from January
)

// Payment is one payment figure: an amount paid by a unit under a function
// (and economic) classification code, for a project or for basic
// expenditure, from one funding source, in a period.
type Payment struct {
	Year         int    `json:"year"`
	Unit         string `json:"unit"`                    // budget unit code
	FunctionCode string `json:"function_code"`           // 201, 20104 or 2010401
	EconomicCode string `json:"economic_code,omitempty"` // 30217 …
	// Project is the project line code when the name was recognised
	// (prj.yikatong), otherwise the name as written; "" for basic expenditure.
	Project string `json:"project,omitempty"`
	Source  string `json:"source"` // 本年 | 结转
	// From and To are the months covered; ValueType says whether Amount is
	// the span's own amount (period) or the year-to-date total (ytd, From 1).
	From       int       `json:"from"`
	To         int       `json:"to"`
	ValueType  string    `json:"value_type"`
	Amount     float64   `json:"amount"` // 万元
	File       string    `json:"file,omitempty"`
	Row        int       `json:"row,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
	Note       string    `json:"note,omitempty"`
}

// Key identifies the figure a payment row gives; a later row with the same
// key is a correction.
func (p Payment) Key() string {
	return fmt.Sprintf("%d\x00%s\x00%s\x00%s\x00%s\x00%s\x00%02d\x00%02d\x00%s",
		p.Year, p.Unit, p.FunctionCode, p.EconomicCode, p.Project, p.Source, p.From, p.To, p.ValueType)
}

// WriteCounts says what a write did.
type WriteCounts struct {
	Added     int `json:"added"`
	Unchanged int `json:"unchanged"`
}

// ErrInvalid marks rows a store refuses (nothing written).
var ErrInvalid = errors.New("budget: invalid rows")

// Store is what the budget needs from the fact store. Both stores implement
// it; storetest.RunBudget is its conformance suite.
type Store interface {
	// AddBudgetLines appends line versions. A line whose content equals its
	// current version is skipped; identical lines given twice in one call
	// add one version. It returns how many versions were added.
	AddBudgetLines(ctx context.Context, lines []Line) (added int, err error)
	// BudgetLines returns every version of every line of year recorded at
	// or before asOf (all when zero), ordered by code, then RecordedAt.
	BudgetLines(ctx context.Context, year int, asOf time.Time) ([]Line, error)
	// AppendPayments writes all rows or none (ErrInvalid when a row has no
	// unit, no function code, a bad period or value type). A row equal to
	// its key's current amount is counted unchanged and not written; a
	// different one is appended. Rows repeating a key within one call: the
	// later wins.
	AppendPayments(ctx context.Context, rows []Payment) (WriteCounts, error)
	// SaveBudgetFrame appends a version of f.Year's frame (department,
	// budget units, performance indicators); one whose content equals the
	// year's current frame is skipped (saved false). A zero RecordedAt is
	// now.
	SaveBudgetFrame(ctx context.Context, f Frame) (saved bool, err error)
	// BudgetFrames returns the current frame of every year that has one,
	// ordered by year.
	BudgetFrames(ctx context.Context) ([]Frame, error)
	// Payments returns the current row per key of year (as of asOf when
	// non-zero), ordered by unit, function code, economic code, project,
	// source, To, From, value type.
	Payments(ctx context.Context, year int, asOf time.Time) ([]Payment, error)
}

// ValidatePayment checks what every store requires of a row.
func ValidatePayment(p Payment) error {
	switch {
	case p.Year < 1900 || p.Year > 2200:
		return fmt.Errorf("year %d", p.Year)
	case p.Unit == "":
		return errors.New("no unit")
	case p.FunctionCode == "":
		return errors.New("no function code")
	case p.From < 1 || p.To > 12 || p.From > p.To:
		return fmt.Errorf("months %d-%d", p.From, p.To)
	case p.ValueType != ValuePeriod && p.ValueType != ValueYTD:
		return fmt.Errorf("value type %q", p.ValueType)
	case p.ValueType == ValueYTD && p.From != 1:
		return fmt.Errorf("ytd from month %d", p.From)
	case p.Source != SourceCurrent && p.Source != SourceCarryover:
		return fmt.Errorf("source %q", p.Source)
	}
	return nil
}

// ComparePayments orders payments by unit, function code, economic code,
// project, source, To, From and value type (the order Store.Payments returns).
func ComparePayments(a, b Payment) int {
	for _, c := range [][2]string{{a.Unit, b.Unit}, {a.FunctionCode, b.FunctionCode}, {a.EconomicCode, b.EconomicCode}, {a.Project, b.Project}, {a.Source, b.Source}} {
		if c[0] != c[1] {
			return strings.Compare(c[0], c[1])
		}
	}
	if a.To != b.To {
		return a.To - b.To
	}
	if a.From != b.From {
		return a.From - b.From
	}
	return strings.Compare(a.ValueType, b.ValueType)
}

// ChangedPayments is the "skip unchanged, diff against current" rule every
// store applies before writing payments: of rows repeated under one key the
// later wins, and a row whose key's stored amount (stored) is the same is
// counted unchanged rather than written again. It returns the rows to add.
func ChangedPayments(rows []Payment, stored func(key string) (float64, bool)) ([]Payment, WriteCounts) {
	last := make(map[string]int, len(rows))
	for i, p := range rows {
		last[p.Key()] = i
	}
	var wc WriteCounts
	var add []Payment
	for i, p := range rows {
		if last[p.Key()] != i {
			continue
		}
		if v, ok := stored(p.Key()); ok && math.Abs(v-p.Amount) <= 1e-9 {
			wc.Unchanged++
			continue
		}
		add = append(add, p)
	}
	wc.Added = len(add)
	return add, wc
}
