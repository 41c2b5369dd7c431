package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"industrydash/internal/budget"
)

// RunBudget is the conformance suite of budget.Store. open must return a
// fresh, empty, migrated store for each call.
//
// Contract details beyond the interface comments:
//   - RecordedAt round-trips to the nanosecond and compares with Equal.
//   - "Current" is the greatest RecordedAt per key, whatever the append order.
//   - Optional pointer fields and Plan round-trip (nil stays nil).
func RunBudget(t *testing.T, open func(t *testing.T) budget.Store) {
	t.Run("Lines", func(t *testing.T) { testBudgetLines(t, open(t)) })
	t.Run("Payments", func(t *testing.T) { testPayments(t, open(t)) })
	t.Run("PaymentsAsOf", func(t *testing.T) { testPaymentsAsOf(t, open(t)) })
	t.Run("PaymentsInvalid", func(t *testing.T) { testPaymentsInvalid(t, open(t)) })
	t.Run("Frames", func(t *testing.T) { testBudgetFrames(t, open(t)) })
}

func budgetLine(code string, amount float64, at time.Time) budget.Line {
	share := 30.28
	return budget.Line{Year: 2024, Code: code, Name: "项目支出 " + code, Table: "支出", Parent: "exp.total", Breakdown: "按支出性质",
		Amount: amount, Unit: "万元", Nature: budget.NatureBudget, Match: "project=*", Source: budget.SourceCurrent,
		Plan: []budget.PlanPoint{{Month: 6, Pct: 50}, {Month: 12, Pct: 100}}, SharePct: &share,
		Quote: "项目支出 954.48 万元", RecordedAt: at, RecordedBy: "seeds"}
}

func testBudgetLines(t *testing.T, s budget.Store) {
	ctx := ctxOf(t)
	a, b := budgetLine("exp.project", 954.48, at(0)), budgetLine("exp.basic", 2197.45, at(0))
	b.SharePct, b.Plan = nil, nil
	n, err := s.AddBudgetLines(ctx, []budget.Line{a, b, a})
	must(t, err, "AddBudgetLines")
	if n != 2 {
		t.Errorf("added %d, want 2 (an identical line twice adds one version)", n)
	}
	n, err = s.AddBudgetLines(ctx, []budget.Line{budgetLine("exp.project", 954.48, at(5))})
	must(t, err, "AddBudgetLines again")
	if n != 0 {
		t.Errorf("reloading the same lines added %d", n)
	}
	adj := budgetLine("exp.project", 900, at(10))
	adj.Note = "预算调整"
	other := budgetLine("exp.project", 1, at(11))
	other.Year = 2025
	n, err = s.AddBudgetLines(ctx, []budget.Line{adj, other})
	must(t, err, "AddBudgetLines adjustment")
	if n != 2 {
		t.Errorf("adjustment added %d, want 2", n)
	}
	got, err := s.BudgetLines(ctx, 2024, time.Time{})
	must(t, err, "BudgetLines")
	if len(got) != 3 || got[0].Code != "exp.basic" || got[1].Amount != 954.48 || got[2].Amount != 900 {
		t.Fatalf("versions = %+v, want exp.basic, then exp.project 954.48 and 900", got)
	}
	if !got[1].RecordedAt.Equal(at(0)) || !got[2].RecordedAt.Equal(at(10)) || got[2].Note != "预算调整" {
		t.Errorf("recording fields: %v %v %q", got[1].RecordedAt, got[2].RecordedAt, got[2].Note)
	}
	if got[0].SharePct != nil || got[0].Plan != nil || got[1].SharePct == nil || *got[1].SharePct != 30.28 || len(got[1].Plan) != 2 || got[1].Plan[0] != (budget.PlanPoint{Month: 6, Pct: 50}) {
		t.Errorf("optional fields did not round-trip: %+v / %+v", got[0], got[1])
	}
	old, err := s.BudgetLines(ctx, 2024, at(9))
	must(t, err, "BudgetLines asOf")
	if len(old) != 2 {
		t.Errorf("as of before the adjustment: %d versions, want 2", len(old))
	}
}

