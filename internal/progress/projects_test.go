package progress_test

import (
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

var stages4 = []string{"前期", "开工", "建设", "建成投产"}

func listInd(stage string) domain.Indicator {
	return domain.Indicator{Code: "metals.key_projects", Name: "先进金属材料产业重点项目", Unit: "个",
		Kind: domain.ProjectCount, Direction: domain.HigherBetter, TierOf: "metals.project_stage", Stages: []string{stage}}
}

func capInd() domain.Indicator {
	return domain.Indicator{Code: "green.energy_saved", Name: "年节能量", Unit: "万吨标煤",
		Kind: domain.ProjectCapacity, Direction: domain.HigherBetter, TierOf: "green.energy_saving_stage"}
}

func listTarget(code string, v float64) *domain.Target {
	return &domain.Target{Year: year, Indicator: code, OrgUnit: city, Comparator: domain.AtLeast, Value: v, SourceQuote: "q"}
}

// projects builds n projects: the first reached have reported stage
// `stage`, the rest 前期 (or nothing when unreported); the first planned
// plan stage `stage` by now, the rest 前期; planned < 0 gives no months.
func projects(n, reached, stage, planned int) []progress.ProjectState {
	out := make([]progress.ProjectState, n)
	for i := range out {
		out[i].Unit = string(rune('A' + i))
		out[i].Stage = 1
		if i < reached {
			out[i].Stage = stage
		}
		switch {
		case planned < 0:
		case i < planned:
			out[i].PlannedStage = stage
		default:
			out[i].PlannedStage = 1
		}
	}
	return out
}

func TestProjectCountSentences(t *testing.T) {
	unreported := projects(16, 12, 2, 14)
	unreported[15].Stage = 0
	cases := []struct {
		name     string
		stage    string
		target   float64
		ps       []progress.ProjectState
		month    int
		want     string
		status   progress.Status
		complete float64
	}{
		{"behind plan", "开工", 16, projects(16, 12, 2, 14), 5,
			"截至5月末，16个先进金属材料产业重点项目已开工12个，开工率75.0%，按计划应开工14个，滞后2个。", progress.StatusBehind, 75},
		{"ahead of plan", "开工", 16, projects(16, 12, 3, 10), 5,
			"截至5月末，16个先进金属材料产业重点项目已开工12个，开工率75.0%，按计划应开工10个，超计划2个。", progress.StatusAhead, 75},
		{"on plan", "开工", 16, projects(16, 12, 2, 12), 5,
			"截至5月末，16个先进金属材料产业重点项目已开工12个，开工率75.0%，按计划应开工12个，与计划持平。", progress.StatusAhead, 75},
		{"a project one short is slightly behind", "开工", 103, projects(103, 80, 3, 84), 6,
			"截至6月末，103个先进金属材料产业重点项目已开工建设80个，开工建设率77.7%，按计划应开工建设84个，滞后4个。", progress.StatusSlightlyBehind, 80.0 / 103 * 100},
		{"no planned months: judged at year end", "开工", 16, projects(16, 5, 2, -1), 5,
			"截至5月末，16个先进金属材料产业重点项目已开工5个，开工率31.3%，项目清册未填计划月份，无法按计划进度判断，年末按目标考核。", progress.StatusInProgress, 31.25},
		{"all started", "开工", 16, projects(16, 16, 4, 16), 8,
			"截至8月末，16个先进金属材料产业重点项目已开工16个，开工率100.0%，已完成目标。", progress.StatusMet, 100},
		{"year end missed", "开工", 16, projects(16, 15, 2, 16), 12,
			"全年16个先进金属材料产业重点项目已开工15个，开工率93.8%，差1个，未完成年度目标。", progress.StatusMissed, 93.75},
		{"unreported project is not counted", "开工", 16, unreported, 5,
			"截至5月末，16个先进金属材料产业重点项目已开工12个，开工率75.0%，按计划应开工14个，滞后2个；1个项目尚未报送进度。", progress.StatusBehind, 75},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ind := listInd(c.stage)
			if c.target == 103 {
				ind = listInd("建设")
			}
			a := progress.AssessProjects(ind, listTarget(ind.Code, c.target),
				progress.ProjectList{Noun: "先进金属材料产业重点项目", Stages: stages4, Month: c.month, Projects: c.ps}, c.month,
				progress.Config{FlowTolerancePP: 5})
			if got := progress.Describe(ind, a); got != c.want {
				t.Errorf("sentence\n got %s\nwant %s", got, c.want)
			}
			if a.Status != c.status {
				t.Errorf("status %s, want %s", a.Status, c.status)
			}
			if a.CompletionPct == nil || !near(*a.CompletionPct, c.complete) {
				t.Errorf("completion %v, want %v", a.CompletionPct, c.complete)
			}
		})
	}
}

func TestProjectCountNeverMetByListing(t *testing.T) {
	ind := listInd("开工")
	// 16 projects listed, none reported: no data, not met.
	a := progress.AssessProjects(ind, listTarget(ind.Code, 16),
		progress.ProjectList{Noun: "先进金属材料产业重点项目", Stages: stages4, Projects: projects(16, 0, 2, 14)}, 5, progress.Config{})
	if a.Status != progress.StatusNoData || progress.Describe(ind, a) != "清册中的16个项目尚未报送进度。" {
		t.Errorf("got %s %q", a.Status, progress.Describe(ind, a))
	}
	// No register at all: not assessable, never met.
	a = progress.AssessProjects(ind, listTarget(ind.Code, 16), progress.ProjectList{Stages: stages4}, 5, progress.Config{})
	if a.Status != progress.StatusNotAssessable || a.Value != nil {
		t.Errorf("no register: %s %v", a.Status, a.Value)
	}
	// A register shorter than the target is flagged.
	a = progress.AssessProjects(ind, listTarget(ind.Code, 16),
		progress.ProjectList{Stages: stages4, Month: 3, Projects: projects(15, 3, 2, 3)}, 3, progress.Config{})
	if !hasWarning(a.Warnings, progress.WarnProjectRegister) {
		t.Errorf("short register not warned: %+v", a.Warnings)
	}
}

