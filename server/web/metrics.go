package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"industrydash/internal/store"
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
	route := "unmatched"
	if r := c.Route(); r != nil && !(r.Method == "USE" && r.Path == "/") {
		route = r.Path
	}
	h.metrics.ObserveRequest(route, c.Method(), c.Response().StatusCode(), time.Since(start))
	return nil
}

// metricsPage serves GET /metrics in the Prometheus text format to clients
// on this machine (a scraper beside the server) and to admins.
func (h *Handler) metricsPage(c *fiber.Ctx) error {
	if h.metrics == nil {
		return fiber.ErrNotFound
	}
	if !c.Context().RemoteIP().IsLoopback() {
		u, ok := currentUser(c)
		if !ok {
			return &userError{status: fiber.StatusUnauthorized, msg: "监控指标只对本机或管理员开放：请以管理员身份登录，或提供管理员的 API 令牌"}
		}
		if u.Role != store.RoleAdmin {
			return forbidden("您的账户无权查看监控指标：监控指标只对本机或管理员开放")
		}
	}
	return adaptor.HTTPHandler(h.metrics.Handler())(c)
}
