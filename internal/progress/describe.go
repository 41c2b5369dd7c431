package progress

import (
	"fmt"
	"math"
	"strings"

	"industrydash/internal/domain"
)

// Describe words an assessment as one sentence of a briefing, without the
// indicator's name (the caller leads with it): e.g. "1—10月累计456.3亿元，
// 同比增长12.3%，完成年度目标的45.6%，慢序时进度37.7个百分点；剩余2个月需月均
// 完成271.9亿元，为前10个月月均的5.96倍。" ind supplies the stage names and
// tells growth rates from other rates. Every figure follows the printed-figure
// rule (format.go), and no clause contradicts the status: the required pace
// is given only when behind, a year that is complete reads 全年完成, an old
// rate reads 数据未更新.
func Describe(ind domain.Indicator, a Assessment) string {
	if projectKind(a.Kind) && a.Value == nil && a.Reason != "" {
		return a.Reason + "。"
	}
	if a.Status == StatusNoData || a.Value == nil {
		if a.Status == StatusNotAssessable || a.Status == StatusAnnual {
			return a.Reason + "。"
		}
		return "暂无数据。"
	}
	var out string
	switch a.Kind {
	case domain.Flow:
		out = describeFlow(a)
	case domain.Rate:
		out = describeRate(ind, a)
	case domain.Stock, domain.TierCount:
		out = describeLevel(a)
	case domain.Milestone:
		out = describeMilestone(a)
	case domain.ProjectCount:
		out = describeProjectCount(a)
	case domain.ProjectCapacity:
		out = describeProjectCapacity(ind, a)
	}
	if a.Status == StatusNotAssessable && a.Comparator != "" { // a fact without a target needs no excuse
		out += "；" + a.Reason
	}
	return out + "。"
}

// behind reports whether the status calls for the pace still needed.
func behind(s Status) bool {
	switch s {
	case StatusSlightlyBehind, StatusBehind, StatusSlightlyOver, StatusTooFast:
		return true
	}
	return false
}

// yoyClause words a 同比, marking a computed one 推算.
func yoyClause(pct float64, estimated bool) string {
	s := PhraseYoY(pct)
	if estimated {
		s += "（推算）"
	}
	return s
}

// completionText prints a completion percentage; one short of 100 never
// prints as 100% (99.96%).
func completionText(pct float64, met bool) string {
	return formatAt(pct, completionDigits(pct, met)) + "%"
}

func completionDigits(pct float64, met bool) int {
	if met {
		return 1
	}
	return shortDigits(pct, 100, false)
}

// shortfallText prints how much v is short of t in unit, at the decimals it
// takes to show a nonzero amount.
func shortfallText(v, t float64, unit string) string {
	d := shortDigits(v, t, false)
	return formatAt(PrintedDiff(t, v, d), d) + unit
}

func describeFlow(a Assessment) string {
	v, lower := *a.Value, a.LowerIsBetter
	yearEnd := a.Month == 12
	var parts []string
	switch {
	case yearEnd && !lower && !a.ZeroCeiling:
		parts = append(parts, "全年完成"+FormatValue(v, a.Unit))
	case yearEnd:
		parts = append(parts, "全年累计"+FormatValue(v, a.Unit))
	default:
		parts = append(parts, domain.YTD(a.Year, a.Month).ShortLabel()+"累计"+FormatValue(v, a.Unit))
	}
	if a.YoYPct != nil {
		parts = append(parts, yoyClause(*a.YoYPct, a.YoYEstimated))
	}
	parts = append(parts, completionParts(a)...)
	out := strings.Join(parts, "，")
	if a.RequiredMonthly != nil && behind(a.Status) {
		ratio := 0.0
		if a.RequiredRatio != nil {
			ratio = *a.RequiredRatio
		}
		out += "；" + PhraseRequiredPace(a.RemainingMonths, a.Month, *a.RequiredMonthly, ratio, a.Unit, lower)
	}
	return out
}

// CompletionClause words a flow's completion against its target as the
// sentence does: "完成年度目标的45.2%，超序时进度3.5个百分点" during the year,
// "完成年度目标的84.4%，差934.7亿元，未完成年度目标" once the year is complete,
// "实现零发生目标" for a zero ceiling. "" when there is no target.
func CompletionClause(a Assessment) string {
	if a.Value == nil {
		return ""
	}
	return strings.Join(completionParts(a), "，")
}

