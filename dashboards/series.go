package dashboards

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"industrydash/internal/domain"
	"industrydash/internal/export"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
)

var monthLabels = []string{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"}

// jsID turns an indicator code into a chart id that is a valid JS identifier.
func jsID(prefix, code string) string {
	r := strings.NewReplacer(".", "_", "-", "_", " ", "_")
	return prefix + "_" + r.Replace(code)
}

func lineData(vals []*float64) []opts.LineData {
	out := make([]opts.LineData, len(vals))
	for i, v := range vals {
		out[i] = opts.LineData{Value: f(v)}
	}
	return out
}

func barData(vals []*float64) []opts.BarData {
	out := make([]opts.BarData, len(vals))
	for i, v := range vals {
		out[i] = opts.BarData{Value: f(v)}
	}
	return out
}

// ytdVals returns the series' year-to-date values (levels for non-flows) for
// months 1..12, missing as nil.
func ytdVals(s progress.Series) []*float64 {
	out := make([]*float64, 12)
	for i := range out {
		out[i] = s.YTD[i].Ptr()
	}
	return out
}

func monthVals(s progress.Series) []*float64 {
	out := make([]*float64, 12)
	for i := range out {
		out[i] = s.Month[i].Ptr()
	}
	return out
}

// pathVals is where a flow should stand at each month end on time progress:
// target × time progress; for a stock with a baseline, the baseline path.
func pathVals(r monitor.Row, cfg progress.Config) []*float64 {
	a := r.Assessment
	if a.Target == nil || (r.Indicator.Kind != domain.Flow && (r.Indicator.Kind != domain.Stock || a.Baseline == nil)) {
		return nil
	}
	var last *progress.Series
	if !r.Last.Empty() {
		last = &r.Last
	}
	out := make([]*float64, 12)
	for m := 1; m <= 12; m++ {
		tp, err := cfg.TimeProgress(r.Target.Year, m, last)
		if err != nil {
			continue
		}
		v := *a.Target * tp
		if a.Baseline != nil && r.Indicator.Kind == domain.Stock {
			v = *a.Baseline + (*a.Target-*a.Baseline)*tp
		}
		out[m-1] = &v
	}
	return out
}

// yoyVals is 当月同比 by month, in percent (flows with both years' months).
func yoyVals(cur, last progress.Series) []*float64 {
	out := make([]*float64, 12)
	for i := 0; i < 12; i++ {
		c, l := cur.Month[i], last.Month[i]
		if c.OK && l.OK && l.Value != 0 {
			v := progress.GrowthPct(c.Value, l.Value)
			out[i] = &v
		}
	}
	return out
}

// CumulativeChart draws a target's year: this year's 累计 (or level/rate)
// against last year's, the time-progress path, and the target as a mark line.
func CumulativeChart(r monitor.Row, cfg progress.Config) (Chart, error) {
	id := jsID("cum", r.Indicator.Code)
	ind := r.Indicator
	title := fmt.Sprintf("%s（%s）", ind.Name, ind.Unit)
	word := "累计"
	if ind.Kind != domain.Flow {
		word = "当期值"
	}
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, "320px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: fmt.Sprintf("%d年%s · 目标 %s", r.Target.Year, word, targetText(r))}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "40", Top: "70", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Scale: opts.Bool(ind.Kind == domain.Rate), MinInterval: countStep(ind.Unit)}), // the title names the unit
	)
	line.SetXAxis(monthLabels)
	cur, last := ytdVals(r.Cur), ytdVals(r.Last)
	seriesOpts := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false)})}
	if t := r.Assessment.Target; t != nil {
		seriesOpts = append(seriesOpts, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "目标", YAxis: *t}), markLineInside())
	}
	line.AddSeries(fmt.Sprintf("%d年%s", r.Target.Year, word), lineData(cur), append(seriesOpts, yearStyle(r.Target.Year)...)...)
	line.AddSeries(fmt.Sprintf("%d年%s", r.Target.Year-1, word), lineData(last),
		charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Opacity: opts.Float(0.6), Color: YearColour(r.Target.Year - 1)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: YearColour(r.Target.Year - 1)}))
	path := pathVals(r, cfg)
	if path != nil {
		line.AddSeries("序时进度", lineData(path), charts.WithLineStyleOpts(opts.LineStyle{Type: "dotted", Color: timeProgressColour}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: timeProgressColour}))
	}
	cols := []string{"月份", fmt.Sprintf("%d年%s（%s）", r.Target.Year, word, ind.Unit), fmt.Sprintf("%d年%s（%s）", r.Target.Year-1, word, ind.Unit)}
	if path != nil {
		cols = append(cols, "序时进度应达（"+ind.Unit+"）")
	}
	t := export.Table{Columns: cols}
	for i := 0; i < 12; i++ {
		row := []export.Cell{export.Text(monthLabels[i]), export.Num(cur[i]), export.Num(last[i])}
		if path != nil {
			row = append(row, export.Num(path[i]))
		}
		t.Rows = append(t.Rows, row)
	}
	return finish(id, title, line, &line.BaseConfiguration, t)
}

