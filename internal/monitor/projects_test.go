package monitor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/seeded"
	"industrydash/seeds"
)

// TestProjectListsFromRegister: a project register and the projects' monthly
// stage reports make the list targets read as the plan means them, and the
// projects themselves never show as targets on 总览.
func TestProjectListsFromRegister(t *testing.T) {
	st, cat := openWithCatalogue(t)
	ctx := context.Background()
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})

	// Before any register: the list is not met by its count of 16.
	ov, err := svc.Overview(ctx, monitor.Query{Year: 2024, Month: 5})
	if err != nil {
		t.Fatal(err)
	}
	before := len(ov.Rows)
	if a := findRow(t, ov, "metals.key_projects").Assessment; a.Status != progress.StatusNotAssessable || a.Value != nil {
		t.Fatalf("without a register: %s %v", a.Status, a.Value)
	}

	var b strings.Builder
	b.WriteString("项目代码,项目名称,项目清单,所在地区/园区,计划开工月份,计划建成月份,设计能力\n")
	for i := 1; i <= 16; i++ {
		start := fmt.Sprint(1 + (i-1)%5) // 1..5: all 14 first planned by May
		if i > 14 {
			start = "8"
		}
		fmt.Fprintf(&b, "M%02d,金属项目%02d,metals.key_projects,昆区,%s,2025-06,\n", i, i, start)
	}
	b.WriteString("E1,节能项目1,实施节能改造项目,九原区,1,3,2\nE2,节能项目2,green.energy_saving_projects,九原区,2,4,3\nE3,节能项目3,节能改造项目,九原区,3,9,4\n")
	reg, err := seeds.LoadProjects(fstest.MapFS{"r.csv": {Data: []byte(b.String())}}, "r.csv", cat)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutOrgUnits(ctx, reg.OrgUnits); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddTargets(ctx, reg.Targets); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 6, 5, 8, 0, 0, 0, time.UTC)
	var os []domain.Observation
	report := func(ind, unit string, m int, stage float64) {
		o := obs(ind, unit, domain.Month(2024, m), domain.ValuePeriod, stage, at)
		o.SubmittedUnit = "阶段"
		os = append(os, o)
	}
	for i := 1; i <= 16; i++ {
		stage := 1.0
		if i <= 12 {
			stage = 2
		}
		report("metals.project_stage", fmt.Sprintf("M%02d", i), 5, stage)
	}
	report("green.energy_saving_stage", "E1", 5, 4)
	report("green.energy_saving_stage", "E2", 5, 3)
	report("green.energy_saving_stage", "E3", 5, 2)
	if err := st.AppendObservations(ctx, os); err != nil {
		t.Fatal(err)
	}

	ov, err = svc.Overview(ctx, monitor.Query{Year: 2024, Month: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Rows) != before {
		t.Errorf("overview has %d rows after the register, %d before: projects must not show as targets", len(ov.Rows), before)
	}
	for _, c := range []struct{ code, sentence string }{
		{"metals.key_projects", "截至5月末，16个先进金属材料产业重点项目已开工12个，开工率75.0%，按计划应开工14个，滞后2个。"},
		{"green.energy_saved", "截至5月末，已建成节能改造项目1个，形成年节能能力2.0万吨标煤，完成目标的10.0%，按计划应形成5.0万吨标煤。"},
		{"green.energy_saving_projects", "截至5月末，25个节能改造项目已开工3个，开工率12.0%，按计划应开工3个，与计划持平。"},
	} {
		r := findRow(t, ov, c.code)
		if r.Sentence != c.sentence {
			t.Errorf("%s\n got %s\nwant %s", c.code, r.Sentence, c.sentence)
		}
	}
	if a := findRow(t, ov, "green.energy_saving_projects").Assessment; !hasWarn(a.Warnings, progress.WarnProjectRegister) {
		t.Error("a register of 3 for a list of 25 must be flagged")
	}
}

func hasWarn(ws []progress.Warning, c progress.WarningCode) bool {
	for _, w := range ws {
		if w.Code == c {
			return true
		}
	}
	return false
}

// TestDemoProjectLists: with the demo data (register and stage reports), the
// list and capacity targets read by stage and capacity, never as plain counts.
func TestDemoProjectLists(t *testing.T) {
	st := seededDemo(t)
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	ov, err := svc.Overview(context.Background(), monitor.Query{Year: 2024, Month: 11})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ code, has string }{
		{"metals.key_projects", "16个先进金属材料产业重点项目已开工"},
		{"polymer.key_projects", "7个碳纤维及高分子材料产业重点项目已开工"},
		{"parks.infrastructure_projects", "103个园区基础设施项目已开工建设"},
		{"green.energy_saving_projects", "25个节能改造项目已开工"},
		{"green.water_saving_projects", "13个节水改造项目已开工"},
		{"green.energy_saved", "形成年节能能力"},
		{"green.water_saved", "形成年节水能力"},
	} {
		r := findRow(t, ov, c.code)
		t.Logf("%s: %s [%s]", c.code, r.Sentence, r.Assessment.Status)
		if !strings.Contains(r.Sentence, c.has) || !strings.Contains(r.Sentence, "截至11月末") || r.Assessment.ProjectsListed == 0 {
			t.Errorf("%s: %q", c.code, r.Sentence)
		}
	}
}

func seededDemo(t *testing.T) embeddedStore {
	t.Helper()
	return seeded.Store(t, true)
}

type embeddedStore = embedded.Combined