func TestProjectCapacitySentences(t *testing.T) {
	mk := func(n, done, planned int, capacity float64) []progress.ProjectState {
		ps := projects(n, done, 4, planned)
		for i := range ps {
			ps[i].Capacity, ps[i].HasCapacity = capacity, true
		}
		return ps
	}
	reportedFormed := mk(25, 9, 10, 0.8)
	formed := 0.5
	reportedFormed[0].Formed = &formed // the project reports 0.5 formed, not its design of 0.8
	noCap := mk(25, 9, 10, 0.8)
	noCap[8].HasCapacity = false
	cases := []struct {
		name   string
		ps     []progress.ProjectState
		month  int
		want   string
		status progress.Status
	}{
		{"behind plan", mk(25, 9, 12, 0.8), 6,
			"截至6月末，已建成节能改造项目9个，形成年节能能力7.2万吨标煤，完成目标的36.0%，按计划应形成9.6万吨标煤。", progress.StatusBehind},
		{"reported formed capacity counts as reported", reportedFormed, 6,
			"截至6月末，已建成节能改造项目9个，形成年节能能力6.9万吨标煤，完成目标的34.5%，按计划应形成8.0万吨标煤。", progress.StatusBehind},
		{"no capacity given", noCap, 6,
			"截至6月末，已建成节能改造项目9个，形成年节能能力6.4万吨标煤，完成目标的32.0%，按计划应形成7.2万吨标煤（1个已建成项目未填设计能力，未计入）。", progress.StatusSlightlyBehind},
		{"met", mk(25, 25, 25, 0.8), 11,
			"截至11月末，已建成节能改造项目25个，形成年节能能力20.0万吨标煤，完成目标的100.0%，已完成目标。", progress.StatusMet},
		{"year end", mk(25, 20, 25, 0.8), 12,
			"全年已建成节能改造项目20个，形成年节能能力16.0万吨标煤，完成目标的80.0%，差4.0万吨标煤，未完成年度目标。", progress.StatusMissed},
		{"no planned months", mk(25, 2, -1, 0.8), 3,
			"截至3月末，已建成节能改造项目2个，形成年节能能力1.6万吨标煤，完成目标的8.0%，项目清册未填计划建成月份，无法按计划进度判断，年末按目标考核。", progress.StatusInProgress},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ind := capInd()
			a := progress.AssessProjects(ind, listTarget(ind.Code, 20),
				progress.ProjectList{Noun: "节能改造项目", Stages: stages4, Month: c.month, Projects: c.ps}, c.month,
				progress.Config{FlowTolerancePP: 5})
			if got := progress.Describe(ind, a); got != c.want {
				t.Errorf("sentence\n got %s\nwant %s", got, c.want)
			}
			if a.Status != c.status {
				t.Errorf("status %s, want %s", a.Status, c.status)
			}
		})
	}
}

func TestPlannedStageAt(t *testing.T) {
	// Start in April, complete in October.
	want := []int{1, 1, 1, 2, 3, 3, 3, 3, 3, 4, 4, 4}
	for m := 1; m <= 12; m++ {
		if got := progress.PlannedStageAt(stages4, 4, 10, m); got != want[m-1] {
			t.Errorf("month %d: %d, want %d", m, got, want[m-1])
		}
	}
	if got := progress.PlannedStageAt(stages4, -1, 0, 1); got != 3 {
		t.Errorf("a project started the year before is under construction in January, got %d", got)
	}
	if progress.PlannedStageAt(stages4, 0, 0, 6) != 0 {
		t.Error("no months must give no plan")
	}
}

func TestProjectGapClause(t *testing.T) {
	ind := listInd("开工")
	list := progress.ProjectList{Noun: "先进金属材料产业重点项目", Stages: stages4, Month: 5, Projects: projects(16, 12, 2, 14)}
	a := progress.AssessProjects(ind, listTarget(ind.Code, 16), list, 5, progress.Config{FlowTolerancePP: 5})
	if got := progress.GapClause(ind, a); got != "按计划应开工14个，滞后2个" {
		t.Errorf("gap clause %q", got)
	}
	list.Month = 12
	a = progress.AssessProjects(ind, listTarget(ind.Code, 16), list, 12, progress.Config{FlowTolerancePP: 5})
	if got := progress.GapClause(ind, a); got != "差4个" {
		t.Errorf("year-end gap clause %q", got)
	}
}

func TestListValueAndStaleReports(t *testing.T) {
	ind := listInd("开工")
	list := progress.ProjectList{Stages: stages4, Month: 3, Projects: projects(16, 12, 2, 14)}
	if v, ok := progress.ListValue(ind, list); !ok || v != 12 {
		t.Errorf("ListValue %v %v, want 12", v, ok)
	}
	if _, ok := progress.ListValue(ind, progress.ProjectList{Stages: stages4, Projects: projects(16, 12, 2, 14)}); ok {
		t.Error("a list nobody reported has no value")
	}
	a := progress.AssessProjects(ind, listTarget(ind.Code, 16), list, 5, progress.Config{})
	if a.Month != 3 || !hasWarning(a.Warnings, progress.WarnStale) {
		t.Errorf("reports to March viewed in May: month %d warnings %+v", a.Month, a.Warnings)
	}
}
