package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/monitor"
	"industrydash/internal/progress"
)

// apiSeries serves GET /api/v1/indicators/{code}/series?org_unit=&year=.
func (h *Handler) apiSeries(c *fiber.Ctx) error {
	v, isStale, err := loadView(c, func(ctx context.Context, q monitor.Query) (*monitor.IndicatorView, error) {
		return h.svc.Indicator(ctx, q, c.Params("code"), c.Query("org_unit"))
	})
	if err != nil {
		return err
	}
	type month struct {
		Month int      `json:"month"`
		YTD   *float64 `json:"ytd"`
		Value *float64 `json:"value"`
	}
	type year struct {
		Year   int                `json:"year"`
		Months []month            `json:"months"`
		Warns  []progress.Warning `json:"warnings,omitempty"`
	}
	var ys []year
	for _, y := range v.Years {
		yy := year{Year: y.Year, Warns: y.Series.Warnings}
		for m := 1; m <= 12; m++ {
			yy.Months = append(yy.Months, month{Month: m, YTD: y.Series.YTD[m-1].Ptr(), Value: y.Series.Month[m-1].Ptr()})
		}
		ys = append(ys, yy)
	}
	return c.JSON(fiber.Map{"meta": metaOf(v.Query, v.Demo, isStale), "indicator": v.Indicator, "org_unit": v.Unit,
		"target": v.Target, "assessment": v.Assessment, "sentence": v.Sentence, "years": ys,
		"revisions": v.History, "target_revisions": v.TargetRevisions})
}
