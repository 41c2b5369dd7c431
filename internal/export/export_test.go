package export_test

import (
	"bytes"
	"encoding/csv"
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
