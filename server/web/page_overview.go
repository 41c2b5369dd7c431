package web

import (
	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
)

// overviewPage serves 总览: every target of the year as a scorecard.
func (h *Handler) overviewPage(c *fiber.Ctx) error {
	f, err := parseViewForm(c)
	if err != nil {
		return err
	}
	ov, err := h.svc.Overview(c.UserContext(), f.query())
	isStale, err := stale(err)
	if err != nil {
		return err
	}
	cs, err := dashboards.OverviewCharts(ov)
	if err != nil {
		return err
	}
	d := h.base(c, ov.Query, "总览", "overview")
	d.Stale, d.Demo, d.Pending, d.Charts, d.Data = d.Stale || isStale, ov.Demo, ov.Pending, cs, ov
	d.ExportPage, d.ExportQS = "overview", d.QS
	return h.render(c, "overview", d)
}

// screenPage serves the 大屏 mode: full-screen, dark, refreshing itself.
func (h *Handler) screenPage(c *fiber.Ctx) error {
	f, err := parseViewForm(c)
	if err != nil {
		return err
	}
	ov, err := h.svc.Overview(c.UserContext(), f.query())
	isStale, err := stale(err)
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
