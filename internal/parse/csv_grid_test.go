package parse

import (
	"errors"
	"io"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// TestQuoteFreeGridIsEncodingCSV: a CSV text without quotes is split by
// hand (csvGrid); on random texts of the characters that matter (CR, LF,
// blank lines, delimiters, multi-byte text) its rows and row numbers must
// be what encoding/csv reads.
func TestQuoteFreeGridIsEncodingCSV(t *testing.T) {
	alphabet := []string{"a", "b", ",", ",", "\n", "\n", "\r\n", "\r", " ", "中", "1", "\t", ";"}
	rng := rand.New(rand.NewSource(11))
	for n := 0; n < 5000; n++ {
		var b strings.Builder
		for k := rng.Intn(80); k >= 0; k-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		text := b.String()
		g, err := csvGrid([]byte(text), "x.csv", &Result{}, Limits{MaxLineBytes: 1 << 16})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		cr := csvReader(strings.NewReader(text), detectDelimiter(text))
		var want [][]string
		var lines []int
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%q: encoding/csv: %v", text, err)
			}
			line, _ := cr.FieldPos(0)
			want, lines = append(want, rec), append(lines, line)
		}
		var got []int
		for i := range g.rows {
			got = append(got, g.rowNum(i))
		}
		if len(want) == 0 && len(g.rows) == 0 {
			continue
		}
		if !reflect.DeepEqual(g.rows, want) || !reflect.DeepEqual(got, lines) {
			t.Fatalf("%q:\nsplit       %q rows %v\nencoding/csv %q rows %v", text, g.rows, got, want, lines)
		}
	}
}

// TestSqueezeIsJoinFields: squeeze skips the copy when there is no white
// space; on random texts with every kind of space it equals the long form.
func TestSqueezeIsJoinFields(t *testing.T) {
	alphabet := []string{"a", "中", " ", "\t", "\u3000", "\u00a0", "\u2003", "\u0085", "\n", "１", "-", "\u200b"}
	rng := rand.New(rand.NewSource(5))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.Intn(12); k >= 0; k-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		s := b.String()
		if got, want := squeeze(s), strings.Join(strings.Fields(s), ""); got != want {
			t.Fatalf("squeeze(%q) = %q, want %q", s, got, want)
		}
	}
}
