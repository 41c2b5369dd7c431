package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"industrydash/internal/store"
	"industrydash/internal/testenv/browser"
)

// An analyst opens 我的订阅 from the navigation, subscribes a 企业微信 group
// robot to lagging alerts, sees it listed and unsubscribes; a reporter's
// form offers only their unit's events.
func TestSubscriptionPageInHeadlessChromium(t *testing.T) {
	e := newEnv(t, false)
	e.user(t, store.RoleAnalyst, "")
	e.user(t, store.RoleReporter, "150203")
	base := serve(t, e.App)
	b := browser.New(t, browser.WindowSize(1280, 900))
	loginBrowser(b, base, "analyst")
	b.Do(chromedp.Click(`nav a[href="/subscriptions"]`), chromedp.WaitReady(`select[name="event"]`))
	hook := "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"
	b.Do(chromedp.SetValue(`select[name="event"]`, "lagging"), chromedp.SetValue(`select[name="channel"]`, "wecom"),
		chromedp.SendKeys(`input[name="address"]`, hook),
		chromedp.Click(`form[action="/subscriptions"] button[type="submit"]`), chromedp.WaitReady(`p.notice`))
	if n := browser.Eval[int](b, `document.querySelectorAll('tr[data-event="lagging"][data-channel="wecom"]').length`); n != 1 {
		t.Fatalf("the new subscription is not listed")
	}
	if txt := browser.Eval[string](b, `document.querySelector("main").innerText`); !strings.Contains(txt, "滞后指标提醒") || !strings.Contains(txt, "企业微信群机器人") ||
		strings.Contains(txt, "693a91f6") {
		t.Fatalf("the list does not name the event and channel in Chinese, or shows the robot's key: %.400s", txt)
	}
	subs, err := e.Store.Subscriptions(context.Background(), "")
	if err != nil || len(subs) != 1 || subs[0].Address != hook || subs[0].Event != store.EventLagging {
		t.Fatalf("stored %+v (%v)", subs, err)
	}
	b.Screenshot("subscriptions")
	// The empty list's cell exists only on the page after 退订.
	b.Do(chromedp.Click(`tr[data-event="lagging"] button`), chromedp.WaitReady(`table.subscriptions td[colspan]`))
	if txt := browser.Eval[string](b, `document.querySelector("main").innerText`); !strings.Contains(txt, "已退订") {
		t.Fatalf("no 已退订 notice: %.300s", txt)
	}
	b.AssertNoForeignRequests()

	r := browser.New(t, browser.WindowSize(1280, 900))
	loginBrowser(r, base, "reporter_150203")
	r.Navigate(base + "/subscriptions")
	opts := browser.Eval[[]string](r, `Array.from(document.querySelectorAll('select[name="event"] option')).map(o => o.value)`)
	if strings.Join(opts, ",") != "deadline,returned,approved" {
		t.Fatalf("a reporter is offered %v; want their unit's events only", opts)
	}
}
