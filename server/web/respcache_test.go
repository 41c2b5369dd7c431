package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttputil"

	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/metrics"
	"industrydash/internal/store"
)

// metricValue reads one series of a counter or gauge from the registry.
func metricValue(t *testing.T, m *metrics.Metrics, name string, labels ...string) float64 {
	t.Helper()
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
	next:
		for _, s := range f.GetMetric() {
			have := map[string]string{}
			for _, lp := range s.GetLabel() {
				have[lp.GetName()] = lp.GetValue()
			}
			for i := 0; i+1 < len(labels); i += 2 {
				if have[labels[i]] != labels[i+1] {
					continue next
				}
			}
			switch {
			case s.Counter != nil:
				sum += s.Counter.GetValue()
			case s.Gauge != nil:
				sum += s.Gauge.GetValue()
			case s.Histogram != nil:
				sum += float64(s.Histogram.GetSampleCount())
			}
		}
	}
	return sum
}

func respHits(t *testing.T, e *env) (hits, misses float64) {
	t.Helper()
	return metricValue(t, e.Metrics, "industrydash_view_cache_requests_total", "layer", "response", "result", "hit"),
		metricValue(t, e.Metrics, "industrydash_view_cache_requests_total", "layer", "response", "result", "miss")
}

// A warm API answer is the stored bytes: same body and ETag, 304 for a
// client that has them, gzip for one that accepts it; a login leaves it
// warm and a fact write replaces it.
func TestWarmAPIResponseIsAByteCopyWithETag(t *testing.T) {
	e := newEnv(t, true)
	tok := "Bearer " + e.token(t, store.RoleLeader, "")
	const path = "/api/v1/progress?year=2024&period=2024-05"
	resp1, body1 := e.do(t, "GET", path, "", "Authorization", tok)
	if resp1.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp1.StatusCode, body1)
	}
	etag := resp1.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag = %q, want a strong quoted tag", etag)
	}
	hits0, misses0 := respHits(t, e)

	// A login, a failed login and an audit entry change no fact.
	if _, err := e.Auth.Login(context.Background(), "leader", testPassword, "127.0.0.1", "r"); err != nil {
		t.Fatal(err)
	}
	_, _ = e.Auth.Login(context.Background(), "leader", "wrong", "127.0.0.1", "r")

	resp2, body2 := e.do(t, "GET", path, "", "Authorization", tok)
	if resp2.StatusCode != 200 || body2 != body1 || resp2.Header.Get("ETag") != etag {
		t.Fatalf("second GET after a login: %d, same body %v, ETag %q (first %q)", resp2.StatusCode, body2 == body1, resp2.Header.Get("ETag"), etag)
	}
	if hits, misses := respHits(t, e); hits != hits0+1 || misses != misses0 {
		t.Fatalf("response cache hits %v→%v, misses %v→%v; want one more hit after a login", hits0, hits, misses0, misses)
	}

	resp3, body3 := e.do(t, "GET", path, "", "Authorization", tok, "If-None-Match", etag)
	if resp3.StatusCode != http.StatusNotModified || body3 != "" {
		t.Fatalf("If-None-Match with the current ETag: %d, %d bytes; want 304 and no body", resp3.StatusCode, len(body3))
	}
	resp4, gz := e.do(t, "GET", path, "", "Authorization", tok, "Accept-Encoding", "gzip")
	if resp4.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Accept-Encoding gzip: Content-Encoding %q", resp4.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || string(plain) != body1 {
		t.Fatalf("the gzip body does not decode to the JSON body (%v)", err)
	}
	if !strings.Contains(resp4.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("Vary = %q, want Accept-Encoding", resp4.Header.Get("Vary"))
	}

	// A fact: a correction of the city's rare-earth output for May.
	at := time.Now().UTC()
	if err := e.Store.AppendObservations(context.Background(), []domain.Observation{{Indicator: "rare_earth.output_value",
		OrgUnit: domain.CityCode, Period: domain.YTD(2024, 5), ValueType: domain.ValueYTD, Value: 987.6, SubmittedValue: 987.6,
		SubmittedUnit: "亿元", Source: "test", BatchID: "b", RecordedAt: at, RecordedBy: "t"}}); err != nil {
		t.Fatal(err)
	}
	resp5, body5 := e.do(t, "GET", path, "", "Authorization", tok, "If-None-Match", etag)
	if resp5.StatusCode != 200 || resp5.Header.Get("ETag") == etag {
		t.Fatalf("after a fact write, If-None-Match with the old ETag: %d, ETag %q; want 200 and a new tag", resp5.StatusCode, resp5.Header.Get("ETag"))
	}
	var pr progressResp
	if err := json.Unmarshal([]byte(body5), &pr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body5, "987.6") {
		t.Fatalf("after the correction the API does not show 987.6: %.300s", body5)
	}
}

