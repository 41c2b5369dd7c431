package web_test

import (
	"net"
	"sync/atomic"
	"testing"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttputil"

	"industrydash/internal/store"
)

// BenchmarkWarmProgress measures the server's own cost of a warm
// /api/v1/progress answer (no network): every middleware, the token check,
// the cache lookup and the copy of the stored bytes.
func BenchmarkWarmProgress(b *testing.B) {
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			e := newEnv(b, true)
			tok := "Bearer " + e.token(b, store.RoleLeader, "")
			benchServe(b, e, "/api/v1/progress?year=2024&period=2024-11", "Authorization", tok, "Accept-Encoding", enc)
		})
	}
}

// BenchmarkHealthz is the ceiling BenchmarkWarmProgress compares with: the
// same middleware chain around the cheapest route, without a credential.
func BenchmarkHealthz(b *testing.B) {
	e := newEnv(b, true)
	e.user(b, store.RoleLeader, "") // a user exists: no redirect to /setup
	benchServe(b, e, "/healthz", "Accept-Encoding", "gzip")
}

// benchServe serves uri with the header name/value pairs hdr through the
// app's fasthttp handler, in process, once per iteration.
func benchServe(b *testing.B, e *env, uri string, hdr ...string) {
	h := e.App.Handler()
	var req fasthttp.Request
	req.SetRequestURI(uri)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	var ctx fasthttp.RequestCtx
	ctx.Init(&req, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}, nil)
	h(&ctx)
	if ctx.Response.StatusCode() != 200 {
		b.Fatalf("status %d: %s", ctx.Response.StatusCode(), ctx.Response.Body())
	}
	b.ReportAllocs()
	for b.Loop() {
		ctx.Response.Reset()
		h(&ctx)
	}
}

// BenchmarkServeConn serves /healthz and the warm progress API over a
// keep-alive connection (in memory), as a load test's client sees them,
// and reports the writes the server makes per response: each is a system
// call on a real socket.
func BenchmarkServeConn(b *testing.B) {
	e := newEnv(b, true)
	tok := "Bearer " + e.token(b, store.RoleLeader, "")
	ln := &countingListener{InmemoryListener: fasthttputil.NewInmemoryListener()}
	go func() { _ = e.App.Listener(ln) }()
	b.Cleanup(func() { _ = e.App.Shutdown() })
	for _, r := range []struct{ name, uri, auth string }{
		{"healthz", "/healthz", ""},
		{"progress", "/api/v1/progress?year=2024&period=2024-11", tok},
	} {
		b.Run(r.name, func(b *testing.B) {
			c := &fasthttp.HostClient{Addr: "bench", Dial: func(string) (net.Conn, error) { return ln.Dial() }}
			req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
			defer fasthttp.ReleaseRequest(req)
			defer fasthttp.ReleaseResponse(resp)
			req.SetRequestURI("http://bench" + r.uri)
			req.Header.Set("Accept-Encoding", "gzip")
			if r.auth != "" {
				req.Header.Set("Authorization", r.auth)
			}
			if err := c.Do(req, resp); err != nil || resp.StatusCode() != 200 {
				b.Fatalf("%s: %v %d", r.uri, err, resp.StatusCode())
			}
			w0 := ln.writes.Load()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := c.Do(req, resp); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(ln.writes.Load()-w0)/float64(b.N), "writes/op")
			b.ReportMetric(float64(len(resp.Body())), "body_bytes")
		})
	}
}

// countingListener counts the writes made on the connections it accepts.
type countingListener struct {
	*fasthttputil.InmemoryListener
	writes atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.InmemoryListener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, writes: &l.writes}, nil
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}
