package dashboards

import (
	"fmt"
	"math"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"industrydash/internal/export"
	"industrydash/internal/leading"
)

// LeadingCharts draws the 先行指标 page: daily and monthly industrial
// electricity this year against the same period last year (同比), totals
// by district and by chain, and commodity prices. districtName turns a
// district code into its name (the code itself when unknown).
func LeadingCharts(v *leading.View, districtName func(code string) string) ([]Chart, error) {
	daily, err := powerSeriesChart("leading_daily", "工业用电量 日走势", v.Daily, "2006-01-02", false)
	if err != nil {
		return nil, err
	}
	monthly, err := powerSeriesChart("leading_monthly", "工业用电量 月度同比", v.Monthly, "2006年1月", true)
	if err != nil {
		return nil, err
	}
	byDistrict, err := powerGroupChart("leading_district", "分地区工业用电量", "地区", v.ByDistrict, districtName)
	if err != nil {
		return nil, err
	}
	byChain, err := powerGroupChart("leading_chain", "分产业链工业用电量", "产业链", v.ByChain, func(s string) string { return s })
	if err != nil {
		return nil, err
	}
	prices, err := pricesChart(v.Prices)
	if err != nil {
		return nil, err
	}
	return []Chart{daily, monthly, byDistrict, byChain, prices}, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// yoyRounded is 同比 in percent rounded to 0.1 for display; nil without a base.
func yoyRounded(cur, last int64) *float64 {
	p := leading.YoYPct(cur, last)
	if p == nil {
		return nil
	}
	r := math.Round(*p*10) / 10
	return &r
}

// powerSeriesChart draws this year's and last year's consumption per day
// or month; monthly charts are bars with 同比 on a second axis.
func powerSeriesChart(id, title string, pts []leading.PowerPoint, layout string, monthly bool) (Chart, error) {
	labels := make([]string, len(pts))
	cur := make([]*float64, len(pts))
	last := make([]*float64, len(pts))
	yoy := make([]*float64, len(pts))
	period := "日期"
	if monthly {
		period = "月份"
	}
	var peak []int64
	for _, p := range pts {
		peak = append(peak, p.Wh, p.LastYearWh)
	}
	sc := leading.ScaleFor(peak...)
	t := export.Table{Columns: []string{period, "本期（" + sc.Unit + "）", "上年同期（" + sc.Unit + "）", "同比（%）", "报送企业·天"}}
	for i, p := range pts {
		labels[i] = p.Period.Format(layout)
		c, l := sc.Value(p.Wh), sc.Value(p.LastYearWh)
		if p.Readings > 0 {
			cur[i] = &c
		}
		if p.LastYearReads > 0 {
			last[i] = &l
		}
		if p.Readings > 0 && p.LastYearReads > 0 {
			yoy[i] = yoyRounded(p.Wh, p.LastYearWh)
		}
		t.Rows = append(t.Rows, []export.Cell{export.Text(labels[i]), export.NumFixed(cur[i], 2), export.NumFixed(last[i], 2),
			export.Num(yoy[i]), export.Count(int(p.Readings))})
	}
	sub := "本期与上年同期"
	if monthly {
		sub = "柱：当月用电量；线：同比（%）"
	}
	global := []charts.GlobalOpts{
		charts.WithInitializationOpts(initOpts(id, "320px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: sub}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "40", Top: "70", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Name: sc.Unit, NameLocation: "end", NameGap: 8}),
	}
	if !monthly {
		line := charts.NewLine()
		global = append(global, charts.WithDataZoomOpts(opts.DataZoom{Type: "inside"}))
		line.SetGlobalOptions(global...)
		line.SetXAxis(labels)
		line.AddSeries("本期", lineData(cur), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
		line.AddSeries("上年同期", lineData(last), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
		return finish(id, title, line, &line.BaseConfiguration, t)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(global...)
	bar.ExtendYAxis(opts.YAxis{Name: "同比%", Position: "right"})
	bar.SetXAxis(labels)
	bar.AddSeries("本期", barData(cur))
	bar.AddSeries("上年同期", barData(last))
	l := charts.NewLine()
	l.SetXAxis(labels)
	l.AddSeries("同比", lineData(yoy), charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1}))
	bar.Overlap(l)
	return finish(id, title, bar, &bar.BaseConfiguration, t)
}

// powerGroupChart draws totals per district or chain with 同比.
func powerGroupChart(id, title, keyLabel string, groups []leading.PowerGroup, name func(string) string) (Chart, error) {
	var names []string
	var cur, last []opts.BarData
	var total int64
	var peak []int64
	for _, g := range groups {
		total += g.Wh
		peak = append(peak, g.Wh, g.LastYearWh)
	}
	sc := leading.ScaleFor(peak...)
	t := export.Table{Columns: []string{keyLabel, "本期（" + sc.Unit + "）", "上年同期（" + sc.Unit + "）", "同比（%）", "占比（%）"}}
	for _, g := range groups {
		n := name(g.Key)
		names = append(names, n)
		cur = append(cur, opts.BarData{Value: sc.Value(g.Wh)})
		last = append(last, opts.BarData{Value: sc.Value(g.LastYearWh)})
		var share *float64
		if total != 0 {
			s := round2(float64(g.Wh) / float64(total) * 100)
			share = &s
		}
		t.Rows = append(t.Rows, []export.Cell{export.Text(n), export.Fixed(sc.Value(g.Wh), 2), export.Fixed(sc.Value(g.LastYearWh), 2),
			export.Num(yoyRounded(g.Wh, g.LastYearWh)), export.NumFixed(share, 2)})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, fmt.Sprintf("%dpx", 100+40*len(names)))),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: "本期与上年同期（" + sc.Unit + "）"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Top: "60", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: sc.Unit, NameLocation: "middle", NameGap: 24}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, Inverse: opts.Bool(true)}),
	)
	bar.AddSeries("本期", cur)
	bar.AddSeries("上年同期", last)
	return finish(id, title, bar, &bar.BaseConfiguration, t)
}

