package embedded_test

import (
	"fmt"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
)

// benchRows builds n observations shaped like a few years of real data:
// 60 indicators × 15 units × 36 months, period and YTD values, with the
// rest of n spent on corrections of earlier rows.
func benchRows(n int, start time.Time) []domain.Observation {
	rows := make([]domain.Observation, 0, n)
	for i := 0; len(rows) < n; i++ {
		ind := fmt.Sprintf("chain%02d.indicator", i%60)
		unit := fmt.Sprintf("1502%02d", (i/60)%15)
		mi := (i / 900) % 36
		vt, p := domain.ValuePeriod, domain.Month(2022+mi/12, mi%12+1)
		if (i/32400)%2 == 1 {
			vt, p = domain.ValueYTD, domain.YTD(p.Year, p.To)
		}
		rows = append(rows, domain.Observation{
			Indicator: ind, OrgUnit: unit, Period: p, ValueType: vt, Value: float64(i%1000) + 0.25,
			SubmittedValue: float64(i%1000)*1e4 + 2500, SubmittedUnit: "万元", Source: "月报.xlsx",
			BatchID: fmt.Sprintf("b%04d", i/5000), RecordedAt: start.Add(time.Duration(i) * time.Millisecond),
			RecordedBy: "analyst",
		})
	}
	return rows
}

func benchStore(b *testing.B, n int) (embedded.Combined, string) {
	b.Helper()
	dir := b.TempDir()
	db, err := embedded.Open(embedded.Config{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	s := db.Both()
	b.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	rows := benchRows(n, t0)
	for i := 0; i < len(rows); i += 100000 {
		if err := s.AppendObservations(b.Context(), rows[i:min(i+100000, len(rows))]); err != nil {
			b.Fatal(err)
		}
	}
	return s, dir
}

// BenchmarkCurrentObservations answers the queries behind the overview over
// 200k stored rows (64,800 series).
func BenchmarkCurrentObservations(b *testing.B) {
	s, _ := benchStore(b, 200000)
	cases := []struct {
		name string
		f    store.ObsFilter
	}{
		{"all", store.ObsFilter{}},
		{"overview_year_to_month", store.ObsFilter{Years: []int{2023}, ToMonth: 10}},
		{"one_indicator", store.ObsFilter{Indicators: []string{"chain07.indicator"}}},
		{"one_indicator_one_unit_as_of", store.ObsFilter{Indicators: []string{"chain07.indicator"},
			OrgUnits: []string{"150203"}, AsOf: t0.Add(100 * time.Second)}},
		{"all_as_of", store.ObsFilter{AsOf: t0.Add(150 * time.Second)}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				got, err := s.CurrentObservations(b.Context(), c.f)
				if err != nil {
					b.Fatal(err)
				}
				n = len(got)
			}
			b.ReportMetric(float64(n), "rows/op")
		})
	}
}

// BenchmarkAppend appends 100k rows in one call (one bbolt transaction).
func BenchmarkAppend(b *testing.B) {
	s, _ := benchStore(b, 0)
	const n = 100000
	rows := benchRows(n, t0)
	for b.Loop() {
		for i := range rows { // corrections of every row, a little later
			rows[i].RecordedAt = rows[i].RecordedAt.Add(time.Hour)
		}
		if err := s.AppendObservations(b.Context(), rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkOpen measures start-up: reading 200k rows back into the index.
func BenchmarkOpen(b *testing.B) {
	s, dir := benchStore(b, 200000)
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		db, err := embedded.Open(embedded.Config{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		s := db.Both()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
