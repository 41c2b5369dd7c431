package dashboards

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"industrydash/internal/domain"
	"industrydash/internal/export"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/webassets"
)

// OverviewCharts draws the scorecard's charts: the completion of every flow
// target against time progress, and the status counts.
func OverviewCharts(ov *monitor.Overview) ([]Chart, error) {
	var out []Chart
	c, err := completionChart(ov)
	if err != nil {
		return nil, err
	}
	out = append(out, c)
	s, err := statusChart(ov)
	if err != nil {
		return nil, err
	}
	return append(out, s), nil
}

func completionChart(ov *monitor.Overview) (Chart, error) {
	id := "overview_completion"
	title := "流量类目标完成率与序时进度"
	var names []string
	var data []opts.BarData
	t := export.Table{Columns: []string{"指标", "单位", "目标", "累计", "完成率（%）", "序时进度（%）", "超/慢序时进度（百分点）", "状态"}}
	for _, r := range ov.Rows {
		a := r.Assessment
		t.Rows = append(t.Rows, []export.Cell{export.Text(r.Indicator.Name), export.Text(r.Indicator.Unit),
			export.Text(targetText(r)), export.Quantity(a.Value, r.Indicator.Unit), export.Num(a.CompletionPct),
			export.Num(a.TimeProgressPct), export.Printed(a.PrintedGap()), export.Text(a.StatusLabel)})
		if r.Indicator.Kind != domain.Flow || a.CompletionPct == nil {
			continue
		}
		names = append(names, r.Indicator.Name)
		data = append(data, opts.BarData{Value: progress.Round1(*a.CompletionPct),
			ItemStyle: &opts.ItemStyle{Color: StatusColour(a.StatusKey)}})
	}
	bar := charts.NewBar()
	h := 60 + 26*len(names)
	if h < 240 {
		h = 240
	}
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, fmt.Sprintf("%dpx", h))),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: overviewSubtitle(ov)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Top: "60", Bottom: "20", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "%"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, Inverse: opts.Bool(true)}),
	)
	bar.AddSeries("完成率", data, charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "序时进度", XAxis: progress.Round1(ov.TimeProgressPct)}), markLineInside())
	return finish(id, title, bar, &bar.BaseConfiguration, t)
}

func statusChart(ov *monitor.Overview) (Chart, error) {
	id := "overview_status"
	title := "目标状态分布"
	pie := charts.NewPie()
	pie.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, "260px")),
		charts.WithTitleOpts(opts.Title{Title: title}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
	)
	labels := []struct{ key, name string }{{"green", "达标/超进度"}, {"amber", "略慢"}, {"red", "滞后"}, {"grey", "无数据/不适用"}}
	var data []opts.PieData
	t := export.Table{Columns: []string{"状态", "目标个数"}}
	for _, l := range labels {
		n := ov.Counts[l.key]
		data = append(data, opts.PieData{Name: l.name, Value: n, ItemStyle: &opts.ItemStyle{Color: StatusColour(l.key)}})
		t.Rows = append(t.Rows, []export.Cell{export.Text(l.name), export.Count(n)})
	}
	pie.AddSeries("目标", data, donutOpts()...)
	return finish(id, title, pie, &pie.BaseConfiguration, t)
}