func completionParts(a Assessment) []string {
	v, lower := *a.Value, a.LowerIsBetter
	yearEnd := a.Month == 12
	var parts []string
	switch {
	case a.ZeroCeiling:
		parts = append(parts, zeroClause(a))
	case a.CompletionPct == nil || a.Target == nil:
	case yearEnd && !lower:
		parts = append(parts, "完成年度目标的"+completionText(*a.CompletionPct, a.Status == StatusMet))
		if a.Status == StatusMet {
			if over := PrintedDiff(v, *a.Target, 1); over > 0 {
				parts = append(parts, "超额完成"+FormatValue(over, a.Unit))
			}
		} else {
			parts = append(parts, "差"+shortfallText(v, *a.Target, a.Unit), "未完成年度目标")
		}
	case yearEnd:
		parts = append(parts, "占年度控制目标的"+FormatPct(*a.CompletionPct))
		if a.Status == StatusOver {
			d := shortDigits(v, *a.Target, true)
			parts = append(parts, "超出年度控制目标"+formatAt(PrintedDiff(v, *a.Target, d), d)+a.Unit)
		} else {
			parts = append(parts, "控制在年度目标以内")
		}
	case a.Status == StatusMet:
		s := "完成年度目标的" + FormatPct(*a.CompletionPct)
		if a.MetEarly {
			s += "，已提前完成全年目标"
		}
		parts = append(parts, s)
	case lower && a.Status == StatusOver:
		parts = append(parts, "占年度控制目标的"+FormatPct(*a.CompletionPct), "已超出年度控制目标")
	case lower:
		d := 1
		if a.TimeProgressPct != nil {
			d = shortDigits(*a.CompletionPct, *a.TimeProgressPct, true)
		}
		parts = append(parts, "占年度控制目标的"+formatAt(*a.CompletionPct, d)+"%")
		if a.GapPP != nil && a.TimeProgressPct != nil {
			parts = append(parts, gapTextOn(a.Basis, *a.CompletionPct, *a.TimeProgressPct, true))
		}
	default:
		d := completionDigits(*a.CompletionPct, false)
		if a.TimeProgressPct != nil {
			d = max(d, shortDigits(*a.CompletionPct, *a.TimeProgressPct, false))
		}
		s := "完成年度目标的" + formatAt(*a.CompletionPct, d) + "%"
		if Round1(*a.CompletionPct) >= 100 {
			s += "，差" + shortfallText(v, *a.Target, a.Unit)
		}
		parts = append(parts, s)
		if a.GapPP != nil && a.TimeProgressPct != nil {
			parts = append(parts, gapTextOn(a.Basis, *a.CompletionPct, *a.TimeProgressPct, false))
		}
	}
	return parts
}

// zeroClause words a zero ceiling (零发生).
func zeroClause(a Assessment) string {
	if a.Status == StatusMet {
		return "实现零发生目标"
	}
	return "未实现零发生目标"
}

// gapText words completion (or path progress) against time progress as
// printed: the difference of the two printed figures, with more decimals
// when one short of time progress would otherwise print as level with it.
func gapText(progressPct, timePct float64, lower bool) string {
	return gapTextOn(BasisMonths, progressPct, timePct, lower)
}

// gapTextOn is gapText against the basis used: a target with its own
// phasing plan (分月/分季计划) is measured against 计划进度, not 序时进度.
func gapTextOn(basis Basis, progressPct, timePct float64, lower bool) string {
	noun := "序时进度"
	if basis == BasisPlan {
		noun = "计划进度"
	}
	d := shortDigits(progressPct, timePct, lower)
	gap := PrintedDiff(progressPct, timePct, d)
	switch {
	case gap == 0:
		return "与" + noun + "持平"
	case lower && gap > 0:
		return "高于" + noun + formatAt(gap, d) + "个百分点"
	case lower:
		return "低于" + noun + formatAt(-gap, d) + "个百分点"
	case gap > 0:
		return "超" + noun + formatAt(gap, d) + "个百分点"
	}
	return "慢" + noun + formatAt(-gap, d) + "个百分点"
}

