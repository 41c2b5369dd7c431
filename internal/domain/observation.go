package domain

import (
	"math"
	"time"
)

// ValueType says whether a value covers its own period (当月) or the year so far (累计).
type ValueType string

// The value types.
const (
	ValuePeriod ValueType = "period" // 当月 (or the period's own amount: 1-2月合计, 一季度)
	ValueYTD    ValueType = "ytd"    // 累计, from January
)

// Label is the Chinese word for the value type.
func (v ValueType) Label() string {
	if v == ValueYTD {
		return "累计"
	}
	return "当月"
}

// Observation is one recorded actual. Observations are append-only: a
// correction is a new row with a later RecordedAt, and "current" means the
// latest row per Key.
type Observation struct {
	Indicator string    `json:"indicator"`
	OrgUnit   string    `json:"org_unit"`
	Period    Period    `json:"period"`
	ValueType ValueType `json:"value_type"`
	Value     float64   `json:"value"` // in the indicator's unit
	// YoYPct is the 同比 growth of Value as published with it (15.1 means
	// +15.1%), nil when none was published. The 规上 enterprise set changes
	// every year, so a published growth is never replaced by one computed
	// from last year's figures.
	YoYPct *float64 `json:"yoy_pct,omitempty"`
	// SubmittedValue and SubmittedUnit keep what the source said before conversion.
	SubmittedValue float64   `json:"submitted_value"`
	SubmittedUnit  string    `json:"submitted_unit"`
	Source         string    `json:"source"`   // file name, "web", "api", "seed", "demo"
	BatchID        string    `json:"batch_id"` // the ingest batch or submission that wrote it
	SubmissionID   string    `json:"submission_id,omitempty"`
	RecordedAt     time.Time `json:"recorded_at"`
	RecordedBy     string    `json:"recorded_by"`
	Note           string    `json:"note,omitempty"` // explanation attached by the submitter
	Demo           bool      `json:"demo,omitempty"` // generated 示例数据
}

// ObsKey identifies the series position an observation belongs to; the
// current value of a key is its latest observation.
type ObsKey struct {
	Indicator string
	OrgUnit   string
	Period    Period
	ValueType ValueType
}

// Key returns the observation's key.
func (o Observation) Key() ObsKey {
	return ObsKey{Indicator: o.Indicator, OrgUnit: o.OrgUnit, Period: o.Period, ValueType: o.ValueType}
}

// Validate checks the shape of an observation (not its plausibility, which
// needs history and is the ingest's job).
func (o Observation) Validate() error {
	switch {
	case o.Indicator == "":
		return NewError("domain.NoIndicator")
	case o.OrgUnit == "":
		return NewError("domain.NoOrgUnit")
	case !o.Period.Valid():
		return NewError("domain.BadPeriod", o.Period)
	case o.ValueType != ValuePeriod && o.ValueType != ValueYTD:
		return NewError("domain.BadValueType", o.ValueType)
	case o.ValueType == ValueYTD && o.Period.From != 1:
		return NewError("domain.YTDStart", o.Period.ShortLabel())
	case math.IsNaN(o.Value) || math.IsInf(o.Value, 0):
		return NewError("domain.BadValue")
	case o.RecordedAt.IsZero():
		return NewError("domain.NoRecordedAt")
	}
	return nil
}
