package web_test

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/seeds"
)

// newApp returns the app over a fresh embedded store holding the 2024
// catalogue, plus the demo data when demo is set. Requests made with get
// carry an analyst's session.
func newApp(t *testing.T, demo bool) (*fiber.App, embedded.Combined) {
	t.Helper()
	e := newEnv(t, demo)
	ck, _ := e.session(t, store.RoleAnalyst, "")
	appCookies.Store(e.App, ck)
	return e.App, e.Store.(embedded.Combined)
}

func get(t *testing.T, a *fiber.App, path string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if ck, ok := appCookies.Load(a); ok {
		req.Header.Set("Cookie", ck.(string))
	}
	resp, err := a.Test(req, 30000)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

type progressResp struct {
	Meta struct {
		Demo bool `json:"demo"`
	} `json:"meta"`
	Progress []struct {
		Indicator       string   `json:"indicator"`
		CompletionPct   *float64 `json:"completion_pct"`
		TimeProgressPct *float64 `json:"time_progress_pct"`
		GapPP           *float64 `json:"gap_pp"`
		Status          string   `json:"status"`
		Sentence        string   `json:"sentence"`
	} `json:"progress"`
}

func TestProgressAPIPublishedMayCase(t *testing.T) {
	a, st := newApp(t, false)
	if err := st.AppendObservations(context.Background(), []domain.Observation{{
		Indicator: "rare_earth.output_value", OrgUnit: domain.CityCode, Period: domain.YTD(2024, 5),
		ValueType: domain.ValueYTD, Value: 452, SubmittedValue: 452, SubmittedUnit: "亿元",
		Source: "test", BatchID: "b1", RecordedAt: time.Date(2024, 6, 8, 0, 0, 0, 0, time.UTC), RecordedBy: "t",
	}}); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, a, "/api/v1/progress?year=2024&period=2024-05")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var pr progressResp
	if err := json.Unmarshal(body, &pr); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range pr.Progress {
		if p.Indicator != "rare_earth.output_value" {
			continue
		}
		found = true
		if !eq(p.CompletionPct, 45.2) || !eq(p.TimeProgressPct, 41.7) || !eq(p.GapPP, 3.5) {
			t.Fatalf("completion %v time %v gap %v, want 45.2 / 41.7 / 3.5", p.CompletionPct, p.TimeProgressPct, p.GapPP)
		}
		if !strings.Contains(p.Sentence, "超序时进度3.5个百分点") {
			t.Errorf("sentence %q", p.Sentence)
		}
	}
	if !found {
		t.Fatal("rare_earth.output_value missing from the progress API")
	}
	if pr.Meta.Demo {
		t.Error("no demo data was loaded, yet meta.demo is true")
	}
}

func eq(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-9 }

func TestEveryPageRenders(t *testing.T) {
	a, _ := newApp(t, true)
	chain := url.PathEscape("稀土")
	for _, p := range []string{"/", "/?year=2024&period=2024-06", "/chain/" + chain, "/districts", "/districts?by=completion",
		"/parks", "/indicators/industry.output_value", "/indicators/industry.output_value?org_unit=150203", "/screen"} {
		t.Run(p, func(t *testing.T) {
			resp, body := get(t, a, p)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			s := string(body)
			if !strings.Contains(s, "示例数据") {
				t.Error("demo data shown without the 示例数据 label")
			}
			if !strings.Contains(s, `data-echarts-for=`) || !strings.Contains(s, "/static/vendor/echarts.min.js") {
				t.Error("page has no chart or does not load ECharts from our own server")
			}
			for _, bad := range []string{"go-echarts.github.io", "cdn.jsdelivr", "unpkg.com"} {
				if strings.Contains(s, bad) {
					t.Errorf("page points at %s", bad)
				}
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("CSP %q", csp)
			}
		})
	}
}

