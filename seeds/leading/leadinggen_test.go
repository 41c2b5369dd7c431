package leadinggen_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"industrydash/internal/leading"
	leadinggen "industrydash/seeds/leading"
)

func TestWriteDeterministic(t *testing.T) {
	o := leadinggen.Options{Enterprises: 30, Days: 40}
	var a, b bytes.Buffer
	if err := leadinggen.Write(&a, o); err != nil {
		t.Fatal(err)
	}
	if err := leadinggen.Write(&b, o); err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(a.Bytes()) != sha256.Sum256(b.Bytes()) {
		t.Fatal("two runs with the same options differ")
	}
	recs, err := csv.NewReader(&a).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+30*40 {
		t.Fatalf("%d lines, want header + 1200", len(recs))
	}
	if strings.Join(recs[0], ",") != strings.Join(leadinggen.PowerHeader, ",") {
		t.Fatalf("header %v", recs[0])
	}
	// Date-major, ending on the default last day.
	if recs[1][4] != "2024-10-22" || recs[len(recs)-1][4] != "2024-11-30" || recs[2][4] != recs[1][4] {
		t.Fatalf("dates %s … %s", recs[1][4], recs[len(recs)-1][4])
	}
	names := map[string]bool{}
	for _, e := range leadinggen.Enterprises(o) {
		if names[e.Name] {
			t.Fatalf("duplicate enterprise name %s", e.Name)
		}
		names[e.Name] = true
	}
	var other bytes.Buffer
	if err := leadinggen.Write(&other, leadinggen.Options{Enterprises: 30, Days: 40, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(other.Bytes(), b.Bytes()) {
		t.Fatal("another seed gave the same data")
	}
}

func TestEachMatchesWrite(t *testing.T) {
	o := leadinggen.Options{Enterprises: 5, Days: 3, End: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	var rows []leading.PowerReading
	if err := leadinggen.Each(o, func(r leading.PowerReading) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 15 || !rows[0].Date.Equal(time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("%d rows from %v", len(rows), rows[0].Date)
	}
	for _, r := range rows {
		if err := r.Validate(); err != nil || r.Wh%100 != 0 || r.Wh == 0 {
			t.Fatalf("reading %+v: %v", r, err)
		}
	}
	ps := leadinggen.Prices(leadinggen.Options{Days: 14})
	if len(ps) != 5*10 {
		t.Fatalf("%d prices over two weeks, want 50 (working days × 5 commodities)", len(ps))
	}
}

func BenchmarkWrite(b *testing.B) {
	o := leadinggen.Options{Enterprises: 1000, Days: 100}
	var n int64
	for b.Loop() {
		cw := &countWriter{}
		if err := leadinggen.Write(cw, o); err != nil {
			b.Fatal(err)
		}
		n = cw.n
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.SetBytes(n)
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
