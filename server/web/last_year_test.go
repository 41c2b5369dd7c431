package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
	"industrydash/internal/store"
)

// TestCompletionAgainstLastYear sets a 2023 target for 稀土产业产值 beside
// the 2024 one: the API, the overview and the 简报 then set this year's
// completion beside last year's at the same month, from the printed
// figures; a target without last year's plan has no such clause.
func TestCompletionAgainstLastYear(t *testing.T) {
	e := newEnv(t, true)
	ctx := context.Background()
	last := domain.Target{Year: 2023, Indicator: "rare_earth.output_value", OrgUnit: domain.CityCode, Comparator: domain.AtLeast, Value: 900,
		RevisionKind: domain.RevisionInitial, RecordedAt: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), RecordedBy: "test", SourceQuote: "稀土产业产值900亿元"}
	if _, err := e.Store.AddTargets(ctx, []domain.Target{last}); err != nil {
		t.Fatal(err)
	}
	ana := e.token(t, store.RoleAnalyst, "")
	_, body := e.do(t, "GET", "/api/v1/progress?year=2024", "", "Authorization", "Bearer "+ana)
	var r struct {
		Items []struct {
			Indicator             string   `json:"indicator"`
			OrgUnit               string   `json:"org_unit"`
			CompletionPct         *float64 `json:"completion_pct"`
			LastYearCompletionPct *float64 `json:"last_year_completion_pct"`
			VsLastYear            string   `json:"vs_last_year"`
			Detail                *progress.Assessment
		} `json:"progress"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	var clause string
	for _, it := range r.Items {
		if it.OrgUnit != domain.CityCode {
			continue
		}
		switch it.Indicator {
		case "rare_earth.output_value":
			if it.LastYearCompletionPct == nil || it.CompletionPct == nil || it.VsLastYear == "" {
				t.Fatalf("稀土产业产值 has no comparison with last year: %+v", it)
			}
			diff := progress.PrintedDiff(*it.CompletionPct, *it.LastYearCompletionPct, 1)
			word := "高"
			if diff < 0 {
				word, diff = "低", -diff
			}
			clause = fmt.Sprintf("完成率比上年同期%s%s", word, progress.FormatPP(diff))
			if diff == 0 {
				clause = "完成率与上年同期持平"
			}
			if it.VsLastYear != clause {
				t.Errorf("vs_last_year %q, want %q", it.VsLastYear, clause)
			}
		case "silicon.output_value":
			if it.VsLastYear != "" || it.LastYearCompletionPct != nil {
				t.Errorf("硅产业产值 has no 2023 target but reads %q", it.VsLastYear)
			}
		}
	}
	if clause == "" {
		t.Fatal("稀土产业产值 not in the progress API")
	}
	ck, _ := e.session(t, store.RoleAnalyst, "")
	// The briefing reads as of a whole second: ask as of a minute ahead, so
	// that the target recorded within the current second counts.
	asof := url.QueryEscape(time.Now().Add(time.Minute).Format(time.RFC3339))
	for _, path := range []string{"/?year=2024", "/api/v1/briefing?format=html&year=2024&period=2024-11&asof=" + asof} {
		if _, page := e.do(t, "GET", path, "", "Cookie", ck); !strings.Contains(page, clause) {
			t.Errorf("%s lacks %q", path, clause)
		}
	}
}
