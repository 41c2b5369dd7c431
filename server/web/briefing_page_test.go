package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"industrydash/server/web"
)

var briefingLinkRE = regexp.MustCompile(`(?:href|src)="(/api/v1/briefing\?[^"]*)"`)

// TestBriefingPageKeepsTheChosenPeriod: the preview and every download of the
// 简报 page carry the year, period and as-of time chosen, and the 附表
// checkbox, so that what is downloaded is what was previewed.
func TestBriefingPageKeepsTheChosenPeriod(t *testing.T) {
	a, _ := newApp(t, true)
	const asof = "2024-11-20T09:00:00+08:00"
	for _, appendix := range []bool{false, true} {
		path := "/briefing?year=2024&period=2024-06&asof=" + url.QueryEscape(asof)
		if appendix {
			path += "&appendix=1"
		}
		resp, body := get(t, a, path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		page := string(body)
		if !strings.Contains(page, `name="appendix"`) {
			t.Error("the 简报 page has no 附表 checkbox")
		}
		links := briefingLinkRE.FindAllStringSubmatch(page, -1)
		if len(links) < 4 {
			t.Fatalf("%d briefing links on the page, want preview and downloads", len(links))
		}
		for _, m := range links {
			u, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			if q.Get("period") != "2024-06" || q.Get("year") != "2024" || q.Get("asof") == "" {
				t.Errorf("link %s loses the chosen period or as-of time", m[1])
			}
			if got := q.Get("appendix") == "1"; got != appendix {
				t.Errorf("link %s: appendix=%v, want %v", m[1], got, appendix)
			}
		}
		u := html.UnescapeString(links[len(links)-1][1]) // the preview
		resp, body = get(t, a, u)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", u, resp.StatusCode)
		}
		doc := string(body)
		if !strings.Contains(doc, "2024年1—6月全市工业经济运行情况") {
			t.Errorf("the preview is not the 1—6月 briefing")
		}
		if strings.Contains(doc, "附表1") != appendix {
			t.Errorf("preview with appendix=%v: 附表 present %v", appendix, !appendix)
		}
	}
}

// TestReporterFormLabelsStocksAsLevels: a stock (a level at the month end)
// is entered as 期末数, never as 当月.
func TestReporterFormLabelsStocksAsLevels(t *testing.T) {
	e := newEnv(t, false)
	ck, _ := e.session(t, "reporter", "150203")
	resp, page := e.do(t, "GET", "/submissions/150203/2024-10", "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("form: status %d", resp.StatusCode)
	}
	row := regexp.MustCompile(`(?s)<tr data-indicator="projects.key_count">.*?</tr>`).FindString(page)
	if row == "" {
		t.Fatal("the form has no row for projects.key_count (a stock)")
	}
	if !strings.Contains(row, "期末数") || strings.Contains(row, "<td>当月</td>") {
		t.Errorf("the stock's row does not say 期末数: %s", row)
	}
}

func TestBaseURL(t *testing.T) {
	for addr, want := range map[string]string{":8080": "http://localhost:8080", "0.0.0.0:80": "http://localhost:80",
		"127.0.0.1:9000": "http://127.0.0.1:9000", "[::]:8080": "http://localhost:8080"} {
		if got := web.BaseURL(addr); got != want {
			t.Errorf("BaseURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

// TestParksReconcile: the 园区 page shows the listed parks' total beside the
// city-wide park figure and the part no listed park carries.
func TestParksReconcile(t *testing.T) {
	a, _ := newApp(t, true)
	_, body := get(t, a, "/parks?year=2024&period=2024-10")
	page := string(body)
	for _, want := range []string{"全市园区（", "上表各园区合计", "未单列园区及其他"} {
		if !strings.Contains(page, want) {
			t.Errorf("the 园区 page lacks the row %q", want)
		}
	}
}
