package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"industrydash/internal/store"
	"industrydash/internal/testenv/browser"
)

// layoutQS is the period the layout tests look at: the demo data's 1—10月.
const layoutQS = "year=2024&period=2024-10"

// screenLayout is what the 大屏 test measures in the page.
type screenLayout struct {
	ViewW, ViewH     int
	ScrollW, ScrollH int
	// Stage is the scaled stage's box on the screen.
	Left, Top, Right, Bottom float64
	// TitleH is the rendered height of the title in screen pixels.
	TitleH float64
	// Cards are the big-number cards: their count, how many have a value,
	// and how many lie wholly inside the stage.
	Cards, CardsWithValue, CardsInside int
	// Lagging is the number of items in the rotating list; First its first.
	Lagging int
	First   string
}

const screenLayoutJS = `(() => {
	const st = document.querySelector(".stage").getBoundingClientRect();
	const cards = Array.from(document.querySelectorAll(".kpi"));
	const inside = cards.filter(c => { const r = c.getBoundingClientRect();
		return r.left >= st.left - 1 && r.right <= st.right + 1 && r.top >= st.top - 1 && r.bottom <= st.bottom + 1; });
	const items = document.querySelectorAll(".rotating li");
	return {ViewW: innerWidth, ViewH: innerHeight,
		ScrollW: document.documentElement.scrollWidth, ScrollH: document.documentElement.scrollHeight,
		Left: st.left, Top: st.top, Right: st.right, Bottom: st.bottom,
		TitleH: document.querySelector(".screen-head h1").getBoundingClientRect().height,
		Cards: cards.length, CardsInside: inside.length,
		CardsWithValue: cards.filter(c => /\d/.test(c.querySelector(".kpi-value").textContent)).length,
		Lagging: items.length, First: items.length ? items[0].textContent.trim() : ""};
})()`

// TestScreenFitsSixteenNine: the 大屏 shows all of itself, without
// scrolling, on a 1920×1080 and on a 3840×2160 screen, scaled up on the
// larger: big-number cards, the district map with values, the status donut
// and the lagging list, which rotates.
func TestScreenFitsSixteenNine(t *testing.T) {
	a, _ := newApp(t, true)
	base := serve(t, a)
	for _, size := range []struct{ w, h int }{{1920, 1080}, {3840, 2160}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			b := browser.New(t, browser.WindowSize(size.w, size.h))
			b.Do(chromedp.EmulateViewport(int64(size.w), int64(size.h)))
			loginBrowser(b, base, "analyst")
			b.Navigate(base + "/screen?" + layoutQS)
			charts := b.WaitCharts("div.item", 2)
			var hasMap, hasDonut bool
			for _, c := range charts {
				for _, s := range c.Series {
					hasMap = hasMap || s.Type == "map" && s.Data >= 9
					hasDonut = hasDonut || s.Type == "pie" && s.Data == 4
				}
			}
			if !hasMap || !hasDonut {
				t.Errorf("charts %v: want the district map with every district and the status donut", charts)
			}
			l := browser.Eval[screenLayout](b, screenLayoutJS)
			if l.ScrollW > l.ViewW || l.ScrollH > l.ViewH {
				t.Errorf("the 大屏 scrolls: content %d×%d in a %d×%d window", l.ScrollW, l.ScrollH, l.ViewW, l.ViewH)
			}
			if l.Left < -1 || l.Top < -1 || l.Right > float64(l.ViewW)+1 || l.Bottom > float64(l.ViewH)+1 {
				t.Errorf("the stage %+v does not fit the %d×%d window", l, l.ViewW, l.ViewH)
			}
			if w, h := l.Right-l.Left, l.Bottom-l.Top; w < float64(l.ViewW)-2 && h < float64(l.ViewH)-2 {
				t.Errorf("the stage (%.0f×%.0f) does not fill the %d×%d window", w, h, l.ViewW, l.ViewH)
			}
			if scale := float64(size.w) / 1920; l.TitleH < 44*scale {
				t.Errorf("title %.0f px high on a %d px wide screen: not legible from across the room", l.TitleH, size.w)
			}
			if l.Cards < 4 || l.Cards > 6 || l.CardsWithValue != l.Cards || l.CardsInside != l.Cards {
				t.Errorf("big-number cards: %d, %d with a figure, %d on the screen; want 4-6, all with figures, all visible", l.Cards, l.CardsWithValue, l.CardsInside)
			}
			if l.Lagging == 0 {
				t.Error("no lagging list on the 大屏")
			}
			b.Screenshot(fmt.Sprintf("screen_%dx%d", size.w, size.h))
			if size.w == 1920 && l.Lagging > 1 {
				// The list rotates: wait (bounded) for another item to lead.
				rotated := false
				for i := 0; i < 30 && !rotated; i++ {
					time.Sleep(500 * time.Millisecond)
					rotated = browser.Eval[string](b, `document.querySelector(".rotating li").textContent.trim()`) != l.First
				}
				if !rotated {
					t.Error("the lagging list does not rotate")
				}
			}
			b.AssertNoForeignRequests()
			if errs := b.ConsoleErrors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		})
	}
}

