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

	"industrydash/internal/export"
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
func finish(id, title string, c renderable, base *charts.BaseConfiguration, t export.Table) (Chart, error) {
	s := c.RenderSnippet()
	raw := bytes.TrimSpace([]byte(c.JSONNotEscaped()))
	if !json.Valid(raw) {
		return Chart{}, fmt.Errorf("chart %s: option is not plain JSON", id)
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

// Palette of the status colours, shared with the CSS.
var statusColour = map[string]string{"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "grey": "#9e9e9e"}

// StatusColour returns the colour of a traffic-light key.
func StatusColour(key string) string {
	if c, ok := statusColour[key]; ok {
		return c
	}
	return statusColour["grey"]
}

func f(v *float64) any {
	if v == nil {
		return "-"
	}
	return *v
}

func boolPtr(b bool) *bool { return &b }
