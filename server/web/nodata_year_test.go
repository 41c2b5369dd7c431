package web_test

import (
	"regexp"
	"strings"
	"testing"

	"industrydash/internal/store"
)

var (
	scriptOrStyle = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`)
	tag           = regexp.MustCompile(`(?s)<[^>]+>`)
)

// visibleText is what a reader sees of a page: no scripts, no styles, no
// tags.
func visibleText(page string) string {
	return tag.ReplaceAllString(scriptOrStyle.ReplaceAllString(page, " "), " ")
}

// TestAYearWithNoDataYet publishes next year's targets (one of them for a
// new indicator with no chain) and reads every page of that year before any
// figure is in: they say 暂无数据 and never "1—0月", "0月", "0年0月", NaN,
// undefined or null.
func TestAYearWithNoDataYet(t *testing.T) {
	e := newEnv(t, true)
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	hdr := []string{"Cookie", ck, "Content-Type", formType}
	resp, out := e.do(t, "POST", "/targets/publish", form("csrf", csrf, "year", "2025", "n", "2", "document", "包府发〔2025〕1号", "date", "2025-01-20",
		"accept_0", "1", "indicator_0", "rare_earth.output_value", "org_unit_0", "150200", "comparator_0", ">=", "value_0", "1200", "unit_0", "亿元", "quote_0", "稀土产业产值突破1200亿元",
		"accept_1", "1", "indicator_1", "", "new_code_1", "hydrogen.stations", "new_name_1", "氢能加注站", "new_unit_1", "座", "new_kind_1", "stock", "new_direction_1", "higher",
		"org_unit_1", "150200", "comparator_1", ">=", "value_1", "6", "unit_1", "座", "quote_1", "新建氢能加注站6座"), hdr...)
	if resp.StatusCode != 303 {
		t.Fatalf("publish: %d %s", resp.StatusCode, out)
	}
	// The new indicator, published without a chain or section, sits under a
	// named group.
	if _, page := e.do(t, "GET", "/?year=2025", "", "Cookie", ck); !strings.Contains(visibleText(page), "其他目标") {
		t.Error("the new target without a chain is not under 其他目标")
	}
	bad := regexp.MustCompile(`1—0月|(^|[^0-9])0月|0年0月|NaN|undefined|null`)
	for _, path := range []string{"/", "/screen", "/briefing", "/districts", "/parks", "/api/v1/briefing?format=html", "/?year=2025", "/screen?year=2025", "/briefing?year=2025", "/districts?year=2025", "/parks?year=2025",
		"/indicators/rare_earth.output_value?year=2025", "/indicators/hydrogen.stations?year=2025", "/api/v1/briefing?format=html&year=2025",
		"/submissions?year=2025"} {
		resp, page := e.do(t, "GET", path, "", "Cookie", ck)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d %.300s", path, resp.StatusCode, page)
			continue
		}
		// The charts' options (drawn on a canvas) are read too: titles,
		// axis names and labels are text a reader sees.
		if m := regexp.MustCompile(`"[^"]*(0年0月|1—0月|NaN|undefined)[^"]*"`).FindString(page); m != "" {
			t.Errorf("%s: a chart shows %s", path, m)
		}
		text := visibleText(page)
		if m := bad.FindString(text); m != "" {
			i := strings.Index(text, m)
			t.Errorf("%s shows %q: …%s…", path, m, strings.Join(strings.Fields(text[max(0, i-120):min(len(text), i+120)]), " "))
		}
	}
}
