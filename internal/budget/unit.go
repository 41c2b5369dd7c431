package budget

// A budget unit's reporter sees only its own unit: ForUnit and
// UnitBudget cut the report and the budget down to the rows whose budget
// unit is theirs. Every row is checked, so a line added later without a
// budget unit stays hidden from every unit.

// OwnedBy reports whether line code of b is implemented by budget unit
// unit (the unit's own row, for GroupUnit results, is matched by code).
func (b *Budget) OwnedBy(code, unit string) bool {
	if unit == "" {
		return false
	}
	l, ok := b.Line(code)
	return ok && l.BudgetUnit == unit
}

// ForUnit returns rep as budget unit unit's reporter sees it: the unit's
// own row (also as the total, since the department's totals include
// other units) and the lines it implements; nothing else.
func ForUnit(b Budget, rep Report, unit string) Report {
	out := rep
	out.Lines = nil
	out.Total = Result{}
	for _, r := range rep.Lines {
		switch {
		case r.Group == GroupUnit && r.Code == unit && unit != "":
			out.Total = r
			out.Lines = append(out.Lines, r)
		case r.Group != GroupUnit && r.Group != GroupTotal && b.OwnedBy(r.Code, unit):
			out.Lines = append(out.Lines, r)
		}
	}
	return out
}

// UnitBudget returns b with only unit's own unit entry, the lines it
// implements and their performance indicators.
func UnitBudget(b Budget, unit string) Budget {
	out := b
	out.Units, out.Lines, out.Indicators = nil, nil, nil
	for _, u := range b.Units {
		if u.Code == unit && unit != "" {
			out.Units = append(out.Units, u)
		}
	}
	for _, l := range b.Lines {
		if unit != "" && l.BudgetUnit == unit {
			out.Lines = append(out.Lines, l)
		}
	}
	for _, ind := range b.Indicators {
		if b.OwnedBy(ind.Project, unit) {
			out.Indicators = append(out.Indicators, ind)
		}
	}
	return out
}
