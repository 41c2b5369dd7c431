package domain

// Catalogue is one year's validated catalogue: the org units, the indicators
// and the targets of Year, each target at revision 1 (年初下达).
type Catalogue struct {
	Year       int
	OrgUnits   []OrgUnit
	Indicators []Indicator
	Targets    []Target
	// Units are the units of measure the catalogue's units.csv defined
	// (none without the file); the fact store keeps them (store.EntryUnit).
	Units []UnitDef
	// UnitTable is the table of units the catalogue was read with: the
	// base units (seeds.BaseUnits) and its own units.csv.
	UnitTable Units
}

// Indicator returns the indicator with code.
func (c *Catalogue) Indicator(code string) (Indicator, bool) {
	for _, ind := range c.Indicators {
		if ind.Code == code {
			return ind, true
		}
	}
	return Indicator{}, false
}

// OrgUnit returns the org unit with code.
func (c *Catalogue) OrgUnit(code string) (OrgUnit, bool) {
	for _, u := range c.OrgUnits {
		if u.Code == code {
			return u, true
		}
	}
	return OrgUnit{}, false
}

// UnitsOfKind returns the org units of kind k in catalogue order.
func (c *Catalogue) UnitsOfKind(k UnitKind) []OrgUnit {
	var out []OrgUnit
	for _, u := range c.OrgUnits {
		if u.Kind == k {
			out = append(out, u)
		}
	}
	return out
}

// ProjectRegister is one year's project register (项目清册) made into what
// the engine tracks: a project unit per project (kind project, Parent the
// hosting district or park), its planned-stage target of the list's stage
// indicator (Phasing = the planned stage at each month end, from the
// planned start and completion months) and, for a retrofit list, its
// designed capacity as a target of the list's capacity indicator.
type ProjectRegister struct {
	Year     int
	OrgUnits []OrgUnit
	Targets  []Target
}

// WithProjects returns a copy of the catalogue with a register's project
// units and targets added (the demo data generate the projects' reports
// from it).
func (c *Catalogue) WithProjects(reg *ProjectRegister) *Catalogue {
	out := *c
	out.OrgUnits = append(append([]OrgUnit(nil), c.OrgUnits...), reg.OrgUnits...)
	out.Targets = append(append([]Target(nil), c.Targets...), reg.Targets...)
	return &out
}
