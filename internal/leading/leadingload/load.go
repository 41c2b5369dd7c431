// Package leadingload loads 先行指标 CSV files into a leading.Store:
// daily electricity consumption per enterprise and commodity prices.
//
// A consumption file loads all or nothing. It is read once, cut into
// blocks at record ends that are checked on every core and merged in file
// order (parse.CSVParallel): every row is validated (errors name the file,
// row, column and reason, in Chinese), the file's SHA-256 is computed and
// the validated readings are kept as columns (16 bytes a reading, up to
// Options.KeepReadings); nothing is written unless the file is clean. A
// file whose checksum was loaded before is skipped. New readings then go
// to the store as those columns (AppendNewPowerBlock); corrections, and
// files too large to keep, are written in chunks of readings (the next
// chunk prepared while the previous one is written; a file too large to
// keep is read a second time, again in blocks), with progress reported.
//
// Writes happen under a batch opened first (BeginLeadingBatch): nothing
// written is visible until the batch is recorded at the end, so a load
// that fails or is killed in the middle leaves no rows visible, and
// running the same file again (a new batch) loads it once, completely.
// Price files are small and read as a stream.
package leadingload

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

// DefaultChunkRows is how many rows go to the store per call.
// Large blocks matter on ClickHouse: every insert block becomes a part per
// partition (plus one of the daily view), and at 100 000 rows the parts'
// overhead doubled the server's insert time of a 1M-row file.
const DefaultChunkRows = 500_000

// MaxErrors is how many row errors a failed file reports.
const MaxErrors = 20

// Options configures a load.
type Options struct {
	// Units resolves district codes and names (nil: codes are taken as given).
	Units *domain.UnitIndex
	// ChunkRows is the rows per store call (0: DefaultChunkRows).
	ChunkRows int
	// Progress, when set, is called after every chunk written with the rows
	// written so far and the file's total (from the writing goroutine).
	Progress func(done, total int)
	// Now gives the recorded time (nil: time.Now).
	Now func() time.Time
	// KeepReadings is the most validated consumption readings a load keeps
	// in memory to write them without reading the file again (0:
	// DefaultKeepReadings; negative: keep none, always read twice).
	KeepReadings int
	// BlockBytes is the size of the blocks a consumption file is cut into
	// to be read on every core (0: parse.DefaultBlockBytes).
	BlockBytes int
}

