package budgetsvc

import (
	"context"
	"sync"

	"industrydash/internal/budget"
	"industrydash/internal/domain"
	"industrydash/seeds"
)

// KindBudgetUnit marks a budget unit (预算单位) among the units a reporter
// account may be bound to. It is not a catalogue kind: budget units hold
// no indicator figures and are never listed with the districts.
const KindBudgetUnit domain.UnitKind = "budget_unit"

// BudgetUnits returns the department's budget units of every built-in year
// (the latest year's entry when a code recurs), in the seed's order. The
// seeds are embedded, so the list is read once (every page asks).
func BudgetUnits() []budget.Unit { return append([]budget.Unit(nil), builtinUnits()...) }

var builtinUnits = sync.OnceValue(readBudgetUnits)

func readBudgetUnits() []budget.Unit {
	var out []budget.Unit
	at := map[string]int{}
	for _, y := range seeds.BuiltinBudgetYears() {
		b, err := seeds.BuiltinBudget(y)
		if err != nil {
			continue // a broken seed year fails its own load; it binds no accounts
		}
		for _, u := range b.Units {
			if i, ok := at[u.Code]; ok {
				out[i] = u
				continue
			}
			at[u.Code] = len(out)
			out = append(out, u)
		}
	}
	return out
}

// LookupBudgetUnit finds a budget unit by code, name or short name.
func LookupBudgetUnit(s string) (budget.Unit, bool) {
	return budget.LookupUnit(builtinUnits(), s)
}

// OrgUnitLister lists the catalogue's org units (the fact store does).
type OrgUnitLister interface {
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
}

// ReporterUnits is what a reporter account may be bound to: the
// catalogue's org units and the department's budget units. It satisfies
// auth.Units, so the 用户 page, the users API and `server user add -unit`
// accept a budget unit's code, name or short name wherever a unit is typed.
type ReporterUnits struct{ Catalogue OrgUnitLister }

// OrgUnits returns the catalogue's units followed by the budget units.
func (r ReporterUnits) OrgUnits(ctx context.Context) ([]domain.OrgUnit, error) {
	us, err := r.Catalogue.OrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	out := append([]domain.OrgUnit(nil), us...)
	for i, b := range builtinUnits() {
		out = append(out, domain.OrgUnit{Code: b.Code, Name: b.Name, ShortName: b.ShortName, Kind: KindBudgetUnit, Order: 10000 + i})
	}
	return out, nil
}
