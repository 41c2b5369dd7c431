package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"industrydash/internal/testenv/browser"
)

// mapLabelsJS measures the labels ECharts drew on a page's district map:
// every text element still shown (hideOverlap hides by setting ignore),
// its box on the canvas, and the pairs whose boxes overlap.
const mapLabelsJS = `(() => {
  const out = {};
  for (const id of ["screen_map", "district_map"]) {
    const el = document.getElementById(id);
    if (!el) continue;
    const ch = echarts.getInstanceByDom(el);
    if (!ch) { out[id] = {labels: -1}; continue; }
    // Labels are drawn as text spans (one per line) inside a text group:
    // a label's box is the union of its spans' boxes.
    const boxes = new Map();
    ch.getZr().storage.getDisplayList(true).forEach(e => {
      if ((e.type !== "tspan" && e.type !== "text") || e.ignore || e.invisible || !e.style || !e.style.text) return;
      let hidden = false;
      for (let p = e.parent; p; p = p.parent) if (p.ignore || p.invisible) hidden = true;
      if (hidden) return;
      const r = e.getBoundingRect().clone();
      const m = e.getComputedTransform();
      if (m) r.applyTransform(m);
      const key = e.parent || e;
      const b = boxes.get(key);
      if (!b) { boxes.set(key, {x: r.x, y: r.y, x2: r.x + r.width, y2: r.y + r.height, t: String(e.style.text)}); return; }
      b.x = Math.min(b.x, r.x); b.y = Math.min(b.y, r.y);
      b.x2 = Math.max(b.x2, r.x + r.width); b.y2 = Math.max(b.y2, r.y + r.height);
      b.t += " " + String(e.style.text);
    });
    const rects = [...boxes.values()].map(b => ({x: b.x, y: b.y, w: b.x2 - b.x, h: b.y2 - b.y, t: b.t}));
    const pairs = [];
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i], b = rects[j];
      if (a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1) pairs.push(a.t + " / " + b.t);
    }
    out[id] = {labels: rects.length, texts: rects.map(r => r.t), pairs: pairs};
  }
  return JSON.stringify(out);
})()`

type mapLabels struct {
	Labels int      `json:"labels"`
	Texts  []string `json:"texts"`
	Pairs  []string `json:"pairs"`
}

// TestMapLabelsDoNotOverlap: on the 大屏 (1920×1080 and 3840×2160) and the
// 地区 page, no two labels of the district map overlap, district names are
// the short ones, and no label reads NaN.
func TestMapLabelsDoNotOverlap(t *testing.T) {
	a, _ := newApp(t, true)
	base := serve(t, a)
	for _, v := range []struct {
		name, path, id string
		w, h           int
	}{
		{"screen_1920", "/screen?" + layoutQS, "screen_map", 1920, 1080},
		{"screen_3840", "/screen?" + layoutQS, "screen_map", 3840, 2160},
		{"districts", "/districts?" + layoutQS, "district_map", 1400, 1000},
	} {
		t.Run(v.name, func(t *testing.T) {
			b := browser.New(t, browser.WindowSize(v.w, v.h))
			b.Do(chromedp.EmulateViewport(int64(v.w), int64(v.h)))
			loginBrowser(b, base, "analyst")
			b.Navigate(base + v.path)
			b.WaitCharts("div.item", 1)
			raw := browser.Eval[string](b, mapLabelsJS)
			var got map[string]mapLabels
			if err := json.Unmarshal([]byte(raw), &got); err != nil {
				t.Fatal(err)
			}
			m, ok := got[v.id]
			if !ok || m.Labels < 4 {
				t.Fatalf("map %s: %+v; want its labels drawn", v.id, got)
			}
			if len(m.Pairs) > 0 {
				t.Errorf("%s: overlapping labels: %v", v.name, m.Pairs)
			}
			for _, s := range m.Texts {
				for _, bad := range []string{"达尔罕茂明安联合旗", "NaN", "undefined"} {
					if strings.Contains(s, bad) {
						t.Errorf("%s: a map label reads %q", v.name, s)
					}
				}
			}
			b.Screenshot(fmt.Sprintf("maplabels_%s", v.name))
		})
	}
}
