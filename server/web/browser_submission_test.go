package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"industrydash/internal/store"
	"industrydash/internal/testenv/browser"
)

// A reporter fills in October's form and submits it; an analyst approves
// it; the figure appears on the 地区 page for 昆都仑区.
func TestSubmitAndApproveInHeadlessChromium(t *testing.T) {
	e := newEnv(t, false)
	e.user(t, store.RoleReporter, "150203")
	e.user(t, store.RoleAnalyst, "")
	base := serve(t, e.App)

	rep := browser.New(t, browser.WindowSize(1280, 900))
	loginBrowser(rep, base, "reporter_150203")
	if p := browser.Eval[string](rep, `location.pathname`); p != "/submissions" {
		t.Fatalf("a reporter lands on %s, want their 填报 page", p)
	}
	rep.Navigate(base + "/submissions/150203/2024-10")
	rep.Do(chromedp.SendKeys(`input[name="value_industry.output_value"]`, "321.5"),
		chromedp.SendKeys(`textarea[name="note_industry.output_value"]`, "含新投产项目"),
		chromedp.Click(`#submit`), chromedp.WaitReady(`p.notice`))
	if s := browser.Eval[string](rep, `document.querySelector("[data-status]").dataset.status`); s != "submitted" {
		t.Fatalf("status after submitting: %s", s)
	}
	rep.Screenshot("submission_submitted")
	rep.Navigate(base + "/districts")
	if txt := browser.Eval[string](rep, `document.querySelector("main").innerText`); !strings.Contains(txt, "无权") {
		t.Errorf("a reporter sees the city-wide 地区 page: %.200s", txt)
	}

	ana := browser.New(t, browser.WindowSize(1280, 900))
	loginBrowser(ana, base, "analyst")
	ana.Navigate(base + "/submissions")
	if n := browser.Eval[int](ana, `document.querySelectorAll('tr[data-submission="150203-2024-10"]').length`); n != 1 {
		t.Fatalf("the submission is not in the review queue")
	}
	ana.Navigate(base + "/submissions/150203/2024-10")
	ana.Do(chromedp.Click(`#approve`), chromedp.WaitReady(`p.notice`))
	if s := browser.Eval[string](ana, `document.querySelector("[data-status]").dataset.status`); s != "approved" {
		t.Fatalf("status after approving: %s", s)
	}
	ana.Navigate(base + "/districts?year=2024&period=2024-10&indicator=industry.output_value")
	ana.WaitCharts("div.item", 1)
	cell := browser.Eval[string](ana, `document.querySelector('tr[data-unit="150203"] td:nth-child(3)').textContent.trim()`)
	if !strings.HasPrefix(cell, "321.5") {
		t.Fatalf("昆都仑区 shows %q on the 地区 page, want 321.5", cell)
	}
	ana.Screenshot("districts_after_approval")
	rep.AssertNoForeignRequests()
	ana.AssertNoForeignRequests()
	// The reporter's console holds the 403 of the 地区 page asked for above.
	if errs := ana.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
