package budgetsvc_test

import (
	"context"
	"testing"

	"industrydash/internal/budget"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/domain"
	"industrydash/seeds"
)

type catalogue []domain.OrgUnit

// frames are stored budget frames: the 2024 seed's.
type frames []budget.Frame

func (f frames) BudgetFrames(context.Context) ([]budget.Frame, error) { return f, nil }

func seedFrames(t *testing.T) frames {
	t.Helper()
	b, err := seeds.BuiltinBudget(2024)
	if err != nil {
		t.Fatal(err)
	}
	return frames{budget.FrameOf(b)}
}

func (c catalogue) OrgUnits(context.Context) ([]domain.OrgUnit, error) { return c, nil }

// TestReporterUnits checks a reporter may be bound to the catalogue's units
// and to each of the 2024 seed's four budget units, by code, name or short name.
func TestReporterUnits(t *testing.T) {
	cat := catalogue{{Code: "150203", Name: "昆都仑区", Kind: domain.KindDistrict}}
	us, err := budgetsvc.ReporterUnits{Catalogue: cat, Budget: seedFrames(t)}.OrgUnits(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ix := domain.NewUnitIndex(us)
	for in, want := range map[string]string{"昆都仑区": "150203", "gxj": "gxj", "包头市大数据中心": "dsj", "执法支队": "zfzd", "中小企业中心": "zxqy"} {
		u, ok := ix.Lookup(in)
		if !ok || u.Code != want {
			t.Errorf("lookup %q: %q %v, want %q", in, u.Code, ok, want)
		}
		if want != "150203" && u.Kind != budgetsvc.KindBudgetUnit {
			t.Errorf("%s has kind %q", want, u.Kind)
		}
	}
	if len(us) != 5 {
		t.Errorf("%d units, want the district and 4 budget units", len(us))
	}
	for _, u := range us {
		if u.Code == "150203" && u.Kind == budgetsvc.KindBudgetUnit {
			t.Error("a district is taken for a budget unit")
		}
	}
}
