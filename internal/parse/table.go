package parse

import (
	"bytes"
	"industrydash/internal/domain"
	"path/filepath"
	"sort"
	"strings"

	"industrydash/internal/msg"
)

// Schema describes the columns of a table that is not an indicator file,
// such as a payments export. ReadTable reads CSV and XLSX files against it
// with the same decoder, header matcher and locations as indicator files.
type Schema struct {
	// Example is a header line shown when no header row is found.
	Example string
	Columns []SchemaColumn
	// Ignore names headers (matched like aliases) that are recognised but
	// deliberately not read, with the reason shown in the summary.
	Ignore map[string]string
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
	// Satisfies names a required field this column may stand in for (a
	// unit code column for a unit name column); the loader decides.
	Satisfies Field
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
	// Lead is the row's first non-blank cell in any column, recognised or
	// not: "合计" in a 序号 column marks a total row.
	Lead string `json:"lead,omitempty"`
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
	File      string `json:"file"`
	Format    Format `json:"format"`
	Sheet     string `json:"sheet,omitempty"`
	Encoding  string `json:"encoding,omitempty"`
	HeaderRow int    `json:"header_row"`
	// Title is the text of the rows above the header (title, 单位 line).
	Title     string   `json:"title,omitempty"`
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
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseEmptyFile)}
	}
	if len(b) > MaxFileSize {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseTooLarge)}
	}
	ext := strings.ToLower(filepath.Ext(name))
	isXLSX := ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" ||
		ext == "" && (bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}))
	if ext == ".json" {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseCSVOrXLSXOnly)}
	}
	if isXLSX {
		var out *Table
		err := eachSheet(b, name, UploadLimits, func(g *grid, res *Result) error {
			t, err := g.table(s, res)
			out = t
			return err
		})
		return out, err
	}
	res := newResult(b, name, FormatCSV)
	g, err := csvGrid(b, name, res, UploadLimits)
	if err != nil {
		return nil, err
	}
	return g.table(s, res)
}

// matchSchema maps a header text to a schema column. rank orders the
// names of one column: 0 for its field or label, 1+i for its i-th alias, so
// when a file has two columns for one field the better-named one wins
// (支付日期 before 支付确认日期).
func matchSchema(h string, s Schema, units domain.Units) (sc SchemaColumn, unit string, rank int, ok bool) {
	name, unit := SplitHeaderUnit(h, units)
	n := normHeader(name)
	if n == "" {
		return SchemaColumn{}, "", 0, false
	}
	for _, c := range s.Columns {
		if n == normHeader(string(c.Field)) || n == normHeader(c.Label) {
			return c, unit, 0, true
		}
		for i, a := range c.Aliases {
			if n == normHeader(a) {
				return c, unit, 1 + i, true
			}
		}
	}
	return SchemaColumn{}, "", 0, false
}

// ignoredBySchema returns the reason a schema gives for not reading a header.
func ignoredBySchema(h string, s Schema, units domain.Units) (string, bool) {
	name, _ := SplitHeaderUnit(h, units)
	n := normHeader(name)
	for k, why := range s.Ignore {
		if n == normHeader(k) {
			return why, true
		}
	}
	return "", false
}

// table reads the grid against s: the header is the first of the first
// rows with at least two schema columns, one of them required.
func (g *grid) table(s Schema, res *Result) (*Table, error) {
	t := &Table{File: res.File, Format: res.Format, Sheet: res.Sheet, Encoding: res.Encoding, Checksum: res.Checksum, Size: res.Size, Rows: []Row{}}
	h := -1
	for i := 0; i < len(g.rows) && i < maxHeaderScan && h < 0; i++ {
		n, req := 0, false
		for c := range g.rows[i] {
			if sc, _, _, ok := matchSchema(g.cell(i, c), s, g.units); ok {
				n++
				req = req || sc.Required || sc.Satisfies != ""
			}
		}
		if n >= 2 && req {
			h = i
		}
	}
	if h < 0 {
		return nil, &FileError{File: g.file, Msg: msg.New(msg.ParseNoHeaderExample, s.Example)}
	}
	t.HeaderRow = g.rowNum(h)
	var titles []string
	for i := 0; i < h; i++ {
		for c := range g.rows[i] {
			if txt := g.cell(i, c); txt != "" && (len(titles) == 0 || titles[len(titles)-1] != txt) {
				titles = append(titles, txt)
			}
		}
	}
	t.Title = strings.Join(titles, " ")
	type col struct {
		c    int
		sc   SchemaColumn
		unit string
		hdr  string
		rank int
	}
	var cols []col
	seen := map[Field]int{} // field → index in cols
	for c := 0; c < g.width(); c++ {
		hdr := g.cell(h, c)
		if hdr == "" {
			continue
		}
		sc, unit, rank, ok := matchSchema(hdr, s, g.units)
		column := Column{Col: g.colName(c), Header: hdr, Field: sc.Field, Unit: unit}
		if !ok {
			column.Field, column.Reason = "", "无法识别的列名，已忽略"
			if why, known := ignoredBySchema(hdr, s, g.units); known {
				column.Reason = why
			}
			t.Ignored = append(t.Ignored, column)
			continue
		}
		if k, dup := seen[sc.Field]; dup {
			prev := cols[k]
			if rank >= prev.rank {
				column.Field, column.Reason = "", "与前面的“"+prev.hdr+"”列同为“"+sc.Label+"”，已忽略"
				t.Ignored = append(t.Ignored, column)
				continue
			}
			// The better-named column replaces the earlier one.
			t.Ignored = append(t.Ignored, Column{Col: g.colName(prev.c), Header: prev.hdr, Unit: prev.unit,
				Reason: "与“" + hdr + "”列同为“" + sc.Label + "”，按“" + hdr + "”读取，本列已忽略"})
			cols[k] = col{c: c, sc: sc, unit: unit, hdr: hdr, rank: rank}
			continue
		}
		seen[sc.Field] = len(cols)
		cols = append(cols, col{c: c, sc: sc, unit: unit, hdr: hdr, rank: rank})
	}
	sort.Slice(cols, func(a, b int) bool { return cols[a].c < cols[b].c })
	for _, cm := range cols {
		t.Columns = append(t.Columns, Column{Col: g.colName(cm.c), Header: cm.hdr, Field: cm.sc.Field, Unit: cm.unit})
	}
	has := func(f Field) bool { _, ok := seen[f]; return ok }
	var missing []string
	for _, sc := range s.Columns {
		if sc.Required && !has(sc.Field) && !satisfied(s, sc.Field, has) {
			missing = append(missing, sc.Label+"（"+string(sc.Field)+"）")
		}
	}
	if len(missing) > 0 {
		return nil, &FileError{File: g.file, Msg: msg.New(msg.ParseMissingColumnsExample, strings.Join(missing, "、"), s.Example)}
	}
	for i := h + 1; i < len(g.rows); i++ {
		r := Row{File: g.file, Format: g.format, Sheet: g.sheet, Row: g.rowNum(i), Cells: map[Field]Cell{}}
		for c := range g.rows[i] {
			if txt := g.cell(i, c); txt != "" {
				r.Lead = txt
				break
			}
		}
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

// satisfied reports whether a column that may stand in for the required
// field f is present.
func satisfied(s Schema, f Field, has func(Field) bool) bool {
	for _, sc := range s.Columns {
		if sc.Satisfies == f && has(sc.Field) {
			return true
		}
	}
	return false
}
