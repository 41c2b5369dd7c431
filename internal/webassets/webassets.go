// Package webassets names where the front-end files (ECharts, the Baotou
// map) are served, for the chart builders in dashboards and the server that
// embeds and serves them (server/static), so that neither imports the other.
package webassets

const (
	// MountPath is the URL prefix under which the server serves its static files.
	MountPath = "/static/"

	// AssetsHost is the go-echarts asset host for charts served by this
	// server: set opts.Initialization{AssetsHost: AssetsHost} on every chart so
	// go-echarts resolves "echarts.min.js" and "maps/<pinyin>.js" here instead
	// of its default internet host.
	AssetsHost = MountPath + "vendor/"

	// EChartsJS is the path of the ECharts library below MountPath.
	EChartsJS = "vendor/echarts.min.js"

	// BaotouMapJS is the path below MountPath of the script that registers
	// the Baotou district map; its file name is the one go-echarts derives
	// from BaotouMapName (datasets.PresetMapFileNames).
	BaotouMapJS = "vendor/maps/nei4_meng2_gu3_bao1_tou2.js"

	// BaotouMapName is the map name to pass to go-echarts'
	// (*charts.Map).RegisterMapType and the name under which BaotouMapJS
	// registers the map with ECharts. Its features are named after the
	// districts (东河区, 昆都仑区, … 达尔罕茂明安联合旗), so series data items
	// must use those names.
	BaotouMapName = "包头"
)
