package static_test

// This spike proves that go-echarts charts render with no internet: ECharts
// and the Baotou district map come from the embedded FS, pages are built with
// html/template from go-echarts snippets, and headless Chromium draws them
// without a single request leaving 127.0.0.1. The two page builders below are
// the patterns for the dashboards:
//
//   - inline: go-echarts' RenderSnippet Element + Script (inline <script>;
//     needs script-src 'unsafe-inline' or a nonce under a CSP);
//   - csp: the Element plus the option as escaped JSON in
//     <script type="application/json" data-echarts-for=ID>, started by
//     /static/app.js, so the page runs under script-src 'self'.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"

	"industrydash/internal/testenv/browser"
	"industrydash/server/static"
)

// districts are Baotou's county-level units (GB/T 2260) as the map names them.
var districts = []string{
	"东河区", "昆都仑区", "青山区", "石拐区", "白云鄂博矿区", "九原区",
	"土默特右旗", "固阳县", "达尔罕茂明安联合旗",
}

// snippetChart is what a page needs from a go-echarts chart.
type snippetChart interface {
	RenderSnippet() render.ChartSnippet
	JSONNotEscaped() template.HTML
}

// chartBlock is one chart prepared for html/template.
type chartBlock struct {
	ID      string
	Element template.HTML // go-echarts' container div (inline style sets the size)
	Script  template.HTML // go-echarts' inline init script (inline pattern only)
	Option  template.JS   // the option as JSON, HTML-escaped (csp pattern only)
}

// newChartBlock renders c as a snippet. The chart must have been created with
// opts.Initialization{AssetsHost: static.AssetsHost, ChartID: …}.
func newChartBlock(t *testing.T, id string, c snippetChart) chartBlock {
	t.Helper()
	s := c.RenderSnippet() // also runs Validate: prefixes JS assets with AssetsHost
	raw := []byte(c.JSONNotEscaped())
	if !json.Valid(raw) {
		t.Fatalf("chart %s: option is not pure JSON (JS functions?), cannot use the csp pattern", id)
	}
	var esc bytes.Buffer
	json.HTMLEscape(&esc, bytes.TrimSpace(raw)) // "<" → \u003c etc.: no "</script>" can close the tag
	return chartBlock{
		ID:      id,
		Element: template.HTML(s.Element),
		Script:  template.HTML(s.Script),
		Option:  template.JS(esc.String()),
	}
}

