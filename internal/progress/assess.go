package progress

import (
	"errors"
	"fmt"
	"math"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// Assessment is one target measured against its data. Optional numbers are
// nil when they do not apply or cannot be computed, never zero. Names say
// the quantity type: Pct is a percentage (45.2 = 45.2%), PP is 百分点, and
// plain values are in the indicator's unit.
type Assessment struct {
	Indicator     string             `json:"indicator"`
	OrgUnit       string             `json:"org_unit"`
	Year          int                `json:"year"`
	Kind          domain.MeasureKind `json:"kind"`
	Comparator    domain.Comparator  `json:"comparator,omitempty"`
	LowerIsBetter bool               `json:"lower_is_better"`
	Unit          string             `json:"unit"`
	// Month is the month end the values are as of (0: no data); DataMonth
	// the month asked for. Month < DataMonth means the indicator lags (a
	// WarnStale warning says so).
	Month     int `json:"month"`
	DataMonth int `json:"data_month"`
	// ValueType says which series Value is from: ytd (累计: the cumulative
	// amount, rate or the level) or period (a 当月 rate, when no cumulative
	// one was published). A 当月 rate is never worded as 1—n月.
	ValueType domain.ValueType `json:"value_type,omitempty"`

	Status      Status `json:"status"`
	StatusKey   string `json:"status_key"`   // green | amber | red | grey
	StatusLabel string `json:"status_label"` // 达标, 超进度, 略慢, 滞后, 无数据, 不适用…
	// Reason explains, in Chinese, a NoData or NotAssessable status.
	Reason string `json:"reason,omitempty"`

	// Value is the year-to-date amount for flows; the latest rate, level,
	// stage or count otherwise.
	Value *float64 `json:"value"`
	// MonthValue is the month's own amount (flows) or monthly rate (rates).
	MonthValue *float64 `json:"month_value,omitempty"`
	// Target is the level the value is measured against: the annual amount,
	// the rate (for delta_pp: baseline + delta), the low bound of a range.
	Target     *float64 `json:"target"`
	TargetHigh *float64 `json:"target_high,omitempty"`
	// Tolerance is the allowed deviation of a “左右” target.
	Tolerance *float64 `json:"tolerance,omitempty"`
	Baseline  *float64 `json:"baseline,omitempty"`
	// TargetDelta is a delta_pp target's change in 百分点 (提高2个百分点 → 2).
	TargetDelta *float64 `json:"target_delta_pp,omitempty"`

	// Basis is the time-progress basis actually used.
	Basis           Basis    `json:"basis,omitempty"`
	TimeProgressPct *float64 `json:"time_progress_pct,omitempty"`
	// CompletionPct is Value / Target × 100 (flows, stocks, tier counts).
	CompletionPct *float64 `json:"completion_pct,omitempty"`
	// GapPP is completion (or, for a stock with a baseline, path progress)
	// minus time progress, in 百分点: positive means ahead of 序时进度.
	GapPP *float64 `json:"gap_pp,omitempty"`
	// VsTargetPP is a rate minus its target, in 百分点 (13% vs 9% → 4).
	VsTargetPP *float64 `json:"vs_target_pp,omitempty"`
	// Deviation is Value − Target in the unit (stocks, counts, approx).
	Deviation *float64 `json:"deviation,omitempty"`
	// ExpectedValue is where the value should be now: Target × time progress
	// for flows, baseline + (Target − baseline) × time progress for stocks.
	ExpectedValue *float64 `json:"expected_value,omitempty"`
	// PathProgressPct is (Value − baseline) / (Target − baseline) × 100.
	PathProgressPct *float64 `json:"path_progress_pct,omitempty"`
	// MetEarly: the target was reached before the year's end (or due month).
	MetEarly bool `json:"met_early,omitempty"`
	// AboveHigh: above the high bound of a range or "左右" band; BelowLow: below
	// the low bound when lower is better. Reported, not counted against.
	AboveHigh bool `json:"above_high,omitempty"`
	BelowLow  bool `json:"below_low,omitempty"`

	// Required pace (flows not yet met): RequiredMonthly is what each
	// remaining month must bring (for a ceiling: may use), AverageMonthly the
	// average month so far, RequiredRatio their ratio.
	RemainingMonths int      `json:"remaining_months,omitempty"`
	RequiredMonthly *float64 `json:"required_monthly,omitempty"`
	AverageMonthly  *float64 `json:"average_monthly,omitempty"`
	RequiredRatio   *float64 `json:"required_ratio,omitempty"`
	// Projections of the full year (flows): run-rate Value × 12 / Month, and
	// seasonal Value / last year's cumulative share at Month.
	ProjectionRunRate  *float64 `json:"projection_run_rate,omitempty"`
	ProjectionSeasonal *float64 `json:"projection_seasonal,omitempty"`
	// 同比 (flows): LastYearValue is last year's YTD at Month; YoYPct the
	// growth of YTD over it; MonthYoYPct the growth of the month's own amount.
	// YoYPct is the growth as published with the value (同口径); only when
	// none was published is it computed from last year's figures, and then
	// YoYEstimated is set (worded 推算). The same holds for MonthYoYPct.
	LastYearValue *float64 `json:"last_year_value,omitempty"`
	// LastYearCompletionPct is last year's completion at the same month
	// against last year's own target (flows where both years set one:
	// SetLastYearTarget); nil otherwise.
	LastYearCompletionPct *float64 `json:"last_year_completion_pct,omitempty"`
	YoYPct                *float64 `json:"yoy_pct,omitempty"`
	YoYEstimated          bool     `json:"yoy_estimated,omitempty"`
	MonthYoYPct           *float64 `json:"month_yoy_pct,omitempty"`
	MonthYoYEstimated     bool     `json:"month_yoy_estimated,omitempty"`

	// ZeroCeiling: the target is a ceiling of zero (零发生, ≤ 0): any
	// occurrence fails it.
	ZeroCeiling bool `json:"zero_ceiling,omitempty"`
	// Benchmarks are the same figure of the benchmark units (全国, 全区) for
	// the same period and series, set by the caller for comparison.
	Benchmarks []Benchmark `json:"benchmarks,omitempty"`

	// Milestones: the stage reached and the target stage (1-based) with
	// their names, and the due month.
	StageReached    int    `json:"stage_reached,omitempty"`
	StageTarget     int    `json:"stage_target,omitempty"`
	StageName       string `json:"stage_name,omitempty"`
	TargetStageName string `json:"target_stage_name,omitempty"`
	DueMonth        int    `json:"due_month,omitempty"`

	// Project lists (ProjectCount, ProjectCapacity): the projects' noun, the
	// stage the target requires (capacity: the last stage), how many
	// projects the register lists, have reached that stage, have no planned
	// months, have not reported, and (capacity) reached it without a designed
	// capacity. ExpectedValue is then the planned count or capacity.
	ProjectNoun        string `json:"project_noun,omitempty"`
	RequiredStage      string `json:"required_stage,omitempty"`
	ProjectsListed     int    `json:"projects_listed,omitempty"`
	ProjectsReached    int    `json:"projects_reached,omitempty"`
	ProjectsUnplanned  int    `json:"projects_unplanned,omitempty"`
	ProjectsUnreported int    `json:"projects_unreported,omitempty"`
	ProjectsNoCapacity int    `json:"projects_no_capacity,omitempty"`

	// Tier counts: Projected says the count is of units on course, judged on
	// run-rate projections of year-to-date flows (worded 按1—n月累计推算全年);
	// TierNew that it counts new entrants only, named in Entrants.
	Projected bool     `json:"projected,omitempty"`
	TierNew   bool     `json:"tier_new,omitempty"`
	Entrants  []string `json:"entrants,omitempty"`

	// Warnings carries the series' data problems and the assessment's own.
	Warnings []Warning `json:"warnings,omitempty"`
}

// Benchmark is a benchmark unit's figure (全国, 内蒙古自治区) for the same
// period and series as the assessed value.
type Benchmark struct {
	OrgUnit string  `json:"org_unit"`
	Name    string  `json:"name"` // as printed: 全国, 全区
	Value   float64 `json:"value"`
}

func (a *Assessment) set(s Status) {
	a.Status, a.StatusKey, a.StatusLabel = s, s.Key(), s.Label()
}

func (a *Assessment) warn(c WarningCode, month int, msg string) {
	a.Warnings = append(a.Warnings, Warning{Code: c, Month: month, Message: msg})
}

func ptr(v float64) *float64 { return &v }

// eps absorbs binary noise when comparing against a threshold.
const eps = 1e-9

// errNotAssessable carries the Chinese reason a target cannot be judged.
type errNotAssessable struct{ reason string }

func (e errNotAssessable) Error() string { return e.reason }

// LowerIsBetter reports whether meeting target t means staying low: an
// AtMost ceiling, a negative delta_pp, otherwise the indicator's direction.
func LowerIsBetter(ind domain.Indicator, t *domain.Target) bool {
	if t != nil {
		switch t.Comparator {
		case domain.AtLeast, domain.MoreThan:
			return false
		case domain.AtMost:
			return true
		case domain.DeltaPP:
			if t.Value != 0 {
				return t.Value < 0
			}
		}
	}
	return ind.Direction == domain.LowerBetter
}

// Assess measures this year's series cur against target (nil when none is
// set) as of dataMonth (1..12; 0 means the series' latest month). last is
// last year's series, used for 同比, the seasonal basis and projection and a
// delta_pp baseline; it may be nil. Assess never fails: what it cannot judge
// it reports as StatusNoData or StatusNotAssessable with a Reason.
func Assess(ind domain.Indicator, target *domain.Target, cur Series, last *Series, dataMonth int, cfg Config) Assessment {
	if cfg.Basis == "" {
		cfg.Basis = BasisMonths
	}
	cfg.FlowTolerancePP = math.Max(cfg.FlowTolerancePP, 0)
	cfg.RateTolerancePP = math.Max(cfg.RateTolerancePP, 0)
	if dataMonth < 0 || dataMonth > 12 {
		dataMonth = 0
	}
	a := Assessment{
		Indicator: ind.Code, OrgUnit: cur.OrgUnit, Year: cur.Year, Kind: ind.Kind, Unit: ind.Unit,
		DataMonth: dataMonth, LowerIsBetter: LowerIsBetter(ind, target),
	}
	if target != nil {
		a.Comparator = target.Comparator
		if a.OrgUnit == "" {
			a.OrgUnit = target.OrgUnit
		}
		if a.Year == 0 {
			a.Year = target.Year
		}
	}
	a.Warnings = append(a.Warnings, cur.Warnings...)

	upTo := dataMonth
	if upTo == 0 {
		upTo = 12
	}
	var v float64
	var ok bool
	if ind.Kind == domain.Flow {
		for m := upTo; m >= 1 && !ok; m-- {
			if v, ok = cur.YTDAt(m); ok {
				a.Month, a.ValueType = m, domain.ValueYTD
			}
		}
	} else {
		v, a.Month, a.ValueType, ok = cur.LatestTyped(upTo)
	}
	if ok {
		a.Value = ptr(v)
		if dataMonth > 0 && a.Month < dataMonth {
			a.warn(WarnStale, a.Month, fmt.Sprintf("数据截至%d月，晚于当期（%d月）", a.Month, dataMonth))
		}
		a.facts(ind, cur, last, cfg)
		if ind.Kind == domain.TierCount {
			a.Projected, a.TierNew, a.Entrants = cur.Projected, ind.TierNew, cur.CountedAt(a.Month)
		}
	}

	tg, err := resolveTarget(ind, target, a.Year, last, a.LowerIsBetter)
	if err == nil {
		a.Target, a.TargetHigh, a.Baseline = ptr(tg.level), tg.high, tg.baseline
		switch target.Comparator {
		case domain.Approx:
			a.Tolerance = ptr(*target.Tolerance)
		case domain.DeltaPP:
			a.TargetDelta = ptr(target.Value)
		}
	}
	switch {
	case !ok && ind.Annual && dataMonth < 12:
		a.set(StatusAnnual)
		a.Reason = "年度指标，全年数据于年末统计后发布"
		return a
	case err != nil:
		a.set(StatusNotAssessable)
		a.Reason = msg.Text(err)
		return a
	case !ok:
		a.set(StatusNoData)
		a.Reason = "暂无数据"
		for _, w := range cur.Warnings {
			if w.Code == WarnNoYTD {
				a.Reason = w.Message
			}
		}
		if dataMonth > 0 && usesTimeProgress(ind.Kind) {
			a.timeProgress(target, dataMonth, last, cfg)
		}
		return a
	}

	switch {
	case tg.level == 0 && target.Comparator == domain.AtMost && ind.Kind != domain.Rate && ind.Kind != domain.Milestone:
		a.ZeroCeiling = true
		a.Deviation = ptr(v)
		if v <= eps {
			a.set(StatusMet)
		} else {
			a.set(StatusFailed)
		}
		return a
	}
	switch ind.Kind {
	case domain.Flow:
		a.judgeFlow(v, tg, target, last, cfg)
	case domain.Rate:
		a.judgeRate(v, tg, cfg)
		if dataMonth > 0 && a.Month < dataMonth {
			a.set(StatusStale) // an old rate is not judged on the view's period
		}
	case domain.Stock, domain.TierCount:
		a.judgeLevel(v, tg, target, last, cfg)
	case domain.Milestone:
		a.judgeMilestone(ind, v, target)
	default:
		a.set(StatusNotAssessable)
		a.Reason = fmt.Sprintf("未知的指标类型“%s”", ind.Kind)
	}
	return a
}

func usesTimeProgress(k domain.MeasureKind) bool {
	return k == domain.Flow || k == domain.Stock || k == domain.TierCount
}

// facts fills what follows from the data alone: month value, 同比, pace so
// far and projections.
func (a *Assessment) facts(ind domain.Indicator, cur Series, last *Series, cfg Config) {
	m, v := a.Month, *a.Value
	if mv, ok := cur.MonthAt(m); ok && ind.Kind != domain.Stock && ind.Kind != domain.Milestone && ind.Kind != domain.TierCount {
		a.MonthValue = ptr(mv)
	}
	if ind.Kind != domain.Flow {
		return
	}
	a.AverageMonthly = ptr(v / float64(m))
	a.ProjectionRunRate = ptr(v * 12 / float64(m))
	if p, ok := cfg.profile(last); ok {
		if share, ok := p.At(m); ok && share > 0 {
			a.ProjectionSeasonal = ptr(v / share)
		}
	}
	if n := cur.YoY[m-1]; n.OK {
		a.YoYPct = ptr(n.Value)
	}
	if n := cur.MonthYoY[m-1]; n.OK {
		a.MonthYoYPct = ptr(n.Value)
	}
	if last == nil {
		return
	}
	if lv, ok := last.YTDAt(m); ok {
		a.LastYearValue = ptr(lv)
		if lv > 0 && a.YoYPct == nil {
			a.YoYPct, a.YoYEstimated = ptr((v/lv-1)*100), true
		}
	}
	if mv, ok := cur.MonthAt(m); ok && a.MonthYoYPct == nil {
		if lmv, ok := last.MonthAt(m); ok && lmv > 0 {
			a.MonthYoYPct, a.MonthYoYEstimated = ptr((mv/lmv-1)*100), true
		}
	}
}

// timeProgress sets the time progress at month m and returns it as a fraction.
func (a *Assessment) timeProgress(t *domain.Target, m int, last *Series, cfg Config) float64 {
	var tp float64
	switch {
	case t != nil && len(t.Phasing) == 12:
		tp, a.Basis = t.Phasing[m-1], BasisPlan
	default:
		var err error
		tp, err = cfg.TimeProgress(a.Year, m, last)
		a.Basis = cfg.Basis
		if errors.Is(err, ErrNoProfile) {
			tp, a.Basis = MonthsFraction(m), BasisMonths
			a.warn(WarnBasisFallback, m, "缺少上年分月数据，无法按季节规律计算，已改按月计算序时进度")
		}
	}
	a.TimeProgressPct = ptr(tp * 100)
	return tp
}

// resolved is a target reduced to numbers.
type resolved struct {
	level    float64  // what completion and pace are measured against
	met      float64  // the threshold that counts as met (≥ when higher is better, ≤ otherwise)
	high     *float64 // range high bound
	band     *[2]float64
	baseline *float64
	strict   bool // 超过: the threshold itself is not enough
}

// reached reports whether x meets the resolved target.
func (r resolved) reached(x float64, lower bool) bool {
	if r.strict {
		return x > r.met+eps*math.Max(1, math.Abs(r.met))
	}
	return metBy(x, r.met, lower)
}

func resolveTarget(ind domain.Indicator, t *domain.Target, year int, last *Series, lower bool) (resolved, error) {
	var r resolved
	na := func(format string, args ...any) (resolved, error) {
		return resolved{}, errNotAssessable{fmt.Sprintf(format, args...)}
	}
	if t == nil {
		return na("未设定目标")
	}
	if year != 0 && t.Year != 0 && t.Year != year {
		return na("目标年份（%d年）与数据年份（%d年）不一致", t.Year, year)
	}
	if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
		return na("目标值无效")
	}
	r.level, r.met, r.baseline = t.Value, t.Value, t.Baseline
	switch t.Comparator {
	case domain.AtLeast, domain.AtMost:
	case domain.MoreThan:
		r.strict = true
	case domain.Approx:
		if t.Tolerance == nil || *t.Tolerance < 0 {
			return na("“左右”目标缺少允许偏差，无法评估")
		}
		lo, hi := t.Value-*t.Tolerance, t.Value+*t.Tolerance
		r.band = &[2]float64{lo, hi}
		r.met = lo
		if lower {
			r.met = hi
		}
	case domain.Range:
		if t.ValueHigh == nil || *t.ValueHigh < t.Value {
			return na("区间目标缺少上限，无法评估")
		}
		r.high = t.ValueHigh
		r.band = &[2]float64{t.Value, *t.ValueHigh}
		if lower {
			r.level, r.met = *t.ValueHigh, *t.ValueHigh
		}
	case domain.DeltaPP:
		if ind.Kind != domain.Rate {
			return na("“提高百分点”目标只适用于比率类指标")
		}
		base := t.Baseline
		if base == nil && last != nil {
			if v, ok := last.YTDAt(12); ok {
				base = ptr(v)
			}
		}
		if base == nil {
			return na("缺少基期值（目标未给出，上年全年数据也没有），无法评估提高百分点目标")
		}
		r.baseline = base
		r.level, r.met = *base+t.Value, *base+t.Value
	default:
		return na("目标比较方式“%s”无效", t.Comparator)
	}
	switch ind.Kind {
	case domain.Flow, domain.Stock, domain.TierCount:
		if r.level == 0 && t.Comparator == domain.AtMost {
			return r, nil // 零发生: judged as met while nothing occurs
		}
		if r.level <= 0 {
			if r.level == 0 {
				return na("目标值为0，无法计算完成率")
			}
			return na("目标值为负数，无法计算完成率")
		}
	case domain.Milestone:
		if t.Value < 1 {
			return na("节点目标缺少目标阶段")
		}
	}
	return r, nil
}

