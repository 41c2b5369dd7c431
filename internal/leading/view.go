package leading

import (
	"context"
	"math"
	"strconv"
	"time"
)

// View is everything the 先行指标 page and API show for one query.
type View struct {
	Query      PowerQuery   `json:"query"`
	Daily      []PowerPoint `json:"daily"`
	Monthly    []PowerPoint `json:"monthly"`
	ByDistrict []PowerGroup `json:"by_district"`
	ByChain    []PowerGroup `json:"by_chain"`
	// Total is the whole selection: the sum of ByChain (every reading has
	// exactly one chain).
	Total  PowerGroup   `json:"total"`
	Prices []PricePoint `json:"prices"`
	// Empty is true when the store holds no consumption at all.
	Empty bool `json:"empty"`
}

// BuildView reads the view of q. Zero dates default to the latest day with
// data and 1 January of its year; To before From is an error.
func BuildView(ctx context.Context, st Store, q PowerQuery) (*View, error) {
	first, last, err := st.PowerSpan(ctx)
	if err != nil {
		return nil, err
	}
	v := &View{Empty: first.IsZero()}
	if q.To.IsZero() {
		q.To = last
		if q.To.IsZero() {
			q.To = Day(time.Now())
		}
	}
	q.To = Day(q.To)
	if q.From.IsZero() {
		q.From = time.Date(q.To.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	q.From = Day(q.From)
	if q.To.Before(q.From) {
		return nil, newError(ErrInvalid, CodeToBeforeFrom, "end date %s before start date %s",
			q.To.Format("2006-01-02"), q.From.Format("2006-01-02"))
	}
	v.Query = q
	if v.Daily, err = st.PowerDaily(ctx, q); err != nil {
		return nil, err
	}
	if v.Monthly, err = st.PowerMonthly(ctx, q); err != nil {
		return nil, err
	}
	if v.ByDistrict, err = st.PowerBy(ctx, q, ByDistrict); err != nil {
		return nil, err
	}
	if v.ByChain, err = st.PowerBy(ctx, q, ByChain); err != nil {
		return nil, err
	}
	v.Total.Key = "合计"
	for _, g := range v.ByChain {
		v.Total.Wh += g.Wh
		v.Total.LastYearWh += g.LastYearWh
		v.Total.Readings += g.Readings
	}
	// Prices: the same period and the year before, so that the lines show
	// the trend leading into the period.
	pf, _ := q.PriorYear()
	if v.Prices, err = st.Prices(ctx, PriceQuery{From: pf, To: q.To}); err != nil {
		return nil, err
	}
	return v, nil
}

// Report is the view in the units people read: 万千瓦时 rounded to 0.01,
// 同比 in percent rounded to 0.1, districts named. It is what the JSON API
// returns.
type Report struct {
	From       string         `json:"from"`
	To         string         `json:"to"`
	Districts  []string       `json:"districts,omitempty"`
	Chains     []string       `json:"chains,omitempty"`
	Unit       string         `json:"unit"`
	Total      ReportGroup    `json:"total"`
	Daily      []ReportPoint  `json:"daily"`
	Monthly    []ReportPoint  `json:"monthly"`
	ByDistrict []ReportGroup  `json:"by_district"`
	ByChain    []ReportGroup  `json:"by_chain"`
	Prices     []ReportPrices `json:"prices"`
	Empty      bool           `json:"empty"`
}

// ReportPoint is one day or month.
type ReportPoint struct {
	Period   string   `json:"period"` // 2024-03-01 or 2024-03
	Value    *float64 `json:"value"`  // nil when nobody reported
	LastYear *float64 `json:"last_year"`
	YoYPct   *float64 `json:"yoy_pct"`
	Readings int64    `json:"readings"`
}

// ReportGroup is one district or chain (or the total).
type ReportGroup struct {
	Code     string   `json:"code,omitempty"`
	Name     string   `json:"name"`
	Value    float64  `json:"value"`
	LastYear float64  `json:"last_year"`
	YoYPct   *float64 `json:"yoy_pct"`
	Readings int64    `json:"readings"`
}

// ReportPrices is one commodity's series.
type ReportPrices struct {
	Code   string        `json:"code"`
	Name   string        `json:"name"`
	Unit   string        `json:"unit"`
	Points []ReportPrice `json:"points"`
}

// ReportPrice is one price.
type ReportPrice struct {
	Date  string  `json:"date"`
	Price float64 `json:"price"`
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func roundPtr(p *float64, digits int) *float64 {
	if p == nil {
		return nil
	}
	v := round(*p, digits)
	return &v
}

// Report converts v; districtName names a district code.
func (v *View) Report(districtName func(string) string) Report {
	r := Report{From: v.Query.From.Format("2006-01-02"), To: v.Query.To.Format("2006-01-02"),
		Districts: v.Query.Districts, Chains: v.Query.Chains, Unit: "万千瓦时", Empty: v.Empty,
		Daily: []ReportPoint{}, Monthly: []ReportPoint{}, ByDistrict: []ReportGroup{}, ByChain: []ReportGroup{}, Prices: []ReportPrices{}}
	group := func(g PowerGroup, code, name string) ReportGroup {
		return ReportGroup{Code: code, Name: name, Value: round(WanKWh(g.Wh), 2), LastYear: round(WanKWh(g.LastYearWh), 2),
			YoYPct: roundPtr(YoYPct(g.Wh, g.LastYearWh), 1), Readings: g.Readings}
	}
	point := func(p PowerPoint, layout string) ReportPoint {
		out := ReportPoint{Period: p.Period.Format(layout), Readings: p.Readings}
		if p.Readings > 0 {
			x := round(WanKWh(p.Wh), 2)
			out.Value = &x
		}
		if p.LastYearReads > 0 {
			x := round(WanKWh(p.LastYearWh), 2)
			out.LastYear = &x
		}
		if p.Readings > 0 && p.LastYearReads > 0 {
			out.YoYPct = roundPtr(YoYPct(p.Wh, p.LastYearWh), 1)
		}
		return out
	}
	r.Total = group(v.Total, "", "合计")
	for _, p := range v.Daily {
		r.Daily = append(r.Daily, point(p, "2006-01-02"))
	}
	for _, p := range v.Monthly {
		r.Monthly = append(r.Monthly, point(p, "2006-01"))
	}
	for _, g := range v.ByDistrict {
		r.ByDistrict = append(r.ByDistrict, group(g, g.Key, districtName(g.Key)))
	}
	for _, g := range v.ByChain {
		r.ByChain = append(r.ByChain, group(g, "", g.Key))
	}
	for _, c := range Commodities {
		s := ReportPrices{Code: c.Code, Name: c.Name, Unit: c.Unit}
		for _, p := range v.Prices {
			if p.Commodity == c.Code {
				s.Points = append(s.Points, ReportPrice{Date: p.Date.Format("2006-01-02"), Price: p.Price})
			}
		}
		if len(s.Points) > 0 {
			r.Prices = append(r.Prices, s)
		}
	}
	return r
}

// YoYWords phrases 同比 the way briefings do: "同比增长5.2%", "同比下降3.1%",
// "同比持平", or "无上年同期数据".
func (g ReportGroup) YoYWords() string {
	switch p := g.YoYPct; {
	case p == nil:
		return "无上年同期数据"
	case *p > 0:
		return "同比增长" + strconv.FormatFloat(*p, 'f', -1, 64) + "%"
	case *p < 0:
		return "同比下降" + strconv.FormatFloat(-*p, 'f', -1, 64) + "%"
	}
	return "同比持平"
}