// jsAssets collects the scripts the charts need, once each, in order
// (echarts.min.js first, then map files). RenderSnippet does not emit them.
func jsAssets(cs ...*charts.BaseConfiguration) []string {
	var out []string
	for _, c := range cs {
		for _, a := range c.JSAssets.Values {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="/static/app.css">
{{- range .Scripts}}
<script src="{{.}}"></script>
{{- end}}
</head>
<body>
<h1>{{.Title}}</h1>
{{- range .Charts}}
<section>
{{.Element}}
{{- if $.Inline}}
{{.Script}}
{{- else}}
<script type="application/json" data-echarts-for="{{.ID}}">{{.Option}}</script>
{{- end}}
</section>
{{- end}}
<script src="/static/app.js"></script>
</body>
</html>
`))

type pageData struct {
	Title   string
	Inline  bool
	Scripts []string
	Charts  []chartBlock
}

// buildCharts makes a bar chart and a Baotou map chart the way the
// dashboards will, returning the page data for the given pattern.
func buildCharts(t *testing.T, inline bool) pageData {
	t.Helper()
	init := func(id string) opts.Initialization {
		return opts.Initialization{AssetsHost: static.AssetsHost, ChartID: id, Width: "100%", Height: "420px"}
	}

	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(init("chart_chain_output")),
		charts.WithTitleOpts(opts.Title{Title: "重点产业链产值（亿元）", Subtitle: "1-10月累计 · 示例数据"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
	)
	bar.SetXAxis([]string{"稀土", "硅", "铝", "钢铁", "装备制造"}).
		AddSeries("累计完成", []opts.BarData{{Value: 812.3}, {Value: 1520.4}, {Value: 980.0}, {Value: 1210.7}, {Value: 433.9}}).
		AddSeries("年度目标", []opts.BarData{{Value: 1000}, {Value: 2000}, {Value: 1200}, {Value: 1500}, {Value: 600}})

	m := charts.NewMap()
	m.RegisterMapType(static.BaotouMapName) // before AddSeries: the series takes the map name
	m.SetGlobalOptions(
		charts.WithInitializationOpts(init("chart_district_map")),
		charts.WithTitleOpts(opts.Title{Title: "各旗县区工业产值完成率（%）", Subtitle: "示例数据"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Calculable: opts.Bool(true), Min: 60, Max: 110, Text: []string{"高", "低"},
			InRange: &opts.VisualMapInRange{Color: []string{"#d83931", "#f5a623", "#2ea121"}},
		}),
	)
	var data []opts.MapData
	for i, d := range districts {
		data = append(data, opts.MapData{Name: d, Value: 70 + float64(i)*4.5})
	}
	m.AddSeries("完成率", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}))

	blocks := []chartBlock{newChartBlock(t, "chart_chain_output", bar), newChartBlock(t, "chart_district_map", m)}
	return pageData{
		Title:   "包头市工业经济运行监测（离线图表验证）",
		Inline:  inline,
		Scripts: jsAssets(&bar.BaseConfiguration, &m.BaseConfiguration),
		Charts:  blocks,
	}
}

// requireVendor skips (or fails under CI=true) when build-assets.sh has not run.
func requireVendor(t *testing.T) {
	t.Helper()
	if err := static.CheckVendor(static.FS); err != nil {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatal(err)
		}
		t.Skipf("SKIPPED: %v", err)
	}
}

// The asset URLs go-echarts computes must be exactly the files we embed.
func TestGoEchartsAssetPathsMatchVendor(t *testing.T) {
	d := buildCharts(t, true)
	want := []string{static.MountPath + static.EChartsJS, static.MountPath + static.BaotouMapJS}
	if !slices.Equal(d.Scripts, want) {
		t.Fatalf("go-echarts JS assets = %q, want %q", d.Scripts, want)
	}
}

func TestChartsRenderOffline(t *testing.T) {
	requireVendor(t)

	for _, tt := range []struct {
		name   string
		inline bool
		csp    string
	}{
		{name: "inline", inline: true},
		// go-echarts' Element sizes the div with a style attribute, hence
		// style-src 'unsafe-inline'; no inline script is allowed.
		{name: "csp", csp: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var html bytes.Buffer
			if err := pageTmpl.Execute(&html, buildCharts(t, tt.inline)); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(html.Bytes(), []byte("go-echarts.github.io")) {
				t.Fatal("page still references go-echarts' internet asset host")
			}

			mux := http.NewServeMux()
			mux.Handle("/static/", http.StripPrefix("/static/", http.FileServerFS(static.FS)))
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				if tt.csp != "" {
					w.Header().Set("Content-Security-Policy", tt.csp)
				}
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, _ = w.Write(html.Bytes())
			})
			srv := httptest.NewServer(mux) // listens on 127.0.0.1
			defer srv.Close()

			b := browser.New(t)
			b.Navigate(srv.URL + "/")
			got := b.WaitCharts("div.item", 2)

			byID := map[string]browser.Chart{}
			for _, c := range got {
				byID[c.ID] = c
			}
			if c := byID["chart_chain_output"]; len(c.Series) != 2 || c.Series[0].Type != "bar" {
				t.Errorf("bar chart series = %+v, want 2 bar series", c.Series)
			}
			mc := byID["chart_district_map"]
			if len(mc.Series) != 1 || mc.Series[0].Type != "map" || mc.Series[0].Map != static.BaotouMapName || mc.Series[0].Data != len(districts) {
				t.Errorf("map chart series = %+v, want one map series of %s with %d items", mc.Series, static.BaotouMapName, len(districts))
			}

			names := browser.Eval[[]string](b, fmt.Sprintf(
				`(echarts.getMap(%q) || {geoJSON: {features: []}}).geoJSON.features.map(f => f.properties.name)`,
				static.BaotouMapName))
			for _, d := range districts {
				if !slices.Contains(names, d) {
					t.Errorf("map %s has no feature %s; features: %v", static.BaotouMapName, d, names)
				}
			}

			var loaded []string
			for _, r := range b.Requests() {
				loaded = append(loaded, strings.TrimPrefix(r.URL, srv.URL))
			}
			for _, want := range []string{"/static/" + static.EChartsJS, "/static/" + static.BaotouMapJS, "/static/app.js", "/static/app.css"} {
				if !slices.Contains(loaded, want) {
					t.Errorf("page did not load %s; requests: %v", want, loaded)
				}
			}
			b.AssertNoForeignRequests()
			if msgs := b.ConsoleErrors(); len(msgs) > 0 {
				t.Errorf("page logged errors (CSP violations show here too):\n  %s", strings.Join(msgs, "\n  "))
			}
			b.Screenshot("charts")
		})
	}
}
