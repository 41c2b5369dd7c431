package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/store"
)

// Reader times every read the dashboards make through a monitor.Reader,
// under industrydash_store_query_duration_seconds{store, op}.
func (m *Metrics) Reader(r monitor.Reader, storeName string) monitor.Reader {
	if m == nil {
		return r
	}
	return &timedReader{r: r, m: m, store: storeName, dataVersion: sync.OnceValue(func() prometheus.Observer {
		return m.storeLatency.WithLabelValues(storeName, "DataVersion")
	})}
}

type timedReader struct {
	r     monitor.Reader
	m     *Metrics
	store string
	// dataVersion is DataVersion's series, resolved once (at its first
	// use): every cached request asks for the data version, and finding
	// the series by its labels each time cost more than the answer.
	dataVersion func() prometheus.Observer
}

func (t *timedReader) since(op string, start time.Time) {
	t.m.ObserveStore(t.store, op, time.Since(start))
}

func (t *timedReader) OrgUnits(ctx context.Context) ([]domain.OrgUnit, error) {
	defer t.since("OrgUnits", time.Now())
	return t.r.OrgUnits(ctx)
}

func (t *timedReader) Indicators(ctx context.Context) ([]domain.Indicator, error) {
	defer t.since("Indicators", time.Now())
	return t.r.Indicators(ctx)
}

func (t *timedReader) Targets(ctx context.Context, year int, asOf time.Time) ([]domain.Target, error) {
	defer t.since("Targets", time.Now())
	return t.r.Targets(ctx, year, asOf)
}

func (t *timedReader) TargetRevisions(ctx context.Context, year int, indicator, orgUnit string) ([]domain.Target, error) {
	defer t.since("TargetRevisions", time.Now())
	return t.r.TargetRevisions(ctx, year, indicator, orgUnit)
}

func (t *timedReader) TargetYears(ctx context.Context) ([]int, error) {
	defer t.since("TargetYears", time.Now())
	return t.r.TargetYears(ctx)
}

func (t *timedReader) CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error) {
	defer t.since("CurrentObservations", time.Now())
	return t.r.CurrentObservations(ctx, f)
}

func (t *timedReader) ObservationHistory(ctx context.Context, indicator, orgUnit string, year int) ([]domain.Observation, error) {
	defer t.since("ObservationHistory", time.Now())
	return t.r.ObservationHistory(ctx, indicator, orgUnit, year)
}

func (t *timedReader) LatestPeriod(ctx context.Context, year int) (int, error) {
	defer t.since("LatestPeriod", time.Now())
	return t.r.LatestPeriod(ctx, year)
}

func (t *timedReader) ObservationYears(ctx context.Context) ([]int, error) {
	defer t.since("ObservationYears", time.Now())
	return t.r.ObservationYears(ctx)
}

func (t *timedReader) DataVersion(ctx context.Context) (string, error) {
	start := time.Now()
	v, err := t.r.DataVersion(ctx)
	t.dataVersion().Observe(time.Since(start).Seconds())
	return v, err
}
