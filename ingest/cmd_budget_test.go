package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"industrydash/internal/budget"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/chtest"
)

func TestBudgetCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	var out, errb bytes.Buffer
	if code := run([]string{"budget", "-check"}, &out, &errb); code != exitOK {
		t.Fatalf("budget -check: %d %s", code, errb.String())
	}
	for _, w := range []string{"预算行 78 行", "勾稽检查：预算公开自身有 12 处数字不一致", "合计3151.92万元，与所印“本年支出合计”3151.93万元相差0.01万元", "减少50.72%"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("budget -check lacks %q:\n%s", w, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"budget", "-data", data}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "新增或调整 78 行") {
		t.Fatalf("budget load: %d %s %s", code, out.String(), errb.String())
	}
	// An edited table records a 预算调整 of the changed line only.
	edited := filepath.Join(dir, "edited")
	os.MkdirAll(edited, 0o755)
	for _, name := range []string{"budget_units.csv", "performance_2024.csv", "budget_lines_2024.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "seeds", "budget", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "budget_lines_2024.csv" {
			b = bytes.Replace(b, []byte("鹿城一卡通清分服务费,prj.total,逐项,520,"), []byte("鹿城一卡通清分服务费,prj.total,逐项,500,"), 1)
		}
		os.WriteFile(filepath.Join(edited, name), b, 0o644)
	}
	out.Reset()
	if code := run([]string{"budget", "-data", data, "-dir", edited}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "新增或调整 1 行") {
		t.Fatalf("budget adjustment: %d %s %s", code, out.String(), errb.String())
	}
	good := filepath.Join(dir, "支付.csv")
	os.WriteFile(good, []byte("预算单位,功能分类科目编码,期间,金额（万元）\n局本级,2010401,2024年1-6月,1500\n合计,,,1500\n"), 0o644)
	for i, want := range []string{"新增 1 条", "新增 0 条，未变化 1 条"} {
		out.Reset()
		if code := run([]string{"payments", "-data", data, good}, &out, &errb); code != exitOK || !strings.Contains(out.String(), want) {
			t.Fatalf("payments %d: %d %q %s", i, code, out.String(), errb.String())
		}
	}
	if !strings.Contains(out.String(), "合计/小计行 1 行已跳过") {
		t.Errorf("total row not reported: %s", out.String())
	}
	// The service reads the adjusted budget and keeps the 年初 amount.
	db, err := embedded.Open(embedded.Config{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	st := db.Both()
	rep, _, err := budgetsvc.New(st, nil, budget.DefaultConfig(), nil).Report(context.Background(), 2024, 0, time.Time{})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rep.Lines {
		if r.Code == "prj.yikatong" {
			found = r.Budget != nil && *r.Budget == 500 && r.InitialBudget != nil && *r.InitialBudget == 520
		}
	}
	if !found {
		t.Error("一卡通: want budget 500 adjusted from 520")
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("预算单位,功能分类科目编码,期间,金额（万元）\n局本级,9990401,2024-06,1\n"), 0o644)
	out.Reset()
	if code := run([]string{"payments", "-data", data, bad}, &out, &errb); code != exitError || !strings.Contains(out.String(), "文件“bad.csv”第2行“功能分类科目编码”列（B列）") {
		t.Fatalf("bad payments: %d %s", code, out.String())
	}
}

// TestPaymentsIntoClickHouse loads the budget and a GBK payments file into
// a private ClickHouse and reads the amounts back with clickhouse-client.
func TestPaymentsIntoClickHouse(t *testing.T) {
	dsn := chtest.NewDatabase(t)
	// The workflow store (audit entries) is the embedded one beside
	// ClickHouse: keep it in the test's own directory, not ./data.
	wf := t.TempDir()
	runOK(t, "migrate", "-clickhouse", dsn, "-data", wf)
	if out := runOK(t, "budget", "-clickhouse", dsn, "-data", wf); !strings.Contains(out, "新增或调整 78 行") {
		t.Fatalf("budget: %s", out)
	}
	if n := clientCount(t, dsn, "SELECT count() FROM budget_lines WHERE year = 2024"); n != "78" {
		t.Fatalf("budget_lines = %s, want 78", n)
	}
	file := filepath.Join(t.TempDir(), "支付.csv")
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("预算单位,功能分类科目编码,经济分类科目编码,期间,金额（元）\n局本级,2010401,30217,2024年1-6月 累计,\"14,000\"\n大数据中心,2150550,30201,2024-06,150000\n"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, gbk, 0o644)
	if out := runOK(t, "payments", "-clickhouse", dsn, "-data", wf, file); !strings.Contains(out, "新增 2 条") {
		t.Fatalf("payments: %s", out)
	}
	if out := runOK(t, "payments", "-clickhouse", dsn, "-data", wf, file); !strings.Contains(out, "新增 0 条，未变化 2 条") {
		t.Fatalf("payments again: %s", out)
	}
	if v := clientCount(t, dsn, "SELECT sum(amount) FROM budget_payments"); v != "16.4" {
		t.Fatalf("sum of amounts = %s 万元, want 16.4 (14,000元 + 150,000元)", v)
	}
}

// TestNextYearsBudget loads a 2025 budget from a folder exactly as the
// README says (ingest budget -dir DIR -year 2025), with one unit renamed and
// one added, and reads it back as the product serves it: the year is listed,
// its report is built, its units are its own.
func TestNextYearsBudget(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	next := filepath.Join(dir, "我的预算表")
	os.MkdirAll(next, 0o755)
	for from, to := range map[string]string{"budget_units.csv": "budget_units.csv", "performance_2024.csv": "performance_2025.csv", "budget_lines_2024.csv": "budget_lines_2025.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "seeds", "budget", from))
		if err != nil {
			t.Fatal(err)
		}
		if from == "budget_units.csv" {
			b = bytes.Replace(b, []byte("dsj,包头市大数据中心,大数据中心,"), []byte("dsj,包头市大数据发展中心,大数据发展中心,"), 1)
			b = append(b, []byte("cyfz,包头市产业发展促进中心,产业中心,二级单位,,2025年新设\n")...)
		}
		os.WriteFile(filepath.Join(next, to), b, 0o644)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"budget", "-data", data, "-dir", next, "-year", "2025"}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "已载入") {
		t.Fatalf("budget 2025: %d %s %s", code, out.String(), errb.String())
	}
	db, err := embedded.Open(embedded.Config{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	st := db.Both()
	defer st.Close()
	svc := budgetsvc.New(st, nil, budget.DefaultConfig(), nil)
	ctx := context.Background()
	years, err := svc.Years(ctx)
	if err != nil || len(years) == 0 || years[len(years)-1] != 2025 {
		t.Fatalf("years %v %v, want 2025 last", years, err)
	}
	rep, b, err := svc.Report(ctx, 2025, 0, time.Time{})
	if err != nil {
		t.Fatalf("the 2025 budget is not served: %v", err)
	}
	if rep.Year != 2025 || len(b.Lines) != 78 || b.Lines[0].Code != "rev.total" {
		t.Errorf("2025 report year %d, first line %q", rep.Year, b.Lines[0].Code)
	}
	for code, name := range map[string]string{"dsj": "包头市大数据发展中心", "cyfz": "包头市产业发展促进中心"} {
		u, ok, err := svc.LookupUnit(ctx, code)
		if err != nil || !ok || u.Name != name {
			t.Errorf("unit %s: %+v %v %v, want %s", code, u, ok, err, name)
		}
	}
}