// pricesChart draws one line per commodity (元/吨) over the union of dates.
func pricesChart(pts []leading.PricePoint) (Chart, error) {
	id, title := "leading_prices", "大宗原材料价格"
	var dates []string
	dateIdx := map[string]int{}
	byCom := map[string]map[string]float64{}
	for _, p := range pts {
		d := p.Date.Format("2006-01-02")
		if _, ok := dateIdx[d]; !ok {
			dateIdx[d] = len(dates)
			dates = append(dates, d)
		}
		if byCom[p.Commodity] == nil {
			byCom[p.Commodity] = map[string]float64{}
		}
		byCom[p.Commodity][d] = p.Price
	}
	slices.Sort(dates)
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, "340px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: "元/吨（对数坐标：各品种价格量级不同）"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "40", Top: "70", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "log", Name: "元/吨"}),
		charts.WithDataZoomOpts(opts.DataZoom{Type: "inside"}),
	)
	line.SetXAxis(dates)
	t := export.Table{Columns: []string{"日期"}}
	var present []leading.Commodity
	for _, c := range leading.Commodities {
		if byCom[c.Code] != nil {
			present = append(present, c)
			t.Columns = append(t.Columns, c.Name+"（元/吨）")
		}
	}
	for _, c := range present {
		vals := make([]*float64, len(dates))
		for i, d := range dates {
			if v, ok := byCom[c.Code][d]; ok {
				vals[i] = &v
			}
		}
		line.AddSeries(c.Name, lineData(vals), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), ConnectNulls: opts.Bool(true)}))
	}
	for _, d := range dates {
		row := []export.Cell{export.Text(d)}
		for _, c := range present {
			if v, ok := byCom[c.Code][d]; ok {
				row = append(row, export.Fixed(v, 2))
			} else {
				row = append(row, export.Text(""))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return finish(id, title, line, &line.BaseConfiguration, t)
}
