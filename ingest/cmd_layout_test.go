package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"industrydash/internal/testenv/chtest"
)

// A layout saved from October's table applies to November's of the same
// shape with no flag, and by name with -layout.
func TestLayoutAppliesNextMonth(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	runOK(t, "targets", "-data", dir)
	oct := filepath.Join(t.TempDir(), "10月.csv")
	writeFile(t, oct, "2024年1—10月全市工业主要指标\n指标名称,计量单位,1—10月,增长(%)\n规上工业产值（现价）,亿元,5003.2,9.8\n")
	nov := filepath.Join(t.TempDir(), "11月.csv")
	writeFile(t, nov, "2024年1—11月全市工业主要指标\n指标名称,计量单位,1—11月,增长(%)\n规上工业产值（现价）,亿元,5510.0,9.6\n")
	// Without a layout the name is listed, not loaded.
	if s := runOK(t, "actuals", "-data", dir, oct); !strings.Contains(s, "指标目录中没有“规上工业产值(现价)”") || !strings.Contains(s, "新增 0 条") {
		t.Fatalf("before the layout: %s", s)
	}
	if s := runOK(t, "layout", "-data", dir, "-save", "统计月报", "-map", "规上工业产值（现价）=industry.output_value", oct); !strings.Contains(s, "已保存导入模板“统计月报”") {
		t.Fatalf("save: %s", s)
	}
	if s := runOK(t, "actuals", "-data", dir, oct); !strings.Contains(s, "新增 1 条") || !strings.Contains(s, "按导入模板“统计月报”") {
		t.Fatalf("October with its layout: %s", s)
	}
	// November's file, same shape, other months: applied with no flag.
	if s := runOK(t, "actuals", "-data", dir, nov); !strings.Contains(s, "新增 1 条") || !strings.Contains(s, "按导入模板“统计月报”") {
		t.Fatalf("November: %s", s)
	}
	if s := runOK(t, "actuals", "-data", dir, "-layout", "统计月报", nov); !strings.Contains(s, "未变化 1 条") {
		t.Fatalf("-layout: %s", s)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"actuals", "-data", dir, "-layout", "没有这个", nov}, &out, &errb); code == exitOK || !strings.Contains(errb.String(), "没有名为“没有这个”的导入模板") {
		t.Fatalf("unknown layout: %d %s", code, errb.String())
	}
	if s := runOK(t, "layout", "-data", dir); !strings.Contains(s, "统计月报") {
		t.Fatalf("list: %s", s)
	}
}

// The same on ClickHouse: a statistics table with an alias and a saved
// layout, read back with the real clickhouse-client.
func TestWideTableAliasAndLayoutOnClickHouse(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir()) // the audit log's embedded store
	dsn := chtest.NewDatabase(t)
	runOK(t, "migrate", "-clickhouse", dsn)
	runOK(t, "targets", "-clickhouse", dsn)
	runOK(t, "alias", "-clickhouse", dsn, "全市规上工业产值", "industry.output_value")
	oct := filepath.Join(t.TempDir(), "10月.csv")
	writeFile(t, oct, "2024年1—10月包头市工业主要指标\n指标名称,计量单位,1—10月,增长(%)\n全市规上工业产值,万元,50032000,9.8\n规模以上工业增加值,%,—,12.3\n工业用电量(现价),亿千瓦时,590.8,4.4\n")
	runOK(t, "layout", "-clickhouse", dsn, "-save", "月报", "-map", "工业用电量(现价)=industry.electricity", oct)
	out := runOK(t, "actuals", "-clickhouse", dsn, oct)
	if !strings.Contains(out, "新增 3 条") {
		t.Fatalf("load: %s", out)
	}
	if v := clientCount(t, dsn, "SELECT value FROM observation_rows WHERE indicator = 'industry.output_value'"); v != "5003.2" {
		t.Errorf("规上工业总产值 = %s, want 5003.2 (亿元, from 万元)", v)
	}
	if v := clientCount(t, dsn, "SELECT value FROM observation_rows WHERE indicator = 'industry.value_added_growth'"); v != "12.3" {
		t.Errorf("增加值增速 = %s, want 12.3", v)
	}
	if n := clientCount(t, dsn, "SELECT count() FROM catalogue_entries"); n != "2" {
		t.Errorf("catalogue entries = %s, want 2 (the alias and the layout)", n)
	}
}
