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

// TestTargetsReviewSuggestsNewIndicators: an unmatched row offers a readable
// code and name, a rate for 增长x%, and lower is better for 失业率.
func TestTargetsReviewSuggestsNewIndicators(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	hdr := []string{"Cookie", ck, "Content-Type", formType}
	plan := "2025年，全市城镇调查失业率控制在5.5%以内，全社会用电量达到800亿千瓦时。"
	resp, page := e.do(t, "POST", "/targets/extract", form("csrf", csrf, "text", plan), hdr...)
	if resp.StatusCode != 200 {
		t.Fatalf("extract: %d %s", resp.StatusCode, page)
	}
	for _, want := range []string{`value="city.unemployment_rate"`, `value="城镇调查失业率"`, `<option value="rate" selected>`, `<option value="lower" selected>`, `.electricity"`} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %s", want)
		}
	}
	if strings.Contains(page, "new_4") || strings.Contains(page, "custom.new") {
		t.Errorf("review page suggests an opaque code")
	}
}