// PrintedGap returns the gap to time progress as the sentence prints it
// (45.2% − 41.7% → 3.5), nil when there is none. The API reports this
// figure beside the sentence so the two always agree.
func (a Assessment) PrintedGap() *float64 {
	if a.GapPP == nil || a.TimeProgressPct == nil {
		return nil
	}
	p := a.CompletionPct
	if a.PathProgressPct != nil {
		p = a.PathProgressPct
	}
	if p == nil {
		return nil
	}
	lower := a.LowerIsBetter && a.Kind == domain.Flow
	d := shortDigits(*p, *a.TimeProgressPct, lower)
	return ptr(PrintedDiff(*p, *a.TimeProgressPct, d))
}

// GapClause is the clause that says how far the figure stands from where it
// should be: "超序时进度3.5个百分点" for amounts, "高于目标0.1个百分点" (or its
// 降幅/delta form) for rates, the remaining shortfall for levels. Briefing
// tables print it beside the figure.
func GapClause(ind domain.Indicator, a Assessment) string {
	switch {
	case a.Value == nil:
		return ""
	case a.ZeroCeiling:
		return zeroClause(a)
	case a.Kind == domain.Rate && a.Target != nil:
		_, vs := rateClauses(ind, a)
		return vs
	case a.Kind == domain.Flow && a.Month == 12 && a.Target != nil && a.CompletionPct != nil:
		if a.Status == StatusMet {
			return "完成年度目标"
		}
		if a.LowerIsBetter {
			return "超出年度控制目标"
		}
		return "差" + shortfallText(*a.Value, *a.Target, a.Unit)
	case a.GapPP != nil && a.TimeProgressPct != nil:
		p := a.CompletionPct
		if a.PathProgressPct != nil {
			p = a.PathProgressPct
		}
		if p != nil {
			return gapTextOn(a.Basis, *p, *a.TimeProgressPct, a.LowerIsBetter && a.Kind == domain.Flow)
		}
	case a.Kind == domain.ProjectCount && a.Status == StatusMissed && a.Target != nil:
		return "差" + FormatValue(*a.Target-*a.Value, a.Unit) // whole projects
	case a.Kind == domain.ProjectCapacity && a.Status == StatusMissed && a.Target != nil:
		return "差" + shortfallText(*a.Value, *a.Target, a.Unit)
	case projectKind(a.Kind) && a.Status != StatusMet && a.ExpectedValue != nil:
		return projectPlanClause(a)
	case a.Kind == domain.Milestone:
		if a.TargetStageName != "" && a.StageReached < a.StageTarget {
			return fmt.Sprintf("目标为%d月底前达到“%s”", a.DueMonth, a.TargetStageName)
		}
	case a.Deviation != nil && *a.Deviation < 0 && !a.LowerIsBetter && a.Target != nil:
		return "距目标还差" + shortfallText(*a.Value, *a.Target, a.Unit)
	case a.Deviation != nil && *a.Deviation > 0 && a.LowerIsBetter:
		return "超出目标" + FormatValue(*a.Deviation, a.Unit)
	}
	return a.StatusLabel
}

// rateLabel is the period a rate is for: "1—7月" (累计), "7月当月", "全年".
func rateLabel(a Assessment) string {
	switch {
	case a.ValueType == domain.ValuePeriod:
		return fmt.Sprintf("%d月当月", a.Month)
	case a.Month == 12:
		return "全年"
	}
	return domain.YTD(a.Year, a.Month).ShortLabel()
}

func describeRate(ind domain.Indicator, a Assessment) string {
	label := rateLabel(a)
	head, vs := rateClauses(ind, a)
	if isGrowth(ind.Name) && !declineName(ind.Name) && a.Comparator != domain.DeltaPP {
		// A growth rate is a 同比 and is published as one: "1—11月同比增长14.8%".
		head = "同比" + head
	}
	s := label + head
	if a.Status == StatusStale {
		s = "数据未更新（最新为" + label + "数据），" + s
	}
	if vs != "" {
		s += "，" + vs
	}
	return s
}

