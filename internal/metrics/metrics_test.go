package metrics_test

import (
	"context"
	"errors"
	"testing"

	"industrydash/internal/metrics"
)

func gauge(t *testing.T, m *metrics.Metrics, name string) float64 {
	t.Helper()
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() == name {
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no %s", name)
	return 0
}

// The outbox backlog is read from the workflow store at scrape time; a
// store that cannot answer shows as -1, not as an empty queue.
func TestOutboxBacklogIsReadAtScrapeTime(t *testing.T) {
	m := metrics.New()
	n, fail := 7, error(nil)
	m.WatchOutboxBacklog(func(context.Context) (int, error) { return n, fail })
	if got := gauge(t, m, "industrydash_outbox_backlog"); got != 7 {
		t.Fatalf("backlog %v, want 7", got)
	}
	n = 2
	if got := gauge(t, m, "industrydash_outbox_backlog"); got != 2 {
		t.Fatalf("backlog %v after it fell to 2", got)
	}
	fail = errors.New("workflow store down")
	if got := gauge(t, m, "industrydash_outbox_backlog"); got != -1 {
		t.Fatalf("backlog %v while the store is down, want -1", got)
	}
}

// A nil *Metrics does nothing (libraries and tests run without metrics).
func TestNilMetricsIsANoOp(t *testing.T) {
	var m *metrics.Metrics
	m.ObserveRequest("/", "GET", 200, 0)
	m.ResponseCache(true)
	m.LoginFailure()
	m.IngestRows("import", 3)
	m.SetOutboxBacklog(1)
	m.WatchOutboxBacklog(nil)
}
