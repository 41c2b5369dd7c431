package progress

import (
	"fmt"
	"math"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// ProjectState is one project of a project list (重点项目, 节能改造项目) as of
// a month: the stage it has reported, the stage its register plans for that
// month, and for a capacity list its designed capacity and the capacity it
// reports as formed.
type ProjectState struct {
	Unit string
	// Stage is the 1-based stage last reported by the month; 0: not reported.
	Stage int
	// PlannedStage is the stage the register plans by the month (from the
	// planned start and completion months); 0: the register gives no months.
	PlannedStage int
	// Capacity is the designed capacity (设计年节能量); HasCapacity says the
	// register gives one.
	Capacity    float64
	HasCapacity bool
	// Formed is the capacity the project reports as formed, when it does.
	Formed *float64
}

// ProjectList is a list's projects as of Month (the latest month any project
// reported its stage, at most the view's month; 0: none reported).
type ProjectList struct {
	// Noun names the list's projects (先进金属材料产业重点项目, 节能改造项目).
	Noun string
	// Stages are the projects' stage names (前期;开工;建设;建成投产).
	Stages   []string
	Month    int
	Projects []ProjectState
}

// AssessProjects judges a project-list target (ProjectCount) or the
// capacity its projects create (ProjectCapacity) as of dataMonth. A count
// is the number of projects that have reached the required stage
// (ind.Stages[0]); a capacity is the formed capacity of the projects that
// have reached the last stage. Neither is pro-rated by month: the expected
// value comes from the register's planned months (按计划应开工n个); without
// any planned months it is judged at the year's end only.
func AssessProjects(ind domain.Indicator, target *domain.Target, list ProjectList, dataMonth int, cfg Config) Assessment {
	cfg.FlowTolerancePP = math.Max(cfg.FlowTolerancePP, 0)
	a := Assessment{Indicator: ind.Code, OrgUnit: domain.CityCode, Kind: ind.Kind, Unit: ind.Unit, DataMonth: dataMonth,
		ProjectNoun: list.Noun, ProjectsListed: len(list.Projects)}
	if target != nil {
		a.Comparator, a.OrgUnit, a.Year = target.Comparator, target.OrgUnit, target.Year
	}
	want := requiredStage(ind, list.Stages)
	if want >= 1 && want <= len(list.Stages) {
		a.RequiredStage = list.Stages[want-1]
	}
	tg, err := resolveTarget(ind, target, a.Year, nil, false)
	if err == nil {
		a.Target = ptr(tg.level)
	}
	switch {
	case err != nil:
		a.set(StatusNotAssessable)
		a.Reason = msg.Text(err)
		return a
	case want == 0:
		a.set(StatusNotAssessable)
		a.Reason = fmt.Sprintf("要求阶段“%s”不在项目进度指标的阶段中，请检查指标目录", firstOr(ind.Stages))
		return a
	case len(list.Projects) == 0:
		a.set(StatusNotAssessable)
		a.Reason = "尚未导入项目清册（项目名称、计划开工和建成月份），不按清单个数视为完成，请用 ingest projects 导入"
		return a
	case list.Month == 0:
		a.set(StatusNoData)
		a.Reason = fmt.Sprintf("清册中的%d个项目尚未报送进度", len(list.Projects))
		return a
	}
	a.Month = list.Month
	if dataMonth > 0 && a.Month < dataMonth {
		a.warn(WarnStale, a.Month, fmt.Sprintf("项目进度截至%d月，晚于当期（%d月）", a.Month, dataMonth))
	}
	t := tally(ind, list, want)
	v, expected := t.value, t.expected
	a.ProjectsReached, a.ProjectsUnplanned, a.ProjectsUnreported, a.ProjectsNoCapacity = t.reached, t.unplanned, t.unreported, t.noCapacity
	a.Value = ptr(v)
	a.CompletionPct = ptr(v / tg.level * 100)
	a.Deviation = ptr(v - tg.level)
	if a.ProjectsUnplanned < len(list.Projects) {
		a.ExpectedValue = ptr(expected)
	}
	if ind.Kind == domain.ProjectCount && float64(len(list.Projects)) < tg.level-eps {
		a.warn(WarnProjectRegister, a.Month, fmt.Sprintf("项目清册只列出%d个项目，少于目标的%s个，请补全清册", len(list.Projects), FormatTargetValue(tg.level, "")))
	}
	asOf := max(a.Month, dataMonth)
	switch {
	case tg.reached(v, false):
		a.set(StatusMet)
		a.MetEarly = asOf < 12
	case asOf == 12:
		a.set(StatusMissed)
	case a.ExpectedValue == nil:
		a.set(StatusInProgress) // no planned months: judged at the year's end
	default:
		a.set(verdict((expected-v)/tg.level*100, cfg.FlowTolerancePP, false, StatusAhead))
	}
	return a
}

// requiredStage is the 1-based stage a list's projects must reach: the
// count's required stage, or for a capacity the last stage (建成投产); 0 when
// the required stage is not one of the stages.
func requiredStage(ind domain.Indicator, stages []string) int {
	if ind.Kind != domain.ProjectCount {
		return len(stages)
	}
	if len(ind.Stages) == 1 {
		for i, s := range stages {
			if s == ind.Stages[0] {
				return i + 1
			}
		}
	}
	return 0
}

// listTally is what a list's projects add up to as of its month.
type listTally struct {
	value, expected                            float64
	reached, unplanned, unreported, noCapacity int
}

// tally counts a list's projects that reached stage want (and those planned
// to), or sums the capacity they formed (and were planned to form).
func tally(ind domain.Indicator, list ProjectList, want int) listTally {
	var t listTally
	for _, p := range list.Projects {
		if p.Stage == 0 {
			t.unreported++
		}
		if p.PlannedStage == 0 {
			t.unplanned++
		}
		reached, planned := p.Stage >= want, p.PlannedStage >= want
		if reached {
			t.reached++
		}
		if ind.Kind == domain.ProjectCount {
			if reached {
				t.value++
			}
			if planned {
				t.expected++
			}
			continue
		}
		switch {
		case p.Formed != nil:
			t.value += *p.Formed
		case reached && p.HasCapacity:
			t.value += p.Capacity
		case reached:
			t.noCapacity++
		}
		if planned && p.HasCapacity {
			t.expected += p.Capacity
		}
	}
	return t
}

// ListValue is a list's count of projects at the required stage (or the
// capacity they formed) as of list.Month, for charts; false when no project
// has reported or the required stage is unknown.
func ListValue(ind domain.Indicator, list ProjectList) (float64, bool) {
	want := requiredStage(ind, list.Stages)
	if want == 0 || list.Month == 0 || len(list.Projects) == 0 {
		return 0, false
	}
	return tally(ind, list, want).value, true
}

func firstOr(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// PlannedStageAt is the stage a project plans to have reached by the end of
// month m (1..12), given its planned start (开工) and completion (建成投产)
// months (0: not given; a start of -1 was made before the year began): 前期
// before the start, 开工 in the start month, 建设 from the month after, 建成投产
// from the completion month. Stages are the
// standard four; other stage lists only use the start and the last stage.
func PlannedStageAt(stages []string, start, done, m int) int {
	n := len(stages)
	if n == 0 || (start == 0 && done == 0) {
		return 0
	}
	switch {
	case done > 0 && m >= done:
		return n
	case start != 0 && m > start && n >= 4:
		return 3
	case start != 0 && m >= start:
		return min(2, n)
	}
	return 1
}
