package load_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/seeds"
)

func testCatalogue() *load.Catalogue {
	inds := []domain.Indicator{
		{Code: "rare_earth.output_value", Name: "稀土产业产值", Unit: "亿元", Kind: domain.Flow, Direction: domain.HigherBetter, Reporting: domain.ValueYTD},
		{Code: "industry.output_value", Name: "规上工业总产值", Unit: "亿元", Kind: domain.Flow, Direction: domain.HigherBetter, Reporting: domain.ValueYTD,
			Breakdown: []domain.UnitKind{domain.KindDistrict, domain.KindZone}},
		{Code: "industry.value_added_growth", Name: "规模以上工业增加值增速", Unit: "%", Kind: domain.Rate, Direction: domain.HigherBetter, Reporting: domain.ValueYTD,
			Breakdown: []domain.UnitKind{domain.KindDistrict}},
		{Code: "enterprise.new_count", Name: "新增规上企业", Unit: "户", Kind: domain.Flow, Direction: domain.HigherBetter, Reporting: domain.ValueYTD},
		{Code: "steel.capacity", Name: "钢铁产能", Unit: "万吨", Kind: domain.Stock, Direction: domain.HigherBetter, Reporting: domain.ValuePeriod},
		{Code: "project.silicon", Name: "硅项目建设", Unit: "阶段", Kind: domain.Milestone, Direction: domain.HigherBetter, Reporting: domain.ValuePeriod,
			Stages: []string{"开工", "主体完工", "建成投产"}},
		{Code: "park.tier_1000", Name: "超千亿元园区个数", Unit: "个", Kind: domain.TierCount, Direction: domain.HigherBetter, Reporting: domain.ValueYTD,
			TierOf: "park.output_value", TierMin: 1000},
	}
	units := []domain.OrgUnit{
		{Code: "150200", Name: "包头市", ShortName: "包头", Kind: domain.KindCity},
		{Code: "150202", Name: "东河区", Kind: domain.KindDistrict, Parent: "150200"},
		{Code: "150203", Name: "昆都仑区", ShortName: "昆区", Kind: domain.KindDistrict, Parent: "150200"},
		{Code: "P01", Name: "金属材料产业园区", Kind: domain.KindPark},
	}
	return load.NewCatalogue(inds, units)
}

