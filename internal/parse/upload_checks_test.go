package parse_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

// bomb returns a real zip whose one sheet unpacks to n zero bytes.
func bomb(t *testing.T, n int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		io.WriteString(w, "<x/>")
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, 1<<20)
	for written := int64(0); written < n; written += int64(len(zero)) {
		w.Write(zero)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fileError(t *testing.T, err error, want string) {
	t.Helper()
	var fe *parse.FileError
	if !errors.As(err, &fe) || !strings.Contains(msg.Text(fe), want) {
		t.Fatalf("error %v, want a FileError saying %q", err, want)
	}
}

// Issue 11, finding 4: every zip container is checked by content before it
// is opened, whatever its name.
func TestZipBombRefusedWhateverItsName(t *testing.T) {
	b := bomb(t, parse.MaxUnzippedBytes+(8<<20))
	if len(b) > 1<<20 {
		t.Fatalf("the bomb is %d bytes", len(b))
	}
	for _, name := range []string{"a.xlsx", "a.xlsm", "a.xls", "a", "a.csv", "a.json", "数据.XLSM"} {
		_, err := parse.Bytes(b, name)
		fileError(t, err, "压缩炸弹")
		_, err = parse.Read(bytes.NewReader(b), name)
		fileError(t, err, "压缩炸弹")
	}
	// A small entry compressed 1000:1 is refused too.
	fileError(t, parse.CheckZip(bomb(t, 4<<20), "b.xlsx"), "压缩比异常")
}

func workbook(t *testing.T, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "数据")
	for i, h := range []string{"指标代码", "地区", "期间", "数值"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr("数据", cell, h)
	}
	for i, v := range []string{"industry.output_value", "150203", "2024-10", "123.4"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		f.SetCellStr("数据", cell, v)
	}
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Issue 11, finding 9: a formula cell without a cached value is an error
// naming the cell, not a silent blank.
func TestFormulaWithoutCachedValueIsAnError(t *testing.T) {
	b := workbook(t, func(f *excelize.File) {
		f.SetCellStr("数据", "A3", "industry.output_value")
		f.SetCellStr("数据", "B3", "150202")
		f.SetCellStr("数据", "C3", "2024-10")
		f.SetCellFormula("数据", "D3", "D2*2") // excelize stores no cached value
	})
	_, err := parse.Bytes(b, "f.xlsx")
	fileError(t, err, "D3")
	fileError(t, err, "公式")
}

// Issue 11, finding 9: hidden sheets are never read; one with data is refused.
func TestHiddenSheets(t *testing.T) {
	withData := workbook(t, func(f *excelize.File) {
		f.NewSheet("备用")
		f.SetCellStr("备用", "A1", "industry.output_value")
		if err := f.SetSheetVisible("备用", false); err != nil {
			t.Fatal(err)
		}
	})
	_, err := parse.Bytes(withData, "h.xlsx")
	fileError(t, err, "隐藏的工作表“备用”")
	empty := workbook(t, func(f *excelize.File) {
		f.NewSheet("空表")
		f.SetSheetVisible("空表", false)
	})
	res, err := parse.Bytes(empty, "h.xlsx")
	if err != nil || len(res.Records) != 1 {
		t.Fatalf("an empty hidden sheet: %v", err)
	}
	// The only data in a hidden sheet is not read as if visible.
	hiddenData := workbook(t, func(f *excelize.File) {
		f.SetSheetName("数据", "隐")
		idx, _ := f.NewSheet("封面")
		f.SetCellStr("封面", "A1", "说明")
		f.SetActiveSheet(idx)
		if err := f.SetSheetVisible("隐", false); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := parse.Bytes(hiddenData, "h.xlsx"); err == nil || !strings.Contains(msg.Text(err), "隐藏") {
		t.Fatalf("data in a hidden sheet: %v", err)
	}
}

// Issue 11, finding 9: a GBK file with a UTF-8 row names the row.
func TestMixedEncodingNamesTheRow(t *testing.T) {
	head := gbk(t, "指标名称,地区,期间,数值（亿元）\n稀土产业产值,昆都仑区,2024年10月,123.4\n")
	utf := []byte("稀土产业产值,东河区,2024年10月,45.6\n")
	_, err := parse.Bytes(append(head, utf...), "m.csv")
	fileError(t, err, "编码混用：第3行")
}

// Issue 11, finding 9: empty and header-only files are errors that say so.
func TestEmptyAndHeaderOnlyFiles(t *testing.T) {
	for _, b := range [][]byte{nil, []byte(" \r\n"), []byte("\xEF\xBB\xBF")} {
		_, err := parse.Bytes(b, "e.csv")
		fileError(t, err, "文件是空的")
	}
	_, err := parse.Bytes([]byte("指标名称,地区,期间,数值（亿元）\n\n"), "h.csv")
	fileError(t, err, "没有数据行")
	b := workbook(t, func(f *excelize.File) { f.RemoveRow("数据", 2) })
	_, err = parse.Bytes(b, "h.xlsx")
	fileError(t, err, "没有数据行")
}
