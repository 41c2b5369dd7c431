package progress

// RunRate projects a full year from a year-to-date value at month m by the
// average month so far: ytd × 12 / m. At m = 12 it is the year itself.
func RunRate(ytd float64, m int) float64 {
	if m <= 0 {
		return 0
	}
	return ytd * 12 / float64(m)
}

// GrowthPct is the growth of cur over last in percent: (cur/last − 1) × 100.
// last must not be zero.
func GrowthPct(cur, last float64) float64 {
	return (cur/last - 1) * 100
}
