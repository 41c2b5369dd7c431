package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/targets"
)

// apiMeta is the envelope's description of what the numbers are.
type apiMeta struct {
	Year    int    `json:"year"`
	Period  string `json:"period,omitempty"`
	AsOf    string `json:"as_of,omitempty"`
	Demo    bool   `json:"demo"`
	Stale   bool   `json:"stale"`
	Pending bool   `json:"include_pending"`
}

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

// apiTargets serves GET /api/v1/targets?year=.
func (h *Handler) apiTargets(c *fiber.Ctx) error {
	f, err := parseViewForm(c)
	if err != nil {
		return err
	}
	ts, q, err := h.svc.Targets(c.UserContext(), f.query())
	if err != nil {
		return err
	}
	inds, _, err := h.svc.Catalogue(c.UserContext())
	if err != nil {
		return err
	}
	byCode := map[string]domain.Indicator{}
	for _, i := range inds {
		byCode[i.Code] = i
	}
	// The 年初下达 of each adjusted target, from 目标管理's rows.
	initial := map[string]domain.Target{}
	if h.targets != nil {
		rows, err := h.targets.Rows(c.UserContext(), q.Year)
		if err != nil {
			return err
		}
		for _, r := range rows {
			initial[r.Current.Key()] = r.Initial
		}
	}
	type item struct {
		domain.Target
		Name  string             `json:"name"`
		Unit  string             `json:"unit"`
		Kind  domain.MeasureKind `json:"kind"`
		Chain string             `json:"chain"`
		// Initial is the 年初下达 when this target is a 年中调整 of it.
		Initial    *domain.Target `json:"target_initial,omitempty"`
		Adjustment string         `json:"target_adjustment,omitempty"`
	}
	out := make([]item, 0, len(ts))
	for _, t := range ts {
		ind := byCode[t.Indicator]
		it := item{Target: t, Name: ind.Name, Unit: ind.Unit, Kind: ind.Kind, Chain: ind.Chain}
		if first, ok := initial[t.Key()]; ok {
			if adj := domain.AdjustmentText(first, t, ind.Unit); adj != "" {
				it.Initial, it.Adjustment = &first, adj
			}
		}
		out = append(out, it)
	}
	return c.JSON(fiber.Map{"meta": metaOf(q, false, false), "targets": out})
}

// progressItem is one target in GET /api/v1/progress. Percentages and 百分点
// are the figures the sentence prints (progress.PrintedCompletion,
// PrintedGap: gap_pp is the difference of the printed completion and time
// progress); the full-precision assessment is under "detail".
type progressItem struct {
	Indicator  string             `json:"indicator"`
	Name       string             `json:"name"`
	Chain      string             `json:"chain"`
	OrgUnit    string             `json:"org_unit"`
	Unit       string             `json:"unit"`
	Kind       domain.MeasureKind `json:"kind"`
	Comparator domain.Comparator  `json:"comparator"`
	Target     float64            `json:"target"`
	// TargetText says what the target is, as the plan means it
	// ("较上年提高2个百分点", "力争6000亿元"); TargetUnit is the unit of
	// Target (百分点 for a change).
	TargetText string   `json:"target_text"`
	TargetUnit string   `json:"target_unit"`
	TargetHigh *float64 `json:"target_high,omitempty"`
	// TargetInitial is the 年初下达 value; it differs from Target (the one in
	// force, that progress is judged against) after a 年中调整.
	TargetInitial    float64  `json:"target_initial"`
	TargetAdjustment string   `json:"target_adjustment,omitempty"`
	YTD              *float64 `json:"ytd"`
	DataMonth        int      `json:"data_month"`
	CompletionPct    *float64 `json:"completion_pct"`
	TimeProgressPct  *float64 `json:"time_progress_pct"`
	GapPP            *float64 `json:"gap_pp"`
	VsTargetPP       *float64 `json:"vs_target_pp,omitempty"`
	YoYPct           *float64 `json:"yoy_pct,omitempty"`
	YoYEstimated     bool     `json:"yoy_estimated,omitempty"`
	Status           string   `json:"status"`
	StatusLabel      string   `json:"status_label"`
	Projection       *float64 `json:"projection"`
	RequiredPace     *float64 `json:"required_pace"`
	Sentence         string   `json:"sentence"`
	// LastYearCompletionPct is last year's completion at the same month
	// against last year's own target, and VsLastYear words the difference
	// ("完成率比上年同期高2.1个百分点"); only where both years set a target.
	LastYearCompletionPct *float64             `json:"last_year_completion_pct,omitempty"`
	VsLastYear            string               `json:"vs_last_year,omitempty"`
	Detail                *progress.Assessment `json:"detail,omitempty"`

	// Projects is set for a project list or the capacity its projects form.
	Projects *projectsItem `json:"projects,omitempty"`
}

// projectsItem is a project list's standing: how many projects the register
// lists, how many reached the required stage (required_stage; for a
// capacity the last stage), and the planned count or capacity by now
// (planned; null without planned months).
type projectsItem struct {
	Listed        int      `json:"listed"`
	Reached       int      `json:"reached"`
	RequiredStage string   `json:"required_stage"`
	Planned       *float64 `json:"planned"`
	Unplanned     int      `json:"unplanned"`
	Unreported    int      `json:"unreported"`
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
