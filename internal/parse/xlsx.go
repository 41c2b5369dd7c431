package parse

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/msg"
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
	return parseXLSX(b, name, DefaultLimits)
}

// ReadXLSXWith reads an Excel workbook like ReadXLSX within lim (a
// submission template's limits, for instance).
func ReadXLSXWith(r io.Reader, name string, lim Limits) (*Result, error) {
	b, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	return parseXLSX(b, name, lim)
}

func parseXLSX(b []byte, name string, lim Limits) (*Result, error) {
	var out *Result
	var notes []SheetNote
	var firstErr error
	err := eachSheet(b, name, lim, func(g *grid, res *Result) error {
		r, err := g.read(res)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			reason := msg.Text(err)
			var fe *FileError
			if errors.As(err, &fe) {
				reason = msg.Text(fe.Msg)
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
		out.SkippedRows = append(out.SkippedRows, r.SkippedRows...)
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
			return nil, &FileError{File: name, Msg: msg.New(msg.ParseNoSheetReadable, b.String()), Err: firstErr}
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
var errSheetNext = &FileError{Msg: msg.New(msg.ParseNextSheet)}

// eachSheet opens a workbook and offers its sheets as grids to use, the
// sheet named 数据 first, until use accepts one (returns nil). A sheet use
// refuses with a *FileError is skipped; the first such error is returned
// when no sheet is accepted.
func eachSheet(b []byte, name string, lim Limits, use func(g *grid, res *Result) error) (err error) {
	lim = lim.orDefault()
	if bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return &FileError{File: name, Msg: msg.New(msg.ParseOldOrEncrypted)}
	}
	if err := CheckZip(b, name); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return &FileError{File: name, Msg: msg.New(msg.ParseBadWorkbook), Err: err}
	}
	for _, zf := range zr.File {
		if strings.EqualFold(zf.Name, "xl/sharedStrings.xml") && lim.MaxSharedStrings > 0 && int64(zf.UncompressedSize64) > lim.MaxSharedStrings {
			return &FileError{File: name, Msg: msg.New(msg.ParseSharedStrings, lim.MaxSharedStrings>>20, lim.Form, lim.MaxSharedStrings>>20)}
		}
	}
	parts := sheetParts(zr)
	cells := 0
	defer func() {
		// excelize is third-party code reading untrusted bytes: a panic on
		// a damaged workbook must become a message, not a crash.
		if p := recover(); p != nil {
			err = &FileError{File: name, Msg: msg.New(msg.ParseBadWorkbook), Err: fmt.Errorf("excelize panic: %v", p)}
		}
	}()
	// Parts over UnzipXMLSizeLimit are unzipped to a temporary file, from
	// which the row iterator streams; smaller ones are held in memory.
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxUnzippedBytes, UnzipXMLSizeLimit: 4 << 20})
	if err != nil {
		return &FileError{File: name, Msg: msg.New(msg.ParseBadWorkbook), Err: err}
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
		if hasData(f, s, lim) {
			return &FileError{File: name, Msg: msg.New(msg.ParseHiddenSheet, s)}
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
		return &FileError{File: name, Msg: msg.New(msg.ParseNoSheets)}
	}
	var firstErr error
	for _, sheet := range order {
		res := newResult(b, name, FormatXLSX)
		res.Sheet = sheet
		g, err := sheetGrid(f, zr, parts[sheet], name, sheet, lim, &cells)
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

// hasData reports whether a sheet has any non-blank cell, streaming its
// rows up to the first such cell.
func hasData(f *excelize.File, sheet string, lim Limits) bool {
	rows, err := f.Rows(sheet)
	if err != nil {
		return true // unreadable: treat as data, so it is refused, not skipped
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if lim.MaxRows > 0 && n > lim.MaxRows {
			return true
		}
		cols, err := rows.Columns()
		if err != nil {
			return true
		}
		for _, c := range cols {
			if strings.TrimSpace(c) != "" {
				return true
			}
		}
	}
	return rows.Error() != nil
}

// streamRows reads a sheet's rows through the workbook library's streaming
// row iterator (shown text, or raw values), within the limits; *cells
// counts the cells of the whole file.
func streamRows(f *excelize.File, name, sheet string, raw bool, lim Limits, cells *int) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseSheetUnreadable, sheet), Err: err}
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if lim.MaxRows > 0 && len(out) >= lim.MaxRows {
			return nil, lim.rowsError(name, sheet, len(out)+1)
		}
		var cols []string
		if raw {
			cols, err = rows.Columns(excelize.Options{RawCellValue: true})
		} else {
			cols, err = rows.Columns()
		}
		if err != nil {
			return nil, &FileError{File: name, Msg: msg.New(msg.ParseSheetUnreadable, sheet), Err: err}
		}
		// Trailing blank cells carry nothing.
		for len(cols) > 0 && cols[len(cols)-1] == "" {
			cols = cols[:len(cols)-1]
		}
		if !raw {
			*cells += len(cols)
			if lim.MaxCells > 0 && *cells > lim.MaxCells {
				return nil, lim.cellsError(name)
			}
		}
		out = append(out, cols)
	}
	if err := rows.Error(); err != nil {
		if errors.Is(err, excelize.ErrMaxRows) {
			return nil, lim.rowsError(name, sheet, len(out))
		}
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseSheetDamaged, sheet), Err: err}
	}
	// Drop trailing blank rows.
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out, nil
}

