package domain

import (
	"fmt"
	"strings"
)

// MeasureKind decides all arithmetic on an indicator (DESIGN.md §2).
type MeasureKind string

// The measure kinds.
const (
	// Flow amounts add up over months and over units (产值, 投资额, 新增企业数).
	Flow MeasureKind = "flow"
	// Rate values are taken as published and never summed or pro-rated (增速, 比重).
	Rate MeasureKind = "rate"
	// Stock values are levels at a date: the latest counts (产能, 换电站数).
	Stock MeasureKind = "stock"
	// Milestone values are the index of the stage a project has reached.
	Milestone MeasureKind = "milestone"
	// TierCount values are derived: how many units' values of another
	// indicator fall in a band (超千亿元园区个数).
	TierCount MeasureKind = "tier_count"
	// ProjectCount values are derived: how many projects of a list (the
	// project units reporting the milestone indicator TierOf) have reached
	// the required stage Stages[0] (重点实施 → 开工, 加快建设 → 建设).
	ProjectCount MeasureKind = "project_count"
	// ProjectCapacity values are derived: the capacity (年节能量, 年节水量)
	// formed by the projects of a list that have reached the last stage of
	// TierOf (建成投产), from each project's designed capacity (its own target
	// of this indicator) or the capacity it reports as formed.
	ProjectCapacity MeasureKind = "project_capacity"
)

// Valid reports whether k is a known measure kind.
func (k MeasureKind) Valid() bool {
	switch k {
	case Flow, Rate, Stock, Milestone, TierCount, ProjectCount, ProjectCapacity:
		return true
	}
	return false
}

// Label is the Chinese name of the kind.
func (k MeasureKind) Label() string {
	switch k {
	case Flow:
		return "流量（可累计）"
	case Rate:
		return "比率/增速"
	case Stock:
		return "存量（时点值）"
	case Milestone:
		return "节点任务"
	case TierCount:
		return "梯次计数"
	case ProjectCount:
		return "项目计数（按阶段）"
	case ProjectCapacity:
		return "项目形成能力"
	}
	return string(k)
}

// Direction says whether more is better (output) or less is better (energy use).
type Direction string

// The directions.
const (
	HigherBetter Direction = "higher"
	LowerBetter  Direction = "lower"
)

// Indicator is one measured quantity of the work plan.
type Indicator struct {
	Code        string      `json:"code"` // stable dotted English code, e.g. rare_earth.output_value
	Name        string      `json:"name"` // Chinese name
	Unit        string      `json:"unit"` // the unit values are stored in
	Kind        MeasureKind `json:"kind"` // decides the arithmetic
	Direction   Direction   `json:"direction"`
	Chain       string      `json:"chain"`                  // 产业链/板块: 稀土, 硅, 园区, 绿色 …
	Section     string      `json:"section"`                // work-plan section the indicator belongs to
	SourceOrgan string      `json:"source_organ,omitempty"` // 统计局 / 部门 / 旗县区自报
	Scope       string      `json:"scope,omitempty"`        // 口径: 规上 / 全口径 / 园区口径
	PriceBasis  string      `json:"price_basis,omitempty"`  // 现价 / 可比价
	// Reporting is how the source publishes the figure: ValuePeriod (当月) or ValueYTD (累计).
	Reporting ValueType `json:"reporting"`
	// Breakdown lists the unit kinds that report this indicator besides the city.
	Breakdown []UnitKind `json:"breakdown,omitempty"`
	// TierOf, TierMin and TierMax define a TierCount indicator: it counts the
	// units whose annual value of TierOf is >= TierMin and < TierMax (0 = no cap).
	// For ProjectCount and ProjectCapacity, TierOf is the projects' milestone
	// (stage) indicator.
	TierOf  string  `json:"tier_of,omitempty"`
	TierMin float64 `json:"tier_min,omitempty"`
	TierMax float64 `json:"tier_max,omitempty"`
	// TierNew makes a TierCount count only new entrants: the units in the
	// band [TierMin, TierMax) this year whose annual value of TierOf last
	// year was below TierMin (“2个超300亿元园区（新增1个）”'s 新增1个).
	TierNew bool `json:"tier_new,omitempty"`
	// Stages names a Milestone indicator's ordered stages; an observation's
	// value is the 1-based index of the stage reached. A ProjectCount
	// indicator names the one stage its projects must reach.
	Stages []string `json:"stages,omitempty"`
	// Annual marks an indicator published once a year (年度指标, 固废综合
	// 利用率): no figure before the year's end is not missing data.
	Annual bool `json:"annual,omitempty"`
	Order  int  `json:"order"`
}

// ReportedBy reports whether units of kind k report this indicator.
func (ind Indicator) ReportedBy(k UnitKind) bool {
	if k == KindCity {
		return true
	}
	for _, b := range ind.Breakdown {
		if b == k {
			return true
		}
	}
	return false
}

// Validate checks an indicator's fields and their fit with its kind; units
// is the table its unit must come from.
func (ind Indicator) Validate(units Units) error {
	where := fmt.Sprintf("指标“%s”", ind.Code)
	switch {
	case !validCode(ind.Code):
		return NewError("domain.BadIndicatorCode", where)
	case strings.TrimSpace(ind.Name) == "":
		return NewError("domain.NoName", where)
	case !units.Known(ind.Unit):
		return NewError("domain.UnknownUnit", where, ind.Unit, strings.Join(units.Names(), "、"))
	case !ind.Kind.Valid():
		return NewError("domain.BadKind", where, ind.Kind)
	case ind.Direction != HigherBetter && ind.Direction != LowerBetter:
		return NewError("domain.BadDirection", where, ind.Direction)
	case ind.Reporting != ValuePeriod && ind.Reporting != ValueYTD:
		return NewError("domain.BadReportedAs", where, ind.Reporting)
	}
	for _, k := range ind.Breakdown {
		if !k.Valid() {
			return NewError("domain.BadBreakdown", where, k)
		}
	}
	if ind.Kind == Rate && ind.Unit != "%" {
		return NewError("domain.RateUnit", where, ind.Unit)
	}
	if ind.Kind == TierCount {
		if ind.TierOf == "" || ind.TierMin <= 0 || (ind.TierMax != 0 && ind.TierMax <= ind.TierMin) {
			return NewError("domain.TierFields", where)
		}
	}
	if ind.Kind == ProjectCount && (ind.TierOf == "" || len(ind.Stages) != 1) {
		return NewError("domain.ProjectCountFields", where)
	}
	if ind.Kind == ProjectCapacity && ind.TierOf == "" {
		return NewError("domain.ProjectCapacityFields", where)
	}
	if ind.TierNew && ind.Kind != TierCount {
		return NewError("domain.TierNew", where)
	}
	if ind.Kind == Milestone && len(ind.Stages) < 2 {
		return NewError("domain.MilestoneStages", where)
	}
	return nil
}

func validCode(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
