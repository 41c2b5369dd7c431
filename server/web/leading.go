package web

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/app"
	"industrydash/internal/domain"
	"industrydash/internal/leading"
	"industrydash/internal/leading/leadingload"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
)

// 先行指标 (leading indicators): industrial electricity and raw-material
// prices, from Options.Leading (a declared dependency; both fact stores
// serve it).

func (h *Handler) leadingStore() (leading.Store, error) {
	if h.leading != nil {
		return h.leading, nil
	}
	return nil, userErr(fiber.StatusNotFound, msg.WebNoLeadingData)
}

// UnitLister names org units.
type UnitLister interface {
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
}

// leadingUnits indexes the org units (empty when none were given or they
// cannot be read).
func (h *Handler) leadingUnits(ctx context.Context) *domain.UnitIndex {
	if h.units != nil {
		if us, err := h.units.OrgUnits(ctx); err == nil {
			return domain.NewUnitIndex(us)
		}
	}
	return domain.NewUnitIndex(nil)
}

// parseLeadingForm reads ?from=2024-01-01&to=2024-11-30&district=昆都仑区,150204&chain=稀土.
func parseLeadingForm(c *fiber.Ctx, units *domain.UnitIndex) (leading.PowerQuery, error) {
	var q leading.PowerQuery
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := strings.TrimSpace(c.Query(p.name)); s != "" {
			d, err := leadingload.ParseDate(s)
			if err != nil {
				return q, badRequest(msg.WebBadParam, p.name, err)
			}
			*p.dst = d
		}
	}
	for _, s := range splitList(c.Query("district")) {
		u, ok := units.Lookup(s)
		if !ok {
			return q, badRequest(msg.WebUnknownDistrictParam, s)
		}
		q.Districts = append(q.Districts, u.Code)
	}
	for _, s := range splitList(c.Query("chain")) {
		if !slices.Contains(leading.Chains, s) {
			return q, badRequest(msg.WebBadChainParam, s, strings.Join(leading.Chains, "、"))
		}
		q.Chains = append(q.Chains, s)
	}
	return q, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// leadingView parses the query and builds the view and its charts.
func (h *Handler) leadingView(c *fiber.Ctx) (*leading.View, []dashboards.Chart, *domain.UnitIndex, error) {
	ls, err := h.leadingStore()
	if err != nil {
		return nil, nil, nil, err
	}
	ctx := c.UserContext()
	units := h.leadingUnits(ctx)
	q, err := parseLeadingForm(c, units)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := leading.BuildView(ctx, ls, q)
	if errors.Is(err, leading.ErrInvalid) {
		return nil, nil, nil, badInput(err)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	cs, err := dashboards.LeadingCharts(v, unitName(units))
	if err != nil {
		return nil, nil, nil, err
	}
	return v, cs, units, nil
}

func unitName(units *domain.UnitIndex) func(string) string {
	return func(code string) string {
		if u, ok := units.Lookup(code); ok {
			return u.Name
		}
		return code
	}
}

// leadingPageData is what leading.html shows besides the charts.
type leadingPageData struct {
	View      *leading.View
	Report    leading.Report
	From, To  string
	Districts []domain.OrgUnit // choices
	Chains    []string         // choices
	District  string           // selected (one, from the form)
	Chain     string
	// Electricity is the statistics bureau's monthly 工业用电量 (with its
	// published 同比), shown beside the per-enterprise data; nil when the
	// catalogue or the data lack it, and when it reads 0 while enterprise
	// readings exist (a figure not yet published, never a real zero).
	Electricity *monitor.IndicatorView
	// Summary words the selection's enterprise total ("" when empty), in
	// 亿千瓦时 or 万千瓦时 by its size.
	Summary string
}

// ElectricityIndicator is the catalogue code of the city's monthly
// industrial electricity (亿千瓦时) as published.
const ElectricityIndicator = "industry.electricity"

// leadingPage serves 先行指标.
func (h *Handler) leadingPage(c *fiber.Ctx) error {
	v, cs, units, err := h.leadingView(c)
	if err != nil {
		return err
	}
	f, _ := parseViewForm(c)
	d := h.base(c, f.query(), "先行指标", "leading")
	d.Years = nil // the year/period pickers do not apply: this page picks dates
	pd := leadingPageData{View: v, Report: v.Report(unitName(units)), From: v.Query.From.Format("2006-01-02"),
		To: v.Query.To.Format("2006-01-02"), Chains: leading.Chains}
	for _, u := range units.All() {
		if u.Kind == domain.KindDistrict || u.Kind == domain.KindZone {
			pd.Districts = append(pd.Districts, u)
		}
	}
	if len(v.Query.Districts) == 1 {
		pd.District = v.Query.Districts[0]
	}
	if len(v.Query.Chains) == 1 {
		pd.Chain = v.Query.Chains[0]
	}
	scope := "全市"
	if len(v.Query.Districts)+len(v.Query.Chains) > 0 {
		scope = "所选范围"
	}
	pd.Summary = v.Sentence(scope)
	if ev, err := h.svc.Indicator(c.UserContext(), f.query(), ElectricityIndicator, ""); err == nil && ev.Assessment.Value != nil &&
		(*ev.Assessment.Value != 0 || pd.Summary == "") {
		pd.Electricity = ev
	}
	d.Charts, d.Data = cs, pd
	d.Demo = h.leadingDemo(c.UserContext())
	d.ExportPage, d.ExportQS = "leading", leadingQS(v.Query)
	return h.render(c, "leading", d)
}

// leadingQS renders the resolved query for download links.
func leadingQS(q leading.PowerQuery) string {
	vals := url.Values{}
	vals.Set("from", q.From.Format("2006-01-02"))
	vals.Set("to", q.To.Format("2006-01-02"))
	if len(q.Districts) > 0 {
		vals.Set("district", strings.Join(q.Districts, ","))
	}
	if len(q.Chains) > 0 {
		vals.Set("chain", strings.Join(q.Chains, ","))
	}
	return vals.Encode()
}

// leadingCharts rebuilds the page's charts for downloads.
func (h *Handler) leadingCharts(c *fiber.Ctx) ([]dashboards.Chart, error) {
	_, cs, _, err := h.leadingView(c)
	return cs, err
}

// apiLeading serves GET /api/v1/leading?from=&to=&district=&chain=.
func (h *Handler) apiLeading(c *fiber.Ctx) error {
	v, _, units, err := h.leadingView(c)
	if err != nil {
		return err
	}
	return c.JSON(leadingAPIResponse{Demo: h.leadingDemo(c.UserContext()), Report: v.Report(unitName(units))})
}

// leadingAPIResponse is the report with the 示例数据 flag beside its fields.
type leadingAPIResponse struct {
	Demo bool `json:"demo"`
	leading.Report
}

// leadingDemo reports whether the generated 先行指标 demo is in the store, so
// that what is shown is labelled 示例数据. An unreadable store counts as no.
func (h *Handler) leadingDemo(ctx context.Context) bool {
	ls, err := h.leadingStore()
	if err != nil {
		return false
	}
	ok, err := app.HasLeadingDemo(ctx, ls)
	return err == nil && ok
}
