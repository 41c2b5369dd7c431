package web_test

import (
	"strings"
	"testing"

	"industrydash/internal/store"
)

// TestTargetsReviewDefaultsToThePlansDocument: the review form's 下达文件 and
// date default to the document number and date the plan states.
func TestTargetsReviewDefaultsToThePlansDocument(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	hdr := []string{"Cookie", ck, "Content-Type", formType}
	plan := "包头市人民政府文件\n包府发〔2025〕1号\n2025年力争稀土产业产值突破1200亿元。\n包头市人民政府\n2025年1月20日"
	resp, page := e.do(t, "POST", "/targets/extract", form("csrf", csrf, "text", plan), hdr...)
	if resp.StatusCode != 200 {
		t.Fatalf("extract: %d %s", resp.StatusCode, page)
	}
	for _, want := range []string{`name="document" value="包府发〔2025〕1号"`, `name="date" value="2025-01-20"`} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %s", want)
		}
	}
}
