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

	// narrow keeps axis labels legible in a narrow chart (a phone): long
	// category names are cut to a share of the width instead of crowding the
	// plot, and crowded labels are left out rather than drawn over each other.
	function narrow(option, width) {
		if (!width || width >= 600) {
			return option;
		}
		[].concat(option.yAxis || []).forEach(function (ax) {
			if (ax && ax.type === "category") {
				ax.axisLabel = Object.assign({}, ax.axisLabel, { width: Math.round(width * 0.38), overflow: "truncate", fontSize: 11 });
			}
		});
		[].concat(option.xAxis || []).forEach(function (ax) {
			if (ax) {
				ax.axisLabel = Object.assign({ hideOverlap: true }, ax.axisLabel, { fontSize: 11 });
			}
		});
		return option;
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
			chart.setOption(narrow(JSON.parse(src.textContent), el.clientWidth));
		});
	}

	// collapse folds the 总览's sections on a phone, so that the headline
	// strip and the red items come first and each 板块 opens on a tap.
	function collapse(root) {
		var q = new URLSearchParams(window.location.search);
		if (q.get("status") || q.get("chain")) {
			return; // a filtered view opens what it found
		}
		if (window.matchMedia && window.matchMedia("(max-width: 600px)").matches) {
			root.querySelectorAll("details.group[open]").forEach(function (d) {
				d.removeAttribute("open");
			});
		}
	}

	function start() {
		collapse(document);
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
