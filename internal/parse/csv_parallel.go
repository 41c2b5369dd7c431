package parse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// DefaultBlockBytes is the size of the blocks CSVParallel cuts a file into.
const DefaultBlockBytes = 1 << 20

// Parallel configures CSVParallel. S is the state a worker builds from
// one block's records.
type Parallel[S any] struct {
	// Workers parse blocks at once (0: GOMAXPROCS).
	Workers int
	// BlockBytes is the decoded text per block (0: DefaultBlockBytes).
	BlockBytes int
	// Header gets the first record, before any block is handed out.
	Header func(line int, rec []string) error
	// Start makes the state of one block (on a worker).
	Start func() S
	// Row gets each record of the block after the header, with its 1-based
	// line number (on the block's worker; rec is reused).
	Row func(s S, line int, rec []string) error
	// End gets each block's state in file order, on the caller's goroutine.
	End func(s S) error
}

// CSVParallel decodes a CSV file with the rules of CSVStream (encoding and
// delimiter detected from the first 64 KiB, lines capped by
// lim.MaxLineBytes) and hands its records to p.Row on several goroutines:
// the decoded text is cut into blocks at record ends (found with the
// reader's own quoting rules, so a quoted field holding a newline is never
// cut), each block is parsed by one worker, and p.End receives the blocks'
// states in file order. Memory is bounded by the blocks in flight (two per
// worker). Errors are CSVStream's (line numbers as there), or the first of
// the callbacks' in file order.
func CSVParallel[S any](r io.Reader, lim Limits, p Parallel[S]) error {
	max := lim.MaxLineBytes
	if max <= 0 {
		max = DefaultLimits.MaxLineBytes
	}
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := p.BlockBytes
	if size <= 0 {
		size = DefaultBlockBytes
	}
	text, head, err := streamText(&lineCap{r: r, max: max, line: 1})
	if err != nil {
		return err
	}
	delim := detectDelimiter(head)
	sp := &splitter{r: text, cut: recordCutter{delim: byte(delim)}, size: size, max: size + max, line: 1}
	if err := sp.header(delim, p.Header); err != nil {
		return err
	}
	return runBlocks(sp, delim, workers, p)
}

// block is a run of whole records and the 1-based line of its first byte.
type block struct {
	text  []byte
	first int
}

// job is one block on its way through a worker.
type job[S any] struct {
	b    block
	s    S
	err  error
	done chan struct{}
}

// runBlocks hands the splitter's blocks to workers and their states to
// p.End in file order.
func runBlocks[S any](sp *splitter, delim rune, workers int, p Parallel[S]) error {
	jobs := make(chan *job[S], workers)
	order := make(chan *job[S], 2*workers)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if !stop.Load() {
					j.s = p.Start()
					j.err = parseBlock(j.b, delim, j.s, p.Row)
				}
				close(j.done)
			}
		}()
	}
	var splitErr error
	go func() {
		defer close(order)
		defer close(jobs)
		for !stop.Load() {
			b, err := sp.next()
			if b.text != nil {
				j := &job[S]{b: b, done: make(chan struct{})}
				order <- j
				jobs <- j
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					splitErr = err
				}
				return
			}
		}
	}()
	var err error
	for j := range order {
		<-j.done
		if err != nil {
			continue // drain
		}
		if err = j.err; err == nil {
			err = p.End(j.s)
		}
		if err != nil {
			stop.Store(true)
		}
	}
	wg.Wait()
	if err == nil {
		err = splitErr
	}
	return err
}

// parseBlock reads the records of one block.
func parseBlock[S any](b block, delim rune, s S, row func(S, int, []string) error) error {
	if delim < utf8.RuneSelf && bytes.IndexByte(b.text, '"') < 0 {
		// One string per block: the fields are parts of it.
		return splitText(string(b.text), b.first, byte(delim), func(line int, rec []string) error { return row(s, line, rec) })
	}
	cr := csvReader(bytes.NewReader(b.text), delim)
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				pe.StartLine += b.first - 1
				pe.Line += b.first - 1
			}
			return err
		}
		line, _ := cr.FieldPos(0)
		if err := row(s, b.first+line-1, rec); err != nil {
			return err
		}
	}
}

