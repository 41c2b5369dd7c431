package parse

import (
	"bytes"
	"path/filepath"
	"strings"
)

// Schema describes the columns of a table that is not an indicator file,
// such as a payments export. ReadTable reads CSV and XLSX files against it
// with the same decoder, header matcher and locations as indicator files.
type Schema struct {
	// Example is a header line shown when no header row is found.
	Example string
	Columns []SchemaColumn
}

// SchemaColumn is one column of a Schema.
type SchemaColumn struct {
	// Field is the canonical (English) column name, also accepted as a header.
	Field Field
	// Label is the Chinese name used in messages.
	Label string
	// Aliases are further header names (matched like indicator headers:
	// case, spaces and full-width forms ignored, a unit in brackets split off).
	Aliases []string
	// Required columns must be present.
	Required bool
	// Number marks an amount column: XLSX cells keep full precision.
	Number bool
	// Period marks a period column: XLSX dates read as months.
	Period bool
}

// Row is one data row of a table, with each recognised column's cell.
type Row struct {
	File   string `json:"file"`
	Format Format `json:"format"`
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row"`
	// Cells holds the row's cells by field; a column the file lacks is absent.
	Cells map[Field]Cell `json:"cells"`
	// HeaderUnit holds the unit named in a column's header ("金额（元）").
	HeaderUnit map[Field]string `json:"header_unit,omitempty"`
}

// Cell returns the row's cell of field (zero when the file lacks the column).
func (r Row) Cell(f Field) Cell { return r.Cells[f] }

// Text returns the trimmed text of field's cell.
func (r Row) Text(f Field) string { return strings.TrimSpace(r.Cells[f].Text) }

// Where names a cell of the row in Chinese, like Record.Where.
func (r Row) Where(f Field) string {
	return Record{File: r.File, Format: r.Format, Sheet: r.Sheet, Row: r.Row}.Where(r.Cells[f])
}

// Table is a file read against a Schema.
type Table struct {
	File      string   `json:"file"`
	Format    Format   `json:"format"`
	Sheet     string   `json:"sheet,omitempty"`
	Encoding  string   `json:"encoding,omitempty"`
	HeaderRow int      `json:"header_row"`
	Columns   []Column `json:"columns"`
	Ignored   []Column `json:"ignored,omitempty"`
	Rows      []Row    `json:"rows"`
	BlankRows int      `json:"blank_rows"`
	Checksum  string   `json:"checksum"`
	Size      int64    `json:"size"`
}

// ReadTable parses a CSV or XLSX file (chosen by extension, else content)
// against s. Whole-file problems come back as *FileError.
func ReadTable(b []byte, name string, s Schema) (*Table, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &FileError{File: name, Msg: "文件是空的，请确认选择了正确的文件"}
	}
	if len(b) > MaxFileSize {
		return nil, &FileError{File: name, Msg: "文件过大，请拆分后分批导入"}
	}
	ext := strings.ToLower(filepath.Ext(name))
	isXLSX := ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" ||
		ext == "" && (bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}))
	if ext == ".json" {
		return nil, &FileError{File: name, Msg: "此类数据只接受 CSV 或 Excel（.xlsx）文件"}
	}
	if isXLSX {
		var out *Table
		err := eachSheet(b, name, func(g *grid, res *Result) error {
			t, err := g.table(s, res)
			out = t
			return err
		})
		return out, err
	}
	res := newResult(b, name, FormatCSV)
	g, err := csvGrid(b, name, res)
	if err != nil {
		return nil, err
	}
	return g.table(s, res)
}

// matchSchema maps a header text to a schema column.
func matchSchema(h string, s Schema) (SchemaColumn, string, bool) {
	name, unit := SplitHeaderUnit(h)
	n := normHeader(name)
	if n == "" {
		return SchemaColumn{}, "", false
	}
	for _, c := range s.Columns {
		if n == normHeader(string(c.Field)) || n == normHeader(c.Label) {
			return c, unit, true
		}
		for _, a := range c.Aliases {
			if n == normHeader(a) {
				return c, unit, true
			}
		}
	}
	return SchemaColumn{}, "", false
}

// table reads the grid against s: the header is the first of the first
// rows with at least two schema columns, one of them required.
func (g *grid) table(s Schema, res *Result) (*Table, error) {
	t := &Table{File: res.File, Format: res.Format, Sheet: res.Sheet, Encoding: res.Encoding, Checksum: res.Checksum, Size: res.Size, Rows: []Row{}}
	h := -1
	for i := 0; i < len(g.rows) && i < maxHeaderScan && h < 0; i++ {
		n, req := 0, false
		for c := range g.rows[i] {
			if sc, _, ok := matchSchema(g.cell(i, c), s); ok {
				n++
				req = req || sc.Required
			}
		}
		if n >= 2 && req {
			h = i
		}
	}
	if h < 0 {
		return nil, &FileError{File: g.file, Msg: "在前10行中没有找到表头。请确认表头行写有列名，例如“" + s.Example + "”，标题行可放在表头上方"}
	}
	t.HeaderRow = g.rowNum(h)
	type col struct {
		c    int
		sc   SchemaColumn
		unit string
		hdr  string
	}
	var cols []col
	seen := map[Field]bool{}
	for c := 0; c < g.width(); c++ {
		hdr := g.cell(h, c)
		if hdr == "" {
			continue
		}
		sc, unit, ok := matchSchema(hdr, s)
		column := Column{Col: g.colName(c), Header: hdr, Field: sc.Field, Unit: unit}
		switch {
		case !ok:
			column.Field, column.Reason = "", "无法识别的列名，已忽略"
			t.Ignored = append(t.Ignored, column)
			continue
		case seen[sc.Field]:
			column.Field, column.Reason = "", "与前面的“"+sc.Label+"”列重复，已忽略"
			t.Ignored = append(t.Ignored, column)
			continue
		}
		seen[sc.Field] = true
		cols = append(cols, col{c: c, sc: sc, unit: unit, hdr: hdr})
		t.Columns = append(t.Columns, column)
	}
	var missing []string
	for _, sc := range s.Columns {
		if sc.Required && !seen[sc.Field] {
			missing = append(missing, sc.Label+"（"+string(sc.Field)+"）")
		}
	}
	if len(missing) > 0 {
		return nil, &FileError{File: g.file, Msg: "缺少必需的列：" + strings.Join(missing, "、") + "。请在表头中加上这些列，例如“" + s.Example + "”"}
	}
	for i := h + 1; i < len(g.rows); i++ {
		r := Row{File: g.file, Format: g.format, Sheet: g.sheet, Row: g.rowNum(i), Cells: map[Field]Cell{}}
		blank := true
		for _, cm := range cols {
			txt := g.cell(i, cm.c)
			if g.text != nil {
				kind := Field("")
				switch {
				case cm.sc.Number:
					kind = FieldValue
				case cm.sc.Period:
					kind = FieldPeriod
				}
				txt = strings.TrimSpace(g.text(i, cm.c, kind))
			}
			if txt != "" {
				blank = false
			}
			r.Cells[cm.sc.Field] = Cell{Text: txt, Col: g.colName(cm.c), Header: cm.hdr}
			if cm.unit != "" {
				if r.HeaderUnit == nil {
					r.HeaderUnit = map[Field]string{}
				}
				r.HeaderUnit[cm.sc.Field] = cm.unit
			}
		}
		if blank {
			t.BlankRows++
			continue
		}
		t.Rows = append(t.Rows, r)
	}
	return t, nil
}
