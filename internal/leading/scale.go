package leading

import (
	"strconv"
	"strings"
)

// EnergyScale is the unit a list of electricity figures prints in: 亿千瓦时
// once the largest figure reaches 1亿千瓦时, 万千瓦时 below, so no figure is a
// seven-digit 万千瓦时 and all figures of one table or chart share a unit.
type EnergyScale struct {
	// Unit is 万千瓦时 or 亿千瓦时.
	Unit  string
	whPer float64
}

// The two scales.
var (
	ScaleWan = EnergyScale{Unit: "万千瓦时", whPer: WhPerWanKWh}
	ScaleYi  = EnergyScale{Unit: "亿千瓦时", whPer: WhPerWanKWh * 1e4}
)

// ScaleFor picks the scale for figures whose largest is maxWh watt-hours.
func ScaleFor(maxWh ...int64) EnergyScale {
	var m int64
	for _, w := range maxWh {
		m = max(m, w, -w)
	}
	if float64(m) >= ScaleYi.whPer {
		return ScaleYi
	}
	return ScaleWan
}

// Value is wh in the scale's unit, rounded to 0.01 (for charts and tables).
func (s EnergyScale) Value(wh int64) float64 { return round(float64(wh)/s.whPer, 2) }

// Text prints wh with its unit and one decimal, as statistics bulletins
// do: "274.9亿千瓦时", "3120.5万千瓦时".
func (s EnergyScale) Text(wh int64) string {
	v := strconv.FormatFloat(round(float64(wh)/s.whPer, 1), 'f', 1, 64)
	if strings.TrimLeft(v, "-0.") == "" {
		v = "0.0"
	}
	return v + s.Unit
}

// Sentence words the selection's total for the page's first line:
// "2024-01-01至2024-11-30，全市重点工业企业用电量274.9亿千瓦时，同比增长5.2%";
// scope is 全市 or 所选范围. "" when nothing was reported.
func (v *View) Sentence(scope string) string {
	if v.Empty || v.Total.Readings == 0 {
		return ""
	}
	s := ScaleFor(v.Total.Wh, v.Total.LastYearWh)
	g := ReportGroup{YoYPct: roundPtr(YoYPct(v.Total.Wh, v.Total.LastYearWh), 1)}
	out := v.Query.From.Format("2006-01-02") + "至" + v.Query.To.Format("2006-01-02") + "，" + scope +
		"重点工业企业用电量" + s.Text(v.Total.Wh)
	if v.Total.LastYearWh > 0 {
		out += "，上年同期" + s.Text(v.Total.LastYearWh)
	}
	return out + "，" + g.YoYWords()
}