// phonePages are the pages a phone user opens.
var phonePages = []string{"/", "/chain/" + url.PathEscape("稀土"), "/districts", "/parks",
	"/indicators/industry.output_value", "/briefing", "/leading", "/submissions", "/import", "/audit", "/users", "/subscriptions", "/deliveries",
	"/account/password"}

// TestPhoneWidthEveryPage: no page is wider than a 390 px phone.
func TestPhoneWidthEveryPage(t *testing.T) {
	e := newEnv(t, true)
	e.user(t, store.RoleAdmin, "")
	base := serve(t, e.App)
	b := browser.New(t, browser.WindowSize(390, 844))
	b.Do(chromedp.EmulateViewport(390, 844))
	loginBrowser(b, base, store.RoleAdmin)
	for _, p := range phonePages {
		u := base + p
		if !strings.Contains(p, "password") {
			u += "?" + layoutQS
		}
		b.Navigate(u)
		type widths struct{ Scroll, View int }
		w := browser.Eval[widths](b, `({Scroll: document.documentElement.scrollWidth, View: innerWidth})`)
		if w.Scroll > 390 {
			wide := browser.Eval[[]string](b, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 391).slice(0, 5).map(e => e.tagName + "." + e.className)`)
			t.Errorf("%s is %d px wide on a 390 px phone (widest: %v)", p, w.Scroll, wide)
		}
		if p == "/" {
			b.Screenshot("overview_phone")
		}
	}
	b.AssertNoForeignRequests()
}

// TestNavKeepsThePeriod: every navigation link, the brand link and the
// 产业链 menu carry the year and period being looked at.
func TestNavKeepsThePeriod(t *testing.T) {
	a, _ := newApp(t, true)
	base := serve(t, a)
	b := browser.New(t)
	loginBrowser(b, base, "analyst")
	b.Navigate(base + "/districts?year=2024&period=2024-06")
	links := browser.Eval[[]string](b, `Array.from(document.querySelectorAll(".topbar a.brand, .topbar nav a")).map(a => a.href)`)
	periodic := 0
	for _, l := range links {
		u, err := url.Parse(l)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case u.Path == "/" || u.Path == "/districts" || u.Path == "/parks" || u.Path == "/briefing" ||
			u.Path == "/screen" || strings.HasPrefix(u.Path, "/chain/"):
			periodic++
			if q := u.Query(); q.Get("period") != "2024-06" || q.Get("year") != "2024" {
				t.Errorf("link %s loses the period 2024-06", l)
			}
		}
	}
	if periodic < 8 {
		t.Errorf("only %d period-keeping links among %v", periodic, links)
	}
	// Following a link shows the same period.
	b.Navigate(links[0])
	if got := browser.Eval[string](b, `document.querySelector('select[name="period"]').value`); got != "6" {
		t.Errorf("after following the brand link the period is %q, want 6", got)
	}
}

// TestSubmissionBoardReadable: on an office screen the 填报 board shows all
// twelve months without scrolling and every cell on one line.
func TestSubmissionBoardReadable(t *testing.T) {
	a, _ := newApp(t, true)
	base := serve(t, a)
	b := browser.New(t, browser.WindowSize(1400, 1000))
	b.Do(chromedp.EmulateViewport(1400, 1000))
	loginBrowser(b, base, "analyst")
	b.Navigate(base + "/submissions?year=2024")
	type board struct {
		Fits       bool
		MaxRowH    float64
		LineH      float64
		Rows       int
		OverdueFg  string
		OverdueBg  string
		HasOverdue bool
	}
	r := browser.Eval[board](b, `(() => {
		const t = document.querySelector("table.board"), w = t.closest(".tablewrap") || t.parentElement;
		const rows = Array.from(t.querySelectorAll("tbody tr"));
		const od = t.querySelector("td.overdue a, td.late a");
		const cs = od ? getComputedStyle(od) : null, bg = od ? getComputedStyle(od.closest("td")) : null;
		return {Fits: w.scrollWidth <= w.clientWidth + 1, Rows: rows.length,
			MaxRowH: Math.max(...rows.map(r => r.getBoundingClientRect().height)),
			LineH: parseFloat(getComputedStyle(t.querySelector("tbody td")).fontSize) * 1.6,
			HasOverdue: !!od, OverdueFg: cs ? cs.color : "", OverdueBg: bg ? bg.backgroundColor : ""};
	})()`)
	if r.Rows == 0 {
		t.Fatal("no rows on the 填报 board")
	}
	if !r.Fits {
		t.Error("the 填报 board does not fit a 1400 px screen")
	}
	if r.MaxRowH > 2*r.LineH {
		t.Errorf("a board row is %.0f px high (line %.0f px): cells wrap", r.MaxRowH, r.LineH)
	}
	if r.HasOverdue && r.OverdueFg != "rgb(255, 255, 255)" {
		t.Errorf("逾期 text is %s on %s: want white on red", r.OverdueFg, r.OverdueBg)
	}
	b.Screenshot("submissions_board")
}
