package budget_test

import (
	"math"
	"strings"
	"testing"

	"industrydash/internal/budget"
	"industrydash/internal/progress"
	"industrydash/seeds"
)

func seed(t *testing.T) budget.Budget {
	t.Helper()
	b, err := seeds.BuiltinBudget(2024)
	if err != nil {
		t.Fatal(err)
	}
	return *b
}

func pay(unit, fn, econ, project, source string, from, to int, vt string, amount float64) budget.Payment {
	return budget.Payment{Year: 2024, Unit: unit, FunctionCode: fn, EconomicCode: econ, Project: project,
		Source: source, From: from, To: to, ValueType: vt, Amount: amount}
}

func ytd(fn string, to int, amount float64) budget.Payment {
	return pay("gxj", fn, "30101", "", budget.SourceCurrent, 1, to, budget.ValueYTD, amount)
}

func exec(t *testing.T, b budget.Budget, initial map[string]float64, pays []budget.Payment, month int) budget.Report {
	t.Helper()
	rep, err := budget.Execute(b, initial, pays, month, budget.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func lineOf(t *testing.T, rep budget.Report, code string) budget.Result {
	t.Helper()
	for _, r := range rep.Lines {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no result line %s", code)
	return budget.Result{}
}

// tiny is a budget of one function item of 100.00万元 and one ceiling.
func tiny() budget.Budget {
	return budget.Budget{Year: 2024, Lines: []budget.Line{
		{Code: budget.TotalCode, Name: "本年支出合计", Table: "支出", Amount: 100, Nature: budget.NatureBudget, Match: "all"},
		{Code: "201", Name: "一般公共服务支出", Table: "功能分类", Parent: budget.TotalCode, Amount: 100, Nature: budget.NatureBudget, Match: "function=201"},
	}}
}

func TestTotalSentenceFromPrintedFigures(t *testing.T) {
	rep := exec(t, seed(t), nil, []budget.Payment{ytd("2010401", 6, 1500)}, 0)
	if rep.Month != 6 || rep.PeriodLabel != "1—6月" {
		t.Fatalf("month %d %q, want 6 1—6月 (latest payment month)", rep.Month, rep.PeriodLabel)
	}
	want := "1—6月支出1500.00万元，支出进度47.6%，低于序时进度2.4个百分点"
	if rep.Total.Sentence != want {
		t.Errorf("sentence %q, want %q", rep.Total.Sentence, want)
	}
	if rep.Total.Status != progress.StatusAhead || rep.Total.Color != "green" {
		t.Errorf("2.4 behind is within the 5-point tolerance: status %s %s", rep.Total.Status, rep.Total.Color)
	}
	if fn := lineOf(t, rep, "201"); fn.Spent != 1500 || lineOf(t, rep, "20104").Spent != 1500 || lineOf(t, rep, "208").Spent != 0 {
		t.Errorf("a 项 code rolls up to its 款 and 类 by prefix: 201 %v", fn.Spent)
	}
	if u := lineOf(t, rep, "gxj"); u.Spent != 1500 || u.ExecutionPct != nil || !strings.Contains(u.Sentence, "未公开分单位预算") {
		t.Errorf("unit line %+v: spent shown, no 支出进度 without a published unit budget", u)
	}
}

func TestMonthAfterTheDataReadsTheLatestMonth(t *testing.T) {
	rep := exec(t, tiny(), nil, []budget.Payment{ytd("201", 6, 50)}, 9)
	if rep.Month != 6 || rep.Total.TimeProgressPct != 50 {
		t.Errorf("asked for September with data to June: month %d, time progress %v", rep.Month, rep.Total.TimeProgressPct)
	}
	if rep := exec(t, tiny(), nil, []budget.Payment{ytd("201", 6, 50)}, 3); rep.Month != 3 || rep.HasPayments {
		t.Errorf("March before any March payment: month %d, has payments %v", rep.Month, rep.HasPayments)
	}
}

func TestUnitWithItsOwnBudget(t *testing.T) {
	b := seed(t)
	amt := 400.0
	b.Units = append([]budget.Unit(nil), b.Units...)
	b.Units[1].Budget = &amt // 大数据中心
	pays := []budget.Payment{pay("dsj", "2150550", "30101", "", budget.SourceCurrent, 1, 6, budget.ValueYTD, 150)}
	r := lineOf(t, exec(t, b, nil, pays, 6), "dsj")
	if r.ExecutionPct == nil || *r.ExecutionPct != 37.5 || r.Status != progress.StatusBehind || r.Sentence != "1—6月支出150.00万元，支出进度37.5%，低于序时进度12.5个百分点" {
		t.Errorf("unit with a budget: %+v", r)
	}
}

func TestGapIsTheDifferenceOfPrintedFigures(t *testing.T) {
	// 45.24% at May (41.666…%): printed 45.2 − 41.7 = 3.5, not round(3.57) = 3.6.
	rep := exec(t, tiny(), nil, []budget.Payment{ytd("201", 5, 45.24)}, 5)
	if g := *rep.Total.GapPP; math.Abs(g-3.5) > 1e-9 {
		t.Errorf("gap %v, want 3.5", g)
	}
	if !strings.HasSuffix(rep.Total.Sentence, "支出进度45.2%，高于序时进度3.5个百分点") {
		t.Errorf("sentence %q", rep.Total.Sentence)
	}
}

func TestThresholds(t *testing.T) {
	for _, c := range []struct {
		spent  float64
		status progress.Status
		label  string
		color  string
	}{
		{50, progress.StatusAhead, "进度正常", "green"},
		{45, progress.StatusAhead, "进度正常", "green"},        // 5 behind: at the tolerance
		{43, progress.StatusSlightlyBehind, "偏慢", "amber"}, // 7 behind
		{40, progress.StatusSlightlyBehind, "偏慢", "amber"}, // 10 behind: not more than 10
		{38, progress.StatusBehind, "预警", "red"},           // 12 behind
	} {
		r := exec(t, tiny(), nil, []budget.Payment{ytd("201", 6, c.spent)}, 6).Total
		if r.Status != c.status || r.StatusLabel != c.label || r.Color != c.color {
			t.Errorf("spent %v at June: %s %s %s, want %s %s %s", c.spent, r.Status, r.StatusLabel, r.Color, c.status, c.label, c.color)
		}
	}
	cfg := budget.Config{SlowPP: 1, WarnPP: 3}
	rep, err := budget.Execute(tiny(), nil, []budget.Payment{ytd("201", 6, 46)}, 6, cfg)
	if err != nil || rep.Total.Status != progress.StatusBehind {
		t.Errorf("configured thresholds: 4 behind with warn 3 → %s (%v)", rep.Total.Status, err)
	}
	if _, err := budget.Execute(tiny(), nil, nil, 6, budget.Config{SlowPP: 10, WarnPP: 5}); err == nil {
		t.Error("slow threshold above the warning threshold accepted")
	}
}

func TestPlanBasedProject(t *testing.T) {
	b := seed(t)
	yk := func(to int, amount float64) budget.Payment {
		return pay("gxj", "2150899", "39999", "prj.yikatong", budget.SourceCurrent, 1, to, budget.ValueYTD, amount)
	}
	// May: Q1's quarter (25%) is due, nothing paid.
	other := ytd("2010401", 5, 100)
	r := lineOf(t, exec(t, b, nil, []budget.Payment{other, yk(5, 0)}, 5), "prj.yikatong")
	if !r.PlanBased || r.TimeProgressPct != 25 || r.Status != progress.StatusBehind {
		t.Errorf("一卡通 at May: plan %v %v status %s, want plan-based 25 behind", r.PlanBased, r.TimeProgressPct, r.Status)
	}
	if !strings.Contains(r.Sentence, "低于用款计划进度25.0个百分点") {
		t.Errorf("sentence %q", r.Sentence)
	}
	r = lineOf(t, exec(t, b, nil, []budget.Payment{yk(6, 260)}, 6), "prj.yikatong")
	if r.Status != progress.StatusAhead || !strings.HasSuffix(r.Sentence, "支出进度50.0%，与用款计划进度持平") {
		t.Errorf("一卡通 at June with half paid: %s %q", r.Status, r.Sentence)
	}
}

func TestCeilings(t *testing.T) {
	b := seed(t)
	reception := func(to int, amount float64) []budget.Payment {
		return []budget.Payment{pay("gxj", "2010401", "30217", "", budget.SourceCurrent, 1, to, budget.ValueYTD, amount)}
	}
	r := lineOf(t, exec(t, b, nil, reception(6, 1.4), 6), "sg.reception")
	if r.Status != progress.StatusOver || r.Color != "red" || r.StatusLabel != "超预算" || r.OverBy == nil || math.Abs(*r.OverBy-0.13) > 1e-9 {
		t.Errorf("1.4 of 1.27: %s %s %v", r.Status, r.StatusLabel, r.OverBy)
	}
	if r.Sentence != "1—6月支出1.40万元，超预算0.13万元（预算1.27万元）" {
		t.Errorf("sentence %q", r.Sentence)
	}
	if s := lineOf(t, exec(t, b, nil, reception(6, 1.4), 6), "sg.total"); s.Status != progress.StatusOnTrack {
		t.Errorf("三公 total 1.4 of 3.77 is within its ceiling: %s", s.Status)
	}
	if j := lineOf(t, exec(t, b, nil, reception(6, 1.4), 6), "jg.30217"); j.Status != progress.StatusOver {
		t.Errorf("机关运行 公务接待费 also over: %s", j.Status)
	}
	r = lineOf(t, exec(t, b, nil, reception(6, 0.6), 6), "sg.reception")
	if r.Status != progress.StatusOnTrack || r.Color != "green" || r.Sentence != "1—6月支出0.60万元，占预算47.2%，未超预算" {
		t.Errorf("0.6 of 1.27 at June: %s %q", r.Status, r.Sentence)
	}
	r = lineOf(t, exec(t, b, nil, reception(3, 1.2), 3), "sg.reception")
	if r.Status != progress.StatusSlightlyOver || r.Color != "amber" || !strings.Contains(r.Sentence, "快于序时进度") {
		t.Errorf("1.2 of 1.27 by March: %s %q", r.Status, r.Sentence)
	}
	// A project's 公务接待费 is not 机关运行经费 (basic expenditure only) but is 三公.
	pays := []budget.Payment{pay("dsj", "2150550", "30217", "prj.wangluo", budget.SourceCurrent, 1, 6, budget.ValueYTD, 0.5)}
	rep := exec(t, b, nil, pays, 6)
	if lineOf(t, rep, "jg.30217").Spent != 0 || lineOf(t, rep, "sg.reception").Spent != 0.5 {
		t.Errorf("project reception: 机关运行 %v, 三公 %v", lineOf(t, rep, "jg.30217").Spent, lineOf(t, rep, "sg.reception").Spent)
	}
	// Zero budget (因公出国): any payment is over.
	pays = []budget.Payment{pay("gxj", "2010401", "30212", "", budget.SourceCurrent, 1, 6, budget.ValueYTD, 0.3)}
	if r := lineOf(t, exec(t, b, nil, pays, 6), "sg.abroad"); r.Status != progress.StatusOver {
		t.Errorf("出国 with no budget paid 0.3: %s", r.Status)
	}
}

func TestBudgetLineOverItsBudget(t *testing.T) {
	r := exec(t, tiny(), nil, []budget.Payment{ytd("201", 6, 120)}, 6).Total
	if r.Status != progress.StatusOver || r.Color != "red" || r.StatusLabel != "超预算" ||
		r.Sentence != "1—6月支出120.00万元，超出预算20.00万元（预算100.00万元），须先办理预算调整" {
		t.Errorf("120 of 100: %s %s %q", r.Status, r.StatusLabel, r.Sentence)
	}
}

func TestCarryoverShownSeparately(t *testing.T) {
	b := seed(t)
	pays := []budget.Payment{
		pay("dsj", "2150599", "30227", "一个结转项目", budget.SourceCarryover, 1, 6, budget.ValueYTD, 73),
		pay("gxj", "2150899", "39999", "prj.yikatong", budget.SourceCurrent, 1, 6, budget.ValueYTD, 260),
	}
	rep := exec(t, b, nil, pays, 6)
	if rep.Total.SpentCarryover != 73 || rep.Total.SpentCurrent != 260 || !strings.Contains(rep.Total.Sentence, "其中上年结转资金73.00万元") {
		t.Errorf("total %+v", rep.Total)
	}
	if c := lineOf(t, rep, "exp.project.carryover"); c.Spent != 73 {
		t.Errorf("结转项目 spent %v", c.Spent)
	}
	if c := lineOf(t, rep, "prj.carryover"); c.Spent != 73 || math.Abs(*c.ExecutionPct-73/330.62*100) > 1e-9 {
		t.Errorf("an unnamed project counts toward the 11 carry-over projects: %v", c.Spent)
	}
	if c := lineOf(t, rep, "prj.yikatong"); c.Spent != 260 {
		t.Errorf("named project %v", c.Spent)
	}
}

func TestCumulativeFromMonthsAndYTD(t *testing.T) {
	month := func(m int, v float64) budget.Payment {
		return pay("gxj", "201", "30101", "", budget.SourceCurrent, m, m, budget.ValuePeriod, v)
	}
	pays := []budget.Payment{ytd("201", 5, 100), month(6, 20), month(3, 999), month(7, 5)}
	// Month 3 is inside the 1-5月 total and not added again; month 7 is after June.
	if got := budget.Cumulative(pays, 2024, 6); len(got) != 1 || got[0].Amount != 120 {
		t.Errorf("cumulative at June: %+v, want 120", got)
	}
	if got := budget.Cumulative(pays, 2024, 4); got[0].Amount != 999 {
		t.Errorf("cumulative at April: %v, want 999 (months only)", got[0].Amount)
	}
}

func TestYearEndReadsExecutionRate(t *testing.T) {
	rep := exec(t, tiny(), nil, []budget.Payment{ytd("201", 12, 98.4)}, 0)
	if !rep.YearEnd || rep.PeriodLabel != "全年" || rep.Total.Sentence != "全年支出98.40万元，预算执行率98.4%" {
		t.Errorf("year end: %v %q %q", rep.YearEnd, rep.PeriodLabel, rep.Total.Sentence)
	}
	if rep.Total.Status != progress.StatusMet {
		t.Errorf("98.4%% at year end: %s", rep.Total.Status)
	}
	if r := exec(t, tiny(), nil, []budget.Payment{ytd("201", 12, 80)}, 0).Total; r.Status != progress.StatusMissed || strings.Contains(r.Sentence, "序时") {
		t.Errorf("80%% at year end: %s %q", r.Status, r.Sentence)
	}
	yk := pay("gxj", "2150899", "39999", "prj.yikatong", budget.SourceCurrent, 1, 12, budget.ValueYTD, 520)
	if r := lineOf(t, exec(t, seed(t), nil, []budget.Payment{yk}, 12), "prj.yikatong"); r.Sentence != "全年支出520.00万元，预算执行率100.0%" || r.Status != progress.StatusMet {
		t.Errorf("a planned project at year end reads its 执行率: %s %q", r.Status, r.Sentence)
	}
}

func TestAdjustedBudget(t *testing.T) {
	b := tiny()
	b.Lines[0].Amount = 80 // 预算调整 from 100
	rep := exec(t, b, map[string]float64{budget.TotalCode: 100}, []budget.Payment{ytd("201", 6, 40)}, 6)
	if *rep.Total.Budget != 80 || rep.Total.InitialBudget == nil || *rep.Total.InitialBudget != 100 || *rep.Total.ExecutionPct != 50 {
		t.Errorf("adjusted: budget %v initial %v execution %v", *rep.Total.Budget, rep.Total.InitialBudget, *rep.Total.ExecutionPct)
	}
}

func TestNoPayments(t *testing.T) {
	rep := exec(t, seed(t), nil, nil, 0)
	if rep.HasPayments || rep.Total.Status != progress.StatusNoData || budget.Paragraph(rep) != "" {
		t.Errorf("no payments: %v %s %q", rep.HasPayments, rep.Total.Status, budget.Paragraph(rep))
	}
}

func TestParagraph(t *testing.T) {
	pays := []budget.Payment{
		ytd("2010401", 6, 1500),
		pay("gxj", "2010401", "30217", "", budget.SourceCurrent, 1, 6, budget.ValueYTD, 1.4),
		pay("gxj", "2150899", "39999", "prj.mengqitong", budget.SourceCurrent, 1, 6, budget.ValueYTD, 0),
	}
	p := budget.Paragraph(exec(t, seed(t), nil, pays, 6))
	for _, w := range []string{"部门预算执行方面，1—6月支出1501.40万元", "公务接待费超预算0.13万元", "“蒙企通”民营企业综合服务平台运维费（支出进度0.0%）"} {
		if !strings.Contains(p, w) {
			t.Errorf("paragraph lacks %q:\n%s", w, p)
		}
	}
}

func TestParseMatch(t *testing.T) {
	for _, bad := range []string{"function", "colour=red", "source=明年", "econ="} {
		if _, err := budget.ParseMatch(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	m, err := budget.ParseMatch("project=-;econ=301|303")
	if err != nil {
		t.Fatal(err)
	}
	p := pay("gxj", "201", "30301", "", budget.SourceCurrent, 1, 1, budget.ValueYTD, 1)
	if !m.Matches(p, nil) {
		t.Error("basic 303 not matched")
	}
	p.Project = "x"
	if m.Matches(p, nil) {
		t.Error("project payment matched a basic rule")
	}
}

// TestAnEchoedItemIsListedOnce checks that a 项 which only repeats its 款
// (能源节约利用 twice in the disclosure) is one line of the report, while
// 款 with several 项 keep them.
func TestAnEchoedItemIsListedOnce(t *testing.T) {
	rep := exec(t, seed(t), nil, []budget.Payment{ytd("2111001", 6, 40)}, 6)
	n := 0
	for _, r := range rep.Lines {
		if r.Name == "能源节约利用" {
			n++
			if r.Spent != 40 {
				t.Errorf("能源节约利用 spent %v, want 40", r.Spent)
			}
		}
	}
	if n != 1 {
		t.Errorf("能源节约利用 is listed %d times, want once", n)
	}
	levels := map[int]int{}
	for _, r := range rep.Lines {
		if r.Group == budget.GroupFunction {
			levels[r.Level]++
		}
	}
	if levels[3] == 0 {
		t.Errorf("no 项 left in the function lines: %v", levels)
	}
}
