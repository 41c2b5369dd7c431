package parse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffBytes is how much of a streamed file the encoding and delimiter are
// detected from.
const sniffBytes = 64 << 10

// LineTooLongError is a streamed CSV line longer than the limit: not a
// table (a binary file, a line without newlines).
type LineTooLongError struct {
	Line, Max int // 1-based line number; the limit in bytes
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("line %d longer than %d bytes", e.Line, e.Max)
}

// CSVStream decodes a CSV file with the same rules as ReadCSV (encoding
// from a BOM, else valid UTF-8, else GB18030; delimiter comma, tab or
// semicolon, whichever splits the first lines most consistently) but
// streaming, for files too large to hold: both are detected from the first
// 64 KiB, and memory is bounded by the longest line, which lim.MaxLineBytes
// caps (0: DefaultLimits'). fn gets every record, the header included, with
// the 1-based line number a spreadsheet shows; rec is reused between calls.
// Errors: *LineTooLongError, *csv.ParseError (unbalanced quotes), the
// reader's error, or fn's.
func CSVStream(r io.Reader, lim Limits, fn func(line int, rec []string) error) error {
	max := lim.MaxLineBytes
	if max <= 0 {
		max = DefaultLimits.MaxLineBytes
	}
	lc := &lineCap{r: r, max: max, line: 1}
	text, head, err := streamText(lc)
	if err != nil {
		return err
	}
	cr := csvReader(text, detectDelimiter(head))
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var tl *LineTooLongError
			if errors.As(err, &tl) {
				return tl
			}
			return err
		}
		line, _ := cr.FieldPos(0)
		if err := fn(line, rec); err != nil {
			return err
		}
	}
}

// streamText detects the encoding from the first bytes and returns the
// decoded text and its first part (for the delimiter).
func streamText(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffBytes)
	head, err := br.Peek(sniffBytes)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", err
	}
	switch sniffEncoding(head, len(head) == sniffBytes) {
	case encUTF8BOM:
		_, _ = br.Discard(3)
		return br, string(head[3:]), nil
	case encUTF16:
		d := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
		h, _ := d.NewDecoder().Bytes(head[:len(head)&^1])
		return transform.NewReader(br, unicode.BOMOverride(unicode.UTF8.NewDecoder())), string(h), nil
	case encUTF8:
		return br, string(head), nil
	}
	h, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(head)
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), string(h), nil
}

// lineCap refuses a line longer than max bytes as it streams by.
type lineCap struct {
	r              io.Reader
	max, cur, line int
}

func (l *lineCap) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	b := p[:n]
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.cur += len(b)
			break
		}
		if l.cur+i > l.max {
			return 0, &LineTooLongError{Line: l.line, Max: l.max}
		}
		l.cur, l.line, b = 0, l.line+1, b[i+1:]
	}
	if l.cur > l.max {
		return 0, &LineTooLongError{Line: l.line, Max: l.max}
	}
	return n, err
}