// declineName reports whether a rate indicator's values are declines
// (单位工业增加值能耗下降率: 3.5 means down 3.5%).
func declineName(name string) bool {
	return strings.Contains(name, "下降") || strings.Contains(name, "降低") || strings.Contains(name, "降幅")
}

// rateClauses returns a rate's head ("增长15.1%，高于全国、全区9.2、7.4个百分点",
// "为35.2%", "下降3.5%") and its comparison with the target ("高于目标0.1个
// 百分点", "降幅超目标0.5个百分点", "较上年提高2.5个百分点，超目标0.5个百分点").
func rateClauses(ind domain.Indicator, a Assessment) (head, vs string) {
	head, vs, band := rateParts(ind, a)
	if band != "" {
		vs += "，" + band
	}
	return head, vs
}

// RateTargetParts are a rate's comparison with its target and, for a
// 左右 target met inside its tolerance but not on it, the band remark
// ("在目标范围内"), for a surface that sets them on separate lines (the
// 大屏's cards); sentences join them ("高于目标0.7个百分点，在目标范围内").
func RateTargetParts(ind domain.Indicator, a Assessment) (vs, band string) {
	if a.Value == nil || a.Kind != domain.Rate || a.Target == nil {
		return GapClause(ind, a), ""
	}
	_, vs, band = rateParts(ind, a)
	return vs, band
}

// rateParts builds a rate's clauses: its figure (with the benchmarks), the
// comparison with the target, and the band remark of a 左右 target.
func rateParts(ind domain.Indicator, a Assessment) (head, vs, band string) {
	x := *a.Value
	growth := isGrowth(ind.Name)
	met := a.Status == StatusMet || (a.Status == StatusStale && a.Target != nil && metBy(x, *a.Target, a.LowerIsBetter))
	if a.Target == nil {
		head = rateHead(x, growth || declineName(ind.Name), 1)
		if declineName(ind.Name) {
			head = declineHead(x, 1)
		}
		return head + benchClause(x, a.Benchmarks, 1), "", ""
	}
	t := *a.Target
	d := 1
	if !met {
		d = shortDigits(x, t, a.LowerIsBetter)
	}
	switch {
	case a.Comparator == domain.DeltaPP && a.Baseline != nil:
		head = rateHead(x, false, d)
		change := PrintedDiff(x, *a.Baseline, d)
		switch {
		case change > 0:
			vs = "较上年提高" + formatAt(change, d) + "个百分点"
		case change < 0:
			vs = "较上年下降" + formatAt(-change, d) + "个百分点"
		default:
			vs = "与上年持平"
		}
		diff := PrintedDiff(x, t, d)
		switch {
		case diff == 0:
			vs += "，达到目标"
		case met:
			vs += "，超目标" + formatTargetGap(math.Abs(diff), d) + "个百分点"
		case diff < 0:
			vs += "，低于目标" + formatTargetGap(-diff, d) + "个百分点"
		default:
			vs += "，高于目标" + formatTargetGap(diff, d) + "个百分点"
		}
		return head + benchClause(x, a.Benchmarks, d), vs, ""
	case declineName(ind.Name) && !a.LowerIsBetter:
		// Values are declines and the target a decline to reach.
		return declineHead(x, d) + benchClause(x, a.Benchmarks, d), declineVs(x, t, met, d), ""
	case growth && a.LowerIsBetter && t < 0:
		// A growth rate held to a fall: 下降3%以上 is ≤ −3.
		return rateHead(x, true, d) + benchClause(x, a.Benchmarks, d), declineVs(-x, -t, met, d), ""
	}
	head = rateHead(x, growth, d) + benchClause(x, a.Benchmarks, d)
	switch {
	case a.Comparator == domain.Approx && a.Tolerance != nil:
		// 左右: the tolerance decides the colour only; the sentence measures
		// from the target as written (1.0 against 5%左右 → 低于目标4个百分点),
		// as the city's own reports do, and says so when inside the band.
		vs = vsTarget(x, t, d)
		if lo, hi := t-*a.Tolerance, t+*a.Tolerance; x >= lo-eps && x <= hi+eps && PrintedDiff(x, t, d) != 0 {
			band = "在目标范围内"
		}
	case a.Comparator == domain.Range && a.TargetHigh != nil:
		lo, hi := t, *a.TargetHigh
		if a.LowerIsBetter {
			lo = *a.Target - (hi - lo) // level is the high bound when lower is better
			lo, hi = math.Min(lo, hi), math.Max(lo, hi)
		}
		switch {
		case x < lo-eps:
			vs = "低于目标区间下限" + formatTargetGap(PrintedDiff(lo, x, d), d) + "个百分点"
		case x > hi+eps:
			vs = "高于目标区间上限" + formatTargetGap(PrintedDiff(x, hi, d), d) + "个百分点"
		default:
			vs = "处于目标区间内"
		}
	default:
		vs = vsTarget(x, t, d)
	}
	return head, vs, band
}

