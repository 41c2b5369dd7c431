package demo_test

import (
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/seeds/demo"
)

// TestDemoEnterprises: the demo enterprise list is never part of the
// built-in catalogue, every one of them reports its output in both years,
// and no named (catalogue) enterprise gets invented output.
func TestDemoEnterprises(t *testing.T) {
	cat, obs := generate(t, 3)
	ents := demo.Enterprises(cat)
	if len(ents) != demo.DemoEnterprises {
		t.Fatalf("%d demo enterprises, want %d", len(ents), demo.DemoEnterprises)
	}
	reported := map[string]map[int]bool{}
	for _, o := range obs {
		if o.Indicator != demo.EnterpriseOutput {
			continue
		}
		if u, ok := cat.OrgUnit(o.OrgUnit); ok {
			t.Fatalf("catalogue unit %s (%s) got demo enterprise output", u.Code, u.Name)
		}
		if reported[o.OrgUnit] == nil {
			reported[o.OrgUnit] = map[int]bool{}
		}
		reported[o.OrgUnit][o.Period.Year] = true
	}
	for _, u := range ents {
		if _, inCatalogue := cat.OrgUnit(u.Code); inCatalogue || !strings.HasPrefix(u.Code, demo.EnterpriseCodePrefix) || u.Kind != domain.KindEnterprise {
			t.Errorf("demo enterprise %+v: must be of kind enterprise, coded %s…, and not in the catalogue", u, demo.EnterpriseCodePrefix)
		}
		if !reported[u.Code][2023] || !reported[u.Code][2024] {
			t.Errorf("%s reports output in %v, want 2023 and 2024", u.Code, reported[u.Code])
		}
	}
}
