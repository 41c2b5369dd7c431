package progress

import (
	"math"
	"strconv"
	"strings"
)

// Round1 rounds x half away from zero to one decimal, the display precision of
// percentages and 百分点. It first snaps x to 1e-9 so that binary noise
// (3.4499999999 for 3.45) does not flip the result.
func Round1(x float64) float64 { return roundTo(x, 1) }

func roundTo(x float64, digits int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(digits))
	snapped := math.Round(x*p*1e6) / 1e6
	r := math.Round(snapped) / p
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}

// formatTrimmed renders x rounded to digits decimals without trailing zeros:
// 4 → "4", 6.60 → "6.6", 1.25 → "1.25".
func formatTrimmed(x float64, digits int) string {
	r := roundTo(x, digits)
	s := strconv.FormatFloat(r, 'f', digits, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// FormatNumber renders x to 0.1, half away from zero, without a trailing ".0":
// 4 → "4", 6.55 → "6.6", -3.53 → "-3.5".
func FormatNumber(x float64) string { return formatTrimmed(x, 1) }

// FormatPct renders a percentage (45.2 means 45.2%) as "45.2%".
func FormatPct(pct float64) string { return FormatNumber(pct) + "%" }

// FormatPP renders a difference in 百分点, signed: "3.5个百分点", "-1个百分点".
// Sentences use the magnitude with a word for the sign (超/慢, 高于/低于).
func FormatPP(pp float64) string { return FormatNumber(pp) + "个百分点" }

// FormatValue renders an amount with its unit: "456.3亿元", "13%", "12户".
func FormatValue(v float64, unit string) string { return FormatNumber(v) + unit }

// FormatRatio renders a multiple to 0.01 without trailing zeros: "1.25倍", "2倍".
func FormatRatio(r float64) string { return formatTrimmed(r, 2) + "倍" }