// The cache never hands one user's answer to another who may not see it,
// nor a city answer to a reporter asking for their own unit.
func TestResponseCacheKeepsAuthorization(t *testing.T) {
	e := newEnv(t, true)
	analyst := "Bearer " + e.token(t, store.RoleAnalyst, "")
	reporter := "Bearer " + e.token(t, store.RoleReporter, "150203")
	const series = "/api/v1/indicators/industry.output_value/series?year=2024"
	for i := 0; i < 2; i++ { // the second round is served from the cache
		resp, body := e.do(t, "GET", series, "", "Authorization", analyst)
		if resp.StatusCode != 200 || !strings.Contains(body, `"org_unit":"`+domain.CityCode+`"`) {
			t.Fatalf("round %d: analyst's series: %d %.200s", i, resp.StatusCode, body)
		}
		resp, body = e.do(t, "GET", series, "", "Authorization", reporter)
		if resp.StatusCode != 200 || !strings.Contains(body, `"org_unit":"150203"`) {
			t.Fatalf("round %d: reporter's series must be their unit's: %d %.200s", i, resp.StatusCode, body)
		}
		resp, _ = e.do(t, "GET", "/api/v1/progress", "", "Authorization", analyst)
		if resp.StatusCode != 200 {
			t.Fatalf("analyst's progress: %d", resp.StatusCode)
		}
		if resp, _ = e.do(t, "GET", "/api/v1/progress", "", "Authorization", reporter); resp.StatusCode != 403 {
			t.Fatalf("round %d: a reporter got the cached city progress: %d", i, resp.StatusCode)
		}
	}
	// Pages carry the user and the session's CSRF token: two sessions, two pages.
	ck1, csrf1 := e.session(t, store.RoleAnalyst, "")
	ck2, csrf2 := e.session(t, store.RoleLeader, "")
	for i := 0; i < 2; i++ {
		_, p1 := e.do(t, "GET", "/", "", "Cookie", ck1)
		_, p2 := e.do(t, "GET", "/", "", "Cookie", ck2)
		if !strings.Contains(p1, csrf1) || strings.Contains(p1, csrf2) || !strings.Contains(p2, csrf2) || strings.Contains(p2, csrf1) {
			t.Fatalf("round %d: a page shows another session's CSRF token", i)
		}
		if !strings.Contains(p1, `data-user="analyst"`) || !strings.Contains(p2, `data-user="leader"`) {
			t.Fatalf("round %d: a page shows another user", i)
		}
	}
	if hits, _ := respHits(t, e); hits != 5 { // round two: three API answers and two pages
		t.Fatalf("response cache hits = %v; the second rounds should have been served from it", hits)
	}
}

