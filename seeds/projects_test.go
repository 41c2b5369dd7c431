package seeds_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"industrydash/internal/domain"
	msgpkg "industrydash/internal/msg"
	"industrydash/seeds"
)

// TestProjectListsInCatalogue: each plan list is a project count over its
// own stage indicator, requiring the stage the plan's verb means, and the
// two capacities are formed by the retrofit lists' projects.
func TestProjectListsInCatalogue(t *testing.T) {
	cat := builtin(t)
	for _, c := range []struct {
		code, stage, required string
		value                 float64
	}{
		{"metals.key_projects", "metals.project_stage", "开工", 16},
		{"polymer.key_projects", "polymer.project_stage", "开工", 7},
		{"parks.infrastructure_projects", "parks.infrastructure_stage", "建设", 103},
		{"green.energy_saving_projects", "green.energy_saving_stage", "开工", 25},
		{"green.water_saving_projects", "green.water_saving_stage", "开工", 13},
	} {
		ind, _ := cat.Indicator(c.code)
		if ind.Kind != domain.ProjectCount || ind.TierOf != c.stage || !reflect.DeepEqual(ind.Stages, []string{c.required}) {
			t.Errorf("%s: kind %s of %s stages %v", c.code, ind.Kind, ind.TierOf, ind.Stages)
		}
		sd, _ := cat.Indicator(c.stage)
		if sd.Kind != domain.Milestone || !sd.ReportedBy(domain.KindProject) {
			t.Errorf("%s: kind %s, reported by projects %t", c.stage, sd.Kind, sd.ReportedBy(domain.KindProject))
		}
		if tg := target(t, cat, c.code); tg.Value != c.value {
			t.Errorf("%s: target %v, want %v", c.code, tg.Value, c.value)
		}
	}
	for code, stage := range map[string]string{"green.energy_saved": "green.energy_saving_stage", "green.water_saved": "green.water_saving_stage"} {
		if ind, _ := cat.Indicator(code); ind.Kind != domain.ProjectCapacity || ind.TierOf != stage {
			t.Errorf("%s: kind %s of %s", code, ind.Kind, ind.TierOf)
		}
	}
}

func loadRegister(t *testing.T, csv string) (*domain.ProjectRegister, error) {
	t.Helper()
	return seeds.LoadProjects(fstest.MapFS{"清册.csv": {Data: []byte(csv)}}, "清册.csv", builtin(t))
}

// TestLoadProjectsPlannedStages: the planned months become the project's
// planned stage by month (前期, 开工 in the start month, 建设 after, 建成投产
// from completion); a start in the year before counts from January, a
// completion next year not at all; no months means no plan.
func TestLoadProjectsPlannedStages(t *testing.T) {
	reg, err := loadRegister(t, "项目代码,项目名称,项目清单,所在地区/园区,计划开工月份,计划建成月份,设计能力\n"+
		"A,甲,metals.key_projects,昆区,4月,2024-10,\n"+
		"B,乙,metals.key_projects,P150203-01,2023-09,2025-06,\n"+
		"C,丙,parks.infrastructure_projects,九原区,,,\n"+
		"D,丁,节能改造项目,九原区,2,6,1.5\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]float64{
		"A": {1, 1, 1, 2, 3, 3, 3, 3, 3, 4, 4, 4},
		"B": {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3},
		"C": nil,
		"D": {1, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4},
	}
	stages := 0
	for _, tg := range reg.Targets {
		if tg.Indicator == "green.energy_saved" {
			if tg.OrgUnit != "D" || tg.Value != 1.5 {
				t.Errorf("capacity target %+v", tg)
			}
			continue
		}
		stages++
		if !reflect.DeepEqual(tg.Phasing, want[tg.OrgUnit]) {
			t.Errorf("%s: phasing %v, want %v", tg.OrgUnit, tg.Phasing, want[tg.OrgUnit])
		}
		if tg.OrgUnit == "C" && (tg.Value != 3 || tg.Indicator != "parks.infrastructure_stage") {
			t.Errorf("an unplanned 加快建设 project must target 建设 by year end: %+v", tg)
		}
	}
	if stages != 4 || len(reg.OrgUnits) != 4 {
		t.Fatalf("%d stage targets, %d units", stages, len(reg.OrgUnits))
	}
	if u := reg.OrgUnits[1]; u.Kind != domain.KindProject || u.Parent != "P150203-01" {
		t.Errorf("unit %+v", u)
	}
}

func TestLoadProjectsLocatesProblems(t *testing.T) {
	_, err := loadRegister(t, "项目代码,项目名称,项目清单,所在地区/园区,计划开工月份,计划建成月份,设计能力\n"+
		"150203,撞码,metals.key_projects,昆区,3,,\n"+
		"A,早完,metals.key_projects,昆区,9,5,\n"+
		"B,能力给错清单,metals.key_projects,昆区,3,,2\n"+
		"C,地区是企业以外的类型,metals.key_projects,全国,3,,\n")
	if err == nil {
		t.Fatal("a faulty register loaded")
	}
	msg := msgpkg.Text(err)
	for _, w := range []string{"项目清册有 4 处错误", "第2行 A列（项目代码）：项目代码“150203”已是单位“昆都仑区”的代码",
		"第3行 F列（计划建成月份）：计划建成月份早于计划开工月份", "第4行 G列（设计能力）", "第5行 D列（所在地区/园区）：“全国”是对标地区"} {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q in\n%s", w, msg)
		}
	}
}
