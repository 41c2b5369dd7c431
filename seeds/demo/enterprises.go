package demo

import (
	"fmt"

	"industrydash/internal/domain"
)

// EnterpriseOutput is the indicator the enterprise-output tiers (产值超百亿元、
// 超10亿元企业) count over.
const EnterpriseOutput = "enterprises.output_value"

// EnterpriseCodePrefix starts the code of every demo enterprise (示例企业):
// they are generated with the demo data, never part of the built-in
// catalogue, and loaded like any org unit when the demo data are loaded.
const EnterpriseCodePrefix = "DEMO-E"

// The demo enterprise list: DemoOver100 enterprises on course for more than
// 100亿元 in the target year (plan 15: met), DemoOver10 in all on course for
// more than 10亿元 (plan 70: short), the rest below 10亿元. Values keep clear
// of the thresholds so that the counts are the same on a run-rate basis from
// any month.
const (
	DemoEnterprises = 84
	DemoOver100     = 16
	DemoOver10      = 64
)

// enterpriseDistricts spreads the demo enterprises over the districts.
var enterpriseDistricts = []string{"150203", "150204", "150207", "150202", "150221", "150222", "150223", "150205", "150206"}

// Enterprises returns the demo enterprise list for cat: none when cat has no
// indicator EnterpriseOutput. Names say 示例企业.
func Enterprises(cat *domain.Catalogue) []domain.OrgUnit {
	if _, ok := cat.Indicator(EnterpriseOutput); !ok {
		return nil
	}
	order := len(cat.OrgUnits) + 1
	out := make([]domain.OrgUnit, DemoEnterprises)
	for i := range out {
		out[i] = domain.OrgUnit{
			Code: fmt.Sprintf("%s%03d", EnterpriseCodePrefix, i+1), Name: fmt.Sprintf("示例企业%03d", i+1),
			Kind: domain.KindEnterprise, Parent: enterpriseDistricts[i%len(enterpriseDistricts)], Order: order + i,
		}
	}
	return out
}

// enterpriseAnnual is demo enterprise i's (0-based) run-rate annual output
// as of November, in 亿元: 112–592 for the first DemoOver100, 11.5–88 for the
// rest up to DemoOver10, 1.5–8.5 below.
func enterpriseAnnual(i int) float64 {
	switch {
	case i < DemoOver100:
		return 112 + 32*float64(i)
	case i < DemoOver10:
		return 11.5 + 1.6*float64(i-DemoOver100)
	}
	return 1.5 + 7*float64(i-DemoOver10)/float64(DemoEnterprises-DemoOver10)
}