// /metrics answers loopback clients and admins only, with the product's
// metrics filled in.
func TestMetricsEndpoint(t *testing.T) {
	e := newEnv(t, true)
	admin := "Bearer " + e.token(t, store.RoleAdmin, "")
	leader := "Bearer " + e.token(t, store.RoleLeader, "")
	for i := 0; i < 3; i++ {
		if resp, _ := e.do(t, "GET", "/api/v1/progress", "", "Authorization", leader); resp.StatusCode != 200 {
			t.Fatalf("progress: %d", resp.StatusCode)
		}
	}
	pre := "metricsprecsrf0123456789abcdefghijklmnopqrstuvwxyz"
	if resp, _ := e.do(t, "POST", "/login", form("csrf", pre, "name", "leader", "password", "wrong-password"),
		"Cookie", "ids_precsrf="+pre, "Content-Type", formType); resp.StatusCode != 401 {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/metrics", ""); resp.StatusCode != 401 {
		t.Fatalf("anonymous remote /metrics: %d, want 401", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/metrics", "", "Authorization", leader); resp.StatusCode != 403 {
		t.Fatalf("leader's /metrics: %d, want 403", resp.StatusCode)
	}
	resp, text := e.do(t, "GET", "/metrics", "", "Authorization", admin)
	if resp.StatusCode != 200 {
		t.Fatalf("admin's /metrics: %d %.200s", resp.StatusCode, text)
	}
	for _, want := range []string{
		`industrydash_http_requests_total{code="200",method="GET",route="/api/v1/progress"} 3`,
		`industrydash_view_cache_requests_total{layer="response",result="hit"} 2`,
		`industrydash_view_cache_requests_total{layer="response",result="miss"} 1`,
		`industrydash_view_cache_requests_total{layer="view",result="miss"}`,
		`industrydash_login_failures_total 1`,
		`industrydash_store_query_duration_seconds_count{op="CurrentObservations",store="embedded"}`,
		`industrydash_http_request_duration_seconds_bucket{method="GET",route="/api/v1/progress",le="+Inf"} 3`,
		`industrydash_outbox_backlog 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	e.Metrics.SetOutboxBacklog(4)
	if v := metricValue(t, e.Metrics, "industrydash_outbox_backlog"); v != 4 {
		t.Errorf("outbox backlog = %v after SetOutboxBacklog(4)", v)
	}

	// A client on this machine needs no account (a Prometheus beside the server).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.App.Listener(ln) }()
	t.Cleanup(func() { _ = e.App.Shutdown() })
	r, err := http.Get("http://" + ln.Addr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !bytes.Contains(b, []byte("industrydash_outbox_backlog 4")) {
		t.Fatalf("loopback /metrics: %d %.200s", r.StatusCode, b)
	}
	// A request a reverse proxy on this machine forwards is not local.
	req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/metrics", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	r, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 401 {
		t.Fatalf("loopback /metrics through a proxy (X-Forwarded-For): %d, want 401", r.StatusCode)
	}
}

// Concurrent misses of one page render it once; the others get its bytes.
func TestConcurrentPageMissesRenderOnce(t *testing.T) {
	e := newEnv(t, true)
	ck, _ := e.session(t, store.RoleLeader, "")
	const n = 16
	bodies := make([]string, n)
	done := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() {
			_, bodies[i] = e.do(t, "GET", "/?year=2024&period=2024-05", "", "Cookie", ck)
			done <- i
		}()
	}
	for i := 0; i < n; i++ {
		<-done
	}
	hits, misses := respHits(t, e)
	if misses < 1 || hits+misses != n {
		t.Fatalf("%d requests counted as %v hits and %v misses", n, hits, misses)
	}
	for i := range bodies {
		if bodies[i] != bodies[0] || !strings.Contains(bodies[i], `data-user="leader"`) {
			t.Fatalf("request %d got a different page", i)
		}
	}
	if misses > 2 {
		// Sixteen requests started together: without de-duplication nearly
		// every one renders the page (one miss each).
		t.Fatalf("%v of %d concurrent requests rendered the page; want one build shared", misses, n)
	}
}

// Request metrics never keep a label pointing into Fiber's reused buffers.
func TestRequestMetricLabelsAreStable(t *testing.T) {
	e := newEnv(t, false)
	e.user(t, store.RoleAnalyst, "") // past the first-run setup
	pre := "labelprecsrf0123456789abcdefghijklmnopqrstuvwxyz"
	for i := 0; i < 3; i++ {
		e.do(t, "POST", "/login", form("csrf", pre, "name", "x", "password", "y"), "Cookie", "ids_precsrf="+pre, "Content-Type", formType)
		e.do(t, "GET", "/healthz", "")
		e.do(t, "GET", "/no/such/page", "")
	}
	if v := metricValue(t, e.Metrics, "industrydash_http_requests_total", "route", "/login", "method", "POST"); v != 3 {
		t.Fatalf("POST /login counted %v times under method POST, want 3", v)
	}
	if v := metricValue(t, e.Metrics, "industrydash_http_requests_total", "route", "/healthz", "method", "GET"); v != 3 {
		t.Fatalf("GET /healthz counted %v times, want 3", v)
	}
	if v := metricValue(t, e.Metrics, "industrydash_http_requests_total", "route", "other", "code", "404"); v != 3 {
		t.Fatalf("unknown paths counted %v times under route other, want 3 (one label, not one per path)", v)
	}
}

// The 先行指标 API is cached by data version like the progress API: a warm
// answer is a hit with the same ETag, and new readings replace it.
func TestLeadingAPIIsCachedByDataVersion(t *testing.T) {
	e := newEnv(t, true)
	tok := "Bearer " + e.token(t, store.RoleLeader, "")
	const path = "/api/v1/leading?from=2024-11-01&to=2024-11-30"
	resp1, body1 := e.do(t, "GET", path, "", "Authorization", tok)
	if resp1.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp1.StatusCode, body1)
	}
	hits0, _ := respHits(t, e)
	resp2, body2 := e.do(t, "GET", path, "", "Authorization", tok)
	if body2 != body1 || resp2.Header.Get("ETag") != resp1.Header.Get("ETag") {
		t.Fatal("a second identical request is not the stored answer")
	}
	if hits, _ := respHits(t, e); hits != hits0+1 {
		t.Fatalf("response cache hits %v→%v, want one more", hits0, hits)
	}
	// A new reading on 2024-11-15 changes the data version and the answer.
	var ent string
	ents, err := e.Store.Enterprises(context.Background())
	if err != nil || len(ents) == 0 {
		t.Fatalf("enterprises: %v %v", len(ents), err)
	}
	ent = ents[0].Code
	day := time.Date(2024, 11, 15, 0, 0, 0, 0, time.UTC)
	if _, err := e.Store.AppendPower(context.Background(), "bench-new", time.Now(), []leading.PowerReading{{Enterprise: ent, Date: day, Wh: 9_000_000_000}}); err != nil {
		t.Fatal(err)
	}
	if _, body3 := e.do(t, "GET", path, "", "Authorization", tok); body3 == body1 {
		t.Fatal("the leading answer did not change after new readings")
	}
}

// TestCachedAnswerIsOneWrite: a warm, gzipped API answer of a few KiB goes
// out in one write with its headers (with Fiber's 4 KiB write buffer it
// took two: two system calls and two TCP segments per request).
func TestCachedAnswerIsOneWrite(t *testing.T) {
	e := newEnv(t, true)
	tok := "Bearer " + e.token(t, store.RoleLeader, "")
	ln := &countingListener{InmemoryListener: fasthttputil.NewInmemoryListener()}
	go func() { _ = e.App.Listener(ln) }()
	t.Cleanup(func() { _ = e.App.Shutdown() })
	c := &fasthttp.HostClient{Addr: "test", Dial: func(string) (net.Conn, error) { return ln.Dial() }}
	var req fasthttp.Request
	var resp fasthttp.Response
	req.SetRequestURI("http://test/api/v1/progress?year=2024&period=2024-11")
	req.Header.Set("Authorization", tok)
	req.Header.Set("Accept-Encoding", "gzip")
	for i := range 3 { // the first builds the answer; the others are served from the cache
		before := ln.writes.Load()
		if err := c.Do(&req, &resp); err != nil || resp.StatusCode() != http.StatusOK {
			t.Fatalf("GET: %v, %d", err, resp.StatusCode())
		}
		if n := len(resp.Body()); n < 4<<10 {
			t.Fatalf("the answer is %d bytes: too small to show the write buffer", n)
		}
		if w := ln.writes.Load() - before; i > 0 && w != 1 {
			t.Errorf("request %d: a cached answer of %d bytes took %d writes, want 1", i+1, len(resp.Body()), w)
		}
	}
}
