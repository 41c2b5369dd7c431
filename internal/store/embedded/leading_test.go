package embedded_test

import (
	"context"
	"testing"
	"time"

	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingtest"
	"industrydash/internal/store/embedded"
)

func openLeading(t *testing.T, dir string) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(embedded.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
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