func (o Options) withDefaults() Options {
	if o.ChunkRows <= 0 {
		o.ChunkRows = DefaultChunkRows
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.KeepReadings == 0 {
		o.KeepReadings = DefaultKeepReadings
	}
	return o
}

// Result summarises a load.
type Result struct {
	Batch leading.Batch
	// Skipped is true when the same file (same checksum) was loaded before;
	// Batch is then that earlier load.
	Skipped bool
	// Missing counts rows without a value (blank, "—"): not loaded.
	Missing int
	// NewEnterprises counts enterprises added or changed by the file.
	NewEnterprises int
}

// RowError is one problem in a file.
type RowError struct {
	File   string
	Row    int    // 1-based line number as a spreadsheet shows it (header = 1)
	Column string // header text, empty for the whole row
	Msg    string // what is wrong, for users
}

// UserMessage names the file, row and column before the problem.
func (e RowError) UserMessage() *msg.Error {
	if e.Column != "" {
		return msg.New(msg.LeadingRowColumn, e.File, e.Row, e.Column, e.Msg)
	}
	return msg.New(msg.LeadingRow, e.File, e.Row, e.Msg)
}

func (e RowError) Error() string { return e.UserMessage().Error() }

// rowList lists row problems one per indented line; msg.Text renders each.
type rowList []RowError

func (l rowList) Error() string {
	var b strings.Builder
	for _, r := range l {
		b.WriteString("\n  ")
		b.WriteString(r.Error())
	}
	return b.String()
}

func (l rowList) Unwrap() []error {
	out := make([]error, len(l))
	for i, r := range l {
		out[i] = r
	}
	return out
}

// FileError is a file that was not loaded: its row errors (at most
// MaxErrors) or a problem with the file as a whole.
type FileError struct {
	File   string
	Msg    *msg.Error // a problem with the whole file, if any
	Rows   []RowError // row problems
	More   bool       // more row problems than listed
	Reason error      // underlying error, if any
}

// UserMessage is the file's problem, or its row problems under a summary.
func (e *FileError) UserMessage() *msg.Error {
	if e.Msg != nil {
		return msg.New(msg.LeadingFile, e.File, e.Msg)
	}
	var more any = ""
	if e.More {
		more = msg.New(msg.LeadingMoreRows, MaxErrors, MaxErrors)
	}
	return msg.New(msg.LeadingFileRows, e.File, len(e.Rows), more, rowList(e.Rows))
}

func (e *FileError) Error() string {
	s := e.UserMessage().Error()
	if e.Reason != nil {
		s += ": " + e.Reason.Error()
	}
	return s
}

func (e *FileError) Unwrap() error { return e.Reason }

// column is a recognised input column.
type column int

const (
	colEnterprise column = iota
	colName
	colDistrict
	colChain
	colDate
	colKWh
	colCommodity
	colPrice
	colUnit
	nColumns
)

// aliases maps normalised header texts to columns. Headers are matched
// after removing spaces and brackets' contents are kept (units).
var aliases = map[string]column{
	"企业代码": colEnterprise, "企业编码": colEnterprise, "统一社会信用代码": colEnterprise, "enterprise_code": colEnterprise, "enterprise": colEnterprise,
	"企业名称": colName, "企业": colName, "enterprise_name": colName, "name": colName,
	"地区": colDistrict, "旗县区": colDistrict, "所属地区": colDistrict, "district": colDistrict, "org_unit": colDistrict,
	"产业链": colChain, "所属产业链": colChain, "chain": colChain,
	"日期": colDate, "数据日期": colDate, "date": colDate,
	"用电量": colKWh, "日用电量": colKWh, "kwh": colKWh,
	"品种": colCommodity, "商品": colCommodity, "原材料": colCommodity, "commodity": colCommodity,
	"价格": colPrice, "price": colPrice,
	"单位": colUnit, "unit": colUnit,
}

// header is the resolved header of a file.
type header struct {
	idx       [nColumns]int    // column index, -1 when absent
	text      [nColumns]string // header text as written
	kwhMul    float64          // kWh per unit of the consumption column
	priceUnit string           // unit written in the price column's header
}

// matchHeader resolves a header cell: "用电量(千瓦时)", "用电量（万千瓦时）",
// "kwh", "企业代码 enterprise_code" (bilingual) …; unit is the text in
// brackets, if any.
func matchHeader(cell string) (c column, unit string, ok bool) {
	s := strings.ToLower(strings.Join(strings.Fields(cell), ""))
	s = strings.NewReplacer("（", "(", "）", ")").Replace(s)
	if i := strings.IndexByte(s, '('); i >= 0 && strings.HasSuffix(s, ")") {
		s, unit = s[:i], s[i+1:len(s)-1]
	}
	if c, ok = aliases[s]; ok {
		return c, unit, true
	}
	for _, f := range strings.Fields(strings.ToLower(cell)) { // bilingual "企业代码 enterprise_code"
		if c, ok = aliases[f]; ok {
			return c, "", true
		}
	}
	return 0, "", false
}

// kwhPerUnit is the kWh in one unit of a consumption column's unit.
func kwhPerUnit(unit string) (float64, bool) {
	switch strings.ToLower(unit) {
	case "", "千瓦时", "kwh", "度":
		return 1, true
	case "万千瓦时", "万kwh", "万度":
		return 1e4, true
	case "兆瓦时", "mwh":
		return 1e3, true
	}
	return 0, false
}

// yuanPerTonne is the 元/吨 in one unit of a price unit (empty: 元/吨).
func yuanPerTonne(unit string) (float64, bool) {
	switch strings.ToLower(strings.Join(strings.Fields(unit), "")) {
	case "", "元/吨", "元/t", "元每吨":
		return 1, true
	case "万元/吨", "万元/t":
		return 1e4, true
	case "元/千克", "元/公斤", "元/kg":
		return 1e3, true
	}
	return 0, false
}

func readHeader(file string, rec []string, need []column) (header, error) {
	var h header
	for i := range h.idx {
		h.idx[i] = -1
	}
	h.kwhMul = 1
	for i, cell := range rec {
		c, unit, ok := matchHeader(cell)
		if !ok || h.idx[c] >= 0 {
			continue
		}
		h.idx[c], h.text[c] = i, strings.TrimSpace(cell)
		switch c {
		case colKWh:
			mul, ok := kwhPerUnit(unit)
			if !ok {
				return h, &FileError{File: file, Msg: msg.New(msg.LeadingKWhUnit, h.text[c], unit)}
			}
			h.kwhMul = mul
		case colPrice:
			if _, ok := yuanPerTonne(unit); !ok {
				return h, &FileError{File: file, Msg: msg.New(msg.LeadingPriceUnit, h.text[c], unit)}
			}
			h.priceUnit = unit
		}
	}
	var missing []string
	names := map[column]string{colEnterprise: "企业代码", colDate: "日期", colKWh: "用电量(千瓦时)", colCommodity: "品种", colPrice: "价格"}
	for _, c := range need {
		if h.idx[c] < 0 {
			missing = append(missing, "“"+names[c]+"”")
		}
	}
	if len(missing) > 0 {
		return h, &FileError{File: file, Msg: msg.New(msg.LeadingMissingColumns, strings.Join(missing, "、"))}
	}
	return h, nil
}

func (h *header) cell(rec []string, c column) string {
	if i := h.idx[c]; i >= 0 && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// csvRows streams the records of r after the header through the one CSV
// decoder (parse.CSVStream: encoding and delimiter detected, lines capped);
// fn gets the line number and the record (reused between calls).
func csvRows(file string, r io.Reader, need []column, fn func(h *header, line int, rec []string) error) error {
	var h header
	seen := false
	err := parse.CSVStream(r, parse.Limits{MaxLineBytes: parse.DefaultLimits.MaxLineBytes}, func(line int, rec []string) error {
		if !seen {
			seen = true
			var err error
			h, err = readHeader(file, slices.Clone(rec), need)
			return err
		}
		if blank(rec) {
			return nil
		}
		return fn(&h, line, rec)
	})
	return csvError(file, seen, err)
}

// csvBlocks is csvRows on several cores (parse.CSVParallel): the records
// after the header are read in blocks, row is called for each record of a
// block with that block's state (made by start), and end gets the states
// in file order.
func csvBlocks[S any](file string, r io.Reader, blockBytes int, need []column, start func() S,
	row func(s S, h *header, line int, rec []string) error, end func(S) error) error {
	var h header
	seen := false
	err := parse.CSVParallel(r, parse.Limits{MaxLineBytes: parse.DefaultLimits.MaxLineBytes}, parse.Parallel[S]{
		BlockBytes: blockBytes,
		Header: func(line int, rec []string) error {
			seen = true
			var err error
			h, err = readHeader(file, slices.Clone(rec), need)
			return err
		},
		Start: start,
		Row: func(s S, line int, rec []string) error {
			if blank(rec) {
				return nil
			}
			return row(s, &h, line, rec)
		},
		End: end,
	})
	return csvError(file, seen, err)
}

// blank reports whether a record is an empty line.
func blank(rec []string) bool { return len(rec) == 1 && strings.TrimSpace(rec[0]) == "" }

// csvError turns a CSV reader's error into the file's problem for users
// (seen: whether the header was read).
func csvError(file string, seen bool, err error) error {
	var (
		pe *csv.ParseError
		tl *parse.LineTooLongError
		fe *FileError
	)
	switch {
	case err == nil && !seen:
		return &FileError{File: file, Msg: msg.New(msg.LeadingEmpty)}
	case err == nil, errors.As(err, &fe):
		return err
	case errors.As(err, &tl):
		return &FileError{File: file, Msg: msg.New(msg.LeadingLineTooLong, tl.Line, tl.Max>>10), Reason: err}
	case !seen && errors.As(err, &pe):
		return &FileError{File: file, Msg: msg.New(msg.LeadingHeaderUnreadable), Reason: err}
	case errors.As(err, &pe):
		return &FileError{File: file, Msg: msg.New(msg.LeadingBadQuotes, pe.Line), Reason: err}
	case !seen:
		return &FileError{File: file, Msg: msg.Wrap(err, msg.LeadingUnreadable), Reason: err}
	}
	return err
}

// ParseDate reads the date forms people write: 2024-03-01, 2024/3/1,
// 20240301, 2024年3月1日, 2024.3.1.
func ParseDate(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if len(t) == 10 && t[4] == '-' && t[7] == '-' { // fast path: 2024-03-01
		y, m, d := digits(t[:4]), digits(t[5:7]), digits(t[8:])
		if y >= 0 && m >= 1 && m <= 12 && d >= 1 {
			if out := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); out.Day() == d {
				return out, nil // what time.Parse("2006-01-02") gives
			}
		}
	}
	if len(t) == 8 && strings.Trim(t, "0123456789") == "" {
		if d, err := time.Parse("20060102", t); err == nil {
			return d, nil
		}
	}
	norm := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(t)
	parts := strings.Split(norm, "-")
	if len(parts) == 3 {
		y, e1 := strconv.Atoi(parts[0])
		m, e2 := strconv.Atoi(parts[1])
		d, e3 := strconv.Atoi(strings.Fields(parts[2] + " x")[0])
		if e1 == nil && e2 == nil && e3 == nil && m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1970 && y <= 2105 {
			out := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if out.Day() == d {
				return out, nil
			}
			return time.Time{}, msg.New(msg.LeadingNoSuchDate, s, y, m, d)
		}
	}
	return time.Time{}, msg.New(msg.LeadingBadDate, s)
}

// digits reads a run of ASCII digits (-1 when s holds anything else).
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// number reads a value cell (fast path for plain numbers).
func number(s string) (v float64, missing bool, err error) {
	if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		return f, false, nil
	}
	n, err := parse.ParseNumber(s, domain.BuiltinUnits())
	if err != nil {
		return 0, false, err
	}
	return n.Value, n.Missing, nil
}

