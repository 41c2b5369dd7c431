package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"industrydash/internal/app"
	"industrydash/internal/leading"
	"industrydash/internal/store/embedded"
)

func TestBootstrapLoadsLeadingDemoOnce(t *testing.T) {
	ctx := context.Background()
	db, err := embedded.Open(embedded.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	st := db.Both()
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := app.Bootstrap(ctx, st, true, log); err != nil {
		t.Fatal(err)
	}
	first, last, err := st.PowerSpan(ctx)
	if err != nil || last.Sub(first).Hours()/24 != 729 {
		t.Fatalf("span %v … %v (%v), want 730 days", first, last, err)
	}
	v1, _ := st.DataVersion(ctx)
	if err := app.Bootstrap(ctx, st, true, log); err != nil {
		t.Fatal(err)
	}
	if v2, _ := st.DataVersion(ctx); v2 != v1 {
		t.Fatal("a second bootstrap wrote again")
	}
	ps, err := st.Prices(ctx, leading.PriceQuery{})
	if err != nil || len(ps) == 0 {
		t.Fatalf("no demo prices: %v", err)
	}
}

func BenchmarkBootstrapLeading(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db, err := embedded.Open(embedded.Config{Dir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		st := db.Both()
		st.Migrate(ctx)
		b.StartTimer()
		if err := app.BootstrapLeading(ctx, st, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}
