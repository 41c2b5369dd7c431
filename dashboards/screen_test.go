package dashboards_test

import (
	"testing"

	"industrydash/dashboards"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
)

// TestScreenCardsWordRatesAsTheSentenceDoes: a 大屏 card of a growth rate
// states the gap to its target as the sentence prints it (14.96 against 15
// is 低于目标0.04个百分点, never 0.0 beside amber) and the benchmarks.
func TestScreenCardsWordRatesAsTheSentenceDoes(t *testing.T) {
	ind := domain.Indicator{Code: "industry.value_added_growth", Name: "规模以上工业增加值增速", Unit: "%",
		Kind: domain.Rate, Direction: domain.HigherBetter, Reporting: domain.ValueYTD}
	tg := domain.Target{Year: 2024, Indicator: ind.Code, OrgUnit: domain.CityCode, Comparator: domain.AtLeast, Value: 15}
	card := func(v float64, bench []progress.Benchmark) dashboards.ScreenCard {
		return screenCard(t, ind, tg, v, bench)
	}
	c := card(14.96, nil)
	if c.Number != "14.96" || c.Completion != "低于目标0.04个百分点" || c.Gap != "" || c.StatusKey != "amber" {
		t.Errorf("14.96 against 15: %+v", c)
	}
	c = card(15.1, []progress.Benchmark{{OrgUnit: "100000", Name: "全国", Value: 5.9}, {OrgUnit: "150000", Name: "全区", Value: 7.7}})
	if c.Number != "15.1" || c.Completion != "高于目标0.1个百分点" || c.Gap != "高于全国、全区9.2、7.4个百分点" || c.StatusKey != "green" {
		t.Errorf("15.1 against 15 with benchmarks: %+v", c)
	}
	// 30.7 against 30%左右 (±1): the gap on the first line, the band remark
	// on the second, so neither is cut short on the card.
	approx := tg
	approx.Comparator, approx.Value, approx.Tolerance = domain.Approx, 30, ptrTo(1.0)
	c = screenCard(t, ind, approx, 30.7, nil)
	if c.Completion != "高于目标0.7个百分点" || c.Gap != "在目标范围内" || c.StatusKey != "green" {
		t.Errorf("30.7 against 30%%左右: %+v", c)
	}
}

func ptrTo(v float64) *float64 { return &v }

func screenCard(t *testing.T, ind domain.Indicator, tg domain.Target, v float64, bench []progress.Benchmark) dashboards.ScreenCard {
	t.Helper()
	obs := domain.Observation{Indicator: ind.Code, OrgUnit: domain.CityCode, Period: domain.YTD(2024, 7),
		ValueType: domain.ValueYTD, Value: v}
	s := progress.BuildSeries(ind, domain.CityCode, 2024, []domain.Observation{obs})
	a := progress.Assess(ind, &tg, s, nil, 7, progress.DefaultConfig())
	a.Benchmarks = bench
	ov := &monitor.Overview{Rows: []monitor.Row{{Indicator: ind, Target: tg, Assessment: a}}}
	cards := dashboards.ScreenCards(ov, []string{ind.Code})
	if len(cards) != 1 {
		t.Fatalf("%d cards", len(cards))
	}
	return cards[0]
}
