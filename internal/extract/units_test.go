package extract_test

import (
	"math"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
)

// TestProposalNamesItsEnterprise: a target whose name names an enterprise
// its indicator breaks down to is proposed for that enterprise; the same
// name under an indicator that enterprises do not report stays the city's.
func TestProposalNamesItsEnterprise(t *testing.T) {
	beiben := domain.OrgUnit{Code: "E150204-01", Name: "北奔", Kind: domain.KindEnterprise, Parent: "150204"}
	text := "力争2024年底，北奔新能源重卡产量达到2500台。"
	for _, tt := range []struct {
		name      string
		breakdown []domain.UnitKind
		want      string
	}{
		{"enterprise indicator", []domain.UnitKind{domain.KindEnterprise}, "E150204-01"},
		{"city-only indicator", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ind := domain.Indicator{Code: "ev_truck.beiben_output", Name: "北奔新能源重卡产量", Unit: "台", Kind: domain.Flow,
				Direction: domain.HigherBetter, Reporting: domain.ValueYTD, Breakdown: tt.breakdown}
			res := extract.Extract(text, extract.Options{Year: 2024, Indicators: []domain.Indicator{ind}, Units: []domain.OrgUnit{beiben}})
			if len(res.Proposals) != 1 || res.Proposals[0].Indicator != ind.Code {
				t.Fatalf("proposals %+v", res.Proposals)
			}
			if got := res.Proposals[0].OrgUnit; got != tt.want {
				t.Errorf("org unit %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScaledUnitsConvert(t *testing.T) {
	for _, c := range []struct {
		v        float64
		from, to string
		want     float64
	}{
		{1, "万家", "家", 1e4}, {2, "万户", "户", 2e4}, {1.5, "亿千瓦", "万千瓦", 1.5e4}, {300, "万kW", "万千瓦", 300},
		{3, "万P", "P", 3e4}, {1, "亿吨", "万吨", 1e4}, {100, "亿元", "万元", 1e6},
	} {
		got, err := extract.ConvertToIndicator(domain.BuiltinUnits(), c.v, c.from, c.to)
		if err != nil || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%v%s in %s = %v %v, want %v", c.v, c.from, c.to, got, err, c.want)
		}
	}
	if _, err := extract.ConvertToIndicator(domain.BuiltinUnits(), 1, "万家", "亿元"); err == nil {
		t.Errorf("万家 converts to 亿元")
	}
}
