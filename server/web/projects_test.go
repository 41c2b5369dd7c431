package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestProjectListsOnPagesAndAPI: with the demo register, /api/v1/progress
// judges the list targets by stage and states the register's figures, and
// the pages that show them render.
func TestProjectListsOnPagesAndAPI(t *testing.T) {
	a, _ := newApp(t, true)
	resp, body := get(t, a, "/api/v1/progress?year=2024&period=2024-11")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var pr struct {
		Progress []struct {
			Indicator string `json:"indicator"`
			Sentence  string `json:"sentence"`
			Projects  *struct {
				Listed        int      `json:"listed"`
				Reached       int      `json:"reached"`
				RequiredStage string   `json:"required_stage"`
				Planned       *float64 `json:"planned"`
			} `json:"projects"`
		} `json:"progress"`
	}
	if err := json.Unmarshal(body, &pr); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		listed int
		stage  string
		has    string
	}{
		"metals.key_projects":           {16, "开工", "16个先进金属材料产业重点项目已开工"},
		"parks.infrastructure_projects": {103, "建设", "103个园区基础设施项目已开工建设"},
		"green.energy_saved":            {25, "建成投产", "形成年节能能力"},
	}
	seen := 0
	for _, p := range pr.Progress {
		w, ok := want[p.Indicator]
		if !ok {
			continue
		}
		seen++
		if p.Projects == nil || p.Projects.Listed != w.listed || p.Projects.RequiredStage != w.stage || p.Projects.Planned == nil {
			t.Errorf("%s: projects %+v", p.Indicator, p.Projects)
		}
		if !strings.Contains(p.Sentence, w.has) {
			t.Errorf("%s: sentence %q", p.Indicator, p.Sentence)
		}
	}
	if seen != len(want) {
		t.Fatalf("found %d of %d project-list targets in the API", seen, len(want))
	}
	for _, p := range []string{"/chain/" + url.PathEscape("先进金属材料"), "/indicators/metals.key_projects",
		"/indicators/green.energy_saved", "/indicators/metals.project_stage?org_unit=XM-JS-001"} {
		resp, body := get(t, a, p)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d: %.300s", p, resp.StatusCode, body)
		}
		if p[1] == 'c' && !strings.Contains(string(body), "已开工") {
			t.Errorf("%s does not show the list judged by stage", p)
		}
	}
}

// TestBriefingGroupsProjectLists: the briefing lists the project lists and
// capacities behind their register's plan in their own group, worded
// against the plan, with a suggestion of their own.
func TestBriefingGroupsProjectLists(t *testing.T) {
	a, _ := newApp(t, true)
	asof := url.QueryEscape(time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
	resp, body := get(t, a, "/api/v1/briefing?format=html&year=2024&period=2024-11&asof="+asof)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %.300s", resp.StatusCode, body)
	}
	s := string(body)
	for _, want := range []string{"项目清单进度慢于项目清册计划", "年节能量（14.1万吨标煤，按计划应形成17.6万吨标煤）",
		"园区加快建设的基础设施项目（89个，按计划应开工建设94个，滞后5个）", "对照项目清册逐个调度"} {
		if !strings.Contains(s, want) {
			t.Errorf("briefing lacks %q", want)
		}
	}
}
