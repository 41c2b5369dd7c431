package parse

import (
	"fmt"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// Format is a source file format.
type Format string

// The formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
	FormatJSON Format = "json"
	// FormatForm marks records built by the web submission form.
	FormatForm Format = "form"
)

// Field is a canonical column.
type Field string

// The canonical columns.
const (
	FieldIndicator     Field = "indicator"      // 指标代码
	FieldIndicatorName Field = "indicator_name" // 指标名称
	FieldOrgUnit       Field = "org_unit"       // 地区 / 单位名称 / 旗县区 / 园区
	FieldPeriod        Field = "period"         // 期间 / 时间 / 月份
	FieldValue         Field = "value"          // 数值 / 本月 / 累计值
	FieldUnit          Field = "unit"           // 计量单位
	FieldValueType     Field = "value_type"     // 口径: 当月 | 累计
	FieldNote          Field = "note"           // 说明 / 备注
	FieldYoY           Field = "yoy_pct"        // 同比增长（%）: the growth published with the value
)

// Label is the Chinese name of the column, for messages.
func (f Field) Label() string {
	switch f {
	case FieldIndicator:
		return "指标代码"
	case FieldIndicatorName:
		return "指标名称"
	case FieldOrgUnit:
		return "地区/单位"
	case FieldPeriod:
		return "期间"
	case FieldValue:
		return "数值"
	case FieldUnit:
		return "计量单位"
	case FieldValueType:
		return "口径"
	case FieldNote:
		return "说明"
	case FieldYoY:
		return "同比增长"
	}
	return string(f)
}

// Cell is one value of a record with its origin.
type Cell struct {
	// Text is the cell as written (for XLSX: the displayed text, except that
	// numbers in value columns keep full precision).
	Text string `json:"text"`
	// Col is the column letter ("C") for CSV and XLSX, the key for JSON;
	// empty when the file has no such column.
	Col string `json:"col,omitempty"`
	// Header is the column's header text as the file shows it (for a
	// two-row header, "数值（万元）/当月").
	Header string `json:"header,omitempty"`
}

// Present reports whether the file has this column.
func (c Cell) Present() bool { return c.Col != "" }

// Record is one value read from a file, with the cells that describe it. A
// spreadsheet row with several value columns (当月 and 累计) gives one
// record per value column.
type Record struct {
	File   string `json:"file"`
	Format Format `json:"format"`
	Sheet  string `json:"sheet,omitempty"`
	// Row is the row number a spreadsheet program shows (header row 1 in a
	// plain CSV; the real sheet row in XLSX); for JSON the 1-based element
	// number; for forms the 1-based line of the form.
	Row int `json:"row"`

	Indicator     Cell `json:"indicator"`
	IndicatorName Cell `json:"indicator_name"`
	OrgUnit       Cell `json:"org_unit"`
	Period        Cell `json:"period"`
	Value         Cell `json:"value"`
	Unit          Cell `json:"unit"`
	ValueType     Cell `json:"value_type"`
	Note          Cell `json:"note"`
	// YoY is the 同比 growth (%) published with the value, when the file has
	// a 同比 column.
	YoY Cell `json:"yoy_pct"`

	// HeaderUnit is the unit named in the value column's header ("数值（万元）").
	HeaderUnit string `json:"header_unit,omitempty"`
	// HeaderValueType is the 口径 the value column's header implies
	// ("本月", a "累计" sub-header); empty when the header says nothing.
	HeaderValueType domain.ValueType `json:"header_value_type,omitempty"`

	// Wide marks a record read from a wide statistics table: the table
	// carries indicators and regions the catalogue may not track, which
	// the loader lists instead of refusing the file, and a row that
	// publishes only a growth rate goes to the matching rate indicator.
	Wide bool `json:"wide,omitempty"`
	// Title is the wide table's title ("2024年1—10月包头市规模以上工业主要指标"),
	// which may name the org unit of an indicator table.
	Title string `json:"title,omitempty"`
}

// RowWhere names the record's row in Chinese: `文件“x.csv”第5行`,
// `文件“x.json”第3条记录`.
func (r Record) RowWhere() string {
	var s string
	if r.File != "" {
		s = fmt.Sprintf("文件“%s”", r.File)
	}
	if r.Sheet != "" {
		s += fmt.Sprintf("工作表“%s”", r.Sheet)
	}
	switch r.Format {
	case FormatJSON:
		return s + fmt.Sprintf("第%d条记录（数组第%d个元素）", r.Row, r.Row)
	case FormatForm:
		return s + fmt.Sprintf("填报表第%d行", r.Row)
	}
	return s + fmt.Sprintf("第%d行", r.Row)
}

