package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// DataSheet is the sheet name preferred when a workbook has several sheets.
const DataSheet = "数据"

// xlsxUnzipLimit bounds the unpacked size of a workbook (a guard against
// zip bombs); real district templates are a few hundred kilobytes.
const xlsxUnzipLimit = 512 << 20

// ReadXLSX reads an Excel workbook: the sheet named 数据 if there is one,
// otherwise the first sheet that has a recognisable header row. Merged
// cells are filled with their value in every cell they cover, so a merged
// header over "当月 | 累计" sub-headers and a district name merged over
// several data rows both read naturally. Row numbers are the sheet's own.
func ReadXLSX(r io.Reader, name string) (*Result, error) {
	b, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	return parseXLSX(b, name)
}

func parseXLSX(b []byte, name string) (*Result, error) {
	var out *Result
	err := eachSheet(b, name, func(g *grid, res *Result) error {
		if err := g.records(res); err != nil {
			return err
		}
		out = res
		return nil
	})
	return out, err
}

// eachSheet opens a workbook and offers its sheets as grids to use, the
// sheet named 数据 first, until use accepts one (returns nil). A sheet use
// refuses with a *FileError is skipped; the first such error is returned
// when no sheet is accepted.
func eachSheet(b []byte, name string, use func(g *grid, res *Result) error) (err error) {
	if bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return &FileError{File: name, Msg: "这是旧版 Excel（.xls）文件或加密的工作簿，无法读取。请在 Excel/WPS 中另存为 .xlsx（不设密码）后重新导入"}
	}
	defer func() {
		// excelize is third-party code reading untrusted bytes: a panic on
		// a damaged workbook must become a message, not a crash.
		if p := recover(); p != nil {
			err = &FileError{File: name, Msg: "文件已损坏或不是有效的 .xlsx 工作簿，请在 Excel/WPS 中打开并重新保存后再导入", Err: fmt.Errorf("excelize panic: %v", p)}
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return &FileError{File: name, Msg: "文件已损坏或不是有效的 .xlsx 工作簿，请在 Excel/WPS 中打开并重新保存后再导入", Err: err}
	}
	defer f.Close()

	sheets := f.GetSheetList()
	var order []string
	for _, s := range sheets {
		if strings.TrimSpace(s) == DataSheet {
			order = append(order, s)
		}
	}
	for _, s := range sheets {
		if strings.TrimSpace(s) != DataSheet {
			order = append(order, s)
		}
	}
	if len(order) == 0 {
		return &FileError{File: name, Msg: "工作簿中没有工作表"}
	}
	var firstErr error
	for _, sheet := range order {
		res := newResult(b, name, FormatXLSX)
		res.Sheet = sheet
		g, err := sheetGrid(f, name, sheet)
		if err == nil {
			err = use(g, res)
		}
		if err == nil {
			return nil
		}
		var fe *FileError
		if !errors.As(err, &fe) {
			return err
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// sheetGrid reads one sheet into a grid, merged cells filled.
func sheetGrid(f *excelize.File, name, sheet string) (*grid, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, &FileError{File: name, Msg: fmt.Sprintf("无法读取工作表“%s”，请在 Excel/WPS 中打开并重新保存后再导入", sheet), Err: err}
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, &FileError{File: name, Msg: fmt.Sprintf("无法读取工作表“%s”", sheet), Err: err}
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, &FileError{File: name, Msg: fmt.Sprintf("无法读取工作表“%s”的合并单元格", sheet), Err: err}
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	hmerged := map[int]bool{}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
			continue
		}
		// Fill only within the data: a merge may claim a whole column.
		r2, c2 = min(r2, len(rows)), min(c2, width)
		v := cellAt(rows, r1-1, c1-1)
		rv := cellAt(raw, r1-1, c1-1)
		for r := r1; r <= r2; r++ {
			if c2 > c1 {
				hmerged[r-1] = true
			}
			for c := c1; c <= c2; c++ {
				rows = setAt(rows, r-1, c-1, v)
				raw = setAt(raw, r-1, c-1, rv)
			}
		}
	}
	return &grid{
		file: name, format: FormatXLSX, sheet: sheet, rows: rows,
		rowNum:  func(i int) int { return i + 1 },
		hmerged: func(i int) bool { return hmerged[i] },
		colName: columnLetter,
		text: func(i, c int, fld Field) string {
			shown := strings.TrimSpace(cellAt(rows, i, c))
			rv := strings.TrimSpace(cellAt(raw, i, c))
			return xlsxText(shown, rv, fld)
		},
	}, nil
}

// xlsxText picks the text of a data cell: value cells keep the stored
// number's full precision (a percent-formatted 0.153 reads "15.3%"); period
// cells stored as dates read as the month.
func xlsxText(shown, raw string, fld Field) string {
	v, err := strconv.ParseFloat(raw, 64)
	isNum := err == nil && raw != ""
	switch fld {
	case FieldValue, FieldYoY:
		if !isNum {
			return shown
		}
		if strings.HasSuffix(shown, "%") {
			return strconv.FormatFloat(v*100, 'f', -1, 64) + "%"
		}
		return raw
	case FieldPeriod:
		if _, perr := ParsePeriod(shown); perr == nil || !isNum {
			return shown
		}
		if v >= 1 && v < 2958466 {
			if t, err := excelize.ExcelDateToTime(v, false); err == nil {
				return fmt.Sprintf("%04d-%02d", t.Year(), int(t.Month()))
			}
		}
	}
	return shown
}

func cellAt(rows [][]string, r, c int) string {
	if r < 0 || r >= len(rows) || c < 0 || c >= len(rows[r]) {
		return ""
	}
	return rows[r][c]
}

func setAt(rows [][]string, r, c int, v string) [][]string {
	for len(rows) <= r {
		rows = append(rows, nil)
	}
	for len(rows[r]) <= c {
		rows[r] = append(rows[r], "")
	}
	rows[r][c] = v
	return rows
}
