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
	var notes []SheetNote
	var firstErr error
	err := eachSheet(b, name, func(g *grid, res *Result) error {
		r, err := g.read(res)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			reason := err.Error()
			var fe *FileError
			if errors.As(err, &fe) {
				reason = fe.Msg
			}
			notes = append(notes, SheetNote{Sheet: g.sheet, Reason: reason})
			return errSheetNext
		}
		notes = append(notes, SheetNote{Sheet: g.sheet, Read: true, Layout: r.Layout, Title: r.Title})
		for k := range r.Columns {
			r.Columns[k].Sheet = g.sheet
		}
		for k := range r.Ignored {
			r.Ignored[k].Sheet = g.sheet
		}
		if out == nil {
			out = r
			return errSheetNext
		}
		out.Records = append(out.Records, r.Records...)
		out.Columns = append(out.Columns, r.Columns...)
		out.Ignored = append(out.Ignored, r.Ignored...)
		out.BlankRows += r.BlankRows
		return errSheetNext
	})
	if err != nil && !errors.Is(err, errSheetNext) {
		var fe *FileError
		if !errors.As(err, &fe) || out == nil {
			return nil, err
		}
	}
	if out == nil {
		if firstErr == nil {
			firstErr = err
		}
		if len(notes) > 1 {
			var b strings.Builder
			for _, n := range notes {
				fmt.Fprintf(&b, "；工作表“%s”：%s", n.Sheet, n.Reason)
			}
			return nil, &FileError{File: name, Msg: "没有一个工作表能读取" + b.String(), Err: firstErr}
		}
		return nil, firstErr
	}
	out.Sheet = ""
	if len(notes) == 1 {
		out.Sheet = notes[0].Sheet
	}
	out.Sheets = notes
	return out, nil
}

// errSheetNext asks eachSheet for the next sheet.
var errSheetNext = &FileError{Msg: "next sheet"}

// eachSheet opens a workbook and offers its sheets as grids to use, the
// sheet named 数据 first, until use accepts one (returns nil). A sheet use
// refuses with a *FileError is skipped; the first such error is returned
// when no sheet is accepted.
func eachSheet(b []byte, name string, use func(g *grid, res *Result) error) (err error) {
	if bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return &FileError{File: name, Msg: "这是旧版 Excel（.xls）文件或加密的工作簿，无法读取。请在 Excel/WPS 中另存为 .xlsx（不设密码）后重新导入"}
	}
	if err := CheckZip(b, name); err != nil {
		return err
	}
	defer func() {
		// excelize is third-party code reading untrusted bytes: a panic on
		// a damaged workbook must become a message, not a crash.
		if p := recover(); p != nil {
			err = &FileError{File: name, Msg: "文件已损坏或不是有效的 .xlsx 工作簿，请在 Excel/WPS 中打开并重新保存后再导入", Err: fmt.Errorf("excelize panic: %v", p)}
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxUnzippedBytes, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return &FileError{File: name, Msg: "文件已损坏或不是有效的 .xlsx 工作簿，请在 Excel/WPS 中打开并重新保存后再导入", Err: err}
	}
	defer f.Close()

	// Hidden sheets are never read: what the user does not see must not be
	// loaded. One that holds data is refused, so nothing is silently left out.
	var sheets []string
	for _, s := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(s)
		if err != nil || visible {
			sheets = append(sheets, s)
			continue
		}
		if hasData(f, s) {
			return &FileError{File: name, Msg: fmt.Sprintf("工作簿中有隐藏的工作表“%s”且其中有数据。隐藏的内容不会导入；请在 Excel/WPS 中取消隐藏并核对：需要导入的数据放在可见的工作表中，其余请删除该工作表后再导入", s)}
		}
	}
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

// hasData reports whether a sheet has any non-blank cell.
func hasData(f *excelize.File, sheet string) bool {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return true // unreadable: treat as data, so it is refused, not skipped
	}
	for _, r := range rows {
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				return true
			}
		}
	}
	return false
}

// checkFormulas refuses a formula cell without a cached value: the file
// was saved by a program that does not calculate (or with calculation
// off), and reading it as blank would silently drop a figure.
func checkFormulas(f *excelize.File, name, sheet string, rows [][]string, width int) error {
	for r := range rows {
		for c := 0; c < width; c++ {
			if strings.TrimSpace(cellAt(rows, r, c)) != "" {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				continue
			}
			if fm, err := f.GetCellFormula(sheet, cell); err == nil && strings.TrimSpace(fm) != "" {
				return &FileError{File: name, Msg: fmt.Sprintf("工作表“%s”的单元格 %s 是公式（=%s）但没有计算结果，无法读取其数值。请在 Excel/WPS 中打开、确认已计算后保存，或把公式改为数值后再导入", sheet, cell, fm)}
			}
		}
	}
	return nil
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
	if err := checkFormulas(f, name, sheet, rows, width); err != nil {
		return nil, err
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
