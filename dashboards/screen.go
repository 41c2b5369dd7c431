package dashboards

import (
	"fmt"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"industrydash/internal/domain"
	"industrydash/internal/export"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/webassets"
)

// The 大屏 is laid out on a fixed 1920×1080 stage that the page scales to
// the screen (see app.js), so its charts have fixed pixel sizes.

// ScreenCard is one big-number card of the 大屏.
type ScreenCard struct {
	Code, Name string
	// Number and Unit are the figure ("5200.7", "亿元"; "—" without data).
	Number, Unit string
	// Target words the annual target ("6000亿元以上").
	Target string
	// Completion and Gap are the figure against its yardsticks: "完成86.6%"
	// and "超序时进度3.3个百分点" for flows; for rates the difference to the
	// target ("低于目标0.2个百分点") and to the benchmarks ("高于全国、全区9.2、
	// 7.4个百分点"), worded as the sentence words them.
	Completion, Gap string
	StatusKey       string
	StatusLabel     string
}

// ScreenCards picks the headline targets (city level, in the order of codes)
// for the 大屏's big-number cards.
func ScreenCards(ov *monitor.Overview, codes []string) []ScreenCard {
	var out []ScreenCard
	for _, code := range codes {
		for _, r := range ov.Rows {
			if r.Indicator.Code != code || r.Target.OrgUnit != domain.CityCode {
				continue
			}
			a := r.Assessment
			c := ScreenCard{Code: code, Name: r.Indicator.Name, Number: "—", Target: targetText(r),
				StatusKey: a.StatusKey, StatusLabel: a.StatusLabel}
			if a.Value != nil {
				c.Number, c.Unit = strings.TrimSuffix(a.ValueText(), a.Unit), a.Unit
			}
			switch {
			case a.CompletionPct != nil && a.GapPP != nil:
				// The printed figures and the clause the sentence uses (year end included).
				c.Completion, c.Gap = "完成"+a.CompletionText(), progress.GapClause(r.Indicator, a)
			case a.Kind == domain.Rate && a.Target != nil:
				// The sentence's own clauses: against the target (printed so
				// that 14.96 against 15 never reads 持平) and the benchmarks;
				// a 左右 target's band remark goes on the second line, so
				// neither line is cut short.
				vs, band := progress.RateTargetParts(r.Indicator, a)
				c.Completion, c.Gap = vs, progress.BenchmarkClause(r.Indicator, a)
				if band != "" {
					c.Gap = strings.TrimPrefix(c.Gap+"，"+band, "，")
				}
			case a.CompletionPct != nil:
				c.Completion = "完成" + progress.FormatPct(*a.CompletionPct)
			}
			out = append(out, c)
			break
		}
	}
	return out
}

// ScreenDistrict is one line of the list beside the 大屏's map.
type ScreenDistrict struct {
	Name, Value string
}

// ScreenDistricts lists the map's figure for every district and zone, in
// ranking order, as the map shows it ("—" without data). The zone (稀土高新区)
// is listed although the map has no shape for it.
func ScreenDistricts(dv *monitor.DistrictView) (label string, out []ScreenDistrict) {
	if dv == nil {
		return "", nil
	}
	for _, r := range dv.Rows {
		v := "—"
		if m := measure(r.Assessment, dv.By); m != nil {
			v = progress.FormatNumber(*m)
		}
		out = append(out, ScreenDistrict{Name: r.Unit.PrintName(), Value: v})
	}
	return MeasureLabel(dv.By, dv.Indicator.Kind), out
}

// screenText is the text colour of the 大屏's charts on the dark panels.
const screenText = "#e6edf7"

// ScreenCharts draws the 大屏's charts: the status donut and the district
// map (names and values on the map). dv may be nil (no district data).
func ScreenCharts(ov *monitor.Overview, dv *monitor.DistrictView) ([]Chart, error) {
	var out []Chart
	pie := charts.NewPie()
	id := "screen_status"
	title := "目标状态分布"
	pie.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: webassets.AssetsHost, ChartID: id, Width: "500px", Height: "440px", BackgroundColor: "transparent"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}), // the tallies beside it are the legend
	)
	labels := []struct{ key, name string }{{"green", "达标/超进度"}, {"amber", "略慢"}, {"red", "滞后"}, {"grey", "无数据"}}
	var data []opts.PieData
	t := export.Table{Columns: []string{"状态", "目标个数"}}
	for _, l := range labels {
		n := ov.Counts[l.key]
		data = append(data, opts.PieData{Name: l.name, Value: n, ItemStyle: &opts.ItemStyle{Color: StatusColour(l.key)}})
		t.Rows = append(t.Rows, []export.Cell{export.Text(l.name), export.Count(n)})
	}
	pie.AddSeries("目标", data,
		charts.WithPieChartOpts(opts.PieChart{Radius: []string{"42%", "72%"}, Center: []string{"50%", "50%"}}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{c}", Color: screenText, FontSize: 22, Position: "inside"}))
	c, err := finish(id, title, pie, &pie.BaseConfiguration, t)
	if err != nil {
		return nil, err
	}
	out = append(out, c)
	if dv == nil {
		return out, nil
	}

	label := MeasureLabel(dv.By, dv.Indicator.Kind)
	mid := "screen_map"
	mtitle := fmt.Sprintf("%s 分地区%s", dv.Indicator.Name, label)
	var mapData []opts.MapData
	var mapLabelsOf []MapLabel
	mt := export.Table{Columns: []string{"地区", label}}
	lo, hi := 0.0, 0.0
	for _, r := range dv.Rows {
		m := measure(r.Assessment, dv.By)
		if r.Unit.Kind == domain.KindDistrict {
			mapLabelsOf = append(mapLabelsOf, districtLabel(r.Unit, m))
		}
		if r.Unit.Kind != domain.KindDistrict || m == nil {
			continue
		}
		x := progress.Round1(*m)
		if len(mapData) == 0 || x < lo {
			lo = x
		}
		if len(mapData) == 0 || x > hi {
			hi = x
		}
		mapData = append(mapData, opts.MapData{Name: r.Unit.Name, Value: x})
		mt.Rows = append(mt.Rows, []export.Cell{export.Text(r.Unit.Name), export.Value(x)})
	}
	if hi == lo {
		hi = lo + 1
	}
	mp := charts.NewMap()
	mp.RegisterMapType(webassets.BaotouMapName)
	mp.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: webassets.AssetsHost, ChartID: mid, Width: "420px", Height: "600px", BackgroundColor: "transparent"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(false), Min: float32(lo), Max: float32(hi), Left: "10", Bottom: "10",
			Text: []string{"高", "低"}, TextStyle: &opts.TextStyle{Color: screenText, FontSize: 18},
			InRange: &opts.VisualMapInRange{Color: MapScale}}),
	)
	mp.AddSeries(label, mapData, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Color: "#ffffff", FontSize: 15,
		BackgroundColor: "rgba(11,26,51,0.75)", BorderRadius: 4}),
		charts.WithLabelLayoutOpts(opts.LabelLayout{HideOverlap: opts.Bool(true)}),
		charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#0b1a33", BorderWidth: 1}))
	mc, err := finish(mid, mtitle, mp, &mp.BaseConfiguration, mt, mapLabels(mapLabelsOf))
	if err != nil {
		return nil, err
	}
	return append(out, mc), nil
}

// MapScale is the sequential colour scale of the district maps: blues, so
// that no district reads as the 滞后 red.
var MapScale = []string{"#c6dbef", "#6baed6", "#2171b5", "#08306b"}