// declineHead words a decline figure: 下降3.5%, 上升1% (a negative decline), 持平.
func declineHead(x float64, d int) string {
	r := roundTo(x, d)
	switch {
	case r > 0:
		return "下降" + formatAt(x, d) + "%"
	case r < 0:
		return "上升" + formatAt(-x, d) + "%"
	}
	return "持平"
}

// declineVs compares a decline fall (positive = down) with the decline the
// target asks for, by 降幅.
func declineVs(fall, want float64, met bool, d int) string {
	diff := PrintedDiff(fall, want, d)
	switch {
	case met && diff > 0:
		return "降幅超目标" + formatTargetGap(diff, d) + "个百分点"
	case met:
		return "降幅达到目标"
	case roundTo(fall, d) > 0:
		return "降幅低于目标" + formatTargetGap(-diff, d) + "个百分点"
	}
	return "未实现下降" + FormatTargetValue(want, "%") + "的目标"
}

// benchClause compares x with the benchmark units' figures, as printed:
// "，高于全国、全区9.2、7.4个百分点"; mixed directions read separately
// ("，高于全国0.6个百分点，低于全区0.3个百分点"); an equal one 与全国持平.
func benchClause(x float64, bs []Benchmark, d int) string {
	if len(bs) == 0 {
		return ""
	}
	type group struct {
		word         string
		names, diffs []string
	}
	groups := []*group{{word: "高于"}, {word: "低于"}, {word: "与"}}
	for _, b := range bs {
		diff := PrintedDiff(x, b.Value, d)
		g := groups[2]
		switch {
		case diff > 0:
			g = groups[0]
		case diff < 0:
			g = groups[1]
		}
		g.names = append(g.names, b.Name)
		g.diffs = append(g.diffs, formatAt(math.Abs(diff), d))
	}
	var out strings.Builder
	for _, g := range groups {
		if len(g.names) == 0 {
			continue
		}
		out.WriteString("，" + g.word + strings.Join(g.names, "、"))
		if g.word == "与" {
			out.WriteString("持平")
		} else {
			out.WriteString(strings.Join(g.diffs, "、") + "个百分点")
		}
	}
	return out.String()
}

func describeLevel(a Assessment) string {
	v := *a.Value
	parts := []string{fmt.Sprintf("截至%d月末为%s", a.Month, FormatValue(v, a.Unit))}
	if a.Kind == domain.TierCount {
		parts[0] = tierClause(a, v)
	}
	if a.YoYPct != nil {
		parts = append(parts, yoyClause(*a.YoYPct, a.YoYEstimated))
	}
	switch {
	case a.ZeroCeiling:
		parts = append(parts, zeroClause(a))
	case a.CompletionPct != nil:
		parts = append(parts, "为目标的"+completionText(*a.CompletionPct, a.Status == StatusMet || a.LowerIsBetter))
		switch {
		case a.Status == StatusMet:
			parts = append(parts, "已达到目标")
		case a.Comparator == domain.MoreThan && a.Target != nil && v >= *a.Target:
			parts = append(parts, "尚未超过目标（须超过"+FormatTargetValue(*a.Target, a.Unit)+"）")
		case a.GapPP != nil && a.PathProgressPct != nil && a.TimeProgressPct != nil:
			parts = append(parts, "完成计划增量的"+FormatPct(*a.PathProgressPct)+"，"+gapTextOn(a.Basis, *a.PathProgressPct, *a.TimeProgressPct, false))
		case a.Kind == domain.Stock && a.Baseline == nil && a.Month < 12:
			// Without the start level there is no path to judge progress on.
			parts = append(parts, fmt.Sprintf("缺基数（%d年末数），无法按序时进度判断", a.Year-1))
		}
	}
	return strings.Join(parts, "，")
}

