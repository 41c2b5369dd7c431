package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz says the process is up; it touches nothing else.
func (h *Handler) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok", "uptime_s": int(time.Since(h.started).Seconds())})
}

// readyz says whether the store answers and its schema is current. While it
// does not, pages keep serving the last good data with a notice.
func (h *Handler) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 3*time.Second)
	defer cancel()
	if err := h.meta.Ping(ctx); err != nil {
		h.log.Warn("readiness: store unreachable", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable",
			"store": h.storeLabel, "message": "数据库暂时无法访问，数据暂不可更新"})
	}
	applied, expected, err := h.meta.SchemaStatus(ctx)
	if err != nil || applied != expected {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "schema_outdated",
			"store": h.storeLabel, "schema_applied": applied, "schema_expected": expected,
			"message": "数据库结构版本不是最新，请运行 ingest migrate"})
	}
	return c.JSON(fiber.Map{"status": "ready", "store": h.storeLabel, "schema": applied})
}
