package parse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"industrydash/internal/msg"
)

// ReadCSV reads a CSV file. The encoding is detected, not asked: a UTF-8
// BOM or valid UTF-8 is UTF-8, a UTF-16 BOM is UTF-16 (Excel's "Unicode
// text"), anything else is GB18030 (a superset of GBK, what Chinese Excel
// and WPS export). The delimiter is a comma unless tabs or semicolons
// separate the lines more consistently. Row numbers are those a spreadsheet
// program shows when opening the file.
func ReadCSV(r io.Reader, name string) (*Result, error) {
	b, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	return parseCSV(b, name, DefaultLimits)
}

func parseCSV(b []byte, name string, lim Limits) (*Result, error) {
	res := newResult(b, name, FormatCSV)
	g, err := csvGrid(b, name, res, lim)
	if err != nil {
		return nil, err
	}
	return g.read(res)
}

// read reads a grid as a long table, else as a wide statistics table; the
// long reader's error is returned when neither understands it.
func (g *grid) read(res *Result) (*Result, error) {
	long := *res
	err := g.records(&long)
	if err == nil {
		long.Layout = "long"
		return &long, nil
	}
	wide := *res
	werr := g.readWide(&wide)
	if werr == nil {
		return &wide, nil
	}
	if g.findHeader() < 0 {
		if h, _, _ := g.wideHeader(); h < 0 {
			return nil, &FileError{File: g.file, Msg: msg.New(msg.ParseNoHeaderNotTable), Err: err}
		}
		return nil, werr
	}
	return nil, err
}

// csvGrid decodes a CSV file into a grid, noting its encoding and
// delimiter in res.
func csvGrid(b []byte, name string, res *Result, lim Limits) (*grid, error) {
	lim = lim.orDefault()
	if lim.MaxLineBytes > 0 {
		line, start := 1, 0
		for i := 0; i <= len(b); i++ {
			if i == len(b) || b[i] == '\n' {
				if i-start > lim.MaxLineBytes {
					return nil, &FileError{File: name, Msg: msg.New(msg.ParseLineTooLong, line, lim.MaxLineBytes>>10, lim.MaxLineBytes>>10),
						Err: fmt.Errorf("line %d longer than %d bytes", line, lim.MaxLineBytes)}
				}
				line++
				start = i + 1
			}
		}
	}
	text, enc, err := decodeText(b)
	var me *mixedError
	if errors.As(err, &me) {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseMixedEncoding, me.line), Err: err}
	}
	if err != nil {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseUnknownEncoding), Err: err}
	}
	res.Encoding = enc
	delim := detectDelimiter(text)
	res.Delimiter = string(delim)

	var rows [][]string
	var nums []int
	cells := 0
	if delim < utf8.RuneSelf && !strings.Contains(text, `"`) {
		// No quotes, as machine-written files: every record a line, its
		// fields parts of the text (read as encoding/csv reads them).
		err := splitText(text, 1, byte(delim), func(line int, rec []string) error {
			if lim.MaxRows > 0 && len(rows) >= lim.MaxRows {
				return lim.rowsError(name, "", len(rows)+1)
			}
			if cells += len(rec); lim.MaxCells > 0 && cells > lim.MaxCells {
				return lim.cellsError(name)
			}
			rows = append(rows, slices.Clone(rec))
			nums = append(nums, line)
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &grid{file: name, format: FormatCSV, rows: rows, units: lim.Units,
			rowNum: func(i int) int { return nums[i] }, colName: columnLetter}, nil
	}
	cr := csvReader(strings.NewReader(text), delim)
	extra := 0 // newlines inside quoted fields so far: they do not start rows
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, &FileError{File: name, Msg: msg.New(msg.ParseBadQuotes, strconv.Itoa(line-extra)), Err: err}
		}
		line, _ := cr.FieldPos(0)
		if lim.MaxRows > 0 && len(rows) >= lim.MaxRows {
			return nil, lim.rowsError(name, "", len(rows)+1)
		}
		cells += len(rec)
		if lim.MaxCells > 0 && cells > lim.MaxCells {
			return nil, lim.cellsError(name)
		}
		rows = append(rows, rec)
		nums = append(nums, line-extra)
		for _, f := range rec {
			extra += strings.Count(f, "\n")
		}
	}
	return &grid{
		file: name, format: FormatCSV, rows: rows, units: lim.Units,
		rowNum:  func(i int) int { return nums[i] },
		colName: columnLetter,
	}, nil
}

