// app.js: behaviour shared by every page. Pages extend this file; it loads no
// external resources and expects echarts.min.js (and any map JS) from
// /static/vendor/ to be loaded before it.
(function () {
	"use strict";

	// initCharts starts every chart whose option the server rendered as JSON:
	//   <div id="ID" style="…"></div>
	//   <script type="application/json" data-echarts-for="ID">{option}</script>
	// This is the Content-Security-Policy-friendly alternative to go-echarts'
	// inline <script> snippets: no inline code runs, so script-src 'self' suffices.
	// The option must be pure JSON (no go-echarts FuncStr/JS functions).
	function initCharts(root) {
		if (!window.echarts) {
			console.error("ECharts 未加载：请确认 /static/vendor/echarts.min.js 可访问（运行 scripts/build-assets.sh 后重新构建）。");
			return;
		}
		root.querySelectorAll('script[type="application/json"][data-echarts-for]').forEach(function (src) {
			var el = document.getElementById(src.getAttribute("data-echarts-for"));
			if (!el || window.echarts.getInstanceByDom(el)) {
				return;
			}
			var chart = window.echarts.init(el, null, {
				renderer: src.getAttribute("data-echarts-renderer") || "canvas",
			});
			chart.setOption(JSON.parse(src.textContent));
		});
	}

	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", function () {
			initCharts(document);
		});
	} else {
		initCharts(document);
	}

	// Resize every ECharts instance with the window (phones, 大屏 mode):
	// go-echarts only sizes a chart once, at init.
	var timer = 0;
	window.addEventListener("resize", function () {
		clearTimeout(timer);
		timer = setTimeout(function () {
			if (!window.echarts) {
				return;
			}
			document.querySelectorAll("[_echarts_instance_]").forEach(function (el) {
				var chart = window.echarts.getInstanceByDom(el);
				if (chart) {
					chart.resize();
				}
			});
		}, 150);
	});

	window.industrydash = { initCharts: initCharts };
})();
