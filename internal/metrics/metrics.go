// Package metrics holds the server's Prometheus metrics (served at
// /metrics): requests and their latency by route, view cache hits and
// misses, store read latency by store, ingested rows, the outbox backlog and
// login failures. Every method is safe on a nil *Metrics (it does nothing),
// so libraries and tests need no metrics to run.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one registry with the product's metrics. Create it with New.
type Metrics struct {
	reg *prometheus.Registry

	requests      *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	viewCache     *prometheus.CounterVec
	storeLatency  *prometheus.HistogramVec
	ingestRows    *prometheus.CounterVec
	outboxBacklog prometheus.Gauge
	loginFailures prometheus.Counter

	// The response layer's counters, resolved once: they are on the
	// warm path of every cached request.
	respHit, respMiss prometheus.Counter
}

// Cache layers of industrydash_view_cache_requests_total.
const (
	// LayerResponse is the encoded HTTP response (JSON or page, and its
	// gzip) kept by the web layer.
	LayerResponse = "response"
	// LayerView is the monitor's computed view (overview, districts…).
	LayerView = "view"
)

// New registers every metric, with the Go runtime and process collectors,
// in a registry of its own.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "industrydash_http_requests_total",
		Help: "HTTP requests by route pattern, method and status code.",
	}, []string{"route", "method", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "industrydash_http_request_duration_seconds",
		Help:    "HTTP request latency by route pattern and method.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method"})
	m.viewCache = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "industrydash_view_cache_requests_total",
		Help: "Dashboard cache lookups by layer (response: encoded HTTP answers; view: computed views) and result (hit or miss).",
	}, []string{"layer", "result"})
	m.storeLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "industrydash_store_query_duration_seconds",
		Help:    "Latency of the dashboards' store reads by store (clickhouse or embedded) and operation.",
		Buckets: []float64{.0001, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"store", "op"})
	m.ingestRows = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "industrydash_ingest_rows_total",
		Help: "Rows written to the fact store by this process, by source (import, submission…).",
	}, []string{"source"})
	m.outboxBacklog = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "industrydash_outbox_backlog",
		Help: "Approved submissions whose values are not yet published to the fact store.",
	})
	m.loginFailures = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "industrydash_login_failures_total",
		Help: "Failed logins (wrong name or password, locked account, too many attempts).",
	})
	m.reg.MustRegister(m.requests, m.latency, m.viewCache, m.storeLatency, m.ingestRows, m.outboxBacklog, m.loginFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.respHit = m.viewCache.WithLabelValues(LayerResponse, "hit")
	m.respMiss = m.viewCache.WithLabelValues(LayerResponse, "miss")
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is the registry the metrics are in (for tests and extra collectors).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ObserveRequest counts one HTTP request of route (the pattern, not the
// path, so that labels stay few) and its latency.
func (m *Metrics) ObserveRequest(route, method string, code int, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route, method).Observe(d.Seconds())
}

// ResponseCache counts one lookup of the encoded-response cache.
func (m *Metrics) ResponseCache(hit bool) {
	if m == nil {
		return
	}
	if hit {
		m.respHit.Inc()
	} else {
		m.respMiss.Inc()
	}
}

// WatchViewCache exposes a view cache's own counters (read at scrape time)
// as the layer "view" of industrydash_view_cache_requests_total.
func (m *Metrics) WatchViewCache(counts func() (hits, misses uint64)) {
	if m == nil {
		return
	}
	m.reg.MustRegister(&viewCacheCollector{desc: prometheus.NewDesc("industrydash_view_cache_requests_total",
		"Dashboard cache lookups by layer (response: encoded HTTP answers; view: computed views) and result (hit or miss).",
		[]string{"layer", "result"}, nil), counts: counts})
}

// viewCacheCollector reports the view layer's counts next to the response
// layer's series of the same metric.
type viewCacheCollector struct {
	desc   *prometheus.Desc
	counts func() (hits, misses uint64)
}

// Describe sends nothing: the collector is unchecked, because its metric
// name is shared with the response layer's counter vector.
func (c *viewCacheCollector) Describe(chan<- *prometheus.Desc) {}

func (c *viewCacheCollector) Collect(ch chan<- prometheus.Metric) {
	hits, misses := c.counts()
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(hits), LayerView, "hit")
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(misses), LayerView, "miss")
}

// ObserveStore records the latency of one store read.
func (m *Metrics) ObserveStore(store, op string, d time.Duration) {
	if m == nil {
		return
	}
	m.storeLatency.WithLabelValues(store, op).Observe(d.Seconds())
}

// IngestRows counts rows written to the fact store from source.
func (m *Metrics) IngestRows(source string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.ingestRows.WithLabelValues(source).Add(float64(n))
}

// SetOutboxBacklog sets the number of approved submissions still waiting to
// be published to the fact store; the outbox publisher calls it after each
// pass.
func (m *Metrics) SetOutboxBacklog(n int) {
	if m == nil {
		return
	}
	m.outboxBacklog.Set(float64(n))
}

// WatchOutboxBacklog makes industrydash_outbox_backlog read the backlog
// from the workflow store at scrape time (instead of SetOutboxBacklog). A
// read that fails reports -1, so an unreachable store is visible.
func (m *Metrics) WatchOutboxBacklog(backlog func(ctx context.Context) (int, error)) {
	if m == nil {
		return
	}
	m.reg.Unregister(m.outboxBacklog)
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "industrydash_outbox_backlog",
		Help: "Approved submissions whose values are not yet published to the fact store.",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		n, err := backlog(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	}))
}

// LoginFailure counts one failed login.
func (m *Metrics) LoginFailure() {
	if m == nil {
		return
	}
	m.loginFailures.Inc()
}
