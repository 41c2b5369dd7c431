// Package leadingtest is the conformance suite of leading.Store: the
// ClickHouse and the embedded store both pass it, so the 先行指标 pages
// never differ between them except in speed.
package leadingtest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"industrydash/internal/leading"
)

// Run runs the suite. open must return a fresh, empty, migrated store for
// each call and arrange (t.Cleanup) to close and discard it.
func Run(t *testing.T, open func(t *testing.T) leading.Store) {
	t.Run("Enterprises", func(t *testing.T) { testEnterprises(t, open(t)) })
	t.Run("PowerIdempotentAndCorrections", func(t *testing.T) { testPowerWrites(t, open(t)) })
	t.Run("PowerInvalid", func(t *testing.T) { testPowerInvalid(t, open(t)) })
	t.Run("PowerStoredAndNew", func(t *testing.T) { testPowerStoredAndNew(t, open(t)) })
	t.Run("PowerBlock", func(t *testing.T) { testPowerBlock(t, open(t)) })
	t.Run("PowerSeriesYoY", func(t *testing.T) { testPowerSeries(t, open(t)) })
	t.Run("PowerBy", func(t *testing.T) { testPowerBy(t, open(t)) })
	t.Run("Prices", func(t *testing.T) { testPrices(t, open(t)) })
	t.Run("Batches", func(t *testing.T) { testBatches(t, open(t)) })
	t.Run("OpenBatchHidden", func(t *testing.T) { testOpenBatchHidden(t, open(t)) })
	t.Run("Large", func(t *testing.T) { testLarge(t, open(t)) })
}

var ctx = context.Background()

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

var at = time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)

func rd(ent, dist, chain string, date time.Time, kwh int64) leading.PowerReading {
	return leading.PowerReading{Enterprise: ent, District: dist, Chain: chain, Date: date, Wh: kwh * 1000}
}

func mustAppend(t *testing.T, s leading.Store, rows ...leading.PowerReading) leading.WriteCounts {
	t.Helper()
	wc, err := s.AppendPower(ctx, "b", at, rows)
	if err != nil {
		t.Fatalf("AppendPower: %v", err)
	}
	return wc
}

func daily(t *testing.T, s leading.Store, q leading.PowerQuery) []leading.PowerPoint {
	t.Helper()
	ps, err := s.PowerDaily(ctx, q)
	if err != nil {
		t.Fatalf("PowerDaily: %v", err)
	}
	return ps
}

func testPowerStoredAndNew(t *testing.T, s leading.Store) {
	stored := func(from, to time.Time) bool {
		t.Helper()
		ok, err := s.PowerStored(ctx, from, to)
		if err != nil {
			t.Fatalf("PowerStored: %v", err)
		}
		return ok
	}
	if stored(d(2000, 1, 1), d(2099, 12, 31)) {
		t.Fatal("PowerStored on an empty store")
	}
	wc, err := s.AppendNewPower(ctx, "b", at, []leading.PowerReading{
		rd("E1", "150202", "稀土", d(2024, 3, 1), 10), rd("E2", "150203", "钢铁", d(2024, 3, 1), 20),
		rd("E1", "150202", "稀土", d(2024, 3, 3), 30)})
	if err != nil || wc != (leading.WriteCounts{Added: 3}) {
		t.Fatalf("AppendNewPower = %+v, %v; want 3 added", wc, err)
	}
	for _, c := range []struct {
		from, to time.Time
		want     bool
	}{
		{d(2024, 3, 1), d(2024, 3, 1), true},
		{d(2024, 2, 1), d(2024, 3, 2), true},
		{d(2024, 3, 3), d(2024, 12, 31), true},
		{d(2024, 3, 2), d(2024, 3, 2), false},
		{d(2024, 3, 4), d(2024, 12, 31), false},
		{d(2023, 1, 1), d(2024, 2, 29), false},
	} {
		if got := stored(c.from, c.to); got != c.want {
			t.Errorf("PowerStored(%s, %s) = %v, want %v", c.from.Format("2006-01-02"), c.to.Format("2006-01-02"), got, c.want)
		}
	}
	// What AppendNewPower wrote is current: the same readings are unchanged,
	// a different one is a correction.
	if wc := mustAppend(t, s, rd("E1", "150202", "稀土", d(2024, 3, 1), 10), rd("E2", "150203", "钢铁", d(2024, 3, 1), 25)); wc != (leading.WriteCounts{Changed: 1, Unchanged: 1}) {
		t.Fatalf("after AppendNewPower: %+v, want 1 changed, 1 unchanged", wc)
	}
	ps := daily(t, s, leading.PowerQuery{From: d(2024, 3, 1), To: d(2024, 3, 3)})
	if len(ps) != 2 || ps[0].Wh != 35000 || ps[0].Readings != 2 || ps[1].Wh != 30000 || ps[1].Readings != 1 {
		t.Fatalf("daily after AppendNewPower and a correction: %+v", ps)
	}
	if _, err := s.AppendNewPower(ctx, "b", at, []leading.PowerReading{rd("", "150202", "稀土", d(2024, 4, 1), 1)}); !errors.Is(err, leading.ErrInvalid) {
		t.Fatalf("AppendNewPower of an invalid row: %v, want ErrInvalid", err)
	}
}

