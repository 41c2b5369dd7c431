package load_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"industrydash/internal/load"
	"industrydash/internal/parse"
	"industrydash/seeds"
)

// realCatalogue is the built-in 2024 catalogue: wide tables are read
// against the names the product really has.
func realCatalogue(t *testing.T) *load.Catalogue {
	t.Helper()
	c, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	return load.NewCatalogue(c.Indicators, c.OrgUnits)
}

// statsWorkbook is a statistics bureau's 统计月报 as it comes: sheet one has
// indicators in rows under a two-row merged header (绝对数 | 增长（%） over
// 10月 | 1—10月), a 计量单位 column in 万元, an indented "其中：" sub-row,
// a "—" in the headline row and a 注 row; sheet two has the districts in
// rows (全市, short names, 位次); sheet three is an explanation.
func statsWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	s1 := "主要指标"
	f.SetSheetName("Sheet1", s1)
	rows := [][]any{
		{"2024年1—10月包头市规模以上工业主要指标"},
		{"指标名称", "计量单位", "绝对数", nil, "增长（%）", nil},
		{nil, nil, "10月", "1—10月", "10月", "1—10月"},
		{"规模以上工业增加值", "%", "—", "—", 8.5, 12.3},
		{"规模以上工业总产值", "万元", 5203000, 50032000, 5.1, 9.8},
		{"  其中：稀土产业产值", "万元", 912000, 8800000, 20.5, 18.2},
		{"工业用电量", "亿千瓦时", 60.2, 590.8, 3.1, 4.4},
		{"利润总额", "亿元", nil, 201.3, nil, -3.2},
		{nil},
		{"注：规模以上工业增加值增速按可比价计算。"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(s1, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "F1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "D2"}, {"E2", "F2"}} {
		if err := f.MergeCell(s1, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	s2 := "分旗县区"
	if _, err := f.NewSheet(s2); err != nil {
		t.Fatal(err)
	}
	rows = [][]any{
		{"2024年1—10月各旗县区规模以上工业主要指标"},
		{"地区", "规上工业增加值", nil, "规上工业总产值（亿元）", nil},
		{nil, "增速（%）", "位次", "1—10月", "增长（%）"},
		{"全市", 12.3, "—", 5003.2, 9.8},
		{"东河区", 10.1, 5, 410.5, 6.2},
		{"昆区", 14.2, 2, 1630.0, 11.0},
		{"九原", 9.8, 6, 520.4, 7.1},
		{"达茂旗", 15.5, 1, 301.2, 16.4},
		{"稀土高新区", 13.9, 3, 980.3, 12.2},
		{"其他", nil, nil, 12.0, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(s2, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "E1"}, {"A2", "A3"}, {"B2", "C2"}, {"D2", "E2"}} {
		if err := f.MergeCell(s2, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	s3 := "说明"
	if _, err := f.NewSheet(s3); err != nil {
		t.Fatal(err)
	}
	_ = f.SetCellValue(s3, "A1", "本表数据来源于包头市统计局，增速按可比价计算。")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWideStatisticsWorkbook(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	ld := load.New(st, realCatalogue(t))
	res, err := parse.Bytes(statsWorkbook(t), "2024年10月统计月报.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ld.LoadResult(ctx, res, load.Options{Now: fixed(time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatalf("load: %v\n%s", err, sum.Text())
	}
	text := sum.Text()
	got := current(t, st, time.Time{})
	type want struct {
		key string
		val float64
		yoy float64
	}
	for _, w := range []want{
		{"industry.value_added_growth|150200|2024-10|period", 8.5, -999},
		{"industry.value_added_growth|150200|2024-01~10|ytd", 12.3, -999},
		{"industry.output_value|150200|2024-10|period", 520.3, 5.1}, // 万元 → 亿元
		{"industry.output_value|150200|2024-01~10|ytd", 5003.2, 9.8},
		{"rare_earth.output_value|150200|2024-01~10|ytd", 880, 18.2}, // the 其中 sub-row
		{"industry.electricity|150200|2024-01~10|ytd", 590.8, 4.4},
		{"industry.value_added_growth|150202|2024-01~10|ytd", 10.1, -999},
		{"industry.value_added_growth|150203|2024-01~10|ytd", 14.2, -999}, // 昆区
		{"industry.value_added_growth|150207|2024-01~10|ytd", 9.8, -999},  // 九原
		{"industry.value_added_growth|150223|2024-01~10|ytd", 15.5, -999}, // 达茂旗
		{"industry.value_added_growth|150271|2024-01~10|ytd", 13.9, -999}, // 稀土高新区
		{"industry.output_value|150203|2024-01~10|ytd", 1630, 11.0},
	} {
		o, ok := got[w.key]
		if !ok {
			t.Errorf("missing %s\n%s", w.key, text)
			continue
		}
		if d := o.Value - w.val; d > 1e-6 || d < -1e-6 {
			t.Errorf("%s = %v, want %v", w.key, o.Value, w.val)
		}
		if w.yoy != -999 && (o.YoYPct == nil || *o.YoYPct != w.yoy) {
			t.Errorf("%s published 同比 %v, want %v", w.key, o.YoYPct, w.yoy)
		}
	}
	for k := range got {
		if strings.Contains(k, "位次") || strings.HasPrefix(k, "industry.output_value|150200|2024-01~10|ytd") && got[k].Value != 5003.2 {
			t.Errorf("unexpected %s", k)
		}
	}
	for _, want := range []string{
		"工作表“说明”未读取",
		"工作表“主要指标”已读取",
		"工作表“分旗县区”已读取",
		"位次",
		"利润总额",        // not in the catalogue: listed, not refused
		"其他",          // not a unit: listed
		"第4行",         // the "—" of the headline row, named by row
		"规模以上工业增加值增速", // where its growth went
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	t.Log(text)
	// Loading the same workbook again adds nothing.
	again, err := ld.LoadResult(ctx, res, load.Options{Now: fixed(time.Date(2024, 11, 21, 9, 0, 0, 0, time.UTC))})
	if err != nil || again.Loaded != 0 {
		t.Errorf("second load: %v %+v", err, again)
	}
}

// A different bureau's shape, as a GBK CSV: one header row (本月 | 1—10月累计
// | 同比增长（%）), the period only in the title, values in 亿元, a 序号 column.
func TestWideStatisticsCSVGBK(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	ld := load.New(st, realCatalogue(t))
	csv := `包头市2024年1-9月工业经济主要指标
序号,指标,单位,本月,1-9月累计,同比增长(%)
1,规上工业总产值,亿元,480.1,4483.0,9.1
2,规模以上工业增加值增速,%,,11.8,
3,工业固定资产投资,亿元,,300.5,-2.0
4,工业总产值,亿元,,5100,3.0
说明：工业总产值为全口径。
`
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	res, err := parse.Bytes(b, "月报.csv")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ld.LoadResult(ctx, res, load.Options{Now: fixed(time.Date(2024, 10, 20, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatalf("%v\n%s", err, sum.Text())
	}
	got := current(t, st, time.Time{})
	if o := got["industry.output_value|150200|2024-01~09|ytd"]; o.Value != 4483 || o.YoYPct == nil || *o.YoYPct != 9.1 {
		t.Errorf("总产值 1—9月 %+v", o)
	}
	if o := got["industry.output_value|150200|2024-09|period"]; o.Value != 480.1 {
		t.Errorf("总产值 9月 %+v (a 本月 column is the month's own value)", o)
	}
	if o := got["industry.value_added_growth|150200|2024-01~09|ytd"]; o.Value != 11.8 {
		t.Errorf("增加值增速 %+v", o)
	}
	text := sum.Text()
	// 工业总产值 is not 规上工业总产值; 工业固定资产投资 is an amount, not the
	// growth indicator: neither is loaded as another quantity.
	for k := range got {
		if strings.HasPrefix(k, "industry.fixed_asset_investment_growth") {
			t.Errorf("工业固定资产投资 (an amount) loaded as %s", k)
		}
	}
	if len(got) != 3 {
		t.Errorf("loaded %d values, want 3:\n%s", len(got), text)
	}
	for _, want := range []string{"工业总产值", "工业固定资产投资"} {
		if !strings.Contains(text, "指标目录中没有“"+want+"”") {
			t.Errorf("summary does not list %s:\n%s", want, text)
		}
	}
}

func TestAliasesNeverCrossScopes(t *testing.T) {
	c := realCatalogue(t)
	for name, code := range map[string]string{
		"规模以上工业总产值":    "industry.output_value",
		"规上工业增加值增长":    "industry.value_added_growth",
		"规模以上工业增加值增长率": "industry.value_added_growth",
		"规上 工业 总产值":    "industry.output_value",
		"规上工业总产值（亿元）":  "industry.output_value",
		"工业固定资产投资增速":   "industry.fixed_asset_investment_growth",
	} {
		if ind, ok := c.Indicator(name); !ok || ind.Code != code {
			t.Errorf("%s → %v %v, want %s", name, ind.Code, ok, code)
		}
	}
	for _, name := range []string{"工业总产值", "固定资产投资增速", "固定资产投资", "工业增加值增速"} {
		if ind, ok := c.Indicator(name); ok {
			t.Errorf("%s matched %s across scopes", name, ind.Code)
		}
	}
	if r, ok := c.RateFor("规模以上工业增加值"); !ok || r.Code != "industry.value_added_growth" {
		t.Errorf("rate for 规模以上工业增加值: %v %v", r.Code, ok)
	}
}

// A third shape: regions in rows with a table-wide "单位：亿元" line, the
// period in a 1-10月份 header, names written as contractions (白云矿区).
func TestWideRegionsWithUnitLine(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	ld := load.New(st, realCatalogue(t))
	csv := `2024年各旗县区工业主要指标
单位：亿元
旗县区,规上工业总产值,,规上工业增加值增速(%)
,1-10月份,比上年同期增长(%),1-10月份
包头市,5003.2,9.8,12.3
白云矿区,120.5,3.3,4.1
青山区,800.0,—,7.7
`
	res, err := parse.Bytes([]byte(csv), "分地区.csv")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ld.LoadResult(ctx, res, load.Options{Now: fixed(time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatalf("%v\n%s", err, sum.Text())
	}
	got := current(t, st, time.Time{})
	if o := got["industry.output_value|150206|2024-01~10|ytd"]; o.Value != 120.5 || o.YoYPct == nil || *o.YoYPct != 3.3 {
		t.Errorf("白云矿区 总产值 %+v\n%s", o, sum.Text())
	}
	if o := got["industry.value_added_growth|150204|2024-01~10|ytd"]; o.Value != 7.7 {
		t.Errorf("青山区 增速 %+v", o)
	}
	if o := got["industry.output_value|150204|2024-01~10|ytd"]; o.Value != 800 || o.YoYPct != nil {
		t.Errorf("青山区 总产值 %+v (its growth is “—”)", o)
	}
	if !strings.Contains(sum.Text(), "第7行") {
		t.Errorf("the “—” growth of 青山区 is not listed:\n%s", sum.Text())
	}
}