// ChainCharts draws each target of a chain: the cumulative chart, and for
// flows the monthly chart.
func ChainCharts(v *monitor.ChainView, cfg progress.Config) ([]Chart, error) {
	var out []Chart
	for _, r := range v.Rows {
		if r.Indicator.Kind == domain.Milestone {
			continue
		}
		c, err := CumulativeChart(r, cfg)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		if r.Indicator.Kind == domain.Flow {
			m, err := MonthlyChart(r)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
	}
	return out, nil
}

// measure returns the ranked measure of a unit row.
func measure(a progress.Assessment, by progress.RankBy) *float64 {
	switch by {
	case progress.RankByCompletion:
		return a.CompletionPct
	case progress.RankByGap:
		if a.GapPP != nil {
			return a.GapPP
		}
		return a.VsTargetPP
	}
	if a.Kind == domain.Rate {
		return a.Value
	}
	return a.YoYPct
}

// MeasureLabel names a ranking measure with its unit.
func MeasureLabel(by progress.RankBy, kind domain.MeasureKind) string {
	switch by {
	case progress.RankByCompletion:
		return "完成率（%）"
	case progress.RankByGap:
		return "超/慢序时进度（百分点）"
	}
	if kind == domain.Rate {
		return "数值（%）"
	}
	return "累计同比（%）"
}

// DistrictCharts draws the ranking bar chart and the Baotou map.
func DistrictCharts(v *monitor.DistrictView) ([]Chart, error) {
	label := MeasureLabel(v.By, v.Indicator.Kind)
	var names []string
	var data []opts.BarData
	var mapData []opts.MapData
	var labels []MapLabel
	t := export.Table{Columns: []string{"排名", "地区", "代码", fmt.Sprintf("累计（%s）", v.Indicator.Unit), "上年同期", "累计同比（%）", "完成率（%）", label}}
	for _, r := range v.Rows {
		a := r.Assessment
		m := measure(a, v.By)
		rank := ""
		if r.Rank > 0 {
			rank = fmt.Sprint(r.Rank)
		}
		t.Rows = append(t.Rows, []export.Cell{export.Text(rank), export.Text(r.Unit.Name), export.Text(r.Unit.Code),
			export.Quantity(a.Value, v.Indicator.Unit), export.Quantity(a.LastYearValue, v.Indicator.Unit), export.Num(a.YoYPct), export.Num(a.CompletionPct), export.Num(m)})
		names = append(names, r.Unit.Name)
		data = append(data, opts.BarData{Value: f(roundPtr(m))})
		if r.Unit.Kind == domain.KindDistrict {
			labels = append(labels, districtLabel(r.Unit, m))
			if m != nil {
				mapData = append(mapData, opts.MapData{Name: r.Unit.Name, Value: progress.Round1(*m)})
			}
		}
	}
	id := "district_rank"
	title := fmt.Sprintf("%s 争先进位：%s", v.Indicator.Name, label)
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, fmt.Sprintf("%dpx", 80+30*len(names)))),
		charts.WithTitleOpts(opts.Title{Title: title}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Top: "50", Bottom: "20", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, Inverse: opts.Bool(true)}),
	)
	bar.AddSeries(label, data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	rank, err := finish(id, title, bar, &bar.BaseConfiguration, t)
	if err != nil {
		return nil, err
	}

	mid := "district_map"
	mtitle := fmt.Sprintf("%s 分地区%s", v.Indicator.Name, label)
	mp := charts.NewMap()
	mp.RegisterMapType(webassets.BaotouMapName)
	lo, hi := 0.0, 0.0
	for i, d := range mapData {
		x := d.Value.(float64)
		if i == 0 || x < lo {
			lo = x
		}
		if i == 0 || x > hi {
			hi = x
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	mp.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(mid, "460px")),
		charts.WithTitleOpts(opts.Title{Title: mtitle, Subtitle: "稀土高新区为功能区，不在行政区划图中单列"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: float32(lo), Max: float32(hi),
			Text: []string{"高", "低"}, InRange: &opts.VisualMapInRange{Color: MapScale}}),
	)
	mp.AddSeries(label, mapData, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), FontSize: 12,
		Color: "#1f2329", BackgroundColor: "rgba(255,255,255,0.8)", BorderRadius: 3}),
		charts.WithLabelLayoutOpts(opts.LabelLayout{HideOverlap: opts.Bool(true)}))
	mt := export.Table{Columns: []string{"地区", label}}
	for _, d := range mapData {
		mt.Rows = append(mt.Rows, []export.Cell{export.Text(d.Name), export.Value(d.Value.(float64))})
	}
	mc, err := finish(mid, mtitle, mp, &mp.BaseConfiguration, mt, mapLabels(labels))
	if err != nil {
		return nil, err
	}
	return []Chart{rank, mc}, nil
}

// districtLabel is a district's label on a map: its short name (达茂旗 for
// 达尔罕茂明安联合旗) and its figure, or "—" without one.
func districtLabel(u domain.OrgUnit, m *float64) MapLabel {
	v := "—"
	if m != nil {
		v = progress.FormatNumber(*m)
	}
	return MapLabel{Name: u.Name, Text: u.PrintName() + "\n" + v}
}

func roundPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := progress.Round1(*p)
	return &v
}

// ParkCharts draws park output against the tier thresholds and the tier
// counts against the plan.
func ParkCharts(v *monitor.ParkView) ([]Chart, error) {
	id := "park_output"
	// The indicator's name is already "全市工业园区工业总产值": title by the
	// measure, not by pasting the name after 各园区.
	title := fmt.Sprintf("各园区工业总产值与梯次门槛（%s）", v.Indicator.Unit)
	var names []string
	var ytd, proj []opts.BarData
	t := export.Table{Columns: []string{"园区", "所在地区代码", fmt.Sprintf("累计（%s）", v.Indicator.Unit), "预计全年", "累计同比（%）", "所处梯次"}}
	for _, r := range v.Rows {
		names = append(names, r.Unit.Name)
		ytd = append(ytd, opts.BarData{Value: f(roundPtr(r.Assessment.Value))})
		proj = append(proj, opts.BarData{Value: f(roundPtr(r.Projection))})
		t.Rows = append(t.Rows, []export.Cell{export.Text(r.Unit.Name), export.Text(r.Unit.Parent), export.Quantity(r.Assessment.Value, v.Indicator.Unit),
			export.Quantity(r.Projection, v.Indicator.Unit), export.Num(r.Assessment.YoYPct), export.Text(r.Tier)})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, "420px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: "按累计值年化（累计×12/月数）判断所处梯次"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Top: "70", Bottom: "50", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 30, Interval: "0"}}),
	)
	bar.SetXAxis(names)
	var marks []opts.MarkLineNameYAxisItem
	top := 0.0
	for _, tr := range v.Tiers {
		marks = append(marks, opts.MarkLineNameYAxisItem{Name: TierLabel(tr.Indicator.Name), YAxis: tr.Indicator.TierMin})
		top = max(top, tr.Indicator.TierMin)
	}
	for _, r := range v.Rows {
		for _, p := range []*float64{r.Assessment.Value, r.Projection} {
			if p != nil {
				top = max(top, *p)
			}
		}
	}
	// Keep the highest threshold line inside the plot even when no park
	// reaches it.
	bar.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Name: v.Indicator.Unit, Max: niceCeil(top * 1.05)}))
	bar.AddSeries("累计", ytd)
	bar.AddSeries("预计全年", proj, charts.WithMarkLineNameYAxisItemOpts(marks...), markLineInside())
	out, err := finish(id, title, bar, &bar.BaseConfiguration, t)
	if err != nil {
		return nil, err
	}

	tid := "park_tiers"
	ttitle := "园区梯次：预计达到个数与计划个数"
	tb := charts.NewBar()
	tb.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(tid, "320px")),
		charts.WithTitleOpts(opts.Title{Title: ttitle}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Top: "50", Bottom: "50", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: "个", MinInterval: 1}),
	)
	var tn []string
	var have, plan []opts.BarData
	tt := export.Table{Columns: []string{"梯次", "计划个数", "预计达到个数", "园区", "状态"}}
	for _, tr := range v.Tiers {
		tn = append(tn, TierAxisLabel(tr.Indicator, v.Indicator.Unit))
		have = append(have, opts.BarData{Value: f(tr.Assessment.Value)})
		plan = append(plan, opts.BarData{Value: tr.Target.Value})
		parks := ""
		for i, n := range tr.Units {
			if i > 0 {
				parks += "、"
			}
			parks += n
		}
		tt.Rows = append(tt.Rows, []export.Cell{export.Text(tr.Indicator.Name), export.Quantity(&tr.Target.Value, tr.Indicator.Unit), export.Quantity(tr.Assessment.Value, tr.Indicator.Unit),
			export.Text(parks), export.Text(tr.Assessment.StatusLabel)})
	}
	tb.SetXAxis(tn)
	// One colour per series, so the legend matches the bars; the status is
	// in the table and on the 园区 page.
	tb.AddSeries("计划个数", plan, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#9fa8da"}))
	tb.AddSeries("预计达到", have, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f5fbf"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))
	tc, err := finish(tid, ttitle, tb, &tb.BaseConfiguration, tt)
	if err != nil {
		return nil, err
	}
	return []Chart{out, tc}, nil
}

// TierAxisLabel names a tier as it is counted, cumulatively: "超300亿元"
// (a park over 500亿 counts here too), or the name's own words for a
// 新增 line.
// unit is the unit of the figure the tier counts over (园区产值, 亿元).
func TierAxisLabel(ind domain.Indicator, unit string) string {
	if ind.TierNew || ind.TierMin <= 0 {
		return TierLabel(ind.Name)
	}
	return "超" + progress.FormatTargetValue(ind.TierMin, unit)
}

// TierLabel shortens a tier indicator's name for an axis:
// "工业总产值500亿—1000亿元园区个数" → "500亿—1000亿元".
func TierLabel(name string) string {
	s := strings.TrimSuffix(strings.TrimPrefix(name, "工业总产值"), "园区个数")
	if s == "" {
		return name
	}
	return s
}

// niceCeil rounds x up to a round number for an axis maximum.
func niceCeil(x float64) float64 {
	if x <= 0 {
		return 1
	}
	step := math.Pow(10, math.Floor(math.Log10(x)))
	if x/step < 2 {
		step /= 2
	}
	return math.Ceil(x/step) * step
}

// IndicatorCharts draws an indicator's history across years and, for flows,
// this year's months with 同比.
func IndicatorCharts(v *monitor.IndicatorView) ([]Chart, error) {
	ind := v.Indicator
	id := "ind_history"
	word := "累计"
	if ind.Kind != domain.Flow {
		word = "当期值"
	}
	title := fmt.Sprintf("%s 历年%s（%s）", ind.Name, word, ind.Unit)
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, "340px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: v.Unit.Name}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Top: "70", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Scale: opts.Bool(ind.Kind == domain.Rate), MinInterval: countStep(ind.Unit)}), // the title names the unit
	)
	line.SetXAxis(monthLabels)
	cols := []string{"月份"}
	vals := make([][]*float64, len(v.Years))
	for i, ys := range v.Years {
		vals[i] = ytdVals(ys.Series)
		var so []charts.SeriesOpts
		if i == len(v.Years)-1 && v.Assessment.Target != nil {
			so = append(so, charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "目标", YAxis: *v.Assessment.Target}), markLineInside())
		}
		line.AddSeries(fmt.Sprintf("%d年", ys.Year), lineData(vals[i]), append(so, yearStyle(ys.Year)...)...)
		cols = append(cols, fmt.Sprintf("%d年%s（%s）", ys.Year, word, ind.Unit))
	}
	t := export.Table{Columns: cols}
	for m := 0; m < 12; m++ {
		row := []export.Cell{export.Text(monthLabels[m])}
		for i := range v.Years {
			row = append(row, export.Num(vals[i][m]))
		}
		t.Rows = append(t.Rows, row)
	}
	hist, err := finish(id, title, line, &line.BaseConfiguration, t)
	if err != nil {
		return nil, err
	}
	out := []Chart{hist}
	if ind.Kind == domain.Flow && len(v.Years) > 0 {
		cur := v.Years[len(v.Years)-1]
		var last progress.Series
		if len(v.Years) > 1 && v.Years[len(v.Years)-2].Year == cur.Year-1 {
			last = v.Years[len(v.Years)-2].Series
		}
		tg := domain.Target{Year: cur.Year}
		if v.Target != nil {
			tg = *v.Target
		}
		m, err := MonthlyChart(monitor.Row{Indicator: ind, Target: tg, Cur: cur.Series, Last: last})
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// overviewSubtitle is the completion chart's subtitle: the data period and
// its 序时进度, or 暂无数据 for a year with no month of data yet.
func overviewSubtitle(ov *monitor.Overview) string {
	if ov.Period.To <= 0 {
		return fmt.Sprintf("%d年暂无数据", ov.Query.Year)
	}
	return fmt.Sprintf("%s 序时进度 %s", ov.Period.Label(), progress.FormatPct(ov.TimeProgressPct))
}
