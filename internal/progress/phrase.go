package progress

import (
	"fmt"
	"math"
	"strings"

	"industrydash/internal/domain"
)

// PhraseGap words a gap to time progress: "超序时进度6.6个百分点",
// "慢序时进度3.5个百分点" or "与序时进度持平" when it rounds to zero. For a
// ceiling (lowerIsBetter) it says 高于/低于 instead, since running ahead of
// time there is no merit.
func PhraseGap(gapPP float64, lowerIsBetter bool) string {
	r := Round1(gapPP)
	switch {
	case r == 0:
		return "与序时进度持平"
	case lowerIsBetter && r > 0:
		return "高于序时进度" + FormatPP(math.Abs(r))
	case lowerIsBetter:
		return "低于序时进度" + FormatPP(math.Abs(r))
	case r > 0:
		return "超序时进度" + FormatPP(r)
	}
	return "慢序时进度" + FormatPP(-r)
}

// PhraseCompletion words completion and its gap:
// "完成年度目标的56.6%，超序时进度6.6个百分点"; for a ceiling
// "占年度控制目标的56.6%，高于序时进度6.6个百分点".
func PhraseCompletion(completionPct, gapPP float64, lowerIsBetter bool) string {
	head := "完成年度目标的"
	if lowerIsBetter {
		head = "占年度控制目标的"
	}
	return head + FormatPct(completionPct) + "，" + PhraseGap(gapPP, lowerIsBetter)
}

// PhraseVsTarget words a rate against its target, both in %: for a growth
// rate "增长13%，高于目标4个百分点" ("下降2.5%，…" when negative); otherwise
// "为35.2%，低于目标1.8个百分点". A difference that rounds to zero is
// "与目标持平".
func PhraseVsTarget(ratePct, targetPct float64, growth bool) string {
	var head string
	r := Round1(ratePct)
	switch {
	case !growth:
		head = "为" + FormatPct(ratePct)
	case r > 0:
		head = "增长" + FormatPct(ratePct)
	case r < 0:
		head = "下降" + FormatPct(-ratePct)
	default:
		head = "与上年持平"
	}
	d := Round1(ratePct - targetPct)
	switch {
	case d > 0:
		return head + "，高于目标" + FormatPP(d)
	case d < 0:
		return head + "，低于目标" + FormatPP(-d)
	}
	return head + "，与目标持平"
}

// PhraseYoY words a 同比 growth: "同比增长12.3%", "同比下降3.1%", "同比持平".
func PhraseYoY(pct float64) string {
	r := Round1(pct)
	switch {
	case r > 0:
		return "同比增长" + FormatPct(r)
	case r < 0:
		return "同比下降" + FormatPct(-r)
	}
	return "同比持平"
}

// PhraseRequiredPace words the pace still needed:
// "剩余2个月需月均完成35.5亿元，为前10个月月均的1.25倍"; for a ceiling
// "剩余2个月月均需控制在3.2万吨标煤以内，为前10个月月均的0.8倍". ratio ≤ 0
// (no average to compare with) leaves out the second clause.
func PhraseRequiredPace(remaining, elapsed int, requiredMonthly, ratio float64, unit string, lowerIsBetter bool) string {
	var b strings.Builder
	if lowerIsBetter {
		fmt.Fprintf(&b, "剩余%d个月月均需控制在%s以内", remaining, FormatValue(requiredMonthly, unit))
	} else {
		fmt.Fprintf(&b, "剩余%d个月需月均完成%s", remaining, FormatValue(requiredMonthly, unit))
	}
	if ratio > 0 {
		if elapsed == 1 {
			fmt.Fprintf(&b, "，为1月的%s", FormatRatio(ratio))
		} else {
			fmt.Fprintf(&b, "，为前%d个月月均的%s", elapsed, FormatRatio(ratio))
		}
	}
	return b.String()
}

