package web

import (
	"industrydash/internal/auth"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
)

// overviewPage serves 总览: every target of the year as a scorecard.
func (h *Handler) overviewPage(c *fiber.Ctx) error {
	ov, isStale, err := loadView(c, h.svc.Overview)
	if err != nil {
		return err
	}
	cs, err := dashboards.OverviewCharts(ov)
	if err != nil {
		return err
	}
	d := h.base(c, ov.Query, "总览", "overview")
	d.Stale, d.Demo, d.Pending, d.Charts, d.Data = d.Stale || isStale, ov.Demo, ov.Pending, cs, ov
	d.ExportPage, d.ExportQS = "overview", string(d.QS)
	return h.render(c, "overview", d)
}

// screenPage serves the 大屏 mode: full-screen, dark, refreshing itself.
func (h *Handler) screenPage(c *fiber.Ctx) error {
	ov, isStale, err := loadView(c, h.svc.Overview)
	if err != nil {
		return err
	}
	cs, err := dashboards.OverviewCharts(ov)
	if err != nil {
		return err
	}
	d := h.base(c, ov.Query, "大屏", "screen")
	d.Screen = true
	d.Stale, d.Demo, d.Charts, d.Data = d.Stale || isStale, ov.Demo, cs, ov
	return h.render(c, "screen", d)
}

// homePage serves GET /: the 总览 for those who may read the city; a
// reporter's home is their unit's 填报 page.
func (h *Handler) homePage(c *fiber.Ctx) error {
	if u, _ := currentUser(c); !auth.CanReadCity(u) {
		return c.Redirect("/submissions", fiber.StatusSeeOther)
	}
	return h.overviewPage(c)
}