func payment(unit, fn string, to int, amount float64, recorded time.Time) budget.Payment {
	return budget.Payment{Year: 2024, Unit: unit, FunctionCode: fn, EconomicCode: "30201", Source: budget.SourceCurrent,
		From: 1, To: to, ValueType: budget.ValueYTD, Amount: amount, File: "支付.csv", Row: 2, RecordedAt: recorded, RecordedBy: "张三"}
}

func testPayments(t *testing.T, s budget.Store) {
	ctx := ctxOf(t)
	rows := []budget.Payment{
		payment("gxj", "2010401", 6, 1500, at(0)),
		payment("dsj", "2150550", 5, 120.5, at(0)),
		payment("gxj", "2010401", 5, 1200, at(0)),
	}
	month := payment("gxj", "2010401", 6, 300, at(0))
	month.From, month.ValueType, month.Project = 6, budget.ValuePeriod, "prj.yikatong"
	rows = append(rows, month)
	wc, err := s.AppendPayments(ctx, rows)
	must(t, err, "AppendPayments")
	if wc.Added != 4 || wc.Unchanged != 0 {
		t.Errorf("counts %+v, want 4 added", wc)
	}
	again := append([]budget.Payment(nil), rows...)
	for i := range again {
		again[i].RecordedAt = at(3)
	}
	wc, err = s.AppendPayments(ctx, again)
	must(t, err, "AppendPayments again")
	if wc.Added != 0 || wc.Unchanged != 4 {
		t.Errorf("reload counts %+v, want 4 unchanged", wc)
	}
	// A correction; the same key twice in one call: the later wins.
	c1, c2 := payment("gxj", "2010401", 6, 1490, at(5)), payment("gxj", "2010401", 6, 1510, at(5))
	wc, err = s.AppendPayments(ctx, []budget.Payment{c1, c2})
	must(t, err, "AppendPayments correction")
	if wc.Added != 1 {
		t.Errorf("correction counts %+v, want 1 added", wc)
	}
	// An older row appended late does not become current.
	late := payment("dsj", "2150550", 5, 99, at(-5))
	_, err = s.AppendPayments(ctx, []budget.Payment{late})
	must(t, err, "AppendPayments late")
	other := payment("gxj", "2010401", 6, 7, at(6))
	other.Year = 2023
	_, err = s.AppendPayments(ctx, []budget.Payment{other})
	must(t, err, "AppendPayments 2023")

	got, err := s.Payments(ctx, 2024, time.Time{})
	must(t, err, "Payments")
	if len(got) != 4 {
		t.Fatalf("current payments = %+v, want 4", got)
	}
	// Order: unit, function, economic, project, source, To, From, value type.
	want := []struct {
		unit, project string
		to            int
		amount        float64
	}{{"dsj", "", 5, 120.5}, {"gxj", "", 5, 1200}, {"gxj", "", 6, 1510}, {"gxj", "prj.yikatong", 6, 300}}
	for i, w := range want {
		g := got[i]
		if g.Unit != w.unit || g.Project != w.project || g.To != w.to || g.Amount != w.amount {
			t.Errorf("payment %d = %+v, want %+v", i, g, w)
		}
	}
	g := got[3]
	if g.From != 6 || g.ValueType != budget.ValuePeriod || g.EconomicCode != "30201" || g.Source != budget.SourceCurrent ||
		g.File != "支付.csv" || g.Row != 2 || g.RecordedBy != "张三" || !g.RecordedAt.Equal(at(0)) {
		t.Errorf("fields did not round-trip: %+v", g)
	}
	if !got[2].RecordedAt.Equal(at(5)) {
		t.Errorf("corrected row recorded at %v, want %v", got[2].RecordedAt, at(5))
	}
}

func testPaymentsAsOf(t *testing.T, s budget.Store) {
	ctx := ctxOf(t)
	_, err := s.AppendPayments(ctx, []budget.Payment{payment("gxj", "201", 3, 10, at(0))})
	must(t, err, "append")
	_, err = s.AppendPayments(ctx, []budget.Payment{payment("gxj", "201", 3, 12, at(2))})
	must(t, err, "append correction")
	for _, c := range []struct {
		asOf time.Time
		want []float64
	}{{at(-1), nil}, {at(0), []float64{10}}, {at(1), []float64{10}}, {at(2), []float64{12}}, {time.Time{}, []float64{12}}} {
		got, err := s.Payments(ctx, 2024, c.asOf)
		must(t, err, "Payments asOf")
		var amounts []float64
		for _, p := range got {
			amounts = append(amounts, p.Amount)
		}
		if len(amounts) != len(c.want) || len(c.want) > 0 && amounts[0] != c.want[0] {
			t.Errorf("as of %v: %v, want %v", c.asOf, amounts, c.want)
		}
	}
}

