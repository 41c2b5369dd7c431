package parse_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode GBK: %v", err)
	}
	return b
}

// rec is the part of a record the tests compare.
type rec struct {
	row                                  int
	ind, org, period, value, unit, vt    string
	valueCol, valueHeader, hdrUnit, note string
	hdrVT                                domain.ValueType
}

func simplify(r parse.Record) rec {
	ind := r.Indicator.Text
	if ind == "" {
		ind = r.IndicatorName.Text
	}
	return rec{row: r.Row, ind: ind, org: r.OrgUnit.Text, period: r.Period.Text, value: r.Value.Text,
		unit: r.Unit.Text, vt: r.ValueType.Text, valueCol: r.Value.Col, valueHeader: r.Value.Header,
		hdrUnit: r.HeaderUnit, note: r.Note.Text, hdrVT: r.HeaderValueType}
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		data     []byte
		encoding string
		want     []rec
		ignored  []string
	}{
		{
			name: "GBK with a title row and Chinese headers",
			file: "稀土.csv",
			data: gbk(t, "2024年稀土产业产值（分月累计）\n指标名称,地区,期间,数值（万元）,填报人\n稀土产业产值,包头市,2024年1-5月,\"4,520,000\",张三\n,,,,\n"),
			want: []rec{{row: 3, ind: "稀土产业产值", org: "包头市", period: "2024年1-5月", value: "4,520,000",
				valueCol: "D", valueHeader: "数值（万元）", hdrUnit: "万元"}},
			encoding: "GB18030",
			ignored:  []string{"填报人"},
		},
		{
			name:     "UTF-8 with BOM, canonical headers, quoted note with a newline",
			file:     "a.csv",
			data:     append([]byte{0xEF, 0xBB, 0xBF}, []byte("indicator,org_unit,period,value,unit,value_type,note\nx.y,150202,2024-03,12.5,亿元,当月,\"新投产\n两条线\"\nx.y,150202,2024-04,13,亿元,当月,\n")...),
			encoding: "UTF-8 BOM",
			want: []rec{
				{row: 2, ind: "x.y", org: "150202", period: "2024-03", value: "12.5", unit: "亿元", vt: "当月", valueCol: "D", valueHeader: "value", note: "新投产\n两条线"},
				{row: 3, ind: "x.y", org: "150202", period: "2024-04", value: "13", unit: "亿元", vt: "当月", valueCol: "D", valueHeader: "value"},
			},
		},
		{
			name:     "tab separated with thousands separators in values",
			file:     "b.txt",
			data:     []byte("指标代码\t旗县区\t月份\t本月\t累计\nx.y\t东河区\t2024-03\t1,200\t3,400\n"),
			encoding: "UTF-8",
			want: []rec{
				{row: 2, ind: "x.y", org: "东河区", period: "2024-03", value: "1,200", valueCol: "D", valueHeader: "本月", hdrVT: domain.ValuePeriod},
				{row: 2, ind: "x.y", org: "东河区", period: "2024-03", value: "3,400", valueCol: "E", valueHeader: "累计", hdrVT: domain.ValueYTD},
			},
		},
		{
			name:     "semicolon separated",
			file:     "c.csv",
			data:     []byte("指标;地区;期间;数值\nA;包头市;2024-03;1\n"),
			encoding: "UTF-8",
			want:     []rec{{row: 2, ind: "A", org: "包头市", period: "2024-03", value: "1", valueCol: "D", valueHeader: "数值"}},
		},
		{
			name:     "单位 holding measure units is the unit column",
			file:     "d.csv",
			data:     []byte("指标名称,地区,单位,期间,数值\nA,东河区,万元,2024-03,1\nB,东河区,亿元,2024-03,2\n"),
			encoding: "UTF-8",
			want: []rec{
				{row: 2, ind: "A", org: "东河区", unit: "万元", period: "2024-03", value: "1", valueCol: "E", valueHeader: "数值"},
				{row: 3, ind: "B", org: "东河区", unit: "亿元", period: "2024-03", value: "2", valueCol: "E", valueHeader: "数值"},
			},
		},
		{
			name:     "单位 holding unit names is the org unit column",
			file:     "e.csv",
			data:     []byte("指标名称,单位,期间,数值\nA,东河区,2024-03,1\n"),
			encoding: "UTF-8",
			want:     []rec{{row: 2, ind: "A", org: "东河区", period: "2024-03", value: "1", valueCol: "D", valueHeader: "数值"}},
		},
		{
			name:     "two-row CSV header: 数值（万元） over 当月 and 累计",
			file:     "f.csv",
			data:     []byte("指标名称,地区,期间,数值（万元）,\n,,,当月,累计\nA,东河区,2024-03,10,30\n"),
			encoding: "UTF-8",
			want: []rec{
				{row: 3, ind: "A", org: "东河区", period: "2024-03", value: "10", valueCol: "D", valueHeader: "数值（万元）/当月", hdrUnit: "万元", hdrVT: domain.ValuePeriod},
				{row: 3, ind: "A", org: "东河区", period: "2024-03", value: "30", valueCol: "E", valueHeader: "数值（万元）/累计", hdrUnit: "万元", hdrVT: domain.ValueYTD},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := parse.Read(bytes.NewReader(tt.data), tt.file)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if res.Encoding != tt.encoding {
				t.Errorf("encoding = %q, want %q", res.Encoding, tt.encoding)
			}
			var got []rec
			for _, r := range res.Records {
				got = append(got, simplify(r))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d records %+v, want %d %+v", len(got), got, len(tt.want), tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("record %d = %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
			var ign []string
			for _, c := range res.Ignored {
				ign = append(ign, c.Header)
			}
			if strings.Join(ign, ",") != strings.Join(tt.ignored, ",") {
				t.Errorf("ignored = %v, want %v", ign, tt.ignored)
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		wantMsg    []string
	}{
		{"no header", "x.csv", []byte("a,b,c\n1,2,3\n"), []string{"文件“x.csv”", "没有找到表头"}},
		{"missing value column", "x.csv", []byte("指标名称,地区,期间\nA,东河区,2024-03\n"), []string{"缺少必需的列", "数值"}},
		{"old xls", "x.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3}, []string{"另存为 .xlsx"}},
		{"broken xlsx", "x.xlsx", []byte("PK\x03\x04garbage"), []string{"不是有效的 .xlsx"}},
		{"bad json", "x.json", []byte("[{\"period\": 1,}]"), []string{"不是有效的 JSON", "第1行"}},
		{"json scalar", "x.json", []byte("42"), []string{"对象数组"}},
		{"empty", "x.csv", []byte("  \n"), []string{"文件是空的"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse.Read(bytes.NewReader(tt.data), tt.file)
			var fe *parse.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error = %v, want a *FileError", err)
			}
			for _, w := range tt.wantMsg {
				if !strings.Contains(msg.Text(err), w) {
					t.Errorf("message %q lacks %q", msg.Text(err), w)
				}
			}
		})
	}
}

// mergedWorkbook builds a district template: a title row merged across the
// table, a header whose 数值（万元） cell is merged over 当月 | 累计, the
// first three headers merged vertically, and a district merged over two rows.
func mergedWorkbook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "数据"); err != nil {
		t.Fatal(err)
	}
	s := "数据"
	set := func(cell string, v any) {
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell(s, a, b); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "2024年1-3月稀土产业产值填报表")
	merge("A1", "F1")
	set("A2", "指标名称")
	set("B2", "地区")
	set("C2", "期间")
	set("D2", "数值（万元）")
	set("F2", "说明")
	merge("A2", "A3")
	merge("B2", "B3")
	merge("C2", "C3")
	merge("D2", "E2")
	merge("F2", "F3")
	set("D3", "当月")
	set("E3", "累计")
	set("A4", "稀土产业产值")
	set("B4", "包头市")
	set("C4", "2024年3月")
	set("D4", 1500000.25)
	set("E4", 4200000)
	set("F4", "新增产能释放")
	set("A5", "稀土产业产值")
	set("C5", "2024-02")
	set("D5", 1400000)
	set("E5", "—")
	merge("B4", "B5")
	set("A7", "注：数据来源于统计局")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSXMergedHeaders(t *testing.T) {
	res, err := parse.Read(bytes.NewReader(mergedWorkbook(t)), "template.xlsx")
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if res.Sheet != "数据" || res.HeaderRow != 2 || res.BlankRows != 2 {
		t.Errorf("sheet %q header row %d blank rows %d, want 数据, 2 and 2 (row 6 and the footnote)", res.Sheet, res.HeaderRow, res.BlankRows)
	}
	want := []rec{
		{row: 4, ind: "稀土产业产值", org: "包头市", period: "2024年3月", value: "1500000.25", valueCol: "D", valueHeader: "数值（万元）/当月", hdrUnit: "万元", hdrVT: domain.ValuePeriod, note: "新增产能释放"},
		{row: 4, ind: "稀土产业产值", org: "包头市", period: "2024年3月", value: "4200000", valueCol: "E", valueHeader: "数值（万元）/累计", hdrUnit: "万元", hdrVT: domain.ValueYTD, note: "新增产能释放"},
		{row: 5, ind: "稀土产业产值", org: "包头市", period: "2024-02", value: "1400000", valueCol: "D", valueHeader: "数值（万元）/当月", hdrUnit: "万元", hdrVT: domain.ValuePeriod},
		{row: 5, ind: "稀土产业产值", org: "包头市", period: "2024-02", value: "—", valueCol: "E", valueHeader: "数值（万元）/累计", hdrUnit: "万元", hdrVT: domain.ValueYTD},
	}
	if len(res.Records) != len(want) {
		t.Fatalf("got %d records: %+v", len(res.Records), res.Records)
	}
	for i, r := range res.Records {
		if got := simplify(r); got != want[i] {
			t.Errorf("record %d = %+v\nwant %+v", i, got, want[i])
		}
	}
	where := res.Records[1].Where(res.Records[1].Value)
	if want := "文件“template.xlsx”工作表“数据”第4行“数值（万元）/累计”列（E列）"; where != want {
		t.Errorf("Where = %q, want %q", where, want)
	}
}

func TestReadXLSXGroupHeaderAndDates(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	s := "Sheet1"
	for cell, v := range map[string]any{
		"A1": "指标", "C1": "地区", "D1": "期间", "E1": "增速(%)",
		"A2": "代码", "B2": "名称",
		"A3": "industry.value_added_growth", "B3": "规模以上工业增加值增速", "C3": "150202", "E3": 0.153,
	} {
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "B1"}, {"C1", "C2"}, {"D1", "D2"}, {"E1", "E2"}} {
		if err := f.MergeCell(s, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	// A date-typed period cell shown as 3/1/24, and a percent-formatted value.
	if err := f.SetCellValue(s, "D3", 45352); err != nil {
		t.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	_ = f.SetCellStyle(s, "D3", "D3", dateStyle)
	_ = f.SetCellStyle(s, "E3", "E3", pctStyle)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	res, err := parse.Read(bytes.NewReader(buf.Bytes()), "g.xlsx")
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(res.Records) != 1 {
		t.Fatalf("records = %+v", res.Records)
	}
	r := res.Records[0]
	if r.Indicator.Text != "industry.value_added_growth" || r.IndicatorName.Text != "规模以上工业增加值增速" {
		t.Errorf("indicator cells = %+v / %+v", r.Indicator, r.IndicatorName)
	}
	if r.Indicator.Header != "指标/代码" {
		t.Errorf("indicator header = %q, want 指标/代码", r.Indicator.Header)
	}
	if r.Period.Text != "2024-03" {
		t.Errorf("period = %q, want 2024-03 from the date serial", r.Period.Text)
	}
	n, err := parse.ParseNumber(r.Value.Text, domain.BuiltinUnits())
	if err != nil || n.Unit != "%" || n.Value < 15.29 || n.Value > 15.31 {
		t.Errorf("value %q → %+v, %v; want 15.3%%", r.Value.Text, n, err)
	}
	if r.HeaderUnit != "%" {
		t.Errorf("header unit = %q", r.HeaderUnit)
	}
}

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []rec
	}{
		{
			name: "array with canonical keys and a JSON number",
			data: `[{"indicator":"x.y","org_unit":"150202","period":"2024-03","value":12.5,"unit":"亿元"},{"indicator":"x.y","org_unit":"150202","period":"2024-04","value":"1,300","note":"含新项目"}]`,
			want: []rec{
				{row: 1, ind: "x.y", org: "150202", period: "2024-03", value: "12.5", unit: "亿元", valueCol: "value", valueHeader: "value"},
				{row: 2, ind: "x.y", org: "150202", period: "2024-04", value: "1,300", valueCol: "value", valueHeader: "value", note: "含新项目"},
			},
		},
		{
			name: "rows object with Chinese keys",
			data: `{"rows":[{"指标名称":"稀土产业产值","地区":"包头市","期间":"2024年1-5月","数值（万元）":4520000,"口径":"累计"}]}`,
			want: []rec{{row: 1, ind: "稀土产业产值", org: "包头市", period: "2024年1-5月", value: "4520000", vt: "累计", valueCol: "数值（万元）", valueHeader: "数值（万元）", hdrUnit: "万元"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := parse.Read(strings.NewReader(tt.data), "api.json")
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if len(res.Records) != len(tt.want) {
				t.Fatalf("records = %+v", res.Records)
			}
			for i, r := range res.Records {
				if got := simplify(r); got != tt.want[i] {
					t.Errorf("record %d = %+v\nwant %+v", i, got, tt.want[i])
				}
			}
			if w := res.Records[0].Where(res.Records[0].Value); !strings.Contains(w, "第1条记录") {
				t.Errorf("Where = %q, want it to name the element", w)
			}
		})
	}
}

func TestFileByPath(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(p, []byte("指标,期间,数值\nA,2024-03,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := parse.File(p)
	if err != nil || len(res.Records) != 1 || res.Records[0].File != "x.csv" || res.Checksum == "" {
		t.Fatalf("File = %+v, %v", res, err)
	}
	if _, err := parse.File(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(msg.Text(err), "文件不存在") {
		t.Errorf("missing file error = %v", err)
	}
}