// PhraseProjection words a full-year projection: "预计全年完成1020.5亿元".
func PhraseProjection(v float64, unit string) string {
	return "预计全年完成" + FormatValue(v, unit)
}

// isGrowth reports whether a rate indicator is a growth rate (增速, 增长),
// which is worded 增长/下降 rather than 为.
func isGrowth(name string) bool {
	return strings.Contains(name, "增速") || strings.Contains(name, "增长") || strings.Contains(name, "增幅")
}

// Describe words an assessment as one sentence of a briefing, without the
// indicator's name (the caller leads with it): e.g. "1—10月累计456.3亿元，
// 同比增长12.3%，完成年度目标的45.6%，慢序时进度37.7个百分点；剩余2个月需月均
// 完成271.9亿元，为前10个月月均的5.96倍。" ind supplies the stage names and
// tells growth rates from other rates.
func Describe(ind domain.Indicator, a Assessment) string {
	if a.Status == StatusNoData || a.Value == nil {
		if a.Status == StatusNotAssessable {
			return a.Reason + "。"
		}
		return "暂无数据。"
	}
	v := *a.Value
	period := domain.YTD(a.Year, a.Month).ShortLabel()
	var parts []string
	switch a.Kind {
	case domain.Flow:
		parts = append(parts, period+"累计"+FormatValue(v, a.Unit))
		if a.YoYPct != nil {
			parts = append(parts, PhraseYoY(*a.YoYPct))
		}
		if a.CompletionPct != nil && a.GapPP != nil {
			if a.Status == StatusMet {
				head := "完成年度目标的"
				if a.LowerIsBetter {
					head = "占年度控制目标的"
				}
				s := head + FormatPct(*a.CompletionPct)
				if a.MetEarly {
					s += "，已提前完成全年目标"
				}
				parts = append(parts, s)
			} else {
				parts = append(parts, PhraseCompletion(*a.CompletionPct, *a.GapPP, a.LowerIsBetter))
			}
		}
		if a.Status == StatusOver {
			parts = append(parts, "已超出年度控制目标")
		}
	case domain.Rate:
		if a.VsTargetPP != nil && a.Target != nil {
			parts = append(parts, period+PhraseVsTarget(v, *a.Target, isGrowth(ind.Name)))
		} else {
			parts = append(parts, period+"为"+FormatPct(v))
		}
	case domain.Stock, domain.TierCount:
		parts = append(parts, fmt.Sprintf("截至%d月末为%s", a.Month, FormatValue(v, a.Unit)))
		if a.CompletionPct != nil {
			parts = append(parts, "为目标的"+FormatPct(*a.CompletionPct))
		}
		if a.Status == StatusMet {
			parts = append(parts, "已达到目标")
		} else if a.GapPP != nil {
			parts = append(parts, "完成计划增量的"+FormatPct(*a.PathProgressPct)+"，"+PhraseGap(*a.GapPP, false))
		}
	case domain.Milestone:
		s := fmt.Sprintf("截至%d月末处于“%s”阶段", a.Month, a.StageName)
		if a.StageName == "" {
			s = fmt.Sprintf("截至%d月末处于第%d阶段", a.Month, a.StageReached)
		}
		parts = append(parts, s)
		if a.TargetStageName != "" {
			parts = append(parts, fmt.Sprintf("目标为%d月底前达到“%s”", a.DueMonth, a.TargetStageName))
		}
		if a.Status == StatusBehind || a.Status == StatusMissed {
			parts = append(parts, "已逾期")
		}
	}
	out := strings.Join(parts, "，")
	if a.RequiredMonthly != nil && a.Status != StatusMet {
		ratio := 0.0
		if a.RequiredRatio != nil {
			ratio = *a.RequiredRatio
		}
		out += "；" + PhraseRequiredPace(a.RemainingMonths, a.Month, *a.RequiredMonthly, ratio, a.Unit, a.LowerIsBetter)
	}
	if a.Status == StatusNotAssessable {
		out += "；" + a.Reason
	}
	return out + "。"
}
