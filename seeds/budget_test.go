package seeds_test

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"industrydash/internal/budget"
	"industrydash/internal/msg"
	"industrydash/seeds"
)

func builtinBudget(t *testing.T) *budget.Budget {
	t.Helper()
	b, err := seeds.BuiltinBudget(2024)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func line(t *testing.T, b *budget.Budget, code string) budget.Line {
	t.Helper()
	l, ok := b.Line(code)
	if !ok {
		t.Fatalf("no line %s", code)
	}
	return l
}

// TestBudget2024 checks the seed against the figures the disclosure prints.
func TestBudget2024(t *testing.T) {
	b := builtinBudget(t)
	if len(b.Units) != 4 {
		t.Errorf("units = %d, want 4 (局本级 and 3 subordinate units)", len(b.Units))
	}
	for code, want := range map[string]float64{
		"exp.total": 3151.93, "rev.current_income": 2819.06, "rev.carryover": 332.86,
		"201": 1210.12, "208": 386.75, "210": 85.32, "211": 102.71, "215": 1229.5, "221": 137.52,
		"exp.basic": 2197.45, "exp.basic.personnel": 2127.71, "exp.basic.public": 69.74,
		"exp.project": 954.48, "exp.project.current": 623.86, "exp.project.carryover": 330.62,
		"sg.total": 3.77, "sg.vehicle": 2.5, "sg.reception": 1.27, "sg.abroad": 0,
		"jg.total": 69.74, "cg.total": 86.89, "zc.vehicles": 6, "prj.yikatong": 520,
	} {
		if got := line(t, b, code).Amount; got != want {
			t.Errorf("%s = %v, want %v", code, got, want)
		}
	}
	var projects, jg int
	var described float64
	for _, l := range b.Lines {
		if l.Table == "项目" && l.Parent == "prj.total" {
			projects++
			if l.Source == budget.SourceCurrent {
				described += l.Amount
			}
		}
		if l.Parent == "jg.total" {
			jg++
		}
	}
	if projects != 7 || math.Abs(described-623.86) > 1e-9 {
		t.Errorf("projects: %d lines (6 described + remainder), described sum %v; want 7 and 623.86", projects, described)
	}
	if jg != 14 {
		t.Errorf("机关运行经费 items = %d, want 14", jg)
	}
	if yk := line(t, b, "prj.yikatong"); len(yk.Plan) != 4 || yk.Nature != budget.NatureBudget {
		t.Errorf("一卡通 plan = %v: the fee is paid quarterly", yk.Plan)
	}
	if n := line(t, b, "sg.reception").Nature; n != budget.NatureCeiling {
		t.Errorf("公务接待费 nature %s, want ceiling", n)
	}
	perf := map[string]int{}
	for _, ind := range b.Indicators {
		perf[ind.Project]++
	}
	if len(perf) != 6 {
		t.Errorf("performance targets for %d projects, want 6: %v", len(perf), perf)
	}
}

// TestBudgetQuotes checks that every quote is the disclosure's own words.
func TestBudgetQuotes(t *testing.T) {
	b := builtinBudget(t)
	norm := func(s string) string {
		return regexp.MustCompile(`\s+`).ReplaceAllString(strings.ReplaceAll(s, "**", ""), "")
	}
	src := norm(seeds.BuiltinBudgetSource(2024))
	if len(src) < 1000 {
		t.Fatal("no disclosure text embedded")
	}
	check := func(what, q string) {
		if q == "" || !strings.Contains(src, norm(q)) {
			t.Errorf("%s: quote %q is not in the disclosure", what, q)
		}
	}
	for _, u := range b.Units {
		check(u.Code, u.Quote)
	}
	for _, l := range b.Lines {
		check(l.Code, l.Quote)
		if l.AltQuote != "" {
			check(l.Code+" alt", l.AltQuote)
		}
	}
	for _, ind := range b.Indicators {
		check(ind.Project+" "+ind.Name, ind.Quote)
	}
}

// TestBudgetConsistency checks the 勾稽 report names the disclosure's own
// disagreements, with both figures.
func TestBudgetConsistency(t *testing.T) {
	b := builtinBudget(t)
	fs := budget.Check(*b)
	find := func(rule, code string) *budget.Finding {
		for i := range fs {
			if fs[i].Rule == rule && fs[i].Codes[0] == code {
				return &fs[i]
			}
		}
		return nil
	}
	cases := []struct {
		rule, code        string
		printed, computed float64
		msg               string
	}{
		{"sum", "exp.total", 3151.93, 3151.92, "按功能分类"},
		{"sum", "215", 1229.5, 1229.51, "1229.51万元"},
		{"sum", "rev.current", 3151.93, 2819.06, "2819.06万元"},
		{"sum", "rev.total", 3151.93, 3151.92, "按来源"},
		{"sum", "jg.total", 69.74, 69.75, "69.75万元"},
		{"sum", "zc.vehicles", 6, 3, "3辆"},
		{"yoy", "sg.total", -11, -3.88 / 7.65 * 100, "减少50.72%"},
		{"alt", "sg.reception", 1.27, 1.38, "1.38万元"},
	}
	for _, c := range cases {
		f := find(c.rule, c.code)
		if f == nil {
			t.Errorf("no %s finding for %s; findings: %v", c.rule, c.code, fs)
			continue
		}
		if math.Abs(f.Printed-c.printed) > 1e-6 || math.Abs(f.Computed-c.computed) > 1e-6 || !strings.Contains(f.Message, c.msg) {
			t.Errorf("%s %s: printed %v computed %v %q; want %v, %v, containing %q", c.rule, c.code, f.Printed, f.Computed, f.Message, c.printed, c.computed, c.msg)
		}
	}
	// Consistent parts raise nothing: 基本 = 人员 + 公用, 项目 = 本年 + 结转, 一般公共服务's 项.
	for _, code := range []string{"exp.basic", "exp.project", "20104", "prj.total", "cg.total", "sg.total"} {
		if f := find("sum", code); f != nil {
			t.Errorf("unexpected finding %s", f.Message)
		}
	}
}

// TestLoadBudgetLocatesProblems checks that a bad edited table is refused
// with every problem located by file, row and column.
func TestLoadBudgetLocatesProblems(t *testing.T) {
	units := "单位代码 code,单位名称 name\ngxj,包头市工业和信息化局本级\n"
	lines := "表 table,代码 code,名称 name,上级 parent,金额 amount,性质 nature,执行口径 match,用款计划 plan,原文 quote\n" +
		"支出,exp.total,本年支出合计,,3151.93,预算,all,,总计\n" +
		"功能分类,201,一般公共服务支出,exp.total,12x,预算,function=201,,原文\n" +
		"功能分类,208,社保,nope,1,预算,colour=red,,原文\n" +
		"项目,prj.a,项目A,exp.total,5,预算,project=prj.a,13:50,原文\n" +
		"项目,prj.a,项目A again,exp.total,5,预算,project=prj.b,,原文\n"
	_, err := seeds.LoadBudget(fstest.MapFS{
		"budget_units.csv":      {Data: []byte(units)},
		"budget_lines_2025.csv": {Data: []byte(lines)},
		"performance_2025.csv":  {Data: []byte("项目代码 project,指标 indicator,目标值 target,原文 quote\nprj.zz,x,1,q\n")},
	}, 2025)
	var e *seeds.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *seeds.Error", err)
	}
	want := []string{
		"budget_lines_2025.csv 第3行 E列（金额 amount）：金额“12x”不是非负数字",
		"budget_lines_2025.csv 第4行 G列（执行口径 match）：执行口径“colour=red”：未知的键“colour”",
		"budget_lines_2025.csv 第5行 H列（用款计划 plan）：用款计划“13:50”：月份应为 1—12",
		"budget_lines_2025.csv 第6行 B列（代码 code）：代码“prj.a”与第5行重复",
		"budget_lines_2025.csv 第4行 D列（上级 parent）：上级“nope”不是本表中任何一行的代码",
		"budget_lines_2025.csv 第6行 G列（执行口径 match）：执行口径中的项目“prj.b”不是本表中任何一行的代码",
		"performance_2025.csv 第2行 A列（项目代码 project）：项目代码“prj.zz”不在 budget_lines_2025.csv 中",
	}
	got := msg.Text(err)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
}
