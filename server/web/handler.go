// Package web holds the server's HTTP side: one handler struct with the
// dependencies, one file per page or action, every route in routes.go, and a
// single error path (errors.go). Handlers parse a typed form, call the
// monitor/dashboards, and render; they hold no SQL and no arithmetic.
package web

import (
	"context"
	"fmt"
	"html/template"
	"industrydash/internal/budgetsvc"
	"log/slog"
	"net/netip"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/metrics"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/targets"
	"industrydash/internal/viewcache"
)

// Meta is what the health endpoints need from the store.
type Meta interface {
	Ping(ctx context.Context) error
	SchemaStatus(ctx context.Context) (applied, expected int, err error)
}

// Observations is what the briefing reads for footnotes (the explanations
// attached to the data).
type Observations interface {
	CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error)
}

// Handler holds the web layer's dependencies.
type Handler struct {
	svc        *monitor.Service
	obs        Observations
	meta       Meta
	pages      map[string]*template.Template
	log        *slog.Logger
	storeLabel string
	started    time.Time

	auth          *auth.Service
	review        *review.Service
	audit         store.Audit
	targets       *targets.Service
	budget        *budgetsvc.Service
	secureCookies bool
	leading       leading.Store
	units         UnitLister
	trusted       []netip.Prefix
	uploads       [][]string // path patterns of the upload routes (limits.go)
	// rules maps "METHOD /path" to the access rule of every route; NewApp
	// refuses to start when a route has none.
	rules map[string]access

	// responses keeps encoded answers (JSON and pages, with their gzip and
	// ETag) under the data version; nil when off.
	responses *viewcache.Versioned
	flight    singleflight.Group // concurrent misses of one response build once
	metrics   *metrics.Metrics
	// notify stores subscriptions and the delivery log (消息推送); nil
	// turns those routes into 503.
	notify store.Notifications
	// notifyHosts are the hosts robot addresses may point at ("": any).
	notifyHosts string
	// diskFullAt is when a write last failed for a full disk (Unix
	// nanoseconds; 0: never): /readyz reports not ready for a while after.
	diskFullAt atomic.Int64
}

// Options configures a Handler.
type Options struct {
	Monitor *monitor.Service
	Meta    Meta
	Obs     Observations // for briefing footnotes; may be nil
	// Leading serves the 先行指标 pages (nil: they say there is no such
	// data); Units names org units there.
	Leading    leading.Store
	Units      UnitLister
	Log        *slog.Logger
	StoreLabel string // shown on the readiness endpoint
	// Auth, Review and Audit run accounts, the submission workflow and the
	// audit log; all three are required.
	Auth   *auth.Service
	Review *review.Service
	Audit  store.Audit
	// Targets runs 目标管理 (extraction, publication, 年中调整); without it
	// those routes answer 503.
	Targets *targets.Service
	// Budget runs the department budget (预算执行); nil disables its pages.
	Budget *budgetsvc.Service
	// SecureCookies marks session cookies Secure (behind HTTPS).
	SecureCookies bool
	// Metrics, when set, counts requests and is served at /metrics (to
	// loopback clients and admins).
	Metrics *metrics.Metrics
	// ResponseCacheBytes bounds the encoded-response cache (0: the
	// default, DefaultResponseCacheBytes; negative: off).
	ResponseCacheBytes int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (see clientIP); none by default.
	TrustedProxies []netip.Prefix
	// Notify stores subscriptions and the delivery log (消息推送; the
	// workflow store). Without it those pages answer 503.
	Notify store.Notifications
	// NotifyAllowHosts is -notify-allow-hosts: the only hosts robot and
	// webhook subscriptions may point at (empty: any).
	NotifyAllowHosts string
}

// New parses every template (a missing or broken template fails here, at
// start-up, not on a request) and returns the handler.
func New(o Options) (*Handler, error) {
	if o.Monitor == nil || o.Meta == nil || o.Auth == nil || o.Review == nil || o.Audit == nil {
		return nil, fmt.Errorf("web: monitor, meta, auth, review and audit are required")
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	if o.ResponseCacheBytes == 0 {
		o.ResponseCacheBytes = DefaultResponseCacheBytes
	}
	return &Handler{svc: o.Monitor, meta: o.Meta, obs: o.Obs, pages: pages, log: o.Log, storeLabel: o.StoreLabel, started: time.Now(),
		auth: o.Auth, review: o.Review, audit: o.Audit, budget: o.Budget, targets: o.Targets, secureCookies: o.SecureCookies, trusted: o.TrustedProxies,
		leading: o.Leading, units: o.Units, rules: map[string]access{},
		responses: newResponseCache(o.ResponseCacheBytes), metrics: o.Metrics, notify: o.Notify, notifyHosts: o.NotifyAllowHosts}, nil
}

func (h *Handler) engine() progress.Config { return h.svc.Config() }