// testPowerBlock: readings written as columns are stored as the same
// readings written one by one would be, and an invalid one writes nothing.
func testPowerBlock(t *testing.T, s leading.Store) {
	ents := []leading.Enterprise{{Code: "E1", District: "150202", Chain: "稀土"}, {Code: "E2", District: "150203", Chain: "钢铁"}}
	day := func(t time.Time) int32 { return int32(t.Unix() / 86400) }
	b := &leading.PowerBlock{Ents: ents, Ent: []int32{0, 1, 0, 1}, Day: []int32{day(d(2024, 3, 1)), day(d(2024, 3, 1)), day(d(2024, 3, 2)), day(d(2024, 3, 3))},
		Wh: []int64{10_000, 20_000, 30_000, 40_000}}
	if got := b.Reading(3); got != rd("E2", "150203", "钢铁", d(2024, 3, 3), 40) {
		t.Fatalf("Reading(3) = %+v", got)
	}
	wc, err := s.AppendNewPowerBlock(ctx, "blk", at, b)
	if err != nil || wc != (leading.WriteCounts{Added: 4}) {
		t.Fatalf("AppendNewPowerBlock = %+v, %v; want 4 added", wc, err)
	}
	ps := daily(t, s, leading.PowerQuery{From: d(2024, 3, 1), To: d(2024, 3, 3)})
	if len(ps) != 3 || ps[0].Wh != 30_000 || ps[0].Readings != 2 || ps[1].Wh != 30_000 || ps[2].Wh != 40_000 {
		t.Fatalf("daily after AppendNewPowerBlock: %+v", ps)
	}
	by, err := s.PowerBy(ctx, leading.PowerQuery{From: d(2024, 3, 1), To: d(2024, 3, 3)}, leading.ByChain)
	if err != nil || len(by) != 2 {
		t.Fatalf("PowerBy chain: %+v %v", by, err)
	}
	bad := &leading.PowerBlock{Ents: ents, Ent: []int32{0}, Day: []int32{day(d(2024, 4, 1))}, Wh: []int64{-1}}
	if _, err := s.AppendNewPowerBlock(ctx, "blk", at, bad); !errors.Is(err, leading.ErrInvalid) {
		t.Fatalf("AppendNewPowerBlock of a negative reading: %v, want ErrInvalid", err)
	}
	if ps := daily(t, s, leading.PowerQuery{From: d(2024, 4, 1), To: d(2024, 4, 1)}); len(ps) != 0 {
		t.Fatalf("an invalid block wrote %+v", ps)
	}
}