// MonthlyChart draws a flow's monthly amounts this year and last, with 当月同比
// on a second axis.
func MonthlyChart(r monitor.Row) (Chart, error) {
	id := jsID("mon", r.Indicator.Code)
	ind := r.Indicator
	title := fmt.Sprintf("%s 当月值与同比", ind.Name)
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, "300px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: "柱：当月值（" + ind.Unit + "）；线：当月同比（%）"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Bottom: "40", Top: "70", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{MinInterval: countStep(ind.Unit)}), // the subtitle names the units
	)
	bar.ExtendYAxis(opts.YAxis{Position: "right"})
	bar.SetXAxis(monthLabels)
	cur, last := monthVals(r.Cur), monthVals(r.Last)
	yoy := yoyVals(r.Cur, r.Last)
	bar.AddSeries(fmt.Sprintf("%d年当月", r.Target.Year), barData(cur), charts.WithItemStyleOpts(opts.ItemStyle{Color: YearColour(r.Target.Year)}))
	bar.AddSeries(fmt.Sprintf("%d年当月", r.Target.Year-1), barData(last), charts.WithItemStyleOpts(opts.ItemStyle{Color: YearColour(r.Target.Year - 1)}))
	l := charts.NewLine()
	l.SetXAxis(monthLabels)
	l.AddSeries("当月同比", lineData(yoy), charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: yoyColour}), charts.WithItemStyleOpts(opts.ItemStyle{Color: yoyColour}))
	bar.Overlap(l)
	t := export.Table{Columns: []string{"月份", fmt.Sprintf("%d年当月（%s）", r.Target.Year, ind.Unit),
		fmt.Sprintf("%d年当月（%s）", r.Target.Year-1, ind.Unit), "当月同比（%）"}}
	for i := 0; i < 12; i++ {
		t.Rows = append(t.Rows, []export.Cell{export.Text(monthLabels[i]), export.Num(cur[i]), export.Num(last[i]), export.Num(yoy[i])})
	}
	return finish(id, title, bar, &bar.BaseConfiguration, t)
}

// targetText words a target the way the plan does ("15%以上", "力争6000亿元",
// "30%左右"), through the one wording package.
func targetText(r monitor.Row) string {
	return progress.TargetText(r.Indicator, r.Target)
}

// Sparkline draws a small inline SVG of year-to-date values (levels for
// non-flows) through the data month: cheap enough for a card per target and
// shown without JavaScript.
func Sparkline(s progress.Series, upTo int) template.HTML {
	if upTo <= 0 || upTo > 12 {
		upTo = 12
	}
	var pts []struct {
		m int
		v float64
	}
	min, max := 0.0, 0.0
	for m := 1; m <= upTo; m++ {
		if v, ok := s.YTDAt(m); ok {
			if len(pts) == 0 || v < min {
				min = v
			}
			if len(pts) == 0 || v > max {
				max = v
			}
			pts = append(pts, struct {
				m int
				v float64
			}{m, v})
		}
	}
	if len(pts) < 2 {
		return template.HTML(`<svg class="spark" viewBox="0 0 120 28" aria-hidden="true"></svg>`)
	}
	span := max - min
	if span == 0 {
		span = 1
	}
	var b strings.Builder
	for i, p := range pts {
		x := float64(p.m-1) / 11 * 116
		y := 26 - (p.v-min)/span*24
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.1f,%.1f", x+2, y)
	}
	return template.HTML(fmt.Sprintf(`<svg class="spark" viewBox="0 0 120 28" aria-hidden="true"><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="%s"/></svg>`, b.String()))
}

// yearPalette gives each year one colour on every chart (2024 is always the
// same blue, 2023 the same orange …). No red: red means 滞后.
var yearPalette = []string{"#1f5fbf", "#e08a00", "#16a085", "#8e44ad", "#5d6d7e", "#b7950b"}

// YearColour is the colour of a year's series on every chart.
func YearColour(year int) string {
	i := (year - 2024) % len(yearPalette)
	if i < 0 {
		i += len(yearPalette)
	}
	return yearPalette[i]
}

// The colours of the non-year series.
const (
	timeProgressColour = "#7f8c8d"
	yoyColour          = "#2c3e50"
)

func yearStyle(year int) []charts.SeriesOpts {
	c := YearColour(year)
	return []charts.SeriesOpts{charts.WithLineStyleOpts(opts.LineStyle{Color: c}), charts.WithItemStyleOpts(opts.ItemStyle{Color: c})}
}
