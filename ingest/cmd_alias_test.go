package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// An alias added with `ingest alias` is kept in the fact store's catalogue:
// a later run of the command (a new process, as after a restart) matches it.
func TestAliasSurvivesAndNeverCrossesScopes(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	runOK(t, "targets", "-data", dir)
	file := filepath.Join(t.TempDir(), "a.csv")
	writeFile(t, file, "指标名称,地区,期间,数值（亿元）\n全市规上工业产值,包头市,2024年1-3月,1500\n")
	var out, errb bytes.Buffer
	if code := run([]string{"actuals", "-data", dir, file}, &out, &errb); code == exitOK {
		t.Fatalf("an unknown name loaded: %s", out.String())
	}
	if !strings.Contains(out.String(), "未知指标“全市规上工业产值”") {
		t.Fatalf("unknown name not reported: %s", out.String())
	}
	if s := runOK(t, "alias", "-data", dir, "全市规上工业产值", "规上工业总产值"); !strings.Contains(s, "industry.output_value") {
		t.Fatalf("alias: %s", s)
	}
	if s := runOK(t, "alias", "-data", dir); !strings.Contains(s, "全市规上工业产值\tindustry.output_value") {
		t.Fatalf("alias list: %s", s)
	}
	if s := runOK(t, "actuals", "-data", dir, file); !strings.Contains(s, "新增 1 条") {
		t.Fatalf("load with the alias: %s", s)
	}
	// 工业总产值 is not 规上工业总产值: refused, with the reason.
	out.Reset()
	errb.Reset()
	if code := run([]string{"alias", "-data", dir, "工业总产值", "industry.output_value"}, &out, &errb); code == exitOK || !strings.Contains(errb.String(), "不是同一口径") {
		t.Fatalf("a cross-scope alias: %d %s %s", code, out.String(), errb.String())
	}
	runOK(t, "alias", "-data", dir, "-delete", "全市规上工业产值")
	if s := runOK(t, "alias", "-data", dir); strings.Contains(s, "全市规上工业产值") {
		t.Fatalf("deleted alias still listed: %s", s)
	}
}
