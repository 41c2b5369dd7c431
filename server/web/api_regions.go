package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
)

// apiDistricts serves GET /api/v1/districts?indicator=&by=.
func (h *Handler) apiDistricts(c *fiber.Ctx) error {
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
	type row struct {
		Rank       int                 `json:"rank"`
		OrgUnit    domain.OrgUnit      `json:"org_unit"`
		Assessment progress.Assessment `json:"assessment"`
	}
	rows := make([]row, 0, len(v.Rows))
	for _, r := range v.Rows {
		rows = append(rows, row{Rank: r.Rank, OrgUnit: r.Unit, Assessment: r.Assessment})
	}
	return c.JSON(fiber.Map{"meta": metaOf(v.Query, v.Demo, isStale), "indicator": v.Indicator.Code, "by": v.By,
		"ranking": rows, "city": v.City, "districts_sum": v.Sum, "remainder": v.Remainder})
}

// apiParks serves GET /api/v1/parks.
func (h *Handler) apiParks(c *fiber.Ctx) error {
	v, isStale, err := loadView(c, h.svc.Parks)
	if err != nil {
		return err
	}
	type park struct {
		OrgUnit    domain.OrgUnit      `json:"org_unit"`
		Assessment progress.Assessment `json:"assessment"`
		Projection *float64            `json:"projection"`
		Tier       string              `json:"tier"`
	}
	type tier struct {
		Indicator  string              `json:"indicator"`
		Name       string              `json:"name"`
		Planned    float64             `json:"planned"`
		Assessment progress.Assessment `json:"assessment"`
		Parks      []string            `json:"parks"`
	}
	var ps []park
	for _, r := range v.Rows {
		ps = append(ps, park{OrgUnit: r.Unit, Assessment: r.Assessment, Projection: r.Projection, Tier: r.Tier})
	}
	var ts []tier
	for _, t := range v.Tiers {
		ts = append(ts, tier{Indicator: t.Indicator.Code, Name: t.Indicator.Name, Planned: t.Target.Value, Assessment: t.Assessment, Parks: t.Units})
	}
	return c.JSON(fiber.Map{"meta": metaOf(v.Query, v.Demo, isStale), "parks": ps, "tiers": ts})
}