// splitText reads text without quotes, as machine-written files are,
// the way encoding/csv reads it (one record a line, "\r\n" read as "\n",
// a "\r" before the end of the text dropped, blank lines skipped) but
// without copying each record: the fields are parts of text, so a caller
// keeping a field keeps the text (strings.Clone it). first is the line
// number of the text's first line; rec is reused between calls.
func splitText(text string, first int, delim byte, fn func(line int, rec []string) error) error {
	var rec []string
	for line := first; len(text) > 0; line++ {
		l := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		l = strings.TrimSuffix(l, "\r")
		if l == "" {
			continue
		}
		rec = rec[:0]
		for {
			i := strings.IndexByte(l, delim)
			if i < 0 {
				rec = append(rec, l)
				break
			}
			rec = append(rec, l[:i])
			l = l[i+1:]
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
	return nil
}

// splitter reads decoded text and cuts it into blocks of whole records.
type splitter struct {
	r         io.Reader
	cut       recordCutter
	size, max int
	buf       []byte
	scanned   int // bytes of buf the cutter has seen
	end       int // just after the last record end in buf (0: none)
	line      int // line of buf[0]
	eof       bool
}

// next returns the next block (text nil when none is left) and io.EOF
// with the last one.
func (sp *splitter) next() (block, error) {
	for !sp.eof && sp.end < sp.size {
		if len(sp.buf) >= sp.max {
			if sp.end > 0 {
				break // a long record follows: send what precedes it
			}
			return block{}, &LineTooLongError{Line: sp.line, Max: sp.max - sp.size}
		}
		if err := sp.fill(); err != nil {
			return block{}, err
		}
	}
	if sp.eof {
		b := block{text: sp.buf, first: sp.line}
		if len(sp.buf) == 0 {
			b.text = nil
		}
		sp.buf = nil
		return b, io.EOF
	}
	b := block{text: sp.buf[:sp.end], first: sp.line}
	rest := make([]byte, len(sp.buf)-sp.end, max(len(sp.buf)-sp.end, sp.size+sp.size/2))
	copy(rest, sp.buf[sp.end:])
	sp.line += bytes.Count(b.text, []byte{'\n'})
	sp.buf, sp.scanned, sp.end = rest, len(rest), 0
	return b, nil
}

// fill reads more text and finds the record ends in it.
func (sp *splitter) fill() error {
	if cap(sp.buf)-len(sp.buf) < max(sp.size/2, 1) {
		grown := make([]byte, len(sp.buf), 2*cap(sp.buf)+sp.size)
		copy(grown, sp.buf)
		sp.buf = grown
	}
	n, err := sp.r.Read(sp.buf[len(sp.buf):cap(sp.buf)])
	sp.buf = sp.buf[:len(sp.buf)+n]
	if e := sp.cut.scan(sp.buf[sp.scanned:]); e > 0 {
		sp.end = sp.scanned + e
	}
	sp.scanned = len(sp.buf)
	switch {
	case errors.Is(err, io.EOF):
		sp.eof = true
		return nil
	case err != nil:
		var tl *LineTooLongError
		if errors.As(err, &tl) {
			return tl
		}
		return err
	}
	return nil
}

// header reads records from the start of the text until one is not blank
// and hands it to fn; the rest stays in the splitter.
func (sp *splitter) header(delim rune, fn func(line int, rec []string) error) error {
	for {
		for sp.end == 0 && !sp.eof {
			if len(sp.buf) >= sp.max {
				return &LineTooLongError{Line: sp.line, Max: sp.max - sp.size}
			}
			if err := sp.fill(); err != nil {
				return err
			}
		}
		upto := sp.end
		if upto == 0 { // the file is one record without a newline
			upto = len(sp.buf)
		}
		cr := csvReader(bytes.NewReader(sp.buf[:upto]), delim)
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) && sp.eof && upto == len(sp.buf) {
			return nil // blank file
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		off := int(cr.InputOffset())
		if err == nil {
			line, _ := cr.FieldPos(0)
			if err := fn(sp.line+line-1, rec); err != nil {
				return err
			}
		}
		sp.line += bytes.Count(sp.buf[:off], []byte{'\n'})
		sp.buf = sp.buf[off:]
		sp.scanned -= off
		if sp.end -= off; sp.end < 0 {
			sp.end = 0
		}
		if err == nil {
			return nil
		}
	}
}

// recordCutter follows encoding/csv's reading of quotes as configured by
// csvReader (LazyQuotes, no comments, no trimming) to tell which newlines
// end a record: a field is quoted when it starts with '"'; inside it "" is
// a quote, '"' before the delimiter or the end of the line closes it, and
// any other '"' is kept as text.
type recordCutter struct {
	delim byte
	state uint8
}

const (
	atFieldStart = iota
	inField
	inQuoted
	quoteInQuoted
	quoteCR // "\r inside a quoted field: a record ends if \n follows
)

// scan reads b (continuing from the state the previous call left) and
// returns the index just after the last newline in b that ends a record,
// or 0 when none does.
func (c *recordCutter) scan(b []byte) int {
	if (c.state == atFieldStart || c.state == inField) && bytes.IndexByte(b, '"') < 0 {
		// No quote: every newline ends a record.
		end := bytes.LastIndexByte(b, '\n') + 1
		switch rest := b[end:]; {
		case len(rest) == 0 && end == 0:
		case len(rest) == 0, rest[len(rest)-1] == c.delim:
			c.state = atFieldStart
		default:
			c.state = inField
		}
		return end
	}
	end := 0
	for i := 0; i < len(b); i++ {
		ch := b[i]
		switch c.state {
		case atFieldStart, inField:
			switch {
			case ch == '\n':
				c.state, end = atFieldStart, i+1
			case ch == c.delim:
				c.state = atFieldStart
			case ch == '"' && c.state == atFieldStart:
				c.state = inQuoted
			default:
				c.state = inField
			}
		case inQuoted:
			if j := bytes.IndexByte(b[i:], '"'); j >= 0 {
				i += j
				c.state = quoteInQuoted
			} else {
				i = len(b)
			}
		case quoteInQuoted:
			switch {
			case ch == '"':
				c.state = inQuoted // "" is a quote
			case ch == c.delim:
				c.state = atFieldStart
			case ch == '\n':
				c.state, end = atFieldStart, i+1
			case ch == '\r':
				c.state = quoteCR
			default:
				c.state = inQuoted // a bare quote, kept as text
			}
		case quoteCR:
			if ch == '\n' {
				c.state, end = atFieldStart, i+1
			} else {
				c.state = inQuoted // a bare quote and a \r, kept as text
				i--                // this byte is read inside the quoted field
			}
		}
	}
	return end
}