// tierClause opens a tier count's sentence. A count over flows is of units
// on course, judged on run-rate projections of their year-to-date values,
// and says so before December (按1—5月累计推算全年为4个); a count over levels
// is counted as it stands (截至5月末为4个). A new-entrant count names the
// units (新增1个：九原工业园区).
func tierClause(a Assessment, v float64) string {
	var head string
	switch {
	case a.Projected && a.Month < 12:
		head = fmt.Sprintf("按%s累计推算全年", domain.YTD(a.Year, a.Month).ShortLabel())
	case a.Projected:
		head = "全年"
	default:
		head = fmt.Sprintf("截至%d月末", a.Month)
	}
	s := head + "为" + FormatValue(v, a.Unit)
	if a.TierNew {
		s = head + "新增" + FormatValue(v, a.Unit)
		if len(a.Entrants) > 0 {
			s += "：" + strings.Join(a.Entrants, "、")
		}
	}
	if a.Projected && a.Month <= 2 {
		s += "（仅" + fmt.Sprint(a.Month) + "个月数据，推算仅供参考）"
	}
	return s
}

func describeMilestone(a Assessment) string {
	s := fmt.Sprintf("截至%d月末处于“%s”阶段", a.Month, a.StageName)
	if a.StageName == "" {
		s = fmt.Sprintf("截至%d月末处于第%d阶段", a.Month, a.StageReached)
	}
	parts := []string{s}
	if a.TargetStageName != "" {
		parts = append(parts, fmt.Sprintf("目标为%d月底前达到“%s”", a.DueMonth, a.TargetStageName))
	}
	if a.Status == StatusBehind || a.Status == StatusMissed {
		parts = append(parts, "已逾期")
	}
	return strings.Join(parts, "，")
}

// PhraseHeadline is the briefing's opening sentence on a growth rate, with
// its subject: "1—7月，全市规上工业增加值同比增长15.1%，高于全国、全区9.2、7.4
// 个百分点，高于目标0.1个百分点。" viewMonth is the briefing's month: a figure
// older than it says the newer one is not yet published.
func PhraseHeadline(ind domain.Indicator, a Assessment, subject string, viewMonth int) string {
	label := rateLabel(a)
	if a.Value == nil {
		return fmt.Sprintf("%d月，%s暂无数据，本简报不作推算。", viewMonth, subject)
	}
	head, vs := rateClauses(ind, a)
	s := label + "，" + subject + "同比" + head
	if a.Target == nil {
		s += "（未设定年度目标）"
	} else if vs != "" {
		s += "，" + vs
	}
	if a.Month < viewMonth {
		s += fmt.Sprintf("（%d月数据尚未发布）", viewMonth)
	}
	return s + "。"
}

// PrintedCompletion is the completion percentage as the sentence prints it
// (45.2; 99.96 for a flow just short of its target), nil when there is none.
func (a Assessment) PrintedCompletion() *float64 {
	if a.CompletionPct == nil {
		return nil
	}
	c := *a.CompletionPct
	d := completionDigits(c, a.Status == StatusMet || a.LowerIsBetter)
	if a.Kind == domain.Flow && a.TimeProgressPct != nil && a.Month < 12 {
		d = max(d, shortDigits(c, *a.TimeProgressPct, a.LowerIsBetter))
	}
	return ptr(roundTo(c, d))
}

