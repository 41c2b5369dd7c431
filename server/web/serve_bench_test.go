package web_test

import (
	"net"
	"testing"

	"github.com/valyala/fasthttp"

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