// Where names a cell of the record in Chinese, e.g.
// `文件“x.csv”第5行“数值”列（D列）` or `文件“x.json”第3条记录（数组第3个元素）的“value”字段`.
// A cell whose column the file lacks is named by the row only.
func (r Record) Where(c Cell) string {
	row := r.RowWhere()
	if !c.Present() {
		return row
	}
	switch r.Format {
	case FormatJSON:
		return row + fmt.Sprintf("的“%s”字段", c.Col)
	case FormatForm:
		return row + fmt.Sprintf("“%s”栏", c.Header)
	}
	if c.Header == "" || c.Header == c.Col {
		return row + fmt.Sprintf("%s列", c.Col)
	}
	return row + fmt.Sprintf("“%s”列（%s列）", c.Header, c.Col)
}

// Column describes how one column of the file was understood.
type Column struct {
	Sheet     string           `json:"sheet,omitempty"`
	Col       string           `json:"col"`    // letter or JSON key
	Header    string           `json:"header"` // as the file shows it
	Field     Field            `json:"field,omitempty"`
	Unit      string           `json:"unit,omitempty"`       // unit named in the header
	ValueType domain.ValueType `json:"value_type,omitempty"` // 口径 named in the header
	// Reason says why an ignored column was ignored (Chinese).
	Reason string `json:"reason,omitempty"`
}

// Result is a parsed file.
type Result struct {
	File      string `json:"file"`
	Format    Format `json:"format"`
	Sheet     string `json:"sheet,omitempty"`
	Encoding  string `json:"encoding,omitempty"`  // CSV: UTF-8, UTF-8 BOM, UTF-16, GB18030
	Delimiter string `json:"delimiter,omitempty"` // CSV: ",", "\t" or ";"
	// HeaderRow is the spreadsheet row of the (first) header row; 0 for JSON.
	HeaderRow int `json:"header_row,omitempty"`
	// Columns are the recognised columns, Ignored the others.
	Columns []Column `json:"columns"`
	Ignored []Column `json:"ignored,omitempty"`
	Records []Record `json:"records"`
	// BlankRows counts rows below the header skipped because they hold
	// neither a period nor a value: blank rows, section headings, footnotes.
	BlankRows int `json:"blank_rows"`
	// SkippedRows lists the skipped rows that held text (headings, notes),
	// at most maxSkippedRows of them, so none is dropped unseen.
	SkippedRows []SkippedRow `json:"skipped_rows,omitempty"`
	// Checksum is the hex SHA-256 of the file's bytes, Size their count.
	Checksum string `json:"checksum"`
	Size     int64  `json:"size"`
	// Layout is "long" (one value per row, the product's own layout),
	// "wide-indicators" or "wide-regions" (statistics tables).
	Layout string `json:"layout,omitempty"`
	// Title is a wide table's title.
	Title string `json:"title,omitempty"`
	// Sheets says, for a workbook, which sheets were read and why the
	// others were not.
	Sheets []SheetNote `json:"sheets,omitempty"`
}

// FileError is a problem with a whole file (unreadable, no header row, a
// required column missing). Msg says what is wrong and what to do; msg.Text
// renders it, with the file's name, for users. Err, when set, is the
// underlying cause for logs.
type FileError struct {
	File string
	Msg  *msg.Error
	Err  error
}

// UserMessage is the message for users: Msg, in the named file.
func (e *FileError) UserMessage() *msg.Error {
	if e.File == "" {
		return e.Msg
	}
	return msg.New(msg.ParseInFile, e.File, e.Msg)
}

// Error returns the English message and the cause.
func (e *FileError) Error() string {
	s := e.UserMessage().Error()
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *FileError) Unwrap() error { return e.Err }

// SkippedRow is a row with text but no figure, skipped as a heading or note.
type SkippedRow struct {
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row"`
	Text  string `json:"text"`
}

// maxSkippedRows bounds Result.SkippedRows.
const maxSkippedRows = 100

// skipRow counts a skipped row and lists it when it held text.
func (res *Result) skipRow(g *grid, i int) {
	res.BlankRows++
	if len(res.SkippedRows) >= maxSkippedRows || i < 0 || i >= len(g.rows) {
		return
	}
	var parts []string
	for c := range g.rows[i] {
		if t := g.cell(i, c); t != "" && (len(parts) == 0 || parts[len(parts)-1] != t) {
			parts = append(parts, t)
		}
	}
	if len(parts) == 0 {
		return
	}
	res.SkippedRows = append(res.SkippedRows, SkippedRow{Sheet: g.sheet, Row: g.rowNum(i), Text: shorten(strings.Join(parts, " "))})
}