func openStore(t *testing.T) embedded.Combined {
	t.Helper()
	db, err := embedded.Open(embedded.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	st := db.Both()
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return st
}

func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

var (
	t1 = time.Date(2024, 6, 10, 9, 0, 0, 0, time.UTC)
	t2 = time.Date(2024, 6, 20, 9, 0, 0, 0, time.UTC)
)

func current(t *testing.T, st embedded.Combined, asOf time.Time) map[string]domain.Observation {
	t.Helper()
	obs, err := st.CurrentObservations(context.Background(), store.ObsFilter{AsOf: asOf})
	if err != nil {
		t.Fatalf("current observations: %v", err)
	}
	out := map[string]domain.Observation{}
	for _, o := range obs {
		out[fmt.Sprintf("%s|%s|%s|%s", o.Indicator, o.OrgUnit, o.Period, o.ValueType)] = o
	}
	return out
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadGBKCSVInto亿元(t *testing.T) {
	st := openStore(t)
	l := load.New(st, testCatalogue())
	path := "testdata/rare_earth_gbk.csv"
	sum, err := l.LoadFile(context.Background(), path, load.Options{RecordedBy: "analyst", Now: fixed(t1)})
	if err != nil {
		t.Fatalf("LoadFile: %v\n%s", err, sum.Text())
	}
	if sum.Read != 3 || sum.Loaded != 3 || sum.Rejected != 0 {
		t.Errorf("summary read %d loaded %d rejected %d, want 3/3/0", sum.Read, sum.Loaded, sum.Rejected)
	}
	got := current(t, st, time.Time{})
	o, ok := got["rare_earth.output_value|150200|2024-01~05|ytd"]
	if !ok {
		t.Fatalf("no 1-5月 累计 observation; have %v", got)
	}
	if o.Value != 452 || o.SubmittedValue != 4520000 || o.SubmittedUnit != "万元" {
		t.Errorf("1-5月 = %v 亿元 (submitted %v %s), want 452 亿元 from 4520000 万元", o.Value, o.SubmittedValue, o.SubmittedUnit)
	}
	if o.Note != "新增产能释放" || o.Source != "rare_earth_gbk.csv" || o.RecordedBy != "analyst" || o.BatchID != sum.BatchID {
		t.Errorf("provenance = note %q source %q by %q batch %q", o.Note, o.Source, o.RecordedBy, o.BatchID)
	}
	raw, _ := os.ReadFile(path)
	h := sha256.Sum256(raw)
	batches, err := st.ListBatches(context.Background(), 0)
	if err != nil || len(batches) != 1 {
		t.Fatalf("batches = %v, %v", batches, err)
	}
	b := batches[0]
	if b.Checksum != hex.EncodeToString(h[:]) || b.Loaded != 3 || b.Read != 3 || b.Source != "rare_earth_gbk.csv" || b.By != "analyst" || b.Kind != "actuals" {
		t.Errorf("batch = %+v", b)
	}
}

func mergedXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	s := "Sheet1"
	cells := map[string]any{
		"A1": "2024年3月规上工业总产值", "A2": "指标名称", "B2": "旗县区", "C2": "期间", "D2": "数值（万元）",
		"D3": "当月", "E3": "累计",
		"A4": "规上工业总产值", "B4": "东河区", "C4": "2024年3月", "D4": 100000, "E4": 280000,
		"A5": "规上工业总产值", "B5": "昆都仑区", "C5": "2024年3月", "D5": "1,250,000", "E5": "—",
	}
	for c, v := range cells {
		if err := f.SetCellValue(s, c, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "E1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "E2"}} {
		if err := f.MergeCell(s, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLoadFormats(t *testing.T) {
	bom, err := os.ReadFile("testdata/districts_bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		file    string
		data    []byte
		want    map[string]float64
		missing int
	}{
		{
			name: "UTF-8 BOM CSV with units per row and a 昆区 short name",
			file: "districts_bom.csv", data: bom,
			want: map[string]float64{
				"industry.output_value|150202|2024-03|period": 12.5,
				"industry.output_value|150203|2024-03|period": 18.3,
			},
			missing: 1,
		},
		{
			name: "XLSX with 数值（万元） merged over 当月 and 累计",
			file: "template.xlsx", data: mergedXLSX(t),
			want: map[string]float64{
				"industry.output_value|150202|2024-03|period": 10,
				"industry.output_value|150202|2024-01~03|ytd": 28,
				"industry.output_value|150203|2024-03|period": 125,
			},
			missing: 1,
		},
		{
			name: "JSON rows with Chinese keys and string numbers",
			file: "api.json",
			data: []byte(`{"rows":[
				{"指标代码":"industry.value_added_growth","地区":"150202","期间":"2024年1-3月","数值":"8.5%"},
				{"指标代码":"enterprise.new_count","地区":"包头市","期间":"2024Q1","数值":12,"口径":"当月"},
				{"指标代码":"project.silicon","地区":"包头市","期间":"2024-03","数值":"主体完工"},
				{"指标代码":"industry.output_value","地区":"东河区","期间":"2024年1-2月","数值":"30","口径":"当月"}]}`),
			want: map[string]float64{
				"industry.value_added_growth|150202|2024-01~03|ytd": 8.5,
				"enterprise.new_count|150200|2024-01~03|period":     12,
				"project.silicon|150200|2024-03|period":             2,
				"industry.output_value|150202|2024-01~02|period":    30,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			l := load.New(st, testCatalogue())
			sum, err := l.LoadFile(context.Background(), writeFile(t, tt.file, tt.data), load.Options{Now: fixed(t1)})
			if err != nil {
				t.Fatalf("LoadFile: %v\n%s", err, summaryText(sum))
			}
			got := current(t, st, time.Time{})
			if len(got) != len(tt.want) {
				t.Errorf("stored %d observations %v, want %d", len(got), got, len(tt.want))
			}
			for k, v := range tt.want {
				o, ok := got[k]
				if !ok {
					t.Errorf("missing %s", k)
					continue
				}
				if o.Value < v-1e-9 || o.Value > v+1e-9 {
					t.Errorf("%s = %v, want %v", k, o.Value, v)
				}
			}
			if sum.MissingSkipped != tt.missing || sum.Loaded != len(tt.want) {
				t.Errorf("loaded %d missing %d, want %d and %d", sum.Loaded, sum.MissingSkipped, len(tt.want), tt.missing)
			}
		})
	}
}

func summaryText(s *load.Summary) string {
	if s == nil {
		return ""
	}
	return s.Text()
}

const goodCSV = "指标名称,地区,期间,数值（万元）\n" +
	"稀土产业产值,包头市,2024年1-3月,\"2,600,000\"\n" +
	"稀土产业产值,包头市,2024年1-4月,\"3,500,000\"\n" +
	"稀土产业产值,包头市,2024年1-5月,\"4,520,000\"\n"

func TestBadRowLoadsNothing(t *testing.T) {
	st := openStore(t)
	l := load.New(st, testCatalogue())
	bad := strings.Replace(goodCSV, "\"3,500,000\"", "12a", 1)
	sum, err := l.LoadFile(context.Background(), writeFile(t, "bad.csv", []byte(bad)), load.Options{Now: fixed(t1)})
	if !errors.Is(err, load.ErrRejected) {
		t.Fatalf("err = %v, want ErrRejected", err)
	}
	if got, want := msg.Text(err), "数据有错误或需补充说明，未导入任何数据"; got != want {
		t.Errorf("msg.Text = %q, want %q", got, want)
	}
	if got := len(current(t, st, time.Time{})); got != 0 {
		t.Errorf("%d observations written, want none", got)
	}
	if sum.Loaded != 0 || sum.Rejected != 1 || len(sum.Errors) != 1 {
		t.Fatalf("summary = %+v", sum)
	}
	e := sum.Errors[0]
	want := "文件“bad.csv”第3行“数值（万元）”列（D列）：无法识别的数字“12a”"
	if e.Row != 3 || e.Column != "D" || !strings.HasPrefix(e.String(), want) {
		t.Errorf("error = %q (row %d col %s), want it to start with %q", e.String(), e.Row, e.Column, want)
	}
	if !strings.Contains(sum.Text(), "未导入任何数据") {
		t.Errorf("summary text does not say nothing was loaded:\n%s", sum.Text())
	}
	if bs, _ := st.ListBatches(context.Background(), 0); len(bs) != 0 {
		t.Errorf("a rejected file recorded batches %v", bs)
	}
}

func TestLoadTwiceAndCorrect(t *testing.T) {
	st := openStore(t)
	l := load.New(st, testCatalogue())
	ctx := context.Background()
	path := writeFile(t, "re.csv", []byte(goodCSV))
	if _, err := l.LoadFile(ctx, path, load.Options{Now: fixed(t1)}); err != nil {
		t.Fatal(err)
	}
	again, err := l.LoadFile(ctx, path, load.Options{Now: fixed(t1.Add(time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	if again.Loaded != 0 || again.Unchanged != 3 {
		t.Errorf("second load: loaded %d unchanged %d, want 0 and 3", again.Loaded, again.Unchanged)
	}
	hist, _ := st.ObservationHistory(ctx, "rare_earth.output_value", "150200", 2024)
	if len(hist) != 3 {
		t.Errorf("history has %d rows after loading twice, want 3", len(hist))
	}

	corrected := strings.Replace(goodCSV, "\"4,520,000\"", "\"4,610,000\"", 1)
	fix, err := l.LoadFile(ctx, writeFile(t, "re_v2.csv", []byte(corrected)), load.Options{Now: fixed(t2)})
	if err != nil {
		t.Fatalf("corrected load: %v\n%s", err, summaryText(fix))
	}
	if fix.Loaded != 1 || fix.Unchanged != 2 {
		t.Errorf("corrected load: loaded %d unchanged %d, want 1 and 2", fix.Loaded, fix.Unchanged)
	}
	key := "rare_earth.output_value|150200|2024-01~05|ytd"
	if v := current(t, st, time.Time{})[key].Value; v != 461 {
		t.Errorf("current 1-5月 = %v, want 461", v)
	}
	if v := current(t, st, t1.Add(2*time.Hour))[key].Value; v != 452 {
		t.Errorf("as of the first load 1-5月 = %v, want 452", v)
	}
}

func TestValidationErrors(t *testing.T) {
	const head = "指标代码,地区,期间,数值,计量单位,口径\n"
	tests := []struct {
		name   string
		stored []domain.Observation
		rows   string
		row    int
		col    string
		want   string
	}{
		{"unknown indicator", nil, "rare_earth.output,包头市,2024-03,1,亿元,\n", 2, "A", "未知指标“rare_earth.output”，请使用指标目录中的指标代码或名称（是否为：稀土产业产值（rare_earth.output_value）？）"},
		{"unknown org unit", nil, "industry.output_value,西城区,2024-03,1,亿元,当月\n", 2, "B", "未知单位“西城区”"},
		{"unknown unit", nil, "industry.output_value,东河区,2024-03,1,亿美元,当月\n", 2, "E", "未知计量单位“亿美元”"},
		{"unit not convertible", nil, "industry.output_value,东河区,2024-03,1,万吨,当月\n", 2, "E", "“万吨”不能换算为指标“规上工业总产值”的单位“亿元”"},
		{"negative flow", nil, "industry.output_value,东河区,2024-03,-5,亿元,当月\n", 2, "D", "为负数"},
		{"rate out of range", nil, "industry.value_added_growth,东河区,2024年1-3月,1500,%,\n", 2, "D", "超出比率的合理范围"},
		{"milestone stage", nil, "project.silicon,包头市,2024-03,4,,\n", 2, "D", "阶段应为 1 至 3 的整数"},
		{"fractional count", nil, "enterprise.new_count,包头市,2024年1-3月,2.5,户,\n", 2, "D", "不是整数"},
		{"not reported by a district", nil, "rare_earth.output_value,东河区,2024年1-3月,1,亿元,\n", 2, "B", "不分解到旗县区"},
		{"derived tier count", nil, "park.tier_1000,包头市,2024-03,1,个,\n", 2, "A", "自动计算，不需要填报"},
		{"bad period", nil, "industry.output_value,东河区,2024年13月,1,亿元,当月\n", 2, "C", "月份不在 1-12 之间"},
		{"future period", nil, "industry.output_value,东河区,2099-03,1,亿元,当月\n", 2, "C", "尚未到来"},
		{"period ending in the future", nil, "industry.output_value,东河区,2024年1-12月,1,亿元,累计\n", 2, "C", "尚未到来"},
		{"period before 2000", nil, "industry.output_value,东河区,1999-03,1,亿元,当月\n", 2, "C", "早于 2000 年"},
		{"bad 口径", nil, "industry.output_value,东河区,2024-03,1,亿元,季度\n", 2, "F", "口径“季度”无法识别"},
		{"累计 not from January", nil, "industry.output_value,东河区,2024年4-6月,1,亿元,累计\n", 2, "F", "累计值的期间应从1月开始"},
		{"duplicate with another value", nil,
			"industry.output_value,东河区,2024-03,1,亿元,当月\nindustry.output_value,150202,2024-03,2,亿元,当月\n", 3, "D", "与第2行重复"},
		{"YTD decreasing in the file", nil,
			"industry.output_value,东河区,2024年1-3月,30,亿元,\nindustry.output_value,东河区,2024年1-4月,25,亿元,\n", 3, "D", "2024年1—4月累计值 25亿元 小于2024年1—3月累计值 30亿元（第2行）"},
		{"YTD decreasing against stored", []domain.Observation{{Indicator: "industry.output_value", OrgUnit: "150202", Period: domain.YTD(2024, 3), ValueType: domain.ValueYTD, Value: 30}},
			"industry.output_value,东河区,2024年1-4月,25,亿元,\n", 2, "D", "小于已入库的2024年1—3月累计值 30亿元"},
		{"YTD larger than a stored later month", []domain.Observation{{Indicator: "industry.output_value", OrgUnit: "150202", Period: domain.YTD(2024, 5), ValueType: domain.ValueYTD, Value: 30}},
			"industry.output_value,东河区,2024年1-4月,35,亿元,\n", 2, "D", "大于已入库的2024年1—5月累计值 30亿元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			ctx := context.Background()
			if len(tt.stored) > 0 {
				for i := range tt.stored {
					tt.stored[i].SubmittedValue, tt.stored[i].SubmittedUnit = tt.stored[i].Value, "亿元"
					tt.stored[i].RecordedAt, tt.stored[i].Source = t1.Add(-time.Hour), "seed"
				}
				if err := st.AppendObservations(ctx, tt.stored); err != nil {
					t.Fatal(err)
				}
			}
			l := load.New(st, testCatalogue())
			sum, err := l.LoadFile(ctx, writeFile(t, "x.csv", []byte(head+tt.rows)), load.Options{Now: fixed(t1)})
			if !errors.Is(err, load.ErrRejected) {
				t.Fatalf("err = %v, want ErrRejected; summary:\n%s", err, summaryText(sum))
			}
			if len(sum.Errors) != 1 {
				t.Fatalf("errors = %v, want exactly one", sum.Errors)
			}
			e := sum.Errors[0]
			t.Log(e.String())
			if e.Row != tt.row || e.Column != tt.col || !strings.Contains(e.Message, tt.want) || !strings.HasPrefix(e.String(), "文件“x.csv”第") {
				t.Errorf("error = %q (row %d col %s), want row %d col %s containing %q", e.String(), e.Row, e.Column, tt.row, tt.col, tt.want)
			}
			if n := len(current(t, st, time.Time{})); n != len(tt.stored) {
				t.Errorf("store has %d observations, want the %d stored before", n, len(tt.stored))
			}
		})
	}
}

func TestYoYWarning(t *testing.T) {
	lastYear := domain.Observation{Indicator: "industry.output_value", OrgUnit: "150202", Period: domain.YTD(2023, 3),
		ValueType: domain.ValueYTD, Value: 20, SubmittedValue: 20, SubmittedUnit: "亿元", Source: "seed", RecordedAt: t1.Add(-time.Hour)}
	const head = "指标代码,地区,期间,数值（亿元）,说明\n"
	tests := []struct {
		name     string
		row      string
		accept   bool
		loaded   bool
		wantNote string
	}{
		{"jump without explanation blocks", "industry.output_value,东河区,2024年1-3月,35,\n", false, false, ""},
		{"jump with explanation loads and keeps the note", "industry.output_value,东河区,2024年1-3月,35,新建项目投产\n", false, true, "新建项目投产"},
		{"jump accepted by the caller", "industry.output_value,东河区,2024年1-3月,35,\n", true, true, ""},
		{"ordinary growth needs nothing", "industry.output_value,东河区,2024年1-3月,25,\n", false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			ctx := context.Background()
			if err := st.AppendObservations(ctx, []domain.Observation{lastYear}); err != nil {
				t.Fatal(err)
			}
			l := load.New(st, testCatalogue())
			sum, err := l.LoadFile(ctx, writeFile(t, "y.csv", []byte(head+tt.row)), load.Options{Now: fixed(t1), AcceptWarnings: tt.accept})
			if tt.loaded != (err == nil) {
				t.Fatalf("err = %v, want loaded=%v\n%s", err, tt.loaded, summaryText(sum))
			}
			o, ok := current(t, st, time.Time{})["industry.output_value|150202|2024-01~03|ytd"]
			if ok != tt.loaded {
				t.Fatalf("observation stored = %v, want %v", ok, tt.loaded)
			}
			if ok && o.Note != tt.wantNote {
				t.Errorf("note = %q, want %q", o.Note, tt.wantNote)
			}
			if !tt.loaded {
				if len(sum.Warnings) != 1 || !strings.Contains(sum.Warnings[0].String(), "同比增长 75.0%") ||
					!strings.Contains(sum.Warnings[0].String(), "请在“说明”列写明原因") || sum.Warnings[0].Row != 2 {
					t.Errorf("warnings = %v", sum.Warnings)
				}
			}
		})
	}
}

func TestValidateForSubmissions(t *testing.T) {
	st := openStore(t)
	l := load.New(st, testCatalogue())
	recs := []parse.Record{
		{Format: parse.FormatForm, Row: 1, Indicator: parse.Cell{Text: "规上工业总产值", Col: "indicator", Header: "指标"},
			Period: parse.Cell{Text: "2024-03", Col: "period", Header: "期间"}, Value: parse.Cell{Text: "12.5", Col: "value", Header: "数值"},
			ValueType: parse.Cell{Text: "当月", Col: "vt", Header: "口径"}},
		{Format: parse.FormatForm, Row: 2, Indicator: parse.Cell{Text: "规上工业总产值", Col: "indicator", Header: "指标"},
			OrgUnit: parse.Cell{Text: "东河区", Col: "org", Header: "单位"},
			Period:  parse.Cell{Text: "2024-04", Col: "period", Header: "期间"}, Value: parse.Cell{Text: "13", Col: "value", Header: "数值"}},
	}
	plan, err := l.Validate(context.Background(), recs, load.Options{Source: "web", SubmissionID: "s1", DefaultOrgUnit: "150203", OnlyOrgUnit: "150203", Now: fixed(t1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Errors) != 1 || plan.Errors[0].String() != "填报表第2行“单位”栏：只能填报本单位（昆都仑区）的数据，不能填报“东河区”" {
		t.Fatalf("errors = %v", plan.Errors)
	}
	if len(plan.Observations) != 1 || plan.Observations[0].OrgUnit != "150203" || plan.Observations[0].SubmissionID != "s1" {
		t.Errorf("planned = %+v", plan.Observations)
	}
	if _, err := l.Commit(context.Background(), plan); !errors.Is(err, load.ErrRejected) {
		t.Errorf("commit of a plan with errors: %v", err)
	}
}

func TestProgressAndErrorCap(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("指标代码,地区,期间,数值,口径\n")
	for i := 0; i < 1200; i++ {
		v := "1"
		if i < 250 {
			v = "x"
		}
		fmt.Fprintf(&b, "industry.output_value,东河区,2023-%02d,%s,当月\n", i%12+1, v)
	}
	st := openStore(t)
	l := load.New(st, testCatalogue())
	var calls [][2]int
	sum, err := l.LoadFile(context.Background(), writeFile(t, "big.csv", b.Bytes()), load.Options{
		Now: fixed(t1), Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if !errors.Is(err, load.ErrRejected) {
		t.Fatalf("err = %v", err)
	}
	want := [][2]int{{500, 1200}, {1000, 1200}, {1200, 1200}}
	if fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("progress calls = %v, want %v", calls, want)
	}
	if len(sum.Errors) != load.DefaultMaxIssues || sum.MoreErrors != 50 || !strings.Contains(sum.Text(), "另有 50 处错误未列出") {
		t.Errorf("errors listed %d, more %d", len(sum.Errors), sum.MoreErrors)
	}
	if sum.Errors[0].Row != 2 {
		t.Errorf("first error on row %d, want 2", sum.Errors[0].Row)
	}
}

// TestLoadAgainstBuiltinCatalogue loads the GBK file against the real 2024
// catalogue: 4,520,000万元 of 稀土产业产值 is 452亿元 year-to-date.
func TestLoadAgainstBuiltinCatalogue(t *testing.T) {
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatalf("builtin catalogue: %v", err)
	}
	st := openStore(t)
	l := load.New(st, load.NewCatalogue(cat.Indicators, cat.OrgUnits))
	sum, err := l.LoadFile(context.Background(), "testdata/rare_earth_gbk.csv", load.Options{Now: fixed(t1)})
	if err != nil {
		t.Fatalf("LoadFile: %v\n%s", err, summaryText(sum))
	}
	o, ok := current(t, st, time.Time{})["rare_earth.output_value|"+domain.CityCode+"|2024-01~05|ytd"]
	if !ok || o.Value != 452 || o.Period != domain.YTD(2024, 5) || o.ValueType != domain.ValueYTD {
		t.Errorf("observation = %+v (found %v), want 452 亿元 for 2024年1—5月 累计", o, ok)
	}
}

func TestLoadPublishedYoY(t *testing.T) {
	ctx := context.Background()
	// 2024年1-7月 can be loaded once July is over.
	aug1, aug2 := time.Date(2024, 8, 10, 9, 0, 0, 0, time.UTC), time.Date(2024, 8, 20, 9, 0, 0, 0, time.UTC)
	for _, header := range []string{"yoy_pct", "同比增长", "同比", "同比增长（%）", "增速"} {
		t.Run(header, func(t *testing.T) {
			st := openStore(t)
			l := load.New(st, testCatalogue())
			csv := "指标代码,地区,期间,数值,计量单位," + header + "\n" +
				"industry.output_value,包头市,2024年1-7月,2950.4,亿元,15.1%\n" +
				"industry.output_value,昆区,2024年1-7月,900,亿元,-2.5\n" +
				"industry.output_value,东河区,2024年1-7月,300,亿元,—\n"
			if _, err := l.LoadFile(ctx, writeFile(t, "yoy.csv", []byte(csv)), load.Options{Now: fixed(aug1)}); err != nil {
				t.Fatal(err)
			}
			cur := current(t, st, time.Time{})
			for key, want := range map[string]*float64{
				"industry.output_value|150200|2024-01~07|ytd": ptrF(15.1),
				"industry.output_value|150203|2024-01~07|ytd": ptrF(-2.5),
				"industry.output_value|150202|2024-01~07|ytd": nil,
			} {
				got := cur[key].YoYPct
				switch {
				case want == nil && got != nil:
					t.Errorf("%s: 同比 %v, want none (a missing mark)", key, *got)
				case want != nil && (got == nil || *got != *want):
					t.Errorf("%s: 同比 %v, want %v", key, got, *want)
				}
			}
			// Loading the same file again changes nothing; a file with the
			// values but no 同比 column does not erase the published one.
			again, err := l.LoadFile(ctx, writeFile(t, "yoy.csv", []byte(csv)), load.Options{Now: fixed(aug2)})
			if err != nil || again.Loaded != 0 {
				t.Fatalf("second load: %v, loaded %d", err, again.Loaded)
			}
			plain := "指标代码,地区,期间,数值,计量单位\nindustry.output_value,包头市,2024年1-7月,2950.4,亿元\n"
			if s, err := l.LoadFile(ctx, writeFile(t, "plain.csv", []byte(plain)), load.Options{Now: fixed(aug2)}); err != nil || s.Loaded != 0 {
				t.Fatalf("plain load: %v, loaded %d", err, s.Loaded)
			}
		})
	}
	t.Run("a file whose only number is 增速 reads it as the rate", func(t *testing.T) {
		st := openStore(t)
		l := load.New(st, testCatalogue())
		csv := "指标代码,地区,期间,增速\nindustry.value_added_growth,包头市,2024年1-7月,15.1\n"
		if _, err := l.LoadFile(ctx, writeFile(t, "rate.csv", []byte(csv)), load.Options{Now: fixed(aug1)}); err != nil {
			t.Fatal(err)
		}
		if v := current(t, st, time.Time{})["industry.value_added_growth|150200|2024-01~07|ytd"].Value; v != 15.1 {
			t.Errorf("rate = %v, want 15.1", v)
		}
	})
	t.Run("a 同比 that is not a number is an error at its cell", func(t *testing.T) {
		st := openStore(t)
		l := load.New(st, testCatalogue())
		csv := "指标代码,地区,期间,数值,同比\nindustry.output_value,包头市,2024年1-7月,2950.4,很高\n"
		s, err := l.LoadFile(ctx, writeFile(t, "bad.csv", []byte(csv)), load.Options{Now: fixed(aug1)})
		if text := summaryText(s); err == nil || !strings.Contains(text, "同比增长“很高”不是数字") || !strings.Contains(text, "第2行") {
			t.Fatalf("err = %v, summary %s; want a 同比 error at row 2", err, text)
		}
	})
}

func ptrF(v float64) *float64 { return &v }

// TestLargeFileFindingsInFileOrder loads a file of several thousand rows
// (checked in blocks spread over the cores) with problems placed in
// different blocks: errors, unknown names, progress and counts come out as
// one pass in file order finds them, and a duplicate of the first row at
// the end of the file is caught.
func TestLargeFileFindingsInFileOrder(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("指标代码,地区,期间,数值,口径\n")
	n := 0
	special := map[int]string{ // record index → indicator or value replacement
		2500: "value:x", 3000: "ind:甲指标", 4500: "value:y", 5000: "ind:乙指标", 5500: "ind:甲指标",
	}
	var wantRows []int
	for y := 1901; y <= 2020; y++ {
		for m := 1; m <= 12; m++ {
			for _, unit := range []string{"东河区", "昆都仑区"} {
				for _, vt := range []string{"当月", "累计"} {
					ind, val := "industry.output_value", "100"
					if vt == "累计" {
						val = strconv.Itoa(100 * m)
					}
					if s, ok := special[n]; ok {
						kind, text, _ := strings.Cut(s, ":")
						if kind == "ind" {
							ind = text
						} else {
							val = text
						}
						wantRows = append(wantRows, n+2)
					}
					fmt.Fprintf(&b, "%s,%s,%d-%02d,%s,%s\n", ind, unit, y, m, val, vt)
					n++
				}
			}
		}
	}
	b.WriteString("industry.output_value,东河区,1901-01,999,当月\n") // the first row's key, another value
	n++
	wantRows = append(wantRows, n+1)
	res, err := parse.File(writeFile(t, "big.csv", b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	l := load.New(openStore(t), testCatalogue())
	p, err := l.Preview(context.Background(), res, load.Options{Now: fixed(t1), EarliestYear: 1900,
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	var gotRows []int
	for _, e := range p.Errors {
		gotRows = append(gotRows, e.Row)
	}
	if fmt.Sprint(gotRows) != fmt.Sprint(wantRows) {
		t.Errorf("error rows = %v, want %v", gotRows, wantRows)
	}
	if last := p.Errors[len(p.Errors)-1]; !strings.Contains(last.Message, "与第2行重复") {
		t.Errorf("last error = %q, want a duplicate of row 2", last.Message)
	}
	if got := fmt.Sprint(p.Unmapped); got != "[{indicator 甲指标 2} {indicator 乙指标 1}]" {
		t.Errorf("unmapped = %s", got)
	}
	if p.Read != n || p.Rejected != len(wantRows) {
		t.Errorf("read %d, rejected %d; want %d, %d", p.Read, p.Rejected, n, len(wantRows))
	}
	var want [][2]int
	for k := 500; k < n; k += 500 {
		want = append(want, [2]int{k, n})
	}
	want = append(want, [2]int{n, n})
	if fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("progress calls = %v, want %v", calls, want)
	}
	if len(p.Observations) != n-len(wantRows) {
		t.Errorf("%d observations planned, want %d", len(p.Observations), n-len(wantRows))
	}
	for k := 1; k < len(p.Origins); k++ {
		if p.Origins[k].Row <= p.Origins[k-1].Row {
			t.Fatalf("origins out of file order at %d: %v after %v", k, p.Origins[k], p.Origins[k-1])
		}
	}
}