// TargetText words a target the way the plan does: "15%以上", "力争6000亿元",
// "30%左右", "1—2个", "较上年提高2个百分点", "零发生", "9月底前建成投产".
// 力争 is the plan's own word and is not rendered with 以上 unless the plan
// says so too.
func TargetText(ind domain.Indicator, t domain.Target) string {
	v := FormatTargetValue(t.Value, ind.Unit)
	var s string
	switch {
	case ind.Kind == domain.Milestone:
		n := int(t.Value)
		if n >= 1 && n <= len(ind.Stages) {
			s = ind.Stages[n-1]
		} else {
			s = fmt.Sprintf("第%d阶段", n)
		}
		if t.DueMonth > 0 && t.DueMonth < 12 {
			s = fmt.Sprintf("%d月底前%s", t.DueMonth, s)
		}
	case t.Comparator == domain.AtMost && t.Value == 0:
		s = "零发生"
	case t.Comparator == domain.AtLeast && t.Aspiration && !strings.Contains(t.SourceQuote, "以上"):
		s = v
	case t.Comparator == domain.AtLeast:
		s = v + "以上"
	case t.Comparator == domain.MoreThan:
		s = "超过" + v
	case t.Comparator == domain.AtMost:
		s = v + "以内"
	case t.Comparator == domain.Approx:
		s = v + "左右"
	case t.Comparator == domain.Range && t.ValueHigh != nil:
		s = formatTrimmed(t.Value, 1) + "—" + FormatTargetValue(*t.ValueHigh, ind.Unit)
	case t.Comparator == domain.DeltaPP && t.Value < 0:
		s = "较上年降低" + FormatTargetValue(-t.Value, "个百分点")
	case t.Comparator == domain.DeltaPP:
		s = "较上年提高" + FormatTargetValue(t.Value, "个百分点")
	default:
		s = v
	}
	if t.Aspiration && ind.Kind != domain.Milestone {
		s = "力争" + s
	}
	return s
}

// TargetUnit is the unit a target's value is in: 百分点 for a change
// (delta_pp), the indicator's unit otherwise.
func TargetUnit(ind domain.Indicator, t domain.Target) string {
	if t.Comparator == domain.DeltaPP {
		return "百分点"
	}
	return ind.Unit
}

// YoYText prints an assessment's 同比 for a table cell: "15.1%" as
// published, "13.2%（推算）" when computed because none was published; "" when
// there is none.
func YoYText(a Assessment) string {
	if a.YoYPct == nil {
		return ""
	}
	s := FormatPct(*a.YoYPct)
	if a.YoYEstimated {
		s += "（推算）"
	}
	return s
}

// CompletionText prints the completion percentage as the sentence does
// ("45.2%", "99.96%" for a flow just short of its target); "" without one.
func (a Assessment) CompletionText() string {
	p := a.PrintedCompletion()
	if p == nil {
		return ""
	}
	return FormatPrinted(*p) + "%"
}

// ValueText prints the assessed figure with its unit as the sentence does:
// a rate just short of its target keeps the decimals that show it (14.96%,
// never 15% beside 低于目标0.04个百分点); other figures to 0.1.
func (a Assessment) ValueText() string {
	if a.Value == nil {
		return ""
	}
	if a.Kind == domain.Milestone {
		// A stage prints by its name, never as "3.0阶段".
		if a.StageName != "" {
			return a.StageName
		}
		return fmt.Sprintf("第%d阶段", a.StageReached)
	}
	if a.Kind == domain.Rate && a.Target != nil && a.Status != StatusMet {
		if a.Status == StatusStale && metBy(*a.Value, *a.Target, a.LowerIsBetter) {
			return FormatValue(*a.Value, a.Unit)
		}
		d := shortDigits(*a.Value, *a.Target, a.LowerIsBetter)
		return formatAt(*a.Value, d) + a.Unit
	}
	return FormatValue(*a.Value, a.Unit)
}

func projectKind(k domain.MeasureKind) bool {
	return k == domain.ProjectCount || k == domain.ProjectCapacity
}

// describeProjectCount words a project list judged by stage: "截至5月末，16个
// 先进金属材料产业重点项目已开工12个，开工率75.0%，按计划应开工14个，滞后2个".
// Without planned months it says so and leaves the verdict to the year's end.
func describeProjectCount(a Assessment) string {
	v, t := *a.Value, 0.0
	if a.Target != nil {
		t = *a.Target
	}
	verb := PhraseStageVerb(a.RequiredStage)
	met := a.Status == StatusMet
	head := fmt.Sprintf("截至%d月末，", a.Month)
	if a.Month == 12 {
		head = "全年"
	}
	parts := []string{head + FormatTargetValue(t, "个") + a.ProjectNoun + "已" + verb + FormatValue(v, "个"),
		PhraseStageRate(a.RequiredStage) + completionText(*a.CompletionPct, met)}
	switch {
	case met && a.Comparator == domain.MoreThan:
		parts = append(parts, "已超过目标")
	case met:
		parts = append(parts, "已完成目标")
	case a.Status == StatusMissed:
		parts = append(parts, "差"+FormatValue(t-v, "个")+"，未完成年度目标")
	case a.ExpectedValue != nil:
		parts = append(parts, projectPlanClause(a))
	default:
		parts = append(parts, "项目清册未填计划月份，无法按计划进度判断，年末按目标考核")
	}
	return strings.Join(parts, "，") + projectNotes(a)
}

