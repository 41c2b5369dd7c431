package progress_test

import (
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// tierAt is a tier-count series with one month's count, as the monitor builds
// it: projected when the counted indicator is a flow, with the units a
// new-entrant count counted.
func tierAt(ind domain.Indicator, m int, n float64, projected bool, counted ...string) progress.Series {
	s := progress.NewLevelSeries(ind, city, year, map[int]float64{m: n})
	s.Projected = projected
	if counted != nil {
		s.Counted = make([][]string, 12)
		s.Counted[m-1] = counted
	}
	return s
}

// TestDescribeTierCounts is the table of tier-count sentences: a count over
// flows says it is a projection before December; a count over levels is
// counted as it stands; a new-entrant count names the new units.
func TestDescribeTierCounts(t *testing.T) {
	over100 := domain.Indicator{Code: "enterprises.over_10bn", Name: "产值超百亿元企业", Unit: "户", Kind: domain.TierCount,
		Direction: domain.HigherBetter, Reporting: domain.ValueYTD, TierOf: "enterprises.output_value", TierMin: 100}
	bigStock := domain.Indicator{Code: "enterprises.over_capacity", Name: "产能超百万吨企业", Unit: "户", Kind: domain.TierCount,
		Direction: domain.HigherBetter, Reporting: domain.ValueYTD, TierOf: "enterprises.capacity", TierMin: 100}
	new300 := domain.Indicator{Code: "parks.tier_300_new", Name: "新增超300亿元园区", Unit: "个", Kind: domain.TierCount,
		Direction: domain.HigherBetter, Reporting: domain.ValueYTD, TierOf: "parks.output_value", TierMin: 300, TierMax: 500, TierNew: true}
	cfg := progress.DefaultConfig()
	tests := []struct {
		name   string
		ind    domain.Indicator
		tgt    *domain.Target
		cur    progress.Series
		month  int
		status progress.Status
		want   string
	}{
		{"one month of data: a projection, said twice", over100, target(over100, domain.AtLeast, 15), tierAt(over100, 1, 12, true), 1,
			progress.StatusNotYetMet, "按1月累计推算全年为12户（仅1个月数据，推算仅供参考），为目标的80.0%。"},
		{"two months: still flagged", over100, target(over100, domain.AtLeast, 15), tierAt(over100, 2, 16, true), 2,
			progress.StatusMet, "按1—2月累计推算全年为16户（仅2个月数据，推算仅供参考），为目标的106.7%，已达到目标。"},
		{"mid-year projection", over100, target(over100, domain.AtLeast, 15), tierAt(over100, 5, 13, true), 5,
			progress.StatusNotYetMet, "按1—5月累计推算全年为13户，为目标的86.7%。"},
		{"December: the actual year", over100, target(over100, domain.AtLeast, 15), tierAt(over100, 12, 15, true), 12,
			progress.StatusMet, "全年为15户，为目标的100.0%，已达到目标。"},
		{"a count over levels is not a projection", bigStock, target(bigStock, domain.AtLeast, 15), tierAt(bigStock, 2, 12, false), 2,
			progress.StatusNotYetMet, "截至2月末为12户，为目标的80.0%。"},
		{"new entrant met, named", new300, target(new300, domain.AtLeast, 1), tierAt(new300, 11, 1, true, "九原工业园区"), 11,
			progress.StatusMet, "按1—11月累计推算全年新增1个：九原工业园区，为目标的100.0%，已达到目标。"},
		{"no new entrant yet", new300, target(new300, domain.AtLeast, 1), tierAt(new300, 11, 0, true), 11,
			progress.StatusNotYetMet, "按1—11月累计推算全年新增0个，为目标的0.0%。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := progress.Assess(tt.ind, tt.tgt, tt.cur, nil, tt.month, cfg)
			if a.Status != tt.status {
				t.Errorf("status = %s, want %s", a.Status, tt.status)
			}
			if got := progress.Describe(tt.ind, a); got != tt.want {
				t.Errorf("sentence\n got  %s\n want %s", got, tt.want)
			}
		})
	}
}
