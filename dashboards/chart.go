// Package dashboards turns the monitor's view models into go-echarts charts
// and the tables behind them. It imports go-echarts but no web framework and
// no database driver: pages are assembled by the server.
//
// Charts are rendered in the Content-Security-Policy-friendly form: a
// container div plus the option as JSON in <script type="application/json">,
// started by /static/app.js, so that no inline script runs. ECharts and the
// Baotou map are served by our own server (webassets.AssetsHost).
package dashboards

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"

	"industrydash/internal/domain"
	"industrydash/internal/export"
	"industrydash/internal/palette"
	"industrydash/internal/webassets"
)

// Chart is one rendered chart with the numbers behind it.
type Chart struct {
	ID      string
	Title   string
	Element template.HTML // the container div
	Option  template.JS   // the ECharts option as HTML-safe JSON
	Assets  []string      // script URLs the chart needs (echarts first, then maps)
	Table   export.Table  // the same numbers as a table (also CSV/XLSX)
}

type renderable interface {
	RenderSnippet() render.ChartSnippet
	JSONNotEscaped() template.HTML
}

// initOpts sizes a chart and points its assets at our own server.
func initOpts(id, height string) opts.Initialization {
	return opts.Initialization{AssetsHost: webassets.AssetsHost, ChartID: id, Width: "100%", Height: height}
}

// finish renders c into a Chart. The option must be pure JSON (no JS
// functions), so that it can be embedded as data.
//
// patches edit the option as decoded JSON, for what go-echarts has no field
// for (a map item's own label text).
func finish(id, title string, c renderable, base *charts.BaseConfiguration, t export.Table, patches ...func(opt map[string]any)) (Chart, error) {
	s := c.RenderSnippet()
	raw := bytes.TrimSpace([]byte(c.JSONNotEscaped()))
	if !json.Valid(raw) {
		return Chart{}, fmt.Errorf("chart %s: option is not plain JSON", id)
	}
	if len(patches) > 0 {
		var opt map[string]any
		if err := json.Unmarshal(raw, &opt); err != nil {
			return Chart{}, fmt.Errorf("chart %s: %w", id, err)
		}
		for _, p := range patches {
			p(opt)
		}
		b, err := json.Marshal(opt)
		if err != nil {
			return Chart{}, fmt.Errorf("chart %s: %w", id, err)
		}
		raw = b
	}
	var esc bytes.Buffer
	json.HTMLEscape(&esc, raw)
	t.ID, t.Title = id, title
	return Chart{ID: id, Title: title, Element: template.HTML(s.Element), Option: template.JS(esc.String()),
		Assets: slices.Clone(base.JSAssets.Values), Table: t}, nil
}

// Assets collects the script URLs of several charts once each, echarts first.
func Assets(cs ...Chart) []string {
	out := []string{webassets.MountPath + webassets.EChartsJS}
	for _, c := range cs {
		for _, a := range c.Assets {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// Find returns the chart with id.
func Find(cs []Chart, id string) (Chart, bool) {
	for _, c := range cs {
		if c.ID == id {
			return c, true
		}
	}
	return Chart{}, false
}

// MapLabel is one district's label on a map: its short name and figure.
type MapLabel struct {
	// Name is the region's name in the map file (the unit's full name).
	Name string
	// Text is what the map prints: "达茂旗\n12.3", "固阳县\n—".
	Text string
}

// mapLabels sets each district's own label text on the first series of a
// map option: the short name where space is short and "—" where a district
// has no figure (never ECharts' NaN). A district without a figure gets an
// item with no value, so it keeps the no-data colour.
func mapLabels(labels []MapLabel) func(map[string]any) {
	return func(opt map[string]any) {
		series, _ := opt["series"].([]any)
		if len(series) == 0 {
			return
		}
		s, _ := series[0].(map[string]any)
		if s == nil {
			return
		}
		data, _ := s["data"].([]any)
		byName := map[string]map[string]any{}
		for _, d := range data {
			if m, ok := d.(map[string]any); ok {
				if n, ok := m["name"].(string); ok {
					byName[n] = m
				}
			}
		}
		for _, l := range labels {
			item := byName[l.Name]
			if item == nil {
				item = map[string]any{"name": l.Name}
				data = append(data, item)
			}
			item["label"] = map[string]any{"formatter": l.Text}
		}
		s["data"] = data
	}
}

// countStep is an axis's smallest tick step: 1 for counts (户, 个, 家…),
// so an axis never reads 0.5户; none for other units.
func countStep(unit string) float64 {
	if domain.IsCountUnit(unit) {
		return 1
	}
	return 0
}

// donutOpts lays a status donut out below its title (the ring centred
// lower and smaller, so outside labels and their leader lines stay clear of
// the title and legend), labels as "滞后 9", overlapping ones hidden.
func donutOpts() []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithPieChartOpts(opts.PieChart{Radius: []string{"32%", "54%"}, Center: []string{"50%", "55%"}}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b} {c}"}),
		charts.WithLabelLayoutOpts(opts.LabelLayout{HideOverlap: opts.Bool(true)}),
	}
}

// markLineInside lays a mark line's label ("目标 1000", "序时进度 83.3")
// inside the plot at the line's end, above it, so it is never clipped by
// the chart's edge (the default puts it past the end of the line).
func markLineInside() charts.SeriesOpts {
	return charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
		Label: &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "{b} {c}"},
	})
}

// StatusColour returns the colour of a traffic-light key (the one palette,
// shared with the pages' CSS and the 简报).
func StatusColour(key string) string { return palette.Status(key) }

func f(v *float64) any {
	if v == nil {
		return "-"
	}
	return *v
}

func boolPtr(b bool) *bool { return &b }
