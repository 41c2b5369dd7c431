package progress

import (
	"fmt"
	"math"
	"strings"
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
// "占年度控制目标的56.6%，高于序时进度6.6个百分点". The figures follow the
// printed-figure rule: the gap is the difference of the printed completion and
// time progress (completion − gap). For a whole assessment, year end included,
// use CompletionClause.
func PhraseCompletion(completionPct, gapPP float64, lowerIsBetter bool) string {
	head := "完成年度目标的"
	if lowerIsBetter {
		head = "占年度控制目标的"
	}
	tp := completionPct - gapPP
	d := shortDigits(completionPct, tp, lowerIsBetter)
	if !lowerIsBetter {
		d = max(d, completionDigits(completionPct, completionPct >= 100))
	}
	return head + formatAt(completionPct, d) + "%，" + gapText(completionPct, tp, lowerIsBetter)
}

// PhraseVsTarget words a rate against its target, both in %: for a growth
// rate "增长13%，高于目标4个百分点" ("下降2.5%，…" when negative, "持平"
// at zero); otherwise "为35.2%，低于目标1.8个百分点". The difference is that
// of the printed figures; a rate short of its target prints as short of it
// (14.96 against 15: "低于目标0.04个百分点", never "与目标持平"). Higher is
// taken as better; Describe handles ceilings, 降幅 and delta_pp targets.
func PhraseVsTarget(ratePct, targetPct float64, growth bool) string {
	d := shortDigits(ratePct, targetPct, false)
	return rateHead(ratePct, growth, d) + "，" + vsTarget(ratePct, targetPct, d)
}

// rateHead words a rate at d decimals: 增长x% / 下降x% / 持平 for growth
// rates, 为x% otherwise.
func rateHead(x float64, growth bool, d int) string {
	r := roundTo(x, d)
	switch {
	case !growth:
		return "为" + formatAt(x, d) + "%"
	case r > 0:
		return "增长" + formatAt(x, d) + "%"
	case r < 0:
		return "下降" + formatAt(-x, d) + "%"
	}
	return "持平"
}

// vsTarget words x against t at d decimals: 高于/低于目标n个百分点, 与目标持平.
func vsTarget(x, t float64, d int) string {
	diff := PrintedDiff(x, t, d)
	switch {
	case diff > 0:
		return "高于目标" + formatTargetGap(diff, d) + "个百分点"
	case diff < 0:
		return "低于目标" + formatTargetGap(-diff, d) + "个百分点"
	}
	return "与目标持平"
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

// PhraseStageVerb is what a project has done on reaching a stage, as a
// sentence says it after 已: 开工 → 开工, 建设 → 开工建设, 建成投产 → 建成投产;
// another stage name → 达到“x”阶段.
func PhraseStageVerb(stage string) string {
	switch stage {
	case "开工", "建成投产", "建成":
		return stage
	case "建设":
		return "开工建设"
	}
	return "达到“" + stage + "”阶段"
}

// PhraseStageRate names the share of a list's projects that reached a
// stage: 开工率, 建成投产率 (建设 → 开工建设率).
func PhraseStageRate(stage string) string {
	switch stage {
	case "建设":
		return "开工建设率"
	case "":
		return "完成率"
	}
	return stage + "率"
}

// PhraseProjectNoun names a list's projects from its stage indicator's name:
// 节能改造项目进度 → 节能改造项目.
func PhraseProjectNoun(stageIndicatorName string) string {
	return strings.TrimSuffix(stageIndicatorName, "进度")
}
