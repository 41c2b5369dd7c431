package monitor

import (
	"sort"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// projectKind reports whether an indicator is derived from a project list.
func projectKind(k domain.MeasureKind) bool {
	return k == domain.ProjectCount || k == domain.ProjectCapacity
}

// listMembers lists a project list's projects: the project units the
// register gave a planned-stage target of the stage indicator for the year,
// sorted by code. A project outside the register is not counted.
func (sn *snapshot) listMembers(stage string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(unit string) {
		if u, ok := sn.unitByCode[unit]; ok && u.Kind == domain.KindProject && !seen[unit] {
			seen[unit] = true
			out = append(out, unit)
		}
	}
	for _, t := range sn.targets {
		if t.Indicator == stage {
			add(t.OrgUnit)
		}
	}
	sort.Strings(out)
	return out
}

// projectList reads a list's projects as of month upTo (1..12): each
// project's last reported stage, its planned stage from the register's
// phasing, and for a capacity its designed capacity (the project's own
// target of the capacity indicator) and the capacity it reports as formed.
// Month is the latest month any project reported its stage.
func (sn *snapshot) projectList(ind domain.Indicator, upTo int, lastYear bool) progress.ProjectList {
	sd := sn.indByCode[ind.TierOf]
	list := progress.ProjectList{Noun: progress.PhraseProjectNoun(sd.Name), Stages: sd.Stages}
	members := sn.listMembers(sd.Code)
	for _, u := range members {
		if _, m, _, ok := sn.series(sd.Code, u, lastYear).LatestTyped(upTo); ok && m > list.Month {
			list.Month = m
		}
	}
	own := map[seriesKey]domain.Target{} // the projects' own targets, by indicator and unit
	for _, t := range sn.targets {
		if t.Indicator == sd.Code || t.Indicator == ind.Code {
			own[seriesKey{t.Indicator, t.OrgUnit}] = t
		}
	}
	at := list.Month
	if at == 0 {
		at = upTo
	}
	for _, u := range members {
		p := progress.ProjectState{Unit: u}
		if v, _, _, ok := sn.series(sd.Code, u, lastYear).LatestTyped(at); ok {
			p.Stage = int(v + 1e-9)
		}
		if t, ok := own[seriesKey{sd.Code, u}]; ok && len(t.Phasing) == 12 {
			p.PlannedStage = int(t.Phasing[at-1] + 1e-9)
		}
		if ind.Kind == domain.ProjectCapacity {
			if t, ok := own[seriesKey{ind.Code, u}]; ok {
				p.Capacity, p.HasCapacity = t.Value, true
			}
			if v, _, _, ok := sn.series(ind.Code, u, lastYear).LatestTyped(at); ok {
				p.Formed = &v
			}
		}
		list.Projects = append(list.Projects, p)
	}
	return list
}

// assessProjects judges a project-list target as of the view's month.
func (sn *snapshot) assessProjects(ind domain.Indicator, t *domain.Target) progress.Assessment {
	upTo := sn.q.Month
	if upTo < 1 || upTo > 12 {
		upTo = 12
	}
	a := progress.AssessProjects(ind, t, sn.projectList(ind, upTo, false), sn.q.Month, sn.cfg)
	if a.Year == 0 {
		a.Year = sn.q.Year
	}
	return a
}

// projectSeries is a list's count (or formed capacity) at each month end,
// for charts; months before any report are absent.
func (sn *snapshot) projectSeries(ind domain.Indicator, lastYear bool) progress.Series {
	year := sn.q.Year
	if lastYear {
		year--
	}
	levels := map[int]float64{}
	for m := 1; m <= 12; m++ {
		list := sn.projectList(ind, m, lastYear)
		if list.Month != m {
			continue
		}
		if v, ok := progress.ListValue(ind, list); ok {
			levels[m] = v
		}
	}
	return progress.NewLevelSeries(ind, domain.CityCode, year, levels)
}
