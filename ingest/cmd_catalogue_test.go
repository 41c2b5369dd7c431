package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyBuiltin copies the built-in catalogue files to a temporary folder,
// applying edit to targets_2024.csv, as an analyst editing the files would.
func copyBuiltin(t *testing.T, edit func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"org_units.csv", "indicators.csv", "targets_2024.csv"} {
		data, err := os.ReadFile(filepath.Join("..", "seeds", "catalogue", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "targets_2024.csv" {
			data = []byte(edit(string(data)))
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCatalogueJSON(t *testing.T) {
	code, out, errOut := runCmd("catalogue", "-year", "2024", "-json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var targets []map[string]any
	if err := json.Unmarshal([]byte(out), &targets); err != nil {
		t.Fatalf("stdout is not a JSON array: %v", err)
	}
	if len(targets) < 60 {
		t.Fatalf("%d targets, want >= 60", len(targets))
	}
	byCode := map[string]map[string]any{}
	for _, tg := range targets {
		for _, k := range []string{"indicator", "name", "unit", "kind", "comparator", "value", "org_unit", "source_quote", "section", "chain", "aspiration"} {
			if _, ok := tg[k]; !ok {
				t.Fatalf("target %v lacks %q", tg["indicator"], k)
			}
		}
		byCode[tg["indicator"].(string)] = tg
	}
	tests := []struct {
		code  string
		field string
		want  any
	}{
		{"industry.output_value", "value", 6000.0},
		{"industry.output_value", "aspiration", true},
		{"industry.output_value", "name", "规上工业总产值"},
		{"industry.fixed_asset_investment_growth", "comparator", "approx"},
		{"industry.fixed_asset_investment_growth", "tolerance", 2.0},
		{"innovation.first_set_equipment", "value_high", 2.0},
		{"parks.tier_1000", "kind", "tier_count"},
		{"rare_earth.motor_park_output", "org_unit", "150271"},
	}
	for _, tc := range tests {
		t.Run(tc.code+"."+tc.field, func(t *testing.T) {
			tg, ok := byCode[tc.code]
			if !ok {
				t.Fatalf("%s missing", tc.code)
			}
			if tg[tc.field] != tc.want {
				t.Errorf("%s = %v, want %v", tc.field, tg[tc.field], tc.want)
			}
		})
	}
}

func TestCatalogueTable(t *testing.T) {
	code, out, errOut := runCmd("catalogue")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"2024年目标目录", "【（二）做强两大旗帜型产业，塑造发展新优势】", "规上工业总产值", "≥ 6000 亿元", "30% 左右（±2 个百分点）", "较上年提高 2 个百分点", "达到“建成投产”", "稀土高新区"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
}

func TestCatalogueDir(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(string) string
		wantCode   int
		wantStdout string
		wantStderr []string
	}{
		{
			name:       "edited value is shown",
			edit:       func(s string) string { return strings.Replace(s, "包头市,>=,6000,", "包头市,>=,6200,", 1) },
			wantStdout: "≥ 6200 亿元",
		},
		{
			name: "broken catalogue lists what and where",
			edit: func(s string) string {
				return strings.Replace(s, "包头市,>=,6000,亿元", "包头市,大约,6000,亿元", 1)
			},
			wantCode:   1,
			wantStderr: []string{"targets_2024.csv 第3行 D列（比较方式 comparator）", "比较方式“大约”无效"},
		},
		{
			name:       "unknown org unit",
			edit:       func(s string) string { return strings.Replace(s, ",稀土高新区,", ",稀土新区,", 1) },
			wantCode:   1,
			wantStderr: []string{"targets_2024.csv", "C列（地区/单位 org_unit）", "“稀土新区”不在单位表"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyBuiltin(t, tc.edit)
			code, out, errOut := runCmd("catalogue", "-dir", dir)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.wantCode, errOut)
			}
			if tc.wantStdout != "" && !strings.Contains(out, tc.wantStdout) {
				t.Errorf("stdout lacks %q", tc.wantStdout)
			}
			for _, w := range tc.wantStderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if tc.wantCode != 0 && out != "" {
				t.Errorf("a broken catalogue printed to stdout:\n%s", out)
			}
		})
	}
}

func TestDispatcher(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no subcommand", nil, 2, "用法：ingest <子命令>"},
		{"unknown subcommand", []string{"frobnicate"}, 2, "未知的子命令“frobnicate”"},
		{"year without targets", []string{"catalogue", "-year", "2031"}, 1, "没有 2031 年的目标"},
		{"missing folder", []string{"catalogue", "-dir", "/nonexistent/catalogue"}, 1, "不存在或不是文件夹"},
		{"bad flag", []string{"catalogue", "-yaer", "2024"}, 2, "ingest catalogue"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCmd(tc.args...)
			if code != tc.wantCode || !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("exit %d stderr %q; want exit %d and %q", code, errOut, tc.wantCode, tc.wantErr)
			}
		})
	}
}
