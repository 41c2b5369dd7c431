package web

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
)

// healthz says the process is up; it touches nothing else.
func (h *Handler) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok", "uptime_s": int(time.Since(h.started).Seconds())})
}

// readyz says whether the store answers and its schema is current. While it
// does not, pages keep serving the last good data with a notice.
// Anonymous callers (load balancers, monitoring) learn only the kind of
// store; the host, port, database or directory are shown to city staff only.
func (h *Handler) readyz(c *fiber.Ctx) error {
	label := h.storeKind()
	if u, ok := currentUser(c); ok && auth.IsStaff(u) {
		label = h.storeLabel
	}
	if at := h.diskFullAt.Load(); at != 0 && time.Since(time.Unix(0, at)) < diskFullHold {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "disk_full",
			"store": label, "message": "服务器磁盘空间已满，数据无法保存；请清理磁盘"})
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 3*time.Second)
	defer cancel()
	if err := h.meta.Ping(ctx); err != nil {
		h.log.Warn("readiness: store unreachable", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable",
			"store": label, "message": "数据库暂时无法访问，数据暂不可更新"})
	}
	applied, expected, err := h.meta.SchemaStatus(ctx)
	if err != nil || applied != expected {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "schema_outdated",
			"store": label, "schema_applied": applied, "schema_expected": expected,
			"message": "数据库结构版本不是最新，请运行 ingest migrate"})
	}
	return c.JSON(fiber.Map{"status": "ready", "store": label, "schema": applied})
}

// diskFullHold is how long after a write failed for a full disk /readyz
// stays not ready (each further failure starts it again), so a load
// balancer or monitor sees it.
const diskFullHold = time.Minute

// storeKind is the store label without its address: its first word
// ("ClickHouse", "内置存储").
func (h *Handler) storeKind() string {
	if f := strings.Fields(h.storeLabel); len(f) > 0 {
		return f[0]
	}
	return ""
}