func testEnterprises(t *testing.T, s leading.Store) {
	in := []leading.Enterprise{
		{Code: "E2", Name: "乙公司", District: "150203", Chain: "钢铁"},
		{Code: "E1", Name: "甲公司", District: "150202", Chain: "稀土"},
	}
	if err := s.PutEnterprises(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := s.PutEnterprises(ctx, []leading.Enterprise{{Code: "E2", Name: "乙公司（更名）", District: "150207", Chain: "铝"}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Enterprises(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []leading.Enterprise{in[1], {Code: "E2", Name: "乙公司（更名）", District: "150207", Chain: "铝"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Enterprises = %+v, want %+v", got, want)
	}
	if err := s.PutEnterprises(ctx, []leading.Enterprise{{Code: " "}}); err == nil {
		t.Fatal("an enterprise without code was accepted")
	}
}

func testPowerWrites(t *testing.T, s leading.Store) {
	rows := []leading.PowerReading{
		rd("E1", "150202", "稀土", d(2024, 3, 1), 100),
		rd("E2", "150203", "钢铁", d(2024, 3, 1), 50),
		rd("E1", "150202", "稀土", d(2024, 3, 2), 110),
	}
	if wc := mustAppend(t, s, rows...); wc != (leading.WriteCounts{Added: 3}) {
		t.Fatalf("first load counts %+v", wc)
	}
	// The same rows again change nothing.
	if wc := mustAppend(t, s, rows...); wc != (leading.WriteCounts{Unchanged: 3}) {
		t.Fatalf("reload counts %+v, want 3 unchanged", wc)
	}
	q := leading.PowerQuery{From: d(2024, 3, 1), To: d(2024, 3, 31)}
	want := []leading.PowerPoint{
		{Period: d(2024, 3, 1), Wh: 150_000, Readings: 2},
		{Period: d(2024, 3, 2), Wh: 110_000, Readings: 1},
	}
	if got := daily(t, s, q); !reflect.DeepEqual(got, want) {
		t.Fatalf("daily after reload = %+v, want %+v", got, want)
	}
	// A correction replaces the value; a repeated key in one call: the later wins.
	wc := mustAppend(t, s, rd("E1", "150202", "稀土", d(2024, 3, 1), 999), rd("E1", "150202", "稀土", d(2024, 3, 1), 120))
	if wc != (leading.WriteCounts{Changed: 1}) {
		t.Fatalf("correction counts %+v", wc)
	}
	want[0].Wh = 170_000
	if got := daily(t, s, q); !reflect.DeepEqual(got, want) {
		t.Fatalf("daily after correction = %+v, want %+v", got, want)
	}
	// A correction that moves the reading to another district moves the total.
	mustAppend(t, s, rd("E2", "150207", "钢铁", d(2024, 3, 1), 50))
	by, err := s.PowerBy(ctx, q, leading.ByDistrict)
	if err != nil {
		t.Fatal(err)
	}
	wantBy := []leading.PowerGroup{{Key: "150202", Wh: 230_000, Readings: 2}, {Key: "150207", Wh: 50_000, Readings: 1}}
	if !reflect.DeepEqual(by, wantBy) {
		t.Fatalf("PowerBy district = %+v, want %+v", by, wantBy)
	}
	// Filters.
	got := daily(t, s, leading.PowerQuery{From: q.From, To: q.To, Districts: []string{"150207"}})
	if !reflect.DeepEqual(got, []leading.PowerPoint{{Period: d(2024, 3, 1), Wh: 50_000, Readings: 1}}) {
		t.Fatalf("district filter = %+v", got)
	}
	got = daily(t, s, leading.PowerQuery{From: q.From, To: q.To, Chains: []string{"稀土"}, Districts: []string{"150202", "150207"}})
	if len(got) != 2 || got[0].Wh != 120_000 || got[1].Wh != 110_000 {
		t.Fatalf("chain filter = %+v", got)
	}
	first, last, err := s.PowerSpan(ctx)
	if err != nil || !first.Equal(d(2024, 3, 1)) || !last.Equal(d(2024, 3, 2)) {
		t.Fatalf("PowerSpan = %v %v %v", first, last, err)
	}
}

func testPowerInvalid(t *testing.T, s leading.Store) {
	first, last, err := s.PowerSpan(ctx)
	if err != nil || !first.IsZero() || !last.IsZero() {
		t.Fatalf("PowerSpan of an empty store = %v %v %v", first, last, err)
	}
	bad := []leading.PowerReading{rd("E1", "150202", "稀土", d(2024, 1, 1), 1), rd("E1", "150202", "稀土", d(2024, 1, 2), -5)}
	if _, err := s.AppendPower(ctx, "b", at, bad); !errors.Is(err, leading.ErrInvalid) {
		t.Fatalf("negative consumption: err %v, want ErrInvalid", err)
	}
	if got := daily(t, s, leading.PowerQuery{From: d(2024, 1, 1), To: d(2024, 1, 31)}); len(got) != 0 {
		t.Fatalf("a rejected call wrote rows: %+v", got)
	}
	if wc, err := s.AppendPower(ctx, "b", at, nil); err != nil || wc != (leading.WriteCounts{}) {
		t.Fatalf("empty append = %+v %v", wc, err)
	}
}

func testPowerSeries(t *testing.T, s leading.Store) {
	mustAppend(t, s,
		rd("E1", "150202", "稀土", d(2023, 1, 15), 80),
		rd("E1", "150202", "稀土", d(2023, 2, 10), 90),
		rd("E1", "150202", "稀土", d(2023, 2, 20), 10), // outside the clipped February below
		rd("E1", "150202", "稀土", d(2024, 1, 15), 100),
		rd("E2", "150203", "钢铁", d(2024, 1, 15), 20),
		rd("E1", "150202", "稀土", d(2024, 2, 10), 99),
		rd("E1", "150202", "稀土", d(2024, 3, 1), 5), // after To
	)
	q := leading.PowerQuery{From: d(2024, 1, 1), To: d(2024, 2, 15)}
	want := []leading.PowerPoint{
		{Period: d(2024, 1, 15), Wh: 120_000, LastYearWh: 80_000, Readings: 2, LastYearReads: 1},
		{Period: d(2024, 2, 10), Wh: 99_000, LastYearWh: 90_000, Readings: 1, LastYearReads: 1},
	}
	if got := daily(t, s, q); !reflect.DeepEqual(got, want) {
		t.Fatalf("daily = %+v, want %+v", got, want)
	}
	monthly, err := s.PowerMonthly(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	wantM := []leading.PowerPoint{
		{Period: d(2024, 1, 1), Wh: 120_000, LastYearWh: 80_000, Readings: 2, LastYearReads: 1},
		{Period: d(2024, 2, 1), Wh: 99_000, LastYearWh: 90_000, Readings: 1, LastYearReads: 1},
	}
	if !reflect.DeepEqual(monthly, wantM) {
		t.Fatalf("monthly = %+v, want %+v", monthly, wantM)
	}
	// A day with data only last year still appears, with zero this year.
	got := daily(t, s, leading.PowerQuery{From: d(2024, 2, 16), To: d(2024, 2, 28)})
	if !reflect.DeepEqual(got, []leading.PowerPoint{{Period: d(2024, 2, 20), LastYearWh: 10_000, LastYearReads: 1}}) {
		t.Fatalf("last-year-only day = %+v", got)
	}
	// A period ending on 29 February compares with the year before up to
	// 28 February, and shows no day beyond the period.
	mustAppend(t, s, rd("E1", "150202", "稀土", d(2023, 3, 1), 7))
	got = daily(t, s, leading.PowerQuery{From: d(2024, 2, 16), To: d(2024, 2, 29)})
	if len(got) != 1 || !got[0].Period.Equal(d(2024, 2, 20)) {
		t.Fatalf("period to 29 February = %+v", got)
	}
	// A period longer than a year: a day counts in both halves.
	long := leading.PowerQuery{From: d(2023, 1, 1), To: d(2024, 2, 15)}
	monthly, err = s.PowerMonthly(ctx, long)
	if err != nil {
		t.Fatal(err)
	}
	var cur, prev int64
	for _, p := range monthly {
		cur += p.Wh
		prev += p.LastYearWh
	}
	if cur != 180_000+7_000+120_000+99_000 || prev != 170_000 {
		t.Fatalf("long period sums cur %d prev %d (points %+v)", cur, prev, monthly)
	}
}

func testPowerBy(t *testing.T, s leading.Store) {
	mustAppend(t, s,
		rd("E1", "150202", "稀土", d(2023, 5, 1), 50),
		rd("E1", "150202", "稀土", d(2024, 5, 1), 60),
		rd("E2", "150203", "钢铁", d(2024, 5, 1), 100),
		rd("E3", "150203", "稀土", d(2024, 5, 2), 30),
		rd("E4", "150204", "铝", d(2023, 5, 3), 70), // last year only
	)
	q := leading.PowerQuery{From: d(2024, 5, 1), To: d(2024, 5, 31)}
	got, err := s.PowerBy(ctx, q, leading.ByChain)
	if err != nil {
		t.Fatal(err)
	}
	want := []leading.PowerGroup{
		{Key: "钢铁", Wh: 100_000, Readings: 1},
		{Key: "稀土", Wh: 90_000, LastYearWh: 50_000, Readings: 2},
		{Key: "铝", LastYearWh: 70_000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("PowerBy chain = %+v, want %+v", got, want)
	}
	got, err = s.PowerBy(ctx, leading.PowerQuery{From: q.From, To: q.To, Chains: []string{"稀土"}}, leading.ByDistrict)
	if err != nil {
		t.Fatal(err)
	}
	want = []leading.PowerGroup{{Key: "150202", Wh: 60_000, LastYearWh: 50_000, Readings: 1}, {Key: "150203", Wh: 30_000, Readings: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("PowerBy district of 稀土 = %+v, want %+v", got, want)
	}
	if _, err := s.PowerBy(ctx, q, "park"); err == nil {
		t.Fatal("unknown dimension accepted")
	}
}

func testPrices(t *testing.T, s leading.Store) {
	rows := []leading.PriceObs{
		{Commodity: "rebar", Date: d(2024, 1, 2), Price: 3900},
		{Commodity: "industrial_si", Date: d(2024, 1, 2), Price: 14500},
		{Commodity: "industrial_si", Date: d(2024, 1, 3), Price: 14400},
	}
	wc, err := s.AppendPrices(ctx, "p1", at, rows)
	if err != nil || wc != (leading.WriteCounts{Added: 3}) {
		t.Fatalf("AppendPrices = %+v %v", wc, err)
	}
	wc, err = s.AppendPrices(ctx, "p2", at.Add(time.Hour), rows)
	if err != nil || wc != (leading.WriteCounts{Unchanged: 3}) {
		t.Fatalf("reload = %+v %v", wc, err)
	}
	wc, err = s.AppendPrices(ctx, "p3", at.Add(2*time.Hour), []leading.PriceObs{{Commodity: "rebar", Date: d(2024, 1, 2), Price: 3950.5}})
	if err != nil || wc != (leading.WriteCounts{Changed: 1}) {
		t.Fatalf("correction = %+v %v", wc, err)
	}
	got, err := s.Prices(ctx, leading.PriceQuery{From: d(2024, 1, 1), To: d(2024, 1, 31)})
	if err != nil {
		t.Fatal(err)
	}
	want := []leading.PricePoint{
		{Commodity: "industrial_si", Date: d(2024, 1, 2), Price: 14500},
		{Commodity: "industrial_si", Date: d(2024, 1, 3), Price: 14400},
		{Commodity: "rebar", Date: d(2024, 1, 2), Price: 3950.5},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Prices = %+v, want %+v", got, want)
	}
	got, err = s.Prices(ctx, leading.PriceQuery{From: d(2024, 1, 3), To: d(2024, 1, 3), Commodities: []string{"industrial_si", "rebar"}})
	if err != nil || !reflect.DeepEqual(got, want[1:2]) {
		t.Fatalf("filtered Prices = %+v %v", got, err)
	}
	if _, err := s.AppendPrices(ctx, "p4", at, []leading.PriceObs{{Commodity: "rebar", Date: d(2024, 1, 5), Price: 0}}); !errors.Is(err, leading.ErrInvalid) {
		t.Fatalf("zero price: %v, want ErrInvalid", err)
	}
}

func testBatches(t *testing.T, s leading.Store) {
	if _, ok, err := s.LeadingBatch(ctx, "power", "abc"); ok || err != nil {
		t.Fatalf("unknown batch: ok %v err %v", ok, err)
	}
	b := leading.Batch{ID: "power-1", Kind: "power", Source: "a.csv", Checksum: "abc", Rows: 3,
		Counts: leading.WriteCounts{Added: 2, Unchanged: 1}, Started: at, Ended: at.Add(time.Second)}
	if err := s.RecordLeadingBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.LeadingBatch(ctx, "power", "abc")
	if err != nil || !ok {
		t.Fatalf("LeadingBatch: ok %v err %v", ok, err)
	}
	if !got.Started.Equal(b.Started) || !got.Ended.Equal(b.Ended) {
		t.Fatalf("times %v %v, want %v %v", got.Started, got.Ended, b.Started, b.Ended)
	}
	got.Started, got.Ended = b.Started, b.Ended
	if !reflect.DeepEqual(got, b) {
		t.Fatalf("LeadingBatch = %+v, want %+v", got, b)
	}
	if _, ok, _ := s.LeadingBatch(ctx, "prices", "abc"); ok {
		t.Fatal("a power batch answered for prices")
	}
}

// testLarge loads more rows than one insert block of a typical store and
// checks totals against a sum computed here.
func testLarge(t *testing.T, s leading.Store) {
	const ents, days = 60, 400
	var rows []leading.PowerReading
	var want2024 int64
	for day := range days {
		date := d(2023, 6, 1).AddDate(0, 0, day)
		for e := range ents {
			wh := int64((e+1)*1000 + day*7)
			rows = append(rows, leading.PowerReading{Enterprise: "E" + string(rune('A'+e%26)) + string(rune('a'+e/26)),
				District: []string{"150202", "150203", "150207"}[e%3], Chain: leading.Chains[e%5], Date: date, Wh: wh})
			if date.Year() == 2024 {
				want2024 += wh
			}
		}
	}
	wc, err := s.AppendPower(ctx, "large", at, rows)
	if err != nil || wc.Added != ents*days {
		t.Fatalf("AppendPower = %+v %v", wc, err)
	}
	m, err := s.PowerMonthly(ctx, leading.PowerQuery{From: d(2024, 1, 1), To: d(2024, 12, 31)})
	if err != nil {
		t.Fatal(err)
	}
	var sum, reads int64
	for _, p := range m {
		sum += p.Wh
		reads += p.Readings
	}
	// 2024-01 … 2024-07-04 this year; 2023-06 … 2023-12 last year.
	if sum != want2024 || len(m) != 12 || reads != 60*(31+29+31+30+31+30+4) {
		t.Fatalf("2024 total %d (%d readings) over %d months, want %d over 12", sum, reads, len(m), want2024)
	}
	if wc, err := s.AppendPower(ctx, "large-again", at, rows); err != nil || wc.Unchanged != ents*days {
		t.Fatalf("reload = %+v %v", wc, err)
	}
}

// testOpenBatchHidden: readings written under a begun batch are in no
// query (nor PowerStored) until the batch is recorded, then all at once;
// the batch's last reading of a key wins, even when it equals the value
// visible before; a batch never recorded stays hidden.
func testOpenBatchHidden(t *testing.T, s leading.Store) {
	q := leading.PowerQuery{From: d(2024, 3, 1), To: d(2024, 3, 31)}
	mustAppend(t, s, rd("e1", "150203", "稀土", d(2024, 3, 1), 100)) // visible, no batch begun
	if err := s.BeginLeadingBatch(ctx, "load-1"); err != nil {
		t.Fatal(err)
	}
	for _, block := range [][]leading.PowerReading{
		{rd("e1", "150203", "稀土", d(2024, 3, 1), 150), rd("e2", "150203", "稀土", d(2024, 3, 2), 20)},
		{rd("e3", "150204", "钢铁", d(2024, 3, 3), 30), rd("e1", "150203", "稀土", d(2024, 3, 1), 100)}, // e1 back to the visible value
		{rd("e4", "150204", "钢铁", d(2024, 3, 4), 40)},
	} {
		if _, err := s.AppendPower(ctx, "load-1", at, block); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AppendNewPower(ctx, "load-1", at, []leading.PowerReading{rd("e5", "150204", "钢铁", d(2024, 3, 5), 50)}); err != nil {
		t.Fatal(err)
	}
	// A second batch, begun and never recorded (its loader was killed).
	if err := s.BeginLeadingBatch(ctx, "killed"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendNewPower(ctx, "killed", at, []leading.PowerReading{rd("e9", "150205", "稀土", d(2024, 3, 9), 900)}); err != nil {
		t.Fatal(err)
	}
	total := func() (n int64, wh int64) {
		for _, p := range daily(t, s, q) {
			n += p.Readings
			wh += p.Wh
		}
		return n, wh
	}
	if n, wh := total(); n != 1 || wh != 100_000 {
		t.Fatalf("while the batch is open: %d readings, %d Wh; want only the earlier 1 reading, 100 kWh", n, wh)
	}
	if stored, err := s.PowerStored(ctx, d(2024, 3, 2), d(2024, 3, 9)); err != nil || stored {
		t.Fatalf("PowerStored sees an open batch: %v %v", stored, err)
	}
	if first, last, err := s.PowerSpan(ctx); err != nil || !first.Equal(d(2024, 3, 1)) || !last.Equal(d(2024, 3, 1)) {
		t.Fatalf("PowerSpan sees an open batch: %v %v %v", first, last, err)
	}
	if err := s.RecordLeadingBatch(ctx, leading.Batch{ID: "load-1", Kind: "power", Checksum: "c1", Rows: 6, Started: at, Ended: at}); err != nil {
		t.Fatal(err)
	}
	if n, wh := total(); n != 5 || wh != (100+20+30+40+50)*1000 {
		t.Fatalf("after the batch is recorded: %d readings, %d Wh; want 5 readings, 240 kWh (e1 back at 100)", n, wh)
	}
	by, err := s.PowerBy(ctx, q, leading.ByDistrict)
	if err != nil || len(by) != 2 {
		t.Fatalf("PowerBy after the commit: %+v %v (the killed batch's district must not appear)", by, err)
	}
}
