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
	// fitStage scales the 大屏 stage (a fixed 1920×1080 layout) to the
	// window, keeping its aspect ratio and centring it: any 16:9 screen shows
	// all of it, without scrolling, from 1920×1080 to 3840×2160.
	var stageScale = 1;
	function fitStage() {
		var st = document.querySelector(".stage[data-stage-width]");
		if (!st) {
			return;
		}
		var w = +st.getAttribute("data-stage-width"), h = +st.getAttribute("data-stage-height");
		var s = Math.min(window.innerWidth / w, window.innerHeight / h);
		var dx = (window.innerWidth - w * s) / 2, dy = (window.innerHeight - h * s) / 2;
		st.style.transform = "translate(" + dx + "px," + dy + "px) scale(" + s + ")";
		stageScale = s;
	}

	// rotate cycles a list that does not fit its box: every few seconds the
	// first item moves to the end (the 大屏's lagging list).
	function rotate(root) {
		root.querySelectorAll("[data-rotate-ms]").forEach(function (list) {
			var ms = +list.getAttribute("data-rotate-ms") || 5000;
			setInterval(function () {
				if (list.children.length > 1 && list.scrollHeight > list.clientHeight + 1) {
					list.appendChild(list.firstElementChild);
				}
			}, ms);
		});
	}

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
			var opt = { renderer: src.getAttribute("data-echarts-renderer") || "canvas" };
			if (stageScale > 1) {
				// The 大屏 stage is scaled up: draw the canvas at the screen's resolution.
				opt.devicePixelRatio = (window.devicePixelRatio || 1) * stageScale;
			}
			var chart = window.echarts.init(el, null, opt);
			chart.setOption(JSON.parse(src.textContent));
		});
	}

	function start() {
		fitStage();
		initCharts(document);
		rotate(document);
	}
	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", start);
	} else {
		start();
	}

	// Resize every ECharts instance with the window (phones, 大屏 mode):
	// go-echarts only sizes a chart once, at init.
	var timer = 0;
	window.addEventListener("resize", function () {
		clearTimeout(timer);
		timer = setTimeout(function () {
			fitStage();
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
