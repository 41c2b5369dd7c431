package progress

import "industrydash/internal/domain"

// SetLastYearTarget sets a.LastYearCompletionPct: last year's 累计 at the
// same month (a.LastYearValue) over last year's own target, for a flow
// whose both years set a target above zero. A leader asks whether the city
// is ahead of last year at this point of the year; only the same quantity
// against its own plan answers that.
func (a *Assessment) SetLastYearTarget(lastYear *domain.Target) {
	a.LastYearCompletionPct = nil
	if lastYear == nil || a.Kind != domain.Flow || a.CompletionPct == nil || a.LastYearValue == nil || lastYear.Value <= 0 {
		return
	}
	switch lastYear.Comparator {
	case domain.AtLeast, domain.MoreThan, domain.Approx:
	default:
		return
	}
	pct := *a.LastYearValue / lastYear.Value * 100
	a.LastYearCompletionPct = &pct
}

// LastYearClause words this year's completion against last year's at the
// same month, from the two printed figures: "完成率比上年同期高2.1个百分点",
// "…低0.4个百分点", "完成率与上年同期持平"; "" without last year's figure.
func LastYearClause(a Assessment) string {
	if a.LastYearCompletionPct == nil || a.CompletionPct == nil {
		return ""
	}
	diff := PrintedDiff(*a.CompletionPct, *a.LastYearCompletionPct, 1)
	switch {
	case diff > 0:
		return "完成率比上年同期高" + FormatPP(diff)
	case diff < 0:
		return "完成率比上年同期低" + FormatPP(-diff)
	}
	return "完成率与上年同期持平"
}
