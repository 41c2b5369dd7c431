package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"industrydash/internal/progress"
	"industrydash/internal/testenv/browser"
)

// serve runs the app on a free 127.0.0.1 port and returns its base URL.
func serve(t *testing.T, a *fiber.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Listener(ln) }()
	t.Cleanup(func() { _ = a.Shutdown() })
	base := "http://" + ln.Addr().String()
	if ck, ok := appCookies.Load(a); ok {
		appCookies.Store(base, ck)
	}
	return base
}

// loginBrowser logs the browser in through the login form.
func loginBrowser(b *browser.Browser, base, name string) {
	b.Navigate(base + "/login")
	b.Do(chromedp.SendKeys(`input[name="name"]`, name), chromedp.SendKeys(`input[name="password"]`, testPassword),
		chromedp.Click(`section.login button[type="submit"]`), chromedp.WaitReady(`span.who`))
}

func apiProgress(t *testing.T, base, qs string) progressResp {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/progress?"+qs, nil)
	if ck, ok := appCookies.Load(base); ok {
		req.Header.Set("Cookie", ck.(string))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var pr progressResp
	if err := json.Unmarshal(b, &pr); err != nil {
		t.Fatalf("progress API: %v: %s", err, b)
	}
	return pr
}

func TestPagesInHeadlessChromium(t *testing.T) {
	a, _ := newApp(t, true)
	base := serve(t, a)
	b := browser.New(t, browser.WindowSize(1400, 1000))
	qs := "year=2024&period=2024-10"
	loginBrowser(b, base, "analyst")

	t.Run("总览 figures match the API", func(t *testing.T) {
		b.Navigate(base + "/?" + qs)
		b.WaitCharts("div.item", 2)
		type card struct{ Indicator, Completion, Status string }
		cards := browser.Eval[[]card](b, `Array.from(document.querySelectorAll("article.card")).map(c => ({
			Indicator: c.dataset.indicator, Status: c.dataset.status,
			Completion: (c.querySelector("dd.completion") || {textContent: ""}).textContent.trim()}))`)
		api := apiProgress(t, base, qs)
		if len(cards) != len(api.Progress) {
			t.Fatalf("page shows %d targets, the API %d", len(cards), len(api.Progress))
		}
		byCode := map[string]card{}
		for _, c := range cards {
			byCode[c.Indicator] = c
		}
		checked := 0
		for _, p := range api.Progress {
			c, ok := byCode[p.Indicator]
			if !ok {
				t.Errorf("%s is in the API but not on the page", p.Indicator)
				continue
			}
			if c.Status != p.Status {
				t.Errorf("%s: page status %s, API %s", p.Indicator, c.Status, p.Status)
			}
			if p.CompletionPct != nil {
				if want := progress.FormatPct(*p.CompletionPct); c.Completion != want {
					t.Errorf("%s: page completion %q, API %q", p.Indicator, c.Completion, want)
				}
				checked++
			}
		}
		if checked < 10 {
			t.Errorf("only %d completion figures compared", checked)
		}
		b.Screenshot("overview")
	})

	t.Run("产业链 page", func(t *testing.T) {
		b.Navigate(base + "/chain/" + url.PathEscape("稀土") + "?" + qs)
		charts := b.WaitCharts("div.item", 2)
		for _, c := range charts {
			if len(c.Series) == 0 {
				t.Errorf("chart %s has no series", c.ID)
			}
		}
		api := apiProgress(t, base, qs)
		ytd := browser.Eval[string](b, `document.querySelector('tr[data-indicator="rare_earth.output_value"] td.ytd').textContent.trim()`)
		for _, p := range api.Progress {
			if p.Indicator == "rare_earth.output_value" {
				if !strings.Contains(ytd, "亿元") {
					t.Errorf("ytd cell %q", ytd)
				}
			}
		}
		b.Screenshot("chain_rare_earth")
	})

	t.Run("地区 map draws the Baotou districts", func(t *testing.T) {
		b.Navigate(base + "/districts?" + qs)
		charts := b.WaitCharts("div.item", 2)
		hasMap := false
		for _, c := range charts {
			for _, s := range c.Series {
				if s.Type == "map" && s.Map == "包头" && s.Data >= 9 {
					hasMap = true
				}
			}
		}
		if !hasMap {
			t.Fatalf("no 包头 map with the districts among %v", charts)
		}
		b.Screenshot("districts")
	})

	for _, p := range []string{"/parks", "/indicators/industry.output_value", "/screen"} {
		t.Run(p, func(t *testing.T) {
			b.Navigate(base + p + "?" + qs)
			b.WaitCharts("div.item", 2)
		})
	}

	t.Run("phone width", func(t *testing.T) {
		ph := browser.New(t, browser.WindowSize(390, 844))
		loginBrowser(ph, base, "analyst")
		ph.Navigate(base + "/?" + qs)
		ph.WaitCharts("div.item", 2)
		overflow := browser.Eval[bool](ph, `document.documentElement.scrollWidth > window.innerWidth + 1`)
		if overflow {
			t.Error("the overview scrolls sideways on a 390 px phone")
		}
		ph.Screenshot("overview_phone")
		ph.AssertNoForeignRequests()
	})

	b.AssertNoForeignRequests()
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %s", fmt.Sprint(errs))
	}
}
