package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/export"
)

func sample() export.Table {
	return export.Table{ID: "t", Title: "稀土产业产值", Columns: []string{"月份", "累计（亿元）"},
		Rows: [][]export.Cell{{export.Text("1-2月"), export.Value(120.5)}, {export.Text("3月"), export.Num(nil)}}}
}

func TestCSVHasBOMAndValues(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("CSV must start with a UTF-8 BOM so that Excel reads Chinese")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][1] != "累计（亿元）" || recs[1][1] != "120.5" || recs[2][1] != "" {
		t.Fatalf("unexpected records %q", recs)
	}
}

func TestXLSXKeepsNumbersAsNumbers(t *testing.T) {
	b, err := export.XLSX(sample())
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	typ, _ := f.GetCellType(sheet, "B2")
	v, _ := f.GetCellValue(sheet, "B2")
	if v != "120.5" || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Fatalf("B2 = %q (type %v), want the number 120.5", v, typ)
	}
	if h, _ := f.GetCellValue(sheet, "A1"); h != "月份" {
		t.Fatalf("header %q", h)
	}
}

// A table as a chart builds it: a figure with binary noise, an integer count,
// a column with nothing in it and a column repeated under the same heading.
func untidy() export.Table {
	a, b := 3.45, 120.46
	return export.Table{ID: "u", Title: "完成率", Columns: []string{"指标", "完成率（%）", "备注", "完成率（%）", "目标个数"},
		Rows: [][]export.Cell{
			{export.Text("稀土产业产值"), export.Num(&a), export.Text(""), export.Num(&a), export.Count(3)},
			{export.Text("工业总产值"), export.Num(&b), export.Num(nil), export.Num(&b), export.Count(12)},
		}}
}

func TestCSVRoundsAsPrintedAndDropsUselessColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, untidy()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"指标", "完成率（%）", "目标个数"}, {"稀土产业产值", "3.5", "3"}, {"工业总产值", "120.5", "12"}}
	if len(recs) != len(want) {
		t.Fatalf("records %q, want %q", recs, want)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Fatalf("row %d = %q, want %q (figures rounded as the page prints them, no empty or repeated column)", i, recs[i], want[i])
		}
	}
}

func TestXLSXCellsAreRoundedNumbersWithFormats(t *testing.T) {
	b, err := export.XLSX(untidy())
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	if h, _ := f.GetCellValue(sheet, "C1"); h != "目标个数" {
		t.Fatalf("C1 = %q: the empty and the repeated column must be dropped", h)
	}
	if h, _ := f.GetCellValue(sheet, "D1"); h != "" {
		t.Fatalf("D1 = %q, want no fourth column", h)
	}
	for ref, want := range map[string]struct {
		raw, format string
	}{"B2": {"3.5", "0.0"}, "B3": {"120.5", "0.0"}, "C3": {"12", "0"}} {
		typ, _ := f.GetCellType(sheet, ref)
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Fatalf("%s is text, want a number", ref)
		}
		raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if raw != want.raw {
			t.Fatalf("%s holds %q, want %q (rounded as printed)", ref, raw, want.raw)
		}
		id, err := f.GetCellStyle(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != want.format {
			t.Fatalf("%s number format %v, want %q", ref, st.CustomNumFmt, want.format)
		}
	}
}
