package budget_test

import (
	"testing"

	"industrydash/internal/budget"
)

// TestForUnitKeepsOnlyTheUnitsRows cuts the 2024 report down to each budget
// unit and checks every remaining row is the unit's, and that a line added
// without a budget unit is shown to no unit.
func TestForUnitKeepsOnlyTheUnitsRows(t *testing.T) {
	b := seed(t)
	b.Lines = append(b.Lines, budget.Line{Year: 2024, Code: "prj.unowned", Name: "未指定单位的项目", Table: "项目", Parent: "prj.total",
		Amount: 10, Unit: "万元", Nature: budget.NatureBudget, Match: "project=prj.unowned"})
	pays := []budget.Payment{
		pay("dsj", "2150899", "", "prj.dengbao", budget.SourceCurrent, 1, 6, budget.ValueYTD, 12.5),
		pay("gxj", "2150899", "", "prj.yikatong", budget.SourceCurrent, 1, 6, budget.ValueYTD, 20),
		ytd("2010401", 6, 1000),
	}
	rep := exec(t, b, nil, pays, 6)
	for _, unit := range []string{"gxj", "dsj", "zfzd", "zxqy"} {
		got := budget.ForUnit(b, rep, unit)
		if got.Total.Code != unit || got.Total.Group != budget.GroupUnit {
			t.Errorf("%s: total %s/%s, want the unit's own row", unit, got.Total.Code, got.Total.Group)
		}
		for _, r := range got.Lines {
			if r.Group == budget.GroupUnit {
				if r.Code != unit {
					t.Errorf("%s sees unit row %s", unit, r.Code)
				}
				continue
			}
			if l, _ := b.Line(r.Code); l.BudgetUnit != unit {
				t.Errorf("%s sees %s (%s) of %q", unit, r.Code, r.Name, l.BudgetUnit)
			}
		}
		ub := budget.UnitBudget(b, unit)
		if len(ub.Units) != 1 || ub.Units[0].Code != unit {
			t.Errorf("%s: units %v", unit, ub.Units)
		}
		for _, ind := range ub.Indicators {
			if l, _ := b.Line(ind.Project); l.BudgetUnit != unit {
				t.Errorf("%s sees the indicator %s of %s", unit, ind.Name, ind.Project)
			}
		}
	}
	dsj := budget.ForUnit(b, rep, "dsj")
	if dsj.Total.Spent != 12.5 {
		t.Errorf("大数据中心 spent %v, want 12.5", dsj.Total.Spent)
	}
	if n := len(budget.MonitorProjects(budget.UnitBudget(b, "dsj"))); n != 2 {
		t.Errorf("大数据中心 has %d 绩效运行监控表, want 2 (等级保护, 网络运维)", n)
	}
	if got := budget.ForUnit(b, rep, ""); len(got.Lines) != 0 {
		t.Errorf("no unit sees %d rows, want none", len(got.Lines))
	}
	inFull := false
	for _, r := range rep.Lines {
		inFull = inFull || r.Code == "prj.unowned"
	}
	if !inFull {
		t.Fatal("the unowned project is not in the full report, so the test above proves nothing about it")
	}
}
