package web

import (
	"net/netip"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"industrydash/internal/msg"
	"industrydash/internal/store"
	"industrydash/server/static"
)

// countRequest records every request's route pattern, status and latency.
// It renders errors itself (through the one error path) so that the status
// counted is the one sent.
func (h *Handler) countRequest(c *fiber.Ctx) error {
	if h.metrics == nil {
		return c.Next()
	}
	start := time.Now()
	if err := c.Next(); err != nil {
		if herr := h.ErrorHandler(c, err); herr != nil {
			return herr
		}
	}
	method := methodLabel(c.Method())
	h.metrics.ObserveRequest(h.routeLabel(c, method), method, c.Response().StatusCode(), time.Since(start))
	return nil
}

// routeLabel is the pattern of the route that answered: a registered
// route (h.route gives it a guard and a handler), "/static" for the files,
// or "other" for a request answered by a middleware (a redirect to /setup)
// or by no route at all.
func (h *Handler) routeLabel(c *fiber.Ctx, method string) string {
	r := c.Route()
	switch {
	case r == nil:
		return "other"
	case strings.HasPrefix(r.Path, static.MountPath):
		return static.MountPath
	}
	m := method
	if m == fiber.MethodHead {
		m = fiber.MethodGet
	}
	if _, ok := h.rules[m+" "+r.Path]; ok && len(r.Handlers) >= 2 {
		return r.Path
	}
	return "other"
}

// loopbackClient reports a client on this machine: the client address
// (after trusted proxies) is loopback and no proxy header is present, so a
// reverse proxy on this machine that is not listed in -trusted-proxies does
// not open /metrics to everyone it forwards.
func (h *Handler) loopbackClient(c *fiber.Ctx) bool {
	if len(c.Request().Header.Peek(fiber.HeaderXForwardedFor)) > 0 || len(c.Request().Header.Peek("Forwarded")) > 0 {
		return false
	}
	a, err := netip.ParseAddr(h.clientIP(c))
	return err == nil && a.Unmap().IsLoopback()
}

// methodLabel maps a request method to a constant string: Fiber's points
// into a reused request buffer and must not be kept as a metric label.
func methodLabel(m string) string {
	for _, known := range []string{fiber.MethodGet, fiber.MethodHead, fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch,
		fiber.MethodDelete, fiber.MethodOptions} {
		if m == known {
			return known
		}
	}
	return "OTHER"
}

// metricsPage serves GET /metrics in the Prometheus text format to clients
// on this machine (a scraper beside the server) and to admins.
func (h *Handler) metricsPage(c *fiber.Ctx) error {
	if h.metrics == nil {
		return fiber.ErrNotFound
	}
	if !h.loopbackClient(c) {
		u, ok := currentUser(c)
		if !ok {
			return userErr(fiber.StatusUnauthorized, msg.WebMetricsLogin)
		}
		if u.Role != store.RoleAdmin {
			return forbidden(msg.WebMetricsForbidden)
		}
	}
	return adaptor.HTTPHandler(h.metrics.Handler())(c)
}
