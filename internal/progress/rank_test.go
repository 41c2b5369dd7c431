package progress_test

import (
	"reflect"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

func uv(unit string, v float64) progress.UnitValue {
	return progress.UnitValue{Unit: unit, Value: v, OK: true}
}

func missing(unit string) progress.UnitValue { return progress.UnitValue{Unit: unit} }

type place struct {
	Unit string
	Rank int
}

func places(rs []progress.Ranked) []place {
	out := make([]place, len(rs))
	for i, r := range rs {
		out[i] = place{r.Unit, r.Rank}
	}
	return out
}

func TestRank(t *testing.T) {
	tests := []struct {
		name  string
		in    []progress.UnitValue
		lower bool
		want  []place
	}{
		{"ties share a rank and the next rank is skipped",
			[]progress.UnitValue{uv("东河区", 80), uv("昆都仑区", 90), uv("青山区", 80), uv("九原区", 70)}, false,
			[]place{{"昆都仑区", 1}, {"东河区", 2}, {"青山区", 2}, {"九原区", 4}}},
		{"missing values come last without a rank",
			[]progress.UnitValue{missing("石拐区"), uv("东河区", 80), missing("固阳县"), uv("九原区", 95)}, false,
			[]place{{"九原区", 1}, {"东河区", 2}, {"石拐区", 0}, {"固阳县", 0}}},
		{"lower is better ranks the smallest first",
			[]progress.UnitValue{uv("东河区", 60), uv("昆都仑区", 40), uv("青山区", 50)}, true,
			[]place{{"昆都仑区", 1}, {"青山区", 2}, {"东河区", 3}}},
		{"values shown alike tie",
			[]progress.UnitValue{uv("东河区", 56.61), uv("昆都仑区", 56.64), uv("青山区", 56.66)}, false,
			[]place{{"青山区", 1}, {"东河区", 2}, {"昆都仑区", 2}}},
		{"negative values rank below positive ones",
			[]progress.UnitValue{uv("东河区", -3), uv("昆都仑区", 2)}, false,
			[]place{{"昆都仑区", 1}, {"东河区", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := places(progress.Rank(tt.in, tt.lower)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRankAssessments(t *testing.T) {
	f, e, r := flowInd(), energyInd(), rateInd()
	assess := func(ind domain.Indicator, unit string, tgt float64, cmp domain.Comparator, ytdV, lastV float64) progress.Assessment {
		o := ytd(ind, 6, ytdV)
		o.OrgUnit = unit
		s := progress.BuildSeries(ind, unit, year, []domain.Observation{o})
		tg := target(ind, cmp, tgt)
		tg.OrgUnit = unit
		var last *progress.Series
		if lastV > 0 {
			lo := ytd(ind, 6, lastV)
			lo.OrgUnit, lo.Period.Year = unit, year-1
			ls := progress.BuildSeries(ind, unit, year-1, []domain.Observation{lo})
			last = &ls
		}
		return progress.Assess(ind, tg, s, last, 6, progress.DefaultConfig())
	}
	flows := []progress.Assessment{
		assess(f, "东河区", 100, domain.AtLeast, 40, 50),    // 40%, −10pp, −20%
		assess(f, "昆都仑区", 200, domain.AtLeast, 120, 100), // 60%, +10pp, +20%
		assess(f, "青山区", 50, domain.AtLeast, 20, 0),      // 40%, −10pp, no 同比
		assess(f, "石拐区", 0, domain.AtLeast, 20, 10),      // not assessable, +100%
	}
	tests := []struct {
		name string
		as   []progress.Assessment
		by   progress.RankBy
		want []place
	}{
		{"by completion", flows, progress.RankByCompletion,
			[]place{{"昆都仑区", 1}, {"东河区", 2}, {"青山区", 2}, {"石拐区", 0}}},
		{"by gap", flows, progress.RankByGap,
			[]place{{"昆都仑区", 1}, {"东河区", 2}, {"青山区", 2}, {"石拐区", 0}}},
		{"by growth", flows, progress.RankByGrowth,
			[]place{{"石拐区", 1}, {"昆都仑区", 2}, {"东河区", 3}, {"青山区", 0}}},
		{"a ceiling ranks the least used first", []progress.Assessment{
			assess(e, "东河区", 100, domain.AtMost, 60, 0),
			assess(e, "昆都仑区", 100, domain.AtMost, 45, 0),
		}, progress.RankByCompletion, []place{{"昆都仑区", 1}, {"东河区", 2}}},
		{"rates rank by the rate itself for growth and by the margin for gap", []progress.Assessment{
			assess(r, "东河区", 9, domain.AtLeast, 8, 0),
			assess(r, "昆都仑区", 5, domain.AtLeast, 10, 0),
		}, progress.RankByGrowth, []place{{"昆都仑区", 1}, {"东河区", 2}}},
		{"rates by gap use the margin over target", []progress.Assessment{
			assess(r, "东河区", 5, domain.AtLeast, 8, 0),   // +3
			assess(r, "昆都仑区", 9, domain.AtLeast, 10, 0), // +1
		}, progress.RankByGap, []place{{"东河区", 1}, {"昆都仑区", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := places(progress.RankAssessments(tt.as, tt.by)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTierCount(t *testing.T) {
	parks := []progress.UnitValue{
		uv("稀土高新区", 1200), uv("九原工业园区", 1000), uv("金山工业园区", 999.9),
		uv("石拐工业园区", 500), uv("达茂巴润工业园区", 320), missing("固阳金山园区"),
	}
	tests := []struct {
		name     string
		min, max float64
		want     []string
	}{
		{"超千亿元 counts 1000 itself", 1000, 0, []string{"稀土高新区", "九原工业园区"}},
		{"超500亿元 tier stops below 1000", 500, 1000, []string{"金山工业园区", "石拐工业园区"}},
		{"no unit in the band", 2000, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, units := progress.TierCount(parks, tt.min, tt.max)
			if n != len(tt.want) || !reflect.DeepEqual(units, tt.want) {
				t.Errorf("got %d %v, want %v", n, units, tt.want)
			}
		})
	}
	t.Run("tier counts are assessed against the target count", func(t *testing.T) {
		ind := domain.Indicator{Code: "park.tier_1000", Name: "超千亿元园区个数", Unit: "个", Kind: domain.TierCount,
			Direction: domain.HigherBetter, Reporting: domain.ValueYTD, TierOf: "park.output_value", TierMin: 1000}
		n, _ := progress.TierCount(parks, ind.TierMin, ind.TierMax)
		s := progress.NewLevelSeries(ind, city, year, map[int]float64{12: float64(n)})
		a := progress.Assess(ind, target(ind, domain.AtLeast, 3), s, nil, 12, progress.DefaultConfig())
		if a.Status != progress.StatusMissed {
			t.Errorf("2 of 3 at year end: status %s", a.Status)
		}
		wantNum(t, "Deviation", a.Deviation, -1)
		rng := target(ind, domain.Range, 1)
		rng.ValueHigh = fp(2)
		if a := progress.Assess(ind, rng, s, nil, 12, progress.DefaultConfig()); a.Status != progress.StatusMet {
			t.Errorf("2 within 1-2个: status %s", a.Status)
		}
	})
}

func TestCumulativeTiers(t *testing.T) {
	parks := func(vals ...float64) []progress.UnitValue {
		var out []progress.UnitValue
		for i, v := range vals {
			out = append(out, progress.UnitValue{Unit: string(rune('A' + i)), Value: v, OK: true})
		}
		return out
	}
	plan := []progress.TierPlan{
		{Min: 1000, Planned: 3, HasPlan: true},
		{Min: 500, Max: 1000, Planned: 2, HasPlan: true},
		{Min: 300, Max: 500, Planned: 2, HasPlan: true},
	}
	tests := []struct {
		name string
		vals []progress.UnitValue
		want []int
	}{
		{"4 over 1000 and 1 in 500-1000 meet 3个超千亿、2个超500亿", parks(1500, 1200, 1100, 1050, 700), []int{4, 2, 0}},
		{"the surplus runs down every tier", parks(1500, 1200, 1100, 1050, 1010, 1001), []int{6, 3, 1}},
		{"no surplus when a higher tier is short", parks(1500, 700, 650, 400), []int{1, 2, 1}},
		{"missing values never count", append(parks(1500), progress.UnitValue{Unit: "X"}), []int{1, 0, 0}},
	}
	t.Run("an uncapped lower tier counts every unit above it, once", func(t *testing.T) {
		inclusive := []progress.TierPlan{{Min: 100, Planned: 1, HasPlan: true}, {Min: 10, Planned: 3, HasPlan: true}}
		got := progress.CumulativeTiers(inclusive, parks(150, 120, 50, 20))
		if got[0] != 2 || got[1] != 4 {
			t.Errorf("got %v, want [2 4]", got)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := progress.CumulativeTiers(plan, tt.vals)
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}
