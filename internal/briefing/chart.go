package briefing

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"industrydash/internal/palette"
	"industrydash/internal/progress"
)

// CompletionChartSVG draws the completion bar chart as inline SVG: one
// horizontal bar per flow target with data, coloured by status, with the time
// progress marked as a dashed line. It needs no JavaScript, so print and PDF
// show it as the screen does. It returns "" when there is nothing to draw.
func CompletionChartSVG(bars []ChartBar, timeProgressPct float64) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	const (
		width   = 640.0
		labelW  = 210.0
		valueW  = 56.0
		rowH    = 22.0
		barH    = 14.0
		top     = 26.0
		bottom  = 22.0
		plotMin = 0.0
	)
	maxPct := 100.0
	for _, b := range bars {
		maxPct = math.Max(maxPct, b.CompletionPct)
	}
	maxPct = math.Ceil(maxPct/20) * 20
	plotW := width - labelW - valueW
	x := func(pct float64) float64 { return labelW + plotW*(math.Max(pct, plotMin)-plotMin)/(maxPct-plotMin) }
	height := top + rowH*float64(len(bars)) + bottom

	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`,
		width, height, html.EscapeString("主要目标完成率与序时进度"))
	fmt.Fprintf(&s, `<title>%s</title>`, html.EscapeString("主要目标完成率（柱）与序时进度（虚线）"))
	// Axis ticks every 20%.
	for p := 0.0; p <= maxPct+1e-9; p += 20 {
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd" stroke-width="0.6"/>`, x(p), top-4, x(p), height-bottom)
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle" fill="#555">%s</text>`, x(p), height-6, progress.FormatPct(p))
	}
	for i, b := range bars {
		y := top + rowH*float64(i)
		colour := palette.Status(b.StatusKey)
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="end" fill="#222">%s</text>`,
			labelW-6, y+barH-2, html.EscapeString(truncateRunes(b.Label, 17)))
		fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`,
			x(0), y, math.Max(x(b.CompletionPct)-x(0), 0.5), barH, colour)
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" font-size="11" fill="#222">%s</text>`,
			x(b.CompletionPct)+4, y+barH-2, html.EscapeString(progress.FormatPct(b.CompletionPct)))
	}
	tp := x(timeProgressPct)
	fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1a237e" stroke-width="1.4" stroke-dasharray="4 3"/>`,
		tp, top-8, tp, height-bottom)
	fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle" fill="#1a237e">%s</text>`,
		tp, top-11, html.EscapeString("序时进度"+progress.FormatPct(timeProgressPct)))
	s.WriteString(`</svg>`)
	return template.HTML(s.String()) // every text above is escaped
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
