package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Chart is the state of one ECharts chart in the page, as WaitCharts saw it.
type Chart struct {
	// ID is the id attribute of the chart's container element.
	ID string `json:"id"`
	// Instance reports whether echarts.getInstanceByDom found a chart there.
	Instance bool `json:"instance"`
	// Width and Height are the container's size in CSS pixels.
	Width  int `json:"width"`
	Height int `json:"height"`
	// Series lists the chart's series from getOption().
	Series []Series `json:"series"`
	// Drawn is the number of graphic elements ECharts has laid out; 0 means
	// nothing was drawn (for example a map whose geoJSON is not registered).
	Drawn int `json:"drawn"`
	// Settled reports whether the chart has no animation left to run.
	Settled bool `json:"settled"`
}

// Series is one series of a Chart.
type Series struct {
	Type string `json:"type"`
	Name string `json:"name"`
	// Map is the registered map name of a map series.
	Map string `json:"map"`
	// Data is the number of data items.
	Data int `json:"data"`
}

// ready reports whether the chart has drawn something for every series.
func (c Chart) ready() bool {
	return c.Instance && len(c.Series) > 0 && c.Drawn > 0 && c.Width > 0 && c.Height > 0
}

func (c Chart) String() string {
	switch {
	case !c.Instance:
		return fmt.Sprintf("#%s: no ECharts instance (echarts.min.js not loaded or init failed)", c.ID)
	case len(c.Series) == 0:
		return fmt.Sprintf("#%s: no series in the option", c.ID)
	case c.Width == 0 || c.Height == 0:
		return fmt.Sprintf("#%s: container has zero size %dx%d", c.ID, c.Width, c.Height)
	case c.Drawn == 0:
		return fmt.Sprintf("#%s: nothing drawn (for a map: is its map JS loaded?)", c.ID)
	}
	return fmt.Sprintf("#%s: drawn (%d elements, %d series)", c.ID, c.Drawn, len(c.Series))
}

// chartsJS inspects every element matching the selector (given as a JSON
// string argument). It uses only the public ECharts API plus zrender's
// display list, which has been stable through ECharts 5.
const chartsJS = `(function (sel) {
	return Array.from(document.querySelectorAll(sel)).map(function (el) {
		var r = {id: el.id, instance: false, width: el.clientWidth, height: el.clientHeight, series: [], drawn: 0, settled: false};
		var inst = window.echarts && window.echarts.getInstanceByDom(el);
		if (!inst) { return r; }
		r.instance = true;
		var opt = inst.getOption() || {};
		r.series = (opt.series || []).map(function (s) {
			return {type: s.type || "", name: s.name || "", map: s.map || "", data: (s.data || []).length};
		});
		var zr = inst.getZr();
		if (zr && zr.storage) { r.drawn = zr.storage.getDisplayList(true).length; }
		r.settled = !!(zr && zr.animation && zr.animation.isFinished() && !zr._needsRefresh);
		return r;
	});
})(%s)`

func (b *Browser) charts(ctx context.Context, selector string) ([]Chart, error) {
	arg, _ := json.Marshal(selector)
	return chromedp.Run(ctx, chromedp.Evaluate[[]Chart](fmt.Sprintf(chartsJS, arg)))
}

// WaitCharts waits until at least want elements match the selector and each
// holds an ECharts instance with at least one series and something drawn,
// then returns their state. For go-echarts snippets the selector is the
// chart div, e.g. "div.item" or "#"+chartID. The test fails, describing
// every chart that is not ready and the page's console errors, when that does
// not happen within a minute.
func (b *Browser) WaitCharts(selector string, want int) []Chart {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	var last []Chart
	for {
		charts, err := b.charts(ctx, selector)
		if err == nil {
			last = charts
			ready := len(charts) >= want
			for _, c := range charts {
				ready = ready && c.ready()
			}
			if ready {
				return charts
			}
		}
		select {
		case <-ctx.Done():
			var lines []string
			for _, c := range last {
				lines = append(lines, "  "+c.String())
			}
			b.t.Fatalf("charts %q not drawn: found %d, want %d (last error: %v)\n%s%s",
				selector, len(last), want, err, strings.Join(lines, "\n"), b.consoleNote())
			return nil
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// waitChartsSettled gives running chart animations a few seconds to finish so
// that screenshots show final states; charts with endless animations (e.g.
// effectScatter) are photographed as they are.
func (b *Browser) waitChartsSettled() {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	for {
		charts, err := b.charts(ctx, "[_echarts_instance_]")
		settled := err == nil
		for _, c := range charts {
			settled = settled && c.Settled
		}
		if settled {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}