// checksum hashes everything read through it.
type checksum struct {
	r io.Reader
	h interface {
		io.Writer
		Sum([]byte) []byte
	}
}

func newChecksum(r io.Reader) *checksum { return &checksum{r: r, h: sha256.New()} }

func (c *checksum) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	return n, err
}

func (c *checksum) hex() string { return hex.EncodeToString(c.h.Sum(nil)) }

// errList collects row errors up to MaxErrors.
type errList struct {
	file string
	rows []RowError
	more bool
}

func (l *errList) add(line int, col, msg string) {
	if len(l.rows) >= MaxErrors {
		l.more = true
		return
	}
	l.rows = append(l.rows, RowError{File: l.file, Row: line, Column: col, Msg: msg})
}

func (l *errList) err() error {
	if len(l.rows) == 0 {
		return nil
	}
	return &FileError{File: l.file, Rows: l.rows, More: l.more}
}

// batchID names one attempt to load a file: kind, start, checksum and a
// random part, so that a retry of the same file, even within the same
// second or under a fixed clock, is a batch of its own and never commits
// the hidden blocks of an attempt that failed.
func batchID(kind string, now time.Time, sum string) string {
	var r [4]byte
	_, _ = rand.Read(r[:])
	return kind + "-" + now.UTC().Format("20060102T150405") + "-" + sum[:8] + "-" + hex.EncodeToString(r[:])
}