// sheetGrid reads one sheet into a grid, merged cells filled: one
// streaming pass for merged ranges and formulas, then the row iterator
// for the shown text and the raw values. Memory is bounded by lim.
func sheetGrid(f *excelize.File, zr *zip.Reader, part, name, sheet string, lim Limits, cells *int) (*grid, error) {
	sc, err := scanSheet(context.Background(), zr, part, name, sheet, lim)
	if err != nil {
		return nil, err
	}
	if sc.hasFormu {
		fm := sc.formula
		if fm == "" {
			fm = "共享公式"
		} else {
			fm = "=" + fm
		}
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseFormulaNoValue, sheet, sc.fcell, fm)}
	}
	rows, err := streamRows(f, name, sheet, false, lim, cells)
	if err != nil {
		return nil, err
	}
	raw, err := streamRows(f, name, sheet, true, lim, cells)
	if err != nil {
		return nil, err
	}
	// Equal texts share memory.
	for r := range raw {
		for c := range raw[r] {
			if c < len(cellRow(rows, r)) && raw[r][c] == rows[r][c] {
				raw[r][c] = rows[r][c]
			}
		}
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	hmerged := map[int]bool{}
	for _, ref := range sc.merges {
		a, bEnd, ok := strings.Cut(ref, ":")
		if !ok {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(a)
		c2, r2, err2 := excelize.CellNameToCoordinates(bEnd)
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
			continue
		}
		// Fill only within the data: a merge may claim a whole column.
		r2, c2 = min(r2, len(rows)), min(c2, width)
		if r2 < r1 || c2 < c1 {
			continue
		}
		*cells += (r2 - r1 + 1) * (c2 - c1 + 1)
		if lim.MaxCells > 0 && *cells > lim.MaxCells {
			return nil, lim.cellsError(name)
		}
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
		file: name, format: FormatXLSX, sheet: sheet, rows: rows, units: lim.Units,
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

func cellRow(rows [][]string, r int) []string {
	if r < len(rows) {
		return rows[r]
	}
	return nil
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

// FirstSheetRows returns the cells of a workbook's first visible sheet as
// text, merged cells filled, through the same checks, streaming reader and
// limits as every other workbook (for tables that are validated elsewhere,
// such as an uploaded target catalogue).
func FirstSheetRows(b []byte, name string, lim Limits) ([][]string, error) {
	var out [][]string
	err := eachSheet(b, name, lim, func(g *grid, res *Result) error {
		out = make([][]string, len(g.rows))
		for i := range g.rows {
			out[i] = make([]string, len(g.rows[i]))
			for c := range g.rows[i] {
				out[i][c] = g.cell(i, c)
			}
		}
		return nil
	})
	return out, err
}