// csvReader is the one encoding/csv configuration every import reads with:
// the delimiter detected, ragged rows allowed, stray quotes kept as text.
func csvReader(r io.Reader, delim rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return cr
}

// The encodings sniffEncoding tells apart.
const (
	encUTF8BOM = "UTF-8 BOM"
	encUTF16   = "UTF-16"
	encUTF8    = "UTF-8"
	encGB18030 = "GB18030"
)

// sniffEncoding names the encoding of a file from its first bytes (all of
// them, or a head whose last character may be cut): a BOM, else valid
// UTF-8, else GB18030 (a superset of GBK).
func sniffEncoding(head []byte, cut bool) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return encUTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return encUTF16
	}
	probe := head
	if cut { // a character may be cut at the end
		for i := 0; i < 3 && len(probe) > 0 && !utf8.Valid(probe); i++ {
			probe = probe[:len(probe)-1]
		}
	}
	if utf8.Valid(probe) {
		return encUTF8
	}
	return encGB18030
}

// decodeText converts the file's bytes to a string and names the encoding.
func decodeText(b []byte) (string, string, error) {
	switch enc := sniffEncoding(b, false); enc {
	case encUTF8BOM:
		return string(b[3:]), enc, nil
	case encUTF16:
		d := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, err := d.Bytes(b)
		if err != nil {
			return "", "", err
		}
		return string(out), enc, nil
	case encUTF8:
		return string(b), enc, nil
	}
	if line := utf8Line(b); line > 0 {
		return "", "", &mixedError{line: line}
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", err
	}
	return string(out), encGB18030, nil
}

// mixedError is a file that is neither UTF-8 nor GBK throughout.
type mixedError struct{ line int }

func (e *mixedError) Error() string { return fmt.Sprintf("mixed encodings: line %d is UTF-8", e.line) }

// utf8Line returns the first line (1-based) of a file that is not valid
// UTF-8 as a whole which is itself valid UTF-8 with at least two non-ASCII
// characters: a row pasted from a UTF-8 file into a GBK one. Two
// characters, because a single GBK character can happen to be valid UTF-8;
// whole GBK lines of Chinese text practically never are. 0 when none.
func utf8Line(b []byte) int {
	for i, line := range bytes.Split(b, []byte("\n")) {
		if !utf8.Valid(line) {
			continue
		}
		n := 0
		for _, r := range string(line) {
			if r >= utf8.RuneSelf {
				n++
			}
		}
		if n >= 2 {
			return i + 1
		}
	}
	return 0
}

// detectDelimiter picks among comma, tab and semicolon the one that splits
// the first lines into the most consistent number of fields (quoted text
// ignored), preferring the comma on ties.
func detectDelimiter(text string) rune {
	lines := strings.SplitN(text, "\n", 21)
	if len(lines) > 20 {
		lines = lines[:20]
	}
	best, bestScore, bestWidth := ',', -1, 0
	for _, d := range []rune{',', '\t', ';'} {
		freq := map[int]int{}
		for _, l := range lines {
			n, quoted := 0, false
			for _, r := range l {
				if r == '"' {
					quoted = !quoted
				} else if r == d && !quoted {
					n++
				}
			}
			if n > 0 {
				freq[n]++
			}
		}
		score, width := 0, 0
		for n, f := range freq {
			if f > score || f == score && n > width {
				score, width = f, n
			}
		}
		if score > bestScore || score == bestScore && width > bestWidth && d != ',' && bestScore > 0 {
			best, bestScore, bestWidth = d, score, width
		}
	}
	if bestScore <= 0 {
		return ','
	}
	return best
}

// columnLetter names the 0-based column c as a spreadsheet does: A … Z, AA ….
func columnLetter(c int) string {
	var b []byte
	for c++; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b)
}

// CSVRows decodes a CSV file with the one decoder every import uses
// (encoding detected, delimiter detected, line length and rows within
// lim) and returns its rows as written with the row number a spreadsheet
// shows for each. Problems are *FileError.
func CSVRows(b []byte, name string, lim Limits) (rows [][]string, nums []int, err error) {
	res := newResult(b, name, FormatCSV)
	g, err := csvGrid(b, name, res, lim)
	if err != nil {
		return nil, nil, err
	}
	nums = make([]int, len(g.rows))
	for i := range g.rows {
		nums[i] = g.rowNum(i)
	}
	return g.rows, nums, nil
}