func TestErrorsAreChineseAndClear(t *testing.T) {
	a, _ := newApp(t, true)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/chain/" + url.PathEscape("不存在"), 404, "不存在"},
		{"/api/v1/progress?year=abc", 400, "year"},
		{"/api/v1/progress?period=2024-13", 400, "period"},
		{"/indicators/no.such", 404, "no.such"},
		{"/api/v1/indicators/no.such/series", 404, "no.such"},
		{"/nowhere", 404, "页面不存在"},
		{"/export/overview/overview_status.pdf", 400, "csv"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, a, tt.path)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Fatalf("status %d body %s; want %d mentioning %q", resp.StatusCode, body, tt.status, tt.want)
			}
			if strings.Contains(string(body), "goroutine") || strings.Contains(string(body), ".go:") {
				t.Fatal("internals leaked to the user")
			}
		})
	}
}

func TestExportsMatchTheChart(t *testing.T) {
	a, _ := newApp(t, true)
	resp, body := get(t, a, "/export/overview/overview_completion.csv?year=2024&period=2024-06")
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "\ufeff指标") {
		t.Fatalf("csv: %d %q", resp.StatusCode, string(body[:min(len(body), 80)]))
	}
	_, api := get(t, a, "/api/v1/progress?year=2024&period=2024-06")
	var pr progressResp
	if err := json.Unmarshal(api, &pr); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(strings.TrimSpace(string(body)), "\n"); lines != len(pr.Progress) {
		t.Errorf("CSV has %d data rows, the API %d targets", lines, len(pr.Progress))
	}
	resp, body = get(t, a, "/export/districts/all.xlsx?year=2024&period=2024-06")
	if resp.StatusCode != 200 {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, body)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.GetSheetList()) != 2 {
		t.Errorf("districts workbook sheets %v, want ranking and map", f.GetSheetList())
	}
}

func TestHealthAndOpenAPI(t *testing.T) {
	a, _ := newApp(t, false)
	for _, p := range []string{"/healthz", "/readyz"} {
		if resp, body := get(t, a, p); resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
	_, body := get(t, a, "/api/v1/openapi.json")
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/api/v1/targets", "/api/v1/progress", "/api/v1/indicators/{code}/series"} {
		if doc.Paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
	_, body = get(t, a, "/api/v1/targets?year=2024")
	var tr struct {
		Targets []seedsTarget `json:"targets"`
	}
	if err := json.Unmarshal(body, &tr); err != nil {
		t.Fatal(err)
	}
	cat, _ := seeds.Builtin(2024)
	if len(tr.Targets) != len(cat.Targets) {
		t.Errorf("targets API lists %d, catalogue has %d", len(tr.Targets), len(cat.Targets))
	}
}

type seedsTarget struct {
	Indicator string  `json:"indicator"`
	Value     float64 `json:"value"`
}

func TestBriefingDownloadsInEveryFormat(t *testing.T) {
	a, _ := newApp(t, true)
	resp, body := get(t, a, "/briefing?year=2024&period=2024-10")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "format=docx") {
		t.Fatalf("简报 page: %d", resp.StatusCode)
	}
	magic := map[string]string{"html": "<!doctype html", "docx": "PK", "xlsx": "PK", "pdf": "%PDF"}
	for _, f := range []string{"html", "docx", "xlsx", "pdf"} {
		t.Run(f, func(t *testing.T) {
			resp, body := get(t, a, "/api/v1/briefing?year=2024&period=2024-10&format="+f)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if !strings.HasPrefix(strings.ToLower(string(body[:min(len(body), 20)])), strings.ToLower(magic[f])) {
				t.Fatalf("%s does not look like a %s file: %q", f, f, body[:min(len(body), 20)])
			}
			if resp.Header.Get("X-Briefing-As-Of") == "" {
				t.Error("the as-of time is not returned")
			}
		})
	}
	resp, body = get(t, a, "/api/v1/briefing?format=odt")
	if resp.StatusCode != 400 || !strings.Contains(string(body), "format") {
		t.Fatalf("bad format: %d %s", resp.StatusCode, body)
	}
}