// verdict turns a shortfall (how far, in 百分点, the value is on the wrong
// side of where it should be; ≤ 0 means fine) into a status.
func verdict(shortfall, tol float64, lower bool, good Status) Status {
	switch {
	case shortfall <= eps:
		return good
	case shortfall <= tol+eps:
		if lower {
			return StatusSlightlyOver
		}
		return StatusSlightlyBehind
	case lower:
		return StatusTooFast
	}
	return StatusBehind
}

func metBy(x, threshold float64, lower bool) bool {
	tol := eps * math.Max(1, math.Abs(threshold))
	if lower {
		return x <= threshold+tol
	}
	return x >= threshold-tol
}

func (a *Assessment) bands(x float64, r resolved) {
	if r.band == nil {
		return
	}
	a.AboveHigh = !a.LowerIsBetter && x > r.band[1]+eps
	a.BelowLow = a.LowerIsBetter && x < r.band[0]-eps
}

func (a *Assessment) judgeFlow(ytd float64, r resolved, t *domain.Target, last *Series, cfg Config) {
	m, lower := a.Month, a.LowerIsBetter
	tp := a.timeProgress(t, m, last, cfg)
	completion := ytd / r.level
	a.CompletionPct = ptr(completion * 100)
	gap := (completion - tp) * 100
	a.GapPP = ptr(gap)
	a.ExpectedValue = ptr(r.level * tp)
	a.bands(ytd, r)
	met := r.reached(ytd, lower)
	// Pace for the rest of the year: what is still to achieve, or for a
	// ceiling what may still be used; pointless once met or breached.
	if m < 12 && met == lower {
		a.RemainingMonths = 12 - m
		a.RequiredMonthly = ptr((r.level - ytd) / float64(a.RemainingMonths))
		if avg := ytd / float64(m); avg > 0 {
			a.RequiredRatio = ptr(*a.RequiredMonthly / avg)
		}
	}
	switch {
	case !lower && met:
		a.set(StatusMet)
		a.MetEarly = m < 12
	case !lower && m == 12:
		a.set(StatusMissed)
	case lower && !met:
		a.set(StatusOver)
	case lower && m == 12:
		a.set(StatusMet)
	case lower:
		a.set(verdict(gap, cfg.FlowTolerancePP, true, StatusOnTrack))
	default:
		a.set(verdict(-gap, cfg.FlowTolerancePP, false, StatusAhead))
	}
}

