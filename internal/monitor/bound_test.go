package monitor

import (
	"context"
	"testing"
	"time"

	"industrydash/internal/progress"
	"industrydash/internal/testenv/seeded"
)

// Every briefing asks for a view as of a new second; the caches must stay
// within their byte bounds, dropping the least recently used views first.
func TestCachesStayWithinTheirBytes(t *testing.T) {
	st := seeded.Store(t, true)
	svc := MustNew(Config{Reader: st, Engine: progress.DefaultConfig()})
	ctx := context.Background()
	at := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	q := func(i int) Query { return Query{Year: 2024, Month: 5, AsOf: at.Add(time.Duration(i) * time.Second)} }
	if _, err := svc.Overview(ctx, q(0)); err != nil {
		t.Fatal(err)
	}
	_, one := svc.views.Stats() // one overview and its snapshot
	if one < 10_000 {
		t.Fatalf("an overview of the demo data is counted at %d bytes; the size estimate is broken", one)
	}
	limit := 3*one + one/2 // room for three views, not four
	svc = MustNew(Config{Reader: st, Engine: progress.DefaultConfig(), ViewCacheBytes: limit, LastGoodCacheBytes: limit})
	for i := 0; i < 10; i++ {
		if _, err := svc.Overview(ctx, q(i)); err != nil {
			t.Fatal(err)
		}
		// Keep view 0 in use: it must survive while older ones go.
		if _, err := svc.Overview(ctx, q(0)); err != nil {
			t.Fatal(err)
		}
	}
	for name, c := range map[string]interface{ Stats() (int, int64) }{"views": svc.views, "lastGood": svc.lastGood} {
		n, bytes := c.Stats()
		if bytes > limit || n == 0 {
			t.Fatalf("%s cache holds %d entries, %d bytes; want some, at most %d bytes", name, n, bytes, limit)
		}
	}
	hits0, misses0 := svc.CacheCounts()
	if _, err := svc.Overview(ctx, q(0)); err != nil {
		t.Fatal(err)
	}
	if hits, misses := svc.CacheCounts(); hits != hits0+1 || misses != misses0 {
		t.Fatalf("the most recently used view was evicted: hits %d→%d, misses %d→%d", hits0, hits, misses0, misses)
	}
	if _, err := svc.Overview(ctx, q(1)); err != nil { // long unused: evicted, built again
		t.Fatal(err)
	}
	if _, misses := svc.CacheCounts(); misses != misses0+1 {
		t.Fatalf("a view unused for long was not evicted: misses %d→%d", misses0, misses)
	}
}