func testPaymentsInvalid(t *testing.T, s budget.Store) {
	ctx := ctxOf(t)
	good := payment("gxj", "201", 3, 10, at(0))
	for name, mut := range map[string]func(*budget.Payment){
		"no unit":     func(p *budget.Payment) { p.Unit = "" },
		"no function": func(p *budget.Payment) { p.FunctionCode = "" },
		"month 13":    func(p *budget.Payment) { p.To = 13 },
		"ytd from 3":  func(p *budget.Payment) { p.From = 3 },
		"value type":  func(p *budget.Payment) { p.ValueType = "x" },
		"no source":   func(p *budget.Payment) { p.Source = "" },
	} {
		bad := good
		mut(&bad)
		if _, err := s.AppendPayments(ctx, []budget.Payment{good, bad}); !errors.Is(err, budget.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	got, err := s.Payments(ctx, 2024, time.Time{})
	must(t, err, "Payments")
	if len(got) != 0 {
		t.Errorf("a refused call wrote %d rows", len(got))
	}
}

// testBudgetFrames: a year's frame (department, units, indicators, line
// order) is stored as loaded, an unchanged one is not stored again, a
// changed one (a unit renamed) becomes the current one, and every year
// loaded is listed, in order.
func testBudgetFrames(t *testing.T, s budget.Store) {
	ctx := context.Background()
	if fs, err := s.BudgetFrames(ctx); err != nil || len(fs) != 0 {
		t.Fatalf("empty store: %v %v", fs, err)
	}
	at := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	f25 := budget.Frame{Year: 2025, Department: "包头市工业和信息化局", Units: []budget.Unit{{Code: "gxj", Name: "包头市工业和信息化局本级", Kind: "本级"},
		{Code: "new", Name: "包头市新设中心", ShortName: "新设中心", Kind: "二级单位"}},
		Indicators: []budget.PerfIndicator{{Project: "prj.a", Name: "服务网站数", Category: "产出指标/数量指标", Target: "80个"}},
		Order:      []string{"exp.total", "201"}, RecordedAt: at, RecordedBy: "analyst1"}
	if saved, err := s.SaveBudgetFrame(ctx, f25); err != nil || !saved {
		t.Fatalf("save 2025: %v %v", saved, err)
	}
	same := f25
	same.RecordedAt, same.RecordedBy = at.Add(time.Hour), "analyst2"
	if saved, err := s.SaveBudgetFrame(ctx, same); err != nil || saved {
		t.Fatalf("an unchanged frame was stored again: %v %v", saved, err)
	}
	f24 := budget.Frame{Year: 2024, Department: "包头市工业和信息化局", Units: []budget.Unit{{Code: "gxj", Name: "本级", Kind: "本级"}}, RecordedAt: at}
	if _, err := s.SaveBudgetFrame(ctx, f24); err != nil {
		t.Fatal(err)
	}
	renamed := f25
	renamed.Units = append([]budget.Unit(nil), f25.Units...)
	renamed.Units[1].Name = "包头市产业发展中心"
	renamed.RecordedAt = at.Add(2 * time.Hour)
	if saved, err := s.SaveBudgetFrame(ctx, renamed); err != nil || !saved {
		t.Fatalf("save renamed: %v %v", saved, err)
	}
	fs, err := s.BudgetFrames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Year != 2024 || fs[1].Year != 2025 {
		t.Fatalf("frames %+v, want 2024 and 2025 in order", fs)
	}
	got := fs[1]
	if got.Units[1].Name != "包头市产业发展中心" || got.Department != "包头市工业和信息化局" || len(got.Indicators) != 1 ||
		got.Indicators[0].Target != "80个" || len(got.Order) != 2 || !got.RecordedAt.Equal(renamed.RecordedAt) {
		t.Errorf("current 2025 frame %+v", got)
	}
	if _, err := s.SaveBudgetFrame(ctx, budget.Frame{Year: 12}); err == nil {
		t.Error("a frame of year 12 was accepted")
	}
}
