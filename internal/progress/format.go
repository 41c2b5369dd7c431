package progress

import (
	"math"
	"strconv"
	"strings"

	"industrydash/internal/domain"
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
// 4 → "4", 6.60 → "6.6", 1.25 → "1.25". It prints figures quoted from the
// plan (目标6000亿元、15%以上), which keep the form the plan wrote them in.
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

// formatFixed renders a measured figure at exactly digits decimals, as the
// statistics bureau prints them: 5 → "5.0", 1153 → "1153.0", 99.96 at two
// decimals → "99.96" (增长5.0%，高于目标1.0个百分点，第二产业增加值1153.0亿元).
func formatFixed(x float64, digits int) string {
	s := strconv.FormatFloat(roundTo(x, digits), 'f', digits, 64)
	if strings.TrimLeft(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no negative zero
	}
	return s
}

// FormatNumber renders a measured figure to 0.1, half away from zero, always
// with its one decimal: 4 → "4.0", 6.55 → "6.6", -3.53 → "-3.5".
func FormatNumber(x float64) string { return formatFixed(x, 1) }

// FormatPct renders a percentage (45.2 means 45.2%) as "45.2%", "30.0%".
func FormatPct(pct float64) string { return FormatNumber(pct) + "%" }

// FormatPP renders a difference in 百分点, signed: "3.5个百分点", "-1.0个百分点".
// Sentences use the magnitude with a word for the sign (超/慢, 高于/低于).
func FormatPP(pp float64) string { return FormatNumber(pp) + "个百分点" }

// FormatValue renders a measured amount with its unit: "456.3亿元",
// "300.0亿元", "13.0%"; a whole count in a count unit has no decimals
// ("12户", "98家"), a fractional one (a monthly average) one ("8.3户").
func FormatValue(v float64, unit string) string { return FormatFigure(v, unit) + unit }

// FormatFigure is FormatValue without the unit, for a table cell whose
// header names the unit: "456.3" for 亿元, "79" for 户 (never "79.0").
func FormatFigure(v float64, unit string) string {
	if domain.IsCountUnit(unit) && roundTo(v, 1) == math.Trunc(roundTo(v, 1)) {
		return formatFixed(v, 0)
	}
	return FormatNumber(v)
}

// FormatTargetValue renders a figure quoted from the plan with its unit, in
// the form the plan writes it: "6000亿元", "15%", "2.5个".
func FormatTargetValue(v float64, unit string) string { return formatTrimmed(v, 1) + unit }

// FormatRatio renders a multiple to 0.01, with at least one decimal:
// "1.25倍", "2.5倍", "2.0倍".
func FormatRatio(r float64) string { return FormatPrinted(roundTo(r, 2)) + "倍" }

// The printed-figure rule, in one place (DESIGN.md §3, README 统计口径):
// status and ranking use full precision; a sentence prints each figure to 0.1
// and a difference it prints is the difference of the printed figures, as
// the statistics bureau does (15.1 − 5.9 = 9.2; 45.2% − 41.7% = 3.5个百分点).
// When the printed figures would contradict the status — a flow short of its
// target reading 100%, a rate just under its target reading 持平 beside an
// amber light — the figures are printed with as many more decimals as it
// takes (99.96%, 低于目标0.04个百分点), never rounded into a contradiction.

// maxDigits bounds the extra decimals a figure is printed with.
const maxDigits = 4

// PrintedDiff is a − b as a sentence prints it at digits decimals: both
// rounded first, then subtracted.
func PrintedDiff(a, b float64, digits int) float64 {
	return roundTo(roundTo(a, digits)-roundTo(b, digits), digits)
}

// PrintedGapPP is the gap to time progress as printed: completion and time
// progress each rounded to 0.1, then subtracted (45.2 − 41.7 = 3.5).
func PrintedGapPP(completionPct, timeProgressPct float64) float64 {
	return PrintedDiff(completionPct, timeProgressPct, 1)
}

// shortDigits returns the decimals (1..maxDigits) at which x, being short of
// t (x < t, or x > t when lower is better), also prints as short of it. When
// x is not short of t, 1.
func shortDigits(x, t float64, lower bool) int {
	short := func(d int) bool {
		if lower {
			return roundTo(x, d) > roundTo(t, d)
		}
		return roundTo(x, d) < roundTo(t, d)
	}
	if (lower && x <= t) || (!lower && x >= t) {
		return 1
	}
	for d := 1; d < maxDigits; d++ {
		if short(d) {
			return d
		}
	}
	return maxDigits
}

// formatTargetGap renders a gap to a plan target in 百分点 as published
// reports do: the target is a figure as written, so a whole gap prints whole
// (1.0 against 5 → "4"; 13.0 against 9 → "4") and any other keeps its
// decimals (15.1 against 15 → "0.1"). Gaps between two measured figures
// (序时进度, benchmarks, 较上年) keep formatAt's fixed decimals.
func formatTargetGap(x float64, digits int) string { return formatTrimmed(x, digits) }

// formatAt renders a measured figure at digits decimals (formatFixed).
func formatAt(x float64, digits int) string { return formatFixed(x, digits) }

// RoundTo rounds x to digits decimals by the printed-figure rule (half away
// from zero, binary noise snapped first), for tables that print a figure.
func RoundTo(x float64, digits int) float64 { return roundTo(x, digits) }

// FormatAt renders a measured figure rounded to digits decimals, as the
// pages print it (FormatNumber is FormatAt(x, 1)).
func FormatAt(x float64, digits int) string { return formatFixed(x, digits) }

// FormatPrinted renders a figure that is already rounded as printed
// (PrintedGap, PrintedCompletion), keeping the decimals it was printed with
// and at least one: 3.5 → "3.5", 5 → "5.0", -0.01 → "-0.01".
func FormatPrinted(x float64) string {
	s := formatTrimmed(x, maxDigits)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

var chineseNumerals = [...]string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
	"十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"}

// ChineseNumeral is the numeral of a document's heading levels: 1 → "一",
// 12 → "十二"; past 20 it falls back to Arabic digits.
func ChineseNumeral(i int) string {
	if i >= 1 && i <= len(chineseNumerals) {
		return chineseNumerals[i-1]
	}
	return strconv.Itoa(i)
}
