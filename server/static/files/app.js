// app.js: behaviour shared by every page. Pages extend this file; it loads no
// external resources and must work with echarts.min.js from /static/vendor/.
(function () {
	"use strict";

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
})();
