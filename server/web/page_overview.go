package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/auth"
	"industrydash/internal/briefing"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store"
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
	d.Stale, d.Demo, d.Pending, d.Charts = d.Stale || isStale, ov.Demo, ov.Pending, cs
	d.Data = overviewData{Overview: ov, Cards: dashboards.ScreenCards(ov, briefing.KeyIndicators),
		Status: overviewStatus(c.Query("status")), Chain: strings.Clone(c.Query("chain"))}
	d.ExportPage, d.ExportQS = "overview", string(d.QS)
	return h.render(c, "overview", d)
}

// overviewData is the 总览: the overview, its headline strip and the
// status and 板块 filters.
type overviewData struct {
	*monitor.Overview
	Cards []dashboards.ScreenCard
	// Status (green|amber|red|grey) and Chain filter the cards; "" shows all.
	Status, Chain string
}

// overviewStatus accepts only the four status keys.
func overviewStatus(s string) string {
	switch s {
	case "green", "amber", "red", "grey":
		return strings.Clone(s)
	}
	return ""
}

// screenPage serves the 大屏 mode: full-screen, dark, refreshing itself. It is
// laid out on a 1920×1080 stage that app.js scales to any 16:9 screen.
func (h *Handler) screenPage(c *fiber.Ctx) error {
	ov, isStale, err := loadView(c, h.svc.Overview)
	if err != nil {
		return err
	}
	dv, err := h.svc.Districts(c.UserContext(), ov.Query, briefing.RankingIndicator, progress.RankByGrowth)
	switch st, e := stale(err); {
	case errors.Is(e, monitor.ErrNotFound): // no district breakdown: no map
		dv = nil
	case e != nil:
		return e
	case st:
		isStale = true
	}
	cs, err := dashboards.ScreenCharts(ov, dv)
	if err != nil {
		return err
	}
	d := h.base(c, ov.Query, "大屏", "screen")
	d.Screen = true
	d.Stale, d.Demo, d.Charts = d.Stale || isStale, ov.Demo, cs
	label, list := dashboards.ScreenDistricts(dv)
	d.Data = screenData{Overview: ov, Cards: dashboards.ScreenCards(ov, briefing.KeyIndicators), Districts: list, MapMeasure: label}
	return h.render(c, "screen", d)
}

type screenData struct {
	*monitor.Overview
	Cards []dashboards.ScreenCard
	// Districts is the map's data, listed beside it (nil: no map), and
	// MapMeasure names the figure.
	Districts  []dashboards.ScreenDistrict
	MapMeasure string
}

// homePage serves GET /: the 总览 for those who may read the city; a
// reporter's home is their unit's 填报 page.
func (h *Handler) homePage(c *fiber.Ctx) error {
	if u, _ := currentUser(c); !auth.CanReadCity(u) {
		switch u.Role {
		case store.RoleAuditor:
			return c.Redirect("/audit", fiber.StatusSeeOther)
		case store.RoleSecAdmin:
			return c.Redirect("/users", fiber.StatusSeeOther)
		}
		if _, unitOnly, _ := h.budgetScope(c.UserContext(), u); unitOnly {
			return c.Redirect("/budget", fiber.StatusSeeOther) // a budget unit's reporter
		}
		return c.Redirect("/submissions", fiber.StatusSeeOther)
	}
	return h.overviewPage(c)
}
