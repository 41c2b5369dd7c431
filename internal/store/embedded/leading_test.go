package embedded_test

import (
	"context"
	"testing"
	"time"

	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingtest"
	"industrydash/internal/store/embedded"
)

func openLeading(t *testing.T, dir string) embedded.Combined {
	t.Helper()
	db, err := embedded.Open(embedded.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := db.Both()
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLeadingConformance(t *testing.T) {
	leadingtest.Run(t, func(t *testing.T) leading.Store {
		s := openLeading(t, t.TempDir())
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestLeadingReopen checks that leading data, corrections included, are
// read back from the file after a restart.
func TestLeadingReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openLeading(t, dir)
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	r := leading.PowerReading{Enterprise: "E1", District: "150202", Chain: "稀土", Date: day, Wh: 5000}
	if _, err := s.AppendPower(ctx, "b1", day, []leading.PowerReading{r}); err != nil {
		t.Fatal(err)
	}
	r.Wh, r.District = 7000, "150203"
	if _, err := s.AppendPower(ctx, "b2", day, []leading.PowerReading{r}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendPrices(ctx, "p", day, []leading.PriceObs{{Commodity: "rebar", Date: day, Price: 3900}}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutEnterprises(ctx, []leading.Enterprise{{Code: "E1", Name: "甲", District: "150203", Chain: "稀土"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLeadingBatch(ctx, leading.Batch{ID: "x", Kind: "power", Checksum: "c"}); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.DataVersion(ctx)
	s.Close()

	s = openLeading(t, dir)
	defer s.Close()
	if v2, _ := s.DataVersion(ctx); v2 != v1 {
		t.Errorf("data version %s after reopen, want %s", v2, v1)
	}
	by, err := s.PowerBy(ctx, leading.PowerQuery{From: day, To: day}, leading.ByDistrict)
	if err != nil || len(by) != 1 || by[0] != (leading.PowerGroup{Key: "150203", Wh: 7000, Readings: 1}) {
		t.Fatalf("after reopen PowerBy = %+v %v", by, err)
	}
	ps, err := s.Prices(ctx, leading.PriceQuery{})
	if err != nil || len(ps) != 1 || ps[0].Price != 3900 {
		t.Fatalf("after reopen Prices = %+v %v", ps, err)
	}
	if es, _ := s.Enterprises(ctx); len(es) != 1 {
		t.Fatalf("after reopen Enterprises = %+v", es)
	}
	if _, ok, _ := s.LeadingBatch(ctx, "power", "c"); !ok {
		t.Fatal("batch lost on reopen")
	}
}

// Issue 24, finding 5: a load stopped after some blocks (the process gone
// before it recorded its batch) shows nothing after a restart, and the
// same rows loaded again under a new batch appear once.
func TestLeadingOpenBatchAfterRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openLeading(t, dir)
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	rows := []leading.PowerReading{
		{Enterprise: "E1", District: "150202", Chain: "稀土", Date: day, Wh: 5000},
		{Enterprise: "E2", District: "150203", Chain: "钢铁", Date: day, Wh: 7000},
	}
	if err := s.BeginLeadingBatch(ctx, "killed"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendNewPower(ctx, "killed", day, rows[:1]); err != nil {
		t.Fatal(err)
	}
	s.Close() // the loader dies here
	s = openLeading(t, dir)
	q := leading.PowerQuery{From: day, To: day}
	if ps, err := s.PowerDaily(ctx, q); err != nil || len(ps) != 0 {
		t.Fatalf("after a restart the killed load shows %+v (%v)", ps, err)
	}
	if err := s.BeginLeadingBatch(ctx, "rerun"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendNewPower(ctx, "rerun", day, rows); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLeadingBatch(ctx, leading.Batch{ID: "rerun", Kind: "power", Checksum: "c", Rows: 2, Started: day, Ended: day}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openLeading(t, dir)
	defer s.Close()
	ps, err := s.PowerDaily(ctx, q)
	if err != nil || len(ps) != 1 || ps[0].Readings != 2 || ps[0].Wh != 12000 {
		t.Fatalf("after the rerun and a restart: %+v (%v), want 2 readings, 12000 Wh", ps, err)
	}
}