// describeProjectCapacity words the capacity a list's projects create:
// "截至5月末，已建成节能改造项目9个，形成年节能能力7.2万吨标煤，完成目标的
// 36.0%，按计划应形成9.5万吨标煤". Never pro-rated by month.
func describeProjectCapacity(ind domain.Indicator, a Assessment) string {
	v := *a.Value
	met := a.Status == StatusMet
	head := fmt.Sprintf("截至%d月末，", a.Month)
	if a.Month == 12 {
		head = "全年"
	}
	verb := PhraseStageVerb(a.RequiredStage)
	if a.RequiredStage == "建成投产" {
		verb = "建成" // 已建成节能改造项目9个
	}
	parts := []string{head + fmt.Sprintf("已%s%s%d个", verb, a.ProjectNoun, a.ProjectsReached),
		"形成" + capacityNoun(ind.Name) + FormatValue(v, a.Unit),
		"完成目标的" + completionText(*a.CompletionPct, met)}
	switch {
	case met:
		parts = append(parts, "已完成目标")
	case a.Status == StatusMissed && a.Target != nil:
		parts = append(parts, "差"+shortfallText(v, *a.Target, a.Unit)+"，未完成年度目标")
	case a.ExpectedValue != nil:
		parts = append(parts, projectPlanClause(a))
	default:
		parts = append(parts, "项目清册未填计划建成月份，无法按计划进度判断，年末按目标考核")
	}
	out := strings.Join(parts, "，")
	if a.ProjectsNoCapacity > 0 {
		out += fmt.Sprintf("（%d个已建成项目未填设计能力，未计入）", a.ProjectsNoCapacity)
	}
	return out + projectNotes(a)
}

// capacityNoun names what a capacity indicator measures as formed: 年节能量
// → 年节能能力.
func capacityNoun(name string) string {
	return strings.TrimSuffix(name, "量") + "能力"
}

// projectPlanClause words a project list against its register's plan:
// "按计划应开工14个，滞后2个" for a count, "按计划应形成9.5万吨标煤" for a
// capacity; "" without planned months.
func projectPlanClause(a Assessment) string {
	if a.ExpectedValue == nil || a.Value == nil {
		return ""
	}
	if a.Kind == domain.ProjectCapacity {
		return "按计划应形成" + FormatValue(*a.ExpectedValue, a.Unit)
	}
	return "按计划应" + PhraseStageVerb(a.RequiredStage) + FormatValue(*a.ExpectedValue, "个") + planVs(*a.Value, *a.ExpectedValue, "个")
}

// planVs words a count against its plan: "，滞后2个", "，超计划1个", "，与计划持平".
func planVs(v, planned float64, unit string) string {
	switch d := PrintedDiff(v, planned, 1); {
	case d < 0:
		return "，滞后" + FormatValue(-d, unit)
	case d > 0:
		return "，超计划" + FormatValue(d, unit)
	}
	return "，与计划持平"
}

// projectNotes adds what the register or the reports leave out.
func projectNotes(a Assessment) string {
	var notes []string
	if a.ExpectedValue != nil && a.ProjectsUnplanned > 0 && a.Status != StatusMet && a.Status != StatusMissed {
		notes = append(notes, fmt.Sprintf("另有%d个项目未填计划月份，未计入计划数", a.ProjectsUnplanned))
	}
	if a.ProjectsUnreported > 0 {
		notes = append(notes, fmt.Sprintf("%d个项目尚未报送进度", a.ProjectsUnreported))
	}
	if len(notes) == 0 {
		return ""
	}
	return "；" + strings.Join(notes, "，")
}
