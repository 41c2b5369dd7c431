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
)

// Cell is one table cell: a number (Num non-nil) or text.
type Cell struct {
	Text string
	Num  *float64
}

// Text returns a text cell.
func Text(s string) Cell { return Cell{Text: s} }

// Num returns a numeric cell shown as text with one decimal; nil is blank.
func Num(v *float64) Cell {
	if v == nil {
		return Cell{Text: ""}
	}
	x := *v
	return Cell{Text: strconv.FormatFloat(x, 'f', -1, 64), Num: &x}
}

// Value returns a numeric cell for a plain float.
func Value(v float64) Cell { return Num(&v) }

// Table is the data behind one chart.
type Table struct {
	ID      string
	Title   string
	Columns []string
	Rows    [][]Cell
}

// WriteCSV writes t as UTF-8 CSV with a BOM.
func WriteCSV(w io.Writer, t Table) error {
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
				rec[i] = strconv.FormatFloat(*c.Num, 'f', -1, 64)
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
	for i, t := range tables {
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
