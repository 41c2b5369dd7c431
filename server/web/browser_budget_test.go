package web_test

import (
	"strings"
	"testing"

	"industrydash/internal/testenv/browser"
)

// TestBudgetPageInHeadlessChromium opens 预算执行 after a payments upload:
// every chart draws from our own server, the headline sentence and the red
// items are on the page, and a 390 px phone does not scroll sideways.
func TestBudgetPageInHeadlessChromium(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "analyst", "")
	body, ct := multipartFields(t, "p.csv", []byte(paymentsCSV), "csrf", csrf)
	if resp, page := e.do(t, "POST", "/budget/payments", body, "Cookie", ck, "Content-Type", ct); resp.StatusCode != 200 {
		t.Fatalf("upload: %d %s", resp.StatusCode, page)
	}
	e.user(t, "analyst", "")
	base := serve(t, e.App)
	b := browser.New(t, browser.WindowSize(1400, 1000))
	loginBrowser(b, base, "analyst")
	b.Navigate(base + "/budget?year=2024")
	charts := b.WaitCharts("div.item", 5)
	if len(charts) < 5 {
		t.Fatalf("%d charts drawn, want 5", len(charts))
	}
	summary := browser.Eval[string](b, `document.querySelector("#budget-summary").textContent`)
	if !strings.Contains(summary, "1—6月支出1501.40万元，支出进度47.6%，低于序时进度2.4个百分点") {
		t.Errorf("summary %q", summary)
	}
	warned := browser.Eval[string](b, `(document.querySelector("#budget-warned") || {textContent: ""}).textContent`)
	if !strings.Contains(warned, "公务接待费") || !strings.Contains(warned, "超预算") {
		t.Errorf("red items %q", warned)
	}
	b.Screenshot("budget")
	b.AssertNoForeignRequests()

	ph := browser.New(t, browser.WindowSize(390, 844))
	loginBrowser(ph, base, "analyst")
	ph.Navigate(base + "/budget?year=2024")
	ph.WaitCharts("div.item", 5)
	if browser.Eval[bool](ph, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("预算执行 scrolls sideways on a 390 px phone")
	}
	ph.Screenshot("budget_phone")
}
