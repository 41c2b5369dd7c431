// Package export writes the numbers behind a chart or page as a table for
// Excel/WPS users: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and
// XLSX (numbers stay numbers).
package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/progress"
)

// Cell is one table cell: a number (Num non-nil) or text. A number is
// already rounded as the pages print it, to Digits decimals.
type Cell struct {
	Text   string
	Num    *float64
	Digits int
}

// Text returns a text cell.
func Text(s string) Cell { return Cell{Text: s} }

// Num returns a numeric cell rounded as the pages print figures (0.1, half
// away from zero: progress.Round1); nil is blank.
func Num(v *float64) Cell {
	if v == nil {
		return Cell{}
	}
	return Fixed(*v, 1)
}

// Printed returns a numeric cell for a figure already rounded as a sentence
// prints it (Assessment.PrintedGap, PrintedCompletion), keeping the decimals
// it was printed with (at least one); nil is blank.
func Printed(v *float64) Cell {
	if v == nil {
		return Cell{}
	}
	s := progress.FormatPrinted(*v)
	d := 1
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > d {
		d = len(s) - i - 1
	}
	return Fixed(*v, d)
}

// Value returns a numeric cell for a plain float, rounded like Num.
func Value(v float64) Cell { return Fixed(v, 1) }

// NumFixed is Num at digits decimals, for amounts the charts print with
// another precision (万千瓦时, 万元 to 0.01); nil is blank.
func NumFixed(v *float64, digits int) Cell {
	if v == nil {
		return Cell{}
	}
	return Fixed(*v, digits)
}

// Quantity returns a numeric cell for a measured figure in unit, printed
// the one way every surface prints it (progress.FormatFigure): a whole
// count has no decimals ("79" 户), other figures one; nil is blank.
func Quantity(v *float64, unit string) Cell {
	if v == nil {
		return Cell{}
	}
	s := progress.FormatFigure(*v, unit)
	d := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		d = len(s) - i - 1
	}
	x := progress.RoundTo(*v, d)
	return Cell{Text: s, Num: &x, Digits: d}
}

// Count returns an integer cell (a number of targets, enterprises, a level).
func Count(n int) Cell { return Fixed(float64(n), 0) }

// Fixed returns a numeric cell rounded to digits decimals by the printed-figure
// rule (for amounts the pages print with another precision, e.g. 万元 to 0.01).
func Fixed(v float64, digits int) Cell {
	x := progress.RoundTo(v, digits)
	return Cell{Text: progress.FormatAt(x, digits), Num: &x, Digits: digits}
}

// numFmt is the Excel number format of a cell printed with digits decimals.
func numFmt(digits int) string {
	if digits <= 0 {
		return "0"
	}
	return "0." + strings.Repeat("0", digits)
}

// Tidy drops the columns a reader cannot use: one whose cells are all empty,
// and one that repeats an earlier column (same heading and same cells).
func Tidy(t Table) Table {
	n := len(t.Columns)
	for _, r := range t.Rows {
		if len(r) > n {
			n = len(r)
		}
	}
	cell := func(r []Cell, c int) Cell {
		if c < len(r) {
			return r[c]
		}
		return Cell{}
	}
	head := func(c int) string {
		if c < len(t.Columns) {
			return t.Columns[c]
		}
		return ""
	}
	same := func(a, b Cell) bool {
		if (a.Num == nil) != (b.Num == nil) {
			return false
		}
		if a.Num != nil {
			return *a.Num == *b.Num
		}
		return a.Text == b.Text
	}
	var keep []int
	for c := 0; c < n; c++ {
		empty := true
		for _, r := range t.Rows {
			if x := cell(r, c); x.Num != nil || x.Text != "" {
				empty = false
				break
			}
		}
		if empty && len(t.Rows) > 0 {
			continue
		}
		dup := false
		for _, k := range keep {
			if head(k) != head(c) {
				continue
			}
			dup = true
			for _, r := range t.Rows {
				if !same(cell(r, k), cell(r, c)) {
					dup = false
					break
				}
			}
			if dup {
				break
			}
		}
		if !dup {
			keep = append(keep, c)
		}
	}
	out := Table{ID: t.ID, Title: t.Title}
	for _, k := range keep {
		out.Columns = append(out.Columns, head(k))
	}
	for _, r := range t.Rows {
		row := make([]Cell, len(keep))
		for i, k := range keep {
			row[i] = cell(r, k)
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// Table is the data behind one chart.
type Table struct {
	ID      string
	Title   string
	Columns []string
	Rows    [][]Cell
}

// WriteCSV writes t as UTF-8 CSV with a BOM.
func WriteCSV(w io.Writer, t Table) error {
	t = Tidy(t)
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = Neutralise(c)
	}
	if err := cw.Write(cols); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, r := range t.Rows {
		rec := make([]string, len(r))
		for i, c := range r {
			rec[i] = Neutralise(c.Text)
			if c.Num != nil {
				rec[i] = progress.FormatAt(*c.Num, c.Digits)
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}

// Neutralise keeps a CSV text cell from being run as a formula when the
// file is opened in Excel or WPS: text starting with = + - @ tab or carriage
// return gets a leading apostrophe (the OWASP rule), unless it is a plain
// number such as -3.5, which no spreadsheet runs.
func Neutralise(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// XLSX returns the tables as a workbook, one sheet each.
func XLSX(tables ...Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	numStyles := map[int]int{}
	numStyle := func(digits int) (int, error) {
		if id, ok := numStyles[digits]; ok {
			return id, nil
		}
		code := numFmt(digits)
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		numStyles[digits] = id
		return id, err
	}
	for i, t := range tables {
		t = Tidy(t)
		name := sheetName(t.Title, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return nil, fmt.Errorf("xlsx sheet: %w", err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("xlsx sheet: %w", err)
		}
		bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"#E8EEF7"}, Pattern: 1}})
		for c, h := range t.Columns {
			ref, _ := excelize.CoordinatesToCellName(c+1, 1)
			if err := f.SetCellValue(name, ref, h); err != nil {
				return nil, fmt.Errorf("xlsx cell: %w", err)
			}
			_ = f.SetCellStyle(name, ref, ref, bold)
			col, _ := excelize.ColumnNumberToName(c + 1)
			_ = f.SetColWidth(name, col, col, 14)
		}
		for r, row := range t.Rows {
			for c, cell := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+2)
				var v any = cell.Text
				if cell.Num != nil {
					v = *cell.Num
				}
				if err := f.SetCellValue(name, ref, v); err != nil {
					return nil, fmt.Errorf("xlsx cell: %w", err)
				}
				if cell.Num != nil {
					st, err := numStyle(cell.Digits)
					if err != nil {
						return nil, fmt.Errorf("xlsx style: %w", err)
					}
					if err := f.SetCellStyle(name, ref, ref, st); err != nil {
						return nil, fmt.Errorf("xlsx style: %w", err)
					}
				}
			}
		}
		_ = f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// sheetName makes a valid, unique Excel sheet name (≤31 chars, no []:*?/\).
func sheetName(title string, i int) string {
	r := []rune{}
	for _, c := range title {
		switch c {
		case '[', ']', ':', '*', '?', '/', '\\':
			c = '_'
		}
		r = append(r, c)
	}
	if len(r) == 0 {
		r = []rune("数据")
	}
	if len(r) > 27 {
		r = r[:27]
	}
	return fmt.Sprintf("%d_%s", i+1, string(r))
}
