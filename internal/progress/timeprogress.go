package progress

import (
	"errors"
	"math"
	"time"

	"industrydash/internal/domain"
)

// Basis is how time progress (时序进度) is measured.
type Basis string

// The bases.
const (
	// BasisMonths: months elapsed / 12 (the default; 1-2月 counts as 2 months).
	BasisMonths Basis = "months"
	// BasisDays: days elapsed to the month's end / 365 or 366.
	BasisDays Basis = "days"
	// BasisSeasonal: last year's cumulative share of the annual total by month end.
	BasisSeasonal Basis = "seasonal"
	// BasisPlan: the target's own phasing (分月计划); chosen by Assess when the
	// target carries one, never configured.
	BasisPlan Basis = "plan"
)

// Label is the basis in Chinese, for a footnote under a chart.
func (b Basis) Label() string {
	switch b {
	case BasisMonths, "":
		return "按月计算序时进度"
	case BasisDays:
		return "按天计算序时进度"
	case BasisSeasonal:
		return "按上年各月累计占比计算序时进度"
	case BasisPlan:
		return "按分月计划计算进度"
	}
	return string(b)
}

// Config holds the engine's settings.
type Config struct {
	// Basis of time progress; empty means BasisMonths.
	Basis Basis `json:"basis"`
	// Seasonal optionally gives the seasonal profile as 12 cumulative values
	// by month end, either shares (…, 1) or amounts (last year's YTD); they
	// are normalised by the twelfth. Empty: computed from last year's series.
	Seasonal []float64 `json:"seasonal,omitempty"`
	// FlowTolerancePP is how far (in 百分点) a flow or stock path may lag time
	// progress and still be amber rather than red.
	FlowTolerancePP float64 `json:"flow_tolerance_pp"`
	// RateTolerancePP is how far (in 百分点) a rate may miss its target and
	// still be amber rather than red.
	RateTolerancePP float64 `json:"rate_tolerance_pp"`
}

// DefaultConfig returns months basis with 5 百分点 tolerance for flows and 1
// 百分点 for rates (DESIGN.md §3).
func DefaultConfig() Config {
	return Config{Basis: BasisMonths, FlowTolerancePP: 5, RateTolerancePP: 1}
}

// Validate checks the settings; the messages are for the person who set them.
func (c Config) Validate() error {
	switch c.Basis {
	case "", BasisMonths, BasisDays, BasisSeasonal:
	default:
		return domain.NewError("progress.BadBasis", c.Basis)
	}
	if c.FlowTolerancePP < 0 || c.RateTolerancePP < 0 {
		return domain.NewError("progress.NegativeTolerance")
	}
	if len(c.Seasonal) > 0 {
		if _, err := ProfileFromCumulative(c.Seasonal); err != nil {
			return err
		}
	}
	return nil
}

// MonthsFraction is the months-basis time progress at the end of month m: m/12.
func MonthsFraction(m int) float64 { return float64(clampMonth(m)) / 12 }

// DaysFraction is the days-basis time progress at the end of month m of
// year: days from 1 January to the month's last day over 365 or 366.
func DaysFraction(year, m int) float64 {
	m = clampMonth(m)
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(year, time.Month(m)+1, 1, 0, 0, 0, 0, time.UTC)
	next := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return end.Sub(start).Hours() / next.Sub(start).Hours()
}

func clampMonth(m int) int {
	return max(0, min(12, m))
}

// Profile is a seasonal profile: the cumulative share (fraction 0..1) of the
// annual total reached at each month end. A month may be unknown (last year
// published 1-2月 combined, so January's share is unknown).
type Profile struct {
	Share [12]Num `json:"share"`
}

// At returns the cumulative share at the end of month m.
func (p Profile) At(m int) (float64, bool) {
	if m < 1 || m > 12 {
		return 0, false
	}
	return p.Share[m-1].Value, p.Share[m-1].OK
}

// ProfileFromCumulative builds a profile from 12 cumulative values by month
// end (shares or amounts), normalised by the twelfth value.
func ProfileFromCumulative(vals []float64) (Profile, error) {
	var p Profile
	if len(vals) != 12 {
		return p, domain.NewError("progress.SeasonalLen", len(vals))
	}
	total := vals[11]
	if !(total > 0) {
		return p, domain.NewError("progress.SeasonalTotal")
	}
	for i, v := range vals {
		if math.IsNaN(v) || v < 0 || (i > 0 && v < vals[i-1]) {
			return p, domain.NewError("progress.SeasonalOrder", i+1)
		}
		p.Share[i] = Num{Value: v / total, OK: true}
	}
	return p, nil
}

// ProfileFromSeries builds the profile from last year's flow series: each
// month's YTD over the December YTD. Months without a YTD stay unknown; with
// no positive December YTD the whole profile is unknown.
func ProfileFromSeries(last Series) Profile {
	var p Profile
	total, ok := last.YTDAt(12)
	if (last.Kind != "" && last.Kind != domain.Flow) || !ok || !(total > 0) {
		return p
	}
	for m := 1; m <= 12; m++ {
		if v, ok := last.YTDAt(m); ok {
			p.Share[m-1] = Num{Value: v / total, OK: true, Derived: true}
		}
	}
	return p
}

// profile returns the configured profile, else the one of last year's series.
func (c Config) profile(last *Series) (Profile, bool) {
	if len(c.Seasonal) > 0 {
		p, err := ProfileFromCumulative(c.Seasonal)
		return p, err == nil
	}
	if last == nil {
		return Profile{}, false
	}
	p := ProfileFromSeries(*last)
	return p, p.Share[11].OK
}

// ErrNoProfile is returned by TimeProgress when the seasonal basis is asked
// for but no share is known for the month.
var ErrNoProfile = errors.New("progress: no seasonal profile for the month")

// TimeProgress returns the time progress (fraction 0..1) at the end of month
// m of year under c's basis. For BasisSeasonal it uses c.Seasonal, else last
// year's series (may be nil); when neither gives a share for m it returns
// ErrNoProfile, and the caller should fall back to MonthsFraction.
func (c Config) TimeProgress(year, m int, last *Series) (float64, error) {
	switch c.Basis {
	case BasisDays:
		return DaysFraction(year, m), nil
	case BasisSeasonal:
		p, ok := c.profile(last)
		if ok {
			if v, ok := p.At(m); ok {
				return v, nil
			}
		}
		return 0, ErrNoProfile
	}
	return MonthsFraction(m), nil
}
