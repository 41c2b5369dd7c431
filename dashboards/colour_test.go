package dashboards_test

import (
	"encoding/json"
	"testing"

	"industrydash/dashboards"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
)

// seriesColours maps each series name of a chart's option to its colour.
func seriesColours(t *testing.T, c dashboards.Chart) map[string]string {
	t.Helper()
	var opt struct {
		Series []struct {
			Name      string `json:"name"`
			ItemStyle struct {
				Color string `json:"color"`
			} `json:"itemStyle"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
		t.Fatalf("%s: %v", c.ID, err)
	}
	out := map[string]string{}
	for _, s := range opt.Series {
		out[s.Name] = s.ItemStyle.Color
	}
	return out
}

// TestOneColourPerYear: a year has the same colour on the cumulative and the
// monthly chart, and two years never share one.
func TestOneColourPerYear(t *testing.T) {
	row := monitor.Row{Indicator: domain.Indicator{Code: "x.output", Name: "产值", Unit: "亿元", Kind: domain.Flow},
		Target: domain.Target{Year: 2024, Value: 100}}
	cum, err := dashboards.CumulativeChart(row, progress.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	mon, err := dashboards.MonthlyChart(row)
	if err != nil {
		t.Fatal(err)
	}
	c, m := seriesColours(t, cum), seriesColours(t, mon)
	for _, y := range []struct{ cum, mon string }{{"2024年累计", "2024年当月"}, {"2023年累计", "2023年当月"}} {
		if c[y.cum] == "" || c[y.cum] != m[y.mon] {
			t.Errorf("%s is %q on the cumulative chart and %q on the monthly one", y.cum, c[y.cum], m[y.mon])
		}
	}
	if c["2024年累计"] == c["2023年累计"] {
		t.Errorf("2024 and 2023 share the colour %s", c["2024年累计"])
	}
}

// TestCountAxesAreWhole: a count's axes step by whole units (never 0.5户);
// an amount's are left to ECharts.
func TestCountAxesAreWhole(t *testing.T) {
	step := func(unit string) float64 {
		row := monitor.Row{Indicator: domain.Indicator{Code: "x.n", Name: "新增企业", Unit: unit, Kind: domain.Flow},
			Target: domain.Target{Year: 2024, Value: 3}}
		c, err := dashboards.CumulativeChart(row, progress.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		var opt struct {
			YAxis []struct {
				MinInterval float64 `json:"minInterval"`
			} `json:"yAxis"`
		}
		if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
			t.Fatal(err)
		}
		if len(opt.YAxis) == 0 {
			t.Fatal("no y axis")
		}
		return opt.YAxis[0].MinInterval
	}
	if s := step("户"); s != 1 {
		t.Errorf("户 axis step %v, want 1", s)
	}
	if s := step("亿元"); s != 0 {
		t.Errorf("亿元 axis step %v, want none", s)
	}
}
