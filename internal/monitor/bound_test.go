package monitor

import (
	"context"
	"testing"
	"time"

	"industrydash/internal/progress"
	"industrydash/internal/testenv/seeded"
)

// Every briefing asks for a view as of a new second; the caches must stay bounded.
func TestCachesStayBounded(t *testing.T) {
	svc := New(seeded.Store(t, false), progress.DefaultConfig(), nil)
	at := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < maxCached+50; i++ {
		if _, err := svc.Overview(context.Background(), Query{Year: 2024, Month: 5, AsOf: at.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(svc.cache) > maxCached || len(svc.lastGood) > maxCached || len(svc.resolved) > maxCached {
		t.Fatalf("cache %d, lastGood %d, resolved %d entries; want at most %d each", len(svc.cache), len(svc.lastGood), len(svc.resolved), maxCached)
	}
}