func (a *Assessment) judgeRate(x float64, r resolved, cfg Config) {
	lower := a.LowerIsBetter
	a.VsTargetPP = ptr(x - r.level)
	a.bands(x, r)
	if r.reached(x, lower) {
		a.set(StatusMet)
		return
	}
	short := r.met - x
	if lower {
		short = x - r.met
	}
	s := verdict(short, cfg.RateTolerancePP, lower, StatusMet)
	if s == StatusTooFast {
		s = StatusOver // a rate above its ceiling is over it, not "too fast"
	}
	if a.Month == 12 {
		s = StatusMissed
		if lower {
			s = StatusOver
		}
	}
	a.set(s)
}

func (a *Assessment) judgeLevel(x float64, r resolved, t *domain.Target, last *Series, cfg Config) {
	lower := a.LowerIsBetter
	asOf := max(a.Month, a.DataMonth)
	a.CompletionPct = ptr(x / r.level * 100)
	a.Deviation = ptr(x - r.level)
	a.bands(x, r)
	hasPath := r.baseline != nil && r.level != *r.baseline
	if hasPath {
		b := *r.baseline
		tp := a.timeProgress(t, a.Month, last, cfg)
		a.ExpectedValue = ptr(b + (r.level-b)*tp)
		path := (x - b) / (r.level - b)
		a.PathProgressPct = ptr(path * 100)
		a.GapPP = ptr((path - tp) * 100)
	}
	switch {
	case r.reached(x, lower):
		a.set(StatusMet)
		a.MetEarly = asOf < 12
	case asOf == 12 && lower:
		a.set(StatusOver)
	case asOf == 12:
		a.set(StatusMissed)
	case hasPath:
		// Along a path the sense is built in: progress is progress.
		a.set(verdict(-*a.GapPP, cfg.FlowTolerancePP, false, StatusAhead))
	default:
		a.set(StatusNotYetMet)
	}
}

func (a *Assessment) judgeMilestone(ind domain.Indicator, x float64, t *domain.Target) {
	stage := int(math.Floor(x + eps))
	want := int(math.Floor(t.Value + eps))
	a.StageReached, a.StageTarget = stage, want
	if stage >= 1 && stage <= len(ind.Stages) {
		a.StageName = ind.Stages[stage-1]
	}
	if want >= 1 && want <= len(ind.Stages) {
		a.TargetStageName = ind.Stages[want-1]
	}
	due := t.DueMonth
	if due < 1 || due > 12 {
		due = 12
	}
	a.DueMonth = due
	asOf := max(a.Month, a.DataMonth)
	switch {
	case stage >= want:
		a.set(StatusMet)
		a.MetEarly = asOf < due
	case asOf >= due && asOf == 12:
		a.set(StatusMissed)
	case asOf >= due:
		a.set(StatusBehind)
	default:
		a.set(StatusInProgress)
	}
}
