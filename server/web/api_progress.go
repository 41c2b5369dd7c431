package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/targets"
)

func metaOf(q monitor.Query, demo, isStale bool) apiMeta {
	m := apiMeta{Year: q.Year, Demo: demo, Stale: isStale, Pending: q.IncludePending}
	if q.Month > 0 {
		m.Period = domain.Month(q.Year, q.Month).String()
	}
	if !q.AsOf.IsZero() {
		m.AsOf = q.AsOf.Format(time.RFC3339)
	}
	return m
}

func round1(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := progress.Round1(*p)
	return &v
}

func progressItemOf(r monitor.Row, detail bool) progressItem {
	a := r.Assessment
	it := progressItem{
		Indicator: r.Indicator.Code, Name: r.Title, Chain: r.Indicator.Chain, OrgUnit: r.Target.OrgUnit,
		Unit: r.Indicator.Unit, Kind: r.Indicator.Kind, Comparator: r.Target.Comparator, Target: r.Target.Value,
		TargetHigh: r.Target.ValueHigh, TargetInitial: r.Initial.Value, YTD: a.Value, DataMonth: a.Month,
		TargetAdjustment: targets.AdjustmentText(r.Initial, r.Target, r.Indicator.Unit),
		TargetText:       progress.TargetText(r.Indicator, r.Target), TargetUnit: progress.TargetUnit(r.Indicator, r.Target),
		CompletionPct: a.PrintedCompletion(), TimeProgressPct: round1(a.TimeProgressPct), GapPP: a.PrintedGap(),
		VsTargetPP: round1(a.VsTargetPP), YoYPct: round1(a.YoYPct), YoYEstimated: a.YoYEstimated,
		Status: a.StatusKey, StatusLabel: a.StatusLabel,
		RequiredPace: a.RequiredMonthly, Sentence: r.Sentence,
		LastYearCompletionPct: round1(a.LastYearCompletionPct), VsLastYear: progress.LastYearClause(a),
	}
	if r.Indicator.Kind == domain.ProjectCount || r.Indicator.Kind == domain.ProjectCapacity {
		it.Projects = &projectsItem{Listed: a.ProjectsListed, Reached: a.ProjectsReached, RequiredStage: a.RequiredStage,
			Planned: a.ExpectedValue, Unplanned: a.ProjectsUnplanned, Unreported: a.ProjectsUnreported}
	}
	it.Projection = a.ProjectionSeasonal
	if it.Projection == nil {
		it.Projection = a.ProjectionRunRate
	}
	if it.Name == "" {
		it.Name = r.Indicator.Name
	}
	if detail {
		d := a
		it.Detail = &d
	}
	return it
}

// apiProgress serves GET /api/v1/progress?year=&period=.
func (h *Handler) apiProgress(c *fiber.Ctx) error {
	ov, isStale, err := loadView(c, h.svc.Overview)
	if err != nil {
		return err
	}
	detail := c.Query("detail") == "1"
	items := make([]progressItem, 0, len(ov.Rows))
	for _, r := range ov.Rows {
		items = append(items, progressItemOf(r, detail))
	}
	return c.JSON(fiber.Map{"meta": metaOf(ov.Query, ov.Demo, isStale), "counts": ov.Counts,
		"time_progress_pct": progress.Round1(ov.TimeProgressPct), "progress": items})
}
