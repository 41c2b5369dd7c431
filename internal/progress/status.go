package progress

// Status is the verdict of an assessment, a stable English key. Key gives
// its traffic-light colour and Label its Chinese wording.
type Status string

// The statuses. "Higher" statuses apply when more is better, "lower" ones
// when the target is a ceiling (能耗 ≤ 目标).
const (
	// StatusMet: the target is reached (or, for a ceiling, kept at year end).
	StatusMet Status = "met"
	// StatusAhead: a higher-is-better amount is at or ahead of time progress.
	StatusAhead Status = "ahead"
	// StatusOnTrack: a ceiling amount is used at or below time progress.
	StatusOnTrack Status = "on_track"
	// StatusInProgress: a milestone not yet due and not yet reached.
	StatusInProgress Status = "in_progress"
	// StatusSlightlyBehind: behind, but within the tolerance.
	StatusSlightlyBehind Status = "slightly_behind"
	// StatusSlightlyOver: a ceiling amount runs above time progress (or a
	// rate above its ceiling) within the tolerance.
	StatusSlightlyOver Status = "slightly_over"
	// StatusNotYetMet: a level without an expected path (no baseline) that has
	// not reached its target yet.
	StatusNotYetMet Status = "not_yet_met"
	// StatusBehind: behind by more than the tolerance, or a milestone overdue.
	StatusBehind Status = "behind"
	// StatusTooFast: a ceiling amount runs above time progress beyond the tolerance.
	StatusTooFast Status = "too_fast"
	// StatusOver: a ceiling is already exceeded.
	StatusOver Status = "over"
	// StatusMissed: the year is over and the target was not reached.
	StatusMissed Status = "missed"
	// StatusFailed: a zero ceiling (零发生, ≤ 0) that has been broken: any
	// occurrence fails it, whatever the month.
	StatusFailed Status = "failed"
	// StatusStale: a rate whose latest published value is older than the
	// view's period (数据未更新); never judged green on old figures.
	StatusStale Status = "stale"
	// StatusAnnual: an annual indicator (年度指标) before its year-end figure
	// is out: not missing data.
	StatusAnnual Status = "annual"
	// StatusNoData: nothing to assess yet.
	StatusNoData Status = "no_data"
	// StatusNotAssessable: no usable target (missing, zero, incomplete).
	StatusNotAssessable Status = "not_assessable"
)

// Label is the status in Chinese, as shown on a scorecard.
func (s Status) Label() string {
	switch s {
	case StatusMet:
		return "达标"
	case StatusAhead:
		return "超进度"
	case StatusOnTrack:
		return "进度可控"
	case StatusInProgress:
		return "推进中"
	case StatusSlightlyBehind:
		return "略慢"
	case StatusSlightlyOver:
		return "略超"
	case StatusNotYetMet:
		return "未达目标"
	case StatusBehind:
		return "滞后"
	case StatusTooFast:
		return "超序时"
	case StatusOver:
		return "超限"
	case StatusMissed:
		return "未完成"
	case StatusFailed:
		return "未达标"
	case StatusStale:
		return "数据未更新"
	case StatusAnnual:
		return "年度指标"
	case StatusNoData:
		return "无数据"
	case StatusNotAssessable:
		return "不适用"
	}
	return string(s)
}

// Key is the traffic-light colour for the API: green, amber, red or grey.
func (s Status) Key() string {
	switch s {
	case StatusMet, StatusAhead, StatusOnTrack, StatusInProgress:
		return "green"
	case StatusSlightlyBehind, StatusSlightlyOver, StatusNotYetMet:
		return "amber"
	case StatusBehind, StatusTooFast, StatusOver, StatusMissed, StatusFailed:
		return "red"
	}
	return "grey"
}
