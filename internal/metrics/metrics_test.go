package metrics_test

import (
	"context"
	"errors"
	"testing"

	"industrydash/internal/metrics"
	"industrydash/internal/monitor"
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

// versionReader answers only DataVersion (the rest of monitor.Reader is
// not called).
type versionReader struct{ monitor.Reader }

func (versionReader) DataVersion(context.Context) (string, error) { return "v1", nil }

// The data version, asked on every cached request through a series
// resolved once, is timed under its own store and op labels.
func TestDataVersionIsTimed(t *testing.T) {
	m := metrics.New()
	r := m.Reader(versionReader{}, "embedded")
	for range 3 {
		if v, err := r.DataVersion(context.Background()); v != "v1" || err != nil {
			t.Fatalf("DataVersion = %q, %v", v, err)
		}
	}
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != "industrydash_store_query_duration_seconds" {
			continue
		}
		for _, s := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range s.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["store"] == "embedded" && labels["op"] == "DataVersion" {
				if n := s.GetHistogram().GetSampleCount(); n != 3 {
					t.Fatalf("%d DataVersion samples, want 3", n)
				}
				return
			}
		}
	}
	t.Fatal("no DataVersion series under store=embedded")
}
