package extract_test

import (
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
