package parse_test

import (
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"

	"industrydash/internal/parse"
)

// parallelRec is one record as CSVParallel delivered it.
type parallelRec struct {
	line int
	rec  []string
}

// parallelAll reads data with CSVParallel and returns the records, header
// first, in the order End received them.
func parallelAll(data string, lim parse.Limits, workers, blockBytes int) ([][]string, []int, error) {
	var rows [][]string
	var lines []int
	err := parse.CSVParallel(iotest.HalfReader(strings.NewReader(data)), lim, parse.Parallel[*[]parallelRec]{
		Workers: workers, BlockBytes: blockBytes,
		Header: func(line int, rec []string) error {
			rows = append(rows, append([]string(nil), rec...))
			lines = append(lines, line)
			return nil
		},
		Start: func() *[]parallelRec { return &[]parallelRec{} },
		Row: func(s *[]parallelRec, line int, rec []string) error {
			*s = append(*s, parallelRec{line, append([]string(nil), rec...)})
			return nil
		},
		End: func(s *[]parallelRec) error {
			for _, r := range *s {
				rows = append(rows, r.rec)
				lines = append(lines, r.line)
			}
			return nil
		},
	})
	return rows, lines, err
}

// TestCSVParallelReadsLikeCSVStream compares the two readers on random
// texts built from the characters that matter to CSV (quotes, delimiters,
// CR, LF, multi-byte text), cut into tiny blocks so that every kind of
// position is a block boundary somewhere: the records and their line
// numbers must be the same.
func TestCSVParallelReadsLikeCSVStream(t *testing.T) {
	t.Run("quotes", func(t *testing.T) {
		compareParallel(t, []string{"a", "b", ",", ",", "\"", "\"", "\n", "\n", "\r\n", "\r", " ", "中", "\"\"", "1"})
	})
	t.Run("no quotes", func(t *testing.T) { // blocks read without encoding/csv
		compareParallel(t, []string{"a", "b", ",", ",", "\n", "\n", "\r\n", "\r", " ", "中", "1", "\t"})
	})
}

func compareParallel(t *testing.T, alphabet []string) {
	rng := rand.New(rand.NewSource(7))
	lim := parse.Limits{MaxLineBytes: 1 << 16}
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		b.WriteString("h1,h2,h3\n")
		for k := rng.Intn(60); k >= 0; k-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		data := b.String()
		want, wantLines, werr := streamAll(t, data, lim)
		block := 1 + rng.Intn(24)
		got, gotLines, gerr := parallelAll(data, lim, 1+rng.Intn(3), block)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q (block %d): CSVStream error %v, CSVParallel error %v", data, block, werr, gerr)
		}
		if werr != nil {
			continue
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotLines, wantLines) {
			t.Fatalf("%q (block %d):\nparallel %q lines %v\nstream   %q lines %v", data, block, got, gotLines, want, wantLines)
		}
	}
}

// TestCSVParallelDecodesAndDetects reads a GB18030 file with tab
// delimiters, blank lines first and a quoted field holding a newline, in
// blocks of a few bytes.
func TestCSVParallelDecodesAndDetects(t *testing.T) {
	var b strings.Builder
	b.WriteString("\n\n企业代码\t日期\t用电量\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "E%03d\t2024-01-%02d\t%d\n", i, 1+i%28, i*10)
		if i == 100 {
			b.WriteString("\"多行\n名称\"\t2024-02-01\t5\n")
		}
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	want, wantLines, err := streamAll(t, gbk, parse.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, gotLines, err := parallelAll(gbk, parse.Limits{}, 2, 16)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotLines, wantLines) {
		t.Fatalf("parallel read differs from the stream:\n%q\n%q", got[:5], want[:5])
	}
	if got[0][0] != "企业代码" || len(got) != 202 || got[102][0] != "多行\n名称" || gotLines[0] != 3 {
		t.Fatalf("header %q, %d records, record 102 %q, header line %d", got[0], len(got), got[102], gotLines[0])
	}
}

// TestCSVParallelStopsAtTheFirstError: a callback's error ends the read,
// and the error returned is the one of the earliest block.
func TestCSVParallelStopsAtTheFirstError(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "%d,x\n", i)
	}
	bad := errors.New("bad row")
	var ended int
	err := parse.CSVParallel(strings.NewReader(b.String()), parse.Limits{}, parse.Parallel[*int]{
		Workers: 3, BlockBytes: 64,
		Header: func(int, []string) error { return nil },
		Start:  func() *int { return new(int) },
		Row: func(s *int, line int, rec []string) error {
			if rec[0] == "1000" || rec[0] == "3000" {
				return fmt.Errorf("line %d: %w", line, bad)
			}
			*s = line
			return nil
		},
		End: func(*int) error { ended++; return nil },
	})
	if !errors.Is(err, bad) || !strings.Contains(err.Error(), "line 1002") {
		t.Fatalf("error %v, want the one of line 1002", err)
	}
	if ended == 0 {
		t.Fatal("no block before the error was ended")
	}
}

// TestCSVParallelCapsLines refuses a line longer than the limit, as
// CSVStream does, with its line number.
func TestCSVParallelCapsLines(t *testing.T) {
	data := "a,b\n1,2\n" + strings.Repeat("x", 5000) + "\n3,4\n"
	_, _, err := parallelAll(data, parse.Limits{MaxLineBytes: 1000}, 2, 64)
	var tl *parse.LineTooLongError
	if !errors.As(err, &tl) || tl.Line != 3 {
		t.Fatalf("error %v, want line 3 too long", err)
	}
}
