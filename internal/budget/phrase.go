package budget

import (
	"fmt"
	"strconv"
	"strings"

	"industrydash/internal/progress"
)

// FormatAmount renders 万元 with its two decimals, as budget tables and
// finance notices print money: 1500 → "1500.00万元", 1.27 → "1.27万元",
// 0 → "0.00万元".
func FormatAmount(v float64) string { return FormatMoney(v) + "万元" }

// FormatMoney is an amount of 万元 without the unit, for table cells:
// "1500.00".
func FormatMoney(v float64) string {
	s := strconv.FormatFloat(roundTo2(v), 'f', 2, 64)
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}

func roundTo2(v float64) float64 {
	// Snap binary noise first (1.005 stored as 1.00499999), then round half
	// away from zero like progress.Round1.
	x := v * 100
	if x >= 0 {
		x = float64(int64(x*1e6+0.5)) / 1e6
		return float64(int64(x+0.5)) / 100
	}
	x = -float64(int64(-x*1e6+0.5)) / 1e6
	return -float64(int64(-x+0.5)) / 100
}

// Sentence is the standard wording of one line's execution, built from its
// printed figures so that the words never contradict the numbers:
//
//	1—6月支出1500万元，支出进度47.6%，低于序时进度2.4个百分点
//	1—5月支出0万元，支出进度0%，低于用款计划进度25个百分点
//	全年支出3100万元，预算执行率98.4%
//	1—6月支出1.4万元，超预算0.13万元（预算1.27万元）
//	1—6月支出0.6万元，占预算47.2%，未超预算
func Sentence(r Result, rep Report) string {
	if rep.Month == 0 || !rep.HasPayments {
		return "尚无支出数据"
	}
	head := fmt.Sprintf("%s支出%s", rep.PeriodLabel, FormatAmount(r.Spent))
	if r.SpentCarryover > 0 && r.SpentCurrent > 0 {
		head += fmt.Sprintf("（其中上年结转资金%s）", FormatAmount(r.SpentCarryover))
	}
	if r.Budget == nil {
		return head + "，未公开分单位预算，不计算支出进度"
	}
	bud := *r.Budget
	if r.Nature == NatureCeiling {
		switch {
		case r.OverBy != nil:
			return fmt.Sprintf("%s，超预算%s（预算%s）", head, FormatAmount(*r.OverBy), FormatAmount(bud))
		case bud <= 0:
			return head + "，未安排预算，不得支出"
		case r.Status == progress.StatusSlightlyOver:
			return fmt.Sprintf("%s，占预算%s，快于序时进度%s，注意控制", head, progress.FormatPct(*r.ExecutionPct), progress.FormatPP(*r.GapPP))
		}
		return fmt.Sprintf("%s，占预算%s，未超预算", head, progress.FormatPct(*r.ExecutionPct))
	}
	if bud <= 0 || r.ExecutionPct == nil {
		return head + "，未安排预算"
	}
	if r.OverBy != nil {
		return fmt.Sprintf("%s，超出预算%s（预算%s），须先办理预算调整", head, FormatAmount(*r.OverBy), FormatAmount(bud))
	}
	if rep.YearEnd {
		return fmt.Sprintf("%s，预算执行率%s", head, progress.FormatPct(*r.ExecutionPct))
	}
	against := "序时进度"
	if r.PlanBased {
		against = "用款计划进度"
	}
	s := fmt.Sprintf("%s，支出进度%s，", head, progress.FormatPct(*r.ExecutionPct))
	g := *r.GapPP
	switch {
	case g > 0:
		s += fmt.Sprintf("高于%s%s", against, progress.FormatPP(g))
	case g < 0:
		s += fmt.Sprintf("低于%s%s", against, progress.FormatPP(-g))
	default:
		s += "与" + against + "持平"
	}
	return s
}

// Paragraph is the 简报's one paragraph on budget execution, or "" when no
// payments exist. It names the total, the 三公 ceiling and the projects
// behind by more than the warning threshold.
func Paragraph(rep Report) string {
	if !rep.HasPayments {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "部门预算执行方面，%s。", rep.Total.Sentence)
	var warned []string
	var over []string
	var sangong string
	names, sameName := map[string]string{}, map[string]int{}
	for _, r := range rep.Lines {
		names[r.Code] = r.Name
		if (r.Group == GroupCeiling || r.Group == GroupProject && r.Level == 2) && r.Status == progress.StatusOver {
			sameName[r.Name]++
		}
	}
	for _, r := range rep.Lines {
		switch {
		case r.Group == GroupProject && r.Level == 2 && r.Status == progress.StatusBehind:
			warned = append(warned, fmt.Sprintf("%s（支出进度%s）", r.Name, progress.FormatPct(*r.ExecutionPct)))
		case (r.Group == GroupCeiling || r.Group == GroupProject && r.Level == 2) && r.Status == progress.StatusOver:
			name := r.Name
			if sameName[r.Name] > 1 && names[r.Parent] != "" {
				// 三公 and 机关运行经费 both have a 公务接待费: say which.
				name = names[r.Parent] + "中的" + r.Name
			}
			over = append(over, fmt.Sprintf("%s超预算%s", name, FormatAmount(*r.OverBy)))
		}
		if r.Code == "sg.total" {
			sangong = r.Sentence
		}
	}
	if sangong != "" {
		fmt.Fprintf(&b, "“三公”经费%s。", sangong)
	}
	if len(over) > 0 {
		fmt.Fprintf(&b, "%s，须立即压减或办理预算调整。", strings.Join(over, "、"))
	}
	if len(warned) > 0 {
		fmt.Fprintf(&b, "支出进度落后序时进度（或用款计划）超过%s个百分点的项目%d个：%s，请项目单位加快执行。",
			progress.FormatTargetValue(rep.Config.WarnPP, ""), len(warned), strings.Join(warned, "、"))
	}
	return b.String()
}
