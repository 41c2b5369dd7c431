package budgetsvc

import (
	"context"

	"industrydash/internal/budget"
	"industrydash/internal/domain"
	"industrydash/seeds"
)

// KindBudgetUnit marks a budget unit (预算单位) among the units a reporter
// account may be bound to. It is not a catalogue kind: budget units hold
// no indicator figures and are never listed with the districts.
const KindBudgetUnit domain.UnitKind = "budget_unit"

// FrameLister lists the stored budget frames (the fact store does).
type FrameLister interface {
	BudgetFrames(ctx context.Context) ([]budget.Frame, error)
}

// unitsOf returns the budget units of every year's frame (the latest
// year's entry when a code recurs), in the frames' order.
func unitsOf(frames []budget.Frame) []budget.Unit {
	var out []budget.Unit
	at := map[string]int{}
	for _, f := range frames {
		for _, u := range f.Units {
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

// Units returns the department's budget units of every stored year (the
// latest year's entry when a code recurs).
func (s *Service) Units(ctx context.Context) ([]budget.Unit, error) {
	fs, err := s.st.BudgetFrames(ctx)
	if err != nil {
		return nil, err
	}
	return unitsOf(fs), nil
}

// LookupUnit finds a budget unit of any stored year by code, name or short
// name.
func (s *Service) LookupUnit(ctx context.Context, code string) (budget.Unit, bool, error) {
	us, err := s.Units(ctx)
	if err != nil {
		return budget.Unit{}, false, err
	}
	u, ok := budget.LookupUnit(us, code)
	return u, ok, nil
}

// OrgUnitLister lists the catalogue's org units (the fact store does).
type OrgUnitLister interface {
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
}

// ReporterUnits is what a reporter account may be bound to: the
// catalogue's org units and the department's budget units. It satisfies
// auth.Units, so the 用户 page, the users API and `server user add -unit`
// accept a budget unit's code, name or short name wherever a unit is typed.
type ReporterUnits struct {
	Catalogue OrgUnitLister
	// Budget lists the stored budget frames, whose units are bindable.
	Budget FrameLister
}

// OrgUnits returns the catalogue's units followed by the budget units.
func (r ReporterUnits) OrgUnits(ctx context.Context) ([]domain.OrgUnit, error) {
	us, err := r.Catalogue.OrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	out := append([]domain.OrgUnit(nil), us...)
	var frames []budget.Frame
	if r.Budget != nil {
		if frames, err = r.Budget.BudgetFrames(ctx); err != nil {
			return nil, err
		}
	}
	if len(frames) == 0 {
		// A store no server has bootstrapped yet: the account commands
		// bind reporters before anything is loaded, to the seed's units.
		frames = seedFrames()
	}
	for i, b := range unitsOf(frames) {
		out = append(out, domain.OrgUnit{Code: b.Code, Name: b.Name, ShortName: b.ShortName, Kind: KindBudgetUnit, Order: 10000 + i})
	}
	return out, nil
}

// seedFrames are the built-in budget's frames (a broken seed year binds no
// accounts; it fails its own load).
func seedFrames() []budget.Frame {
	var out []budget.Frame
	for _, y := range seeds.BuiltinBudgetYears() {
		if b, err := seeds.BuiltinBudget(y); err == nil {
			out = append(out, budget.FrameOf(b))
		}
	}
	return out
}
