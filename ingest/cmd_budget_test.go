package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("预算单位,功能分类科目编码,期间,金额（万元）\n局本级,9990401,2024-06,1\n"), 0o644)
	out.Reset()
	if code := run([]string{"payments", "-data", data, bad}, &out, &errb); code != exitError || !strings.Contains(out.String(), "文件“bad.csv”第2行“功能分类科目编码”列（B列）") {
		t.Fatalf("bad payments: %d %s", code, out.String())
	}
}
