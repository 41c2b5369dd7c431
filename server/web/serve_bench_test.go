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
			h := e.App.Handler()
			var req fasthttp.Request
			req.SetRequestURI("/api/v1/progress?year=2024&period=2024-11")
			req.Header.Set("Authorization", tok)
			req.Header.Set("Accept-Encoding", enc)
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
		})
	}
}
