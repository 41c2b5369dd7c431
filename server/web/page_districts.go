package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
	"industrydash/internal/progress"
)

func parseRankBy(s string) (progress.RankBy, error) {
	switch progress.RankBy(s) {
	case "":
		return progress.RankByGrowth, nil
	case progress.RankByCompletion, progress.RankByGap, progress.RankByGrowth:
		return progress.RankBy(s), nil
	}
	return "", badRequest(msg.WebBadRankBy)
}

// districtsPage serves 地区: ranking, heat table and the district map.
func (h *Handler) districtsPage(c *fiber.Ctx) error {
	by, err := parseRankBy(c.Query("by"))
	if err != nil {
		return err
	}
	v, isStale, err := loadView(c, func(ctx context.Context, q monitor.Query) (*monitor.DistrictView, error) {
		return h.svc.Districts(ctx, q, c.Query("indicator"), by)
	})
	if err != nil {
		return err
	}
	cs, err := dashboards.DistrictCharts(v)
	if err != nil {
		return err
	}
	d := h.base(c, v.Query, "地区", "districts")
	d.Stale, d.Demo, d.Charts, d.Data = d.Stale || isStale, v.Demo, cs, v
	d.ExportPage, d.ExportQS = "districts", withParam(withParam(string(d.QS), "indicator", v.Indicator.Code), "by", string(v.By))
	return h.render(c, "districts", d)
}

// parksPage serves 园区: output against tiers.
func (h *Handler) parksPage(c *fiber.Ctx) error {
	v, isStale, err := loadView(c, h.svc.Parks)
	if err != nil {
		return err
	}
	cs, err := dashboards.ParkCharts(v)
	if err != nil {
		return err
	}
	d := h.base(c, v.Query, "园区", "parks")
	d.Stale, d.Demo, d.Charts, d.Data = d.Stale || isStale, v.Demo, cs, v
	d.ExportPage, d.ExportQS = "parks", string(d.QS)
	return h.render(c, "parks", d)
}

// indicatorPage serves 指标详情.
func (h *Handler) indicatorPage(c *fiber.Ctx) error {
	v, isStale, err := loadView(c, func(ctx context.Context, q monitor.Query) (*monitor.IndicatorView, error) {
		return h.svc.Indicator(ctx, q, c.Params("code"), c.Query("org_unit"))
	})
	if err != nil {
		return err
	}
	cs, err := dashboards.IndicatorCharts(v)
	if err != nil {
		return err
	}
	d := h.base(c, v.Query, v.Indicator.Name, "indicator")
	d.Stale, d.Demo, d.Charts, d.Data = d.Stale || isStale, v.Demo, cs, v
	d.ExportPage, d.ExportQS = "indicator", withParam(withParam(string(d.QS), "code", v.Indicator.Code), "org_unit", v.Unit.Code)
	return h.render(c, "indicator", d)
}
