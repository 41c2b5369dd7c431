package dashboards

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"industrydash/internal/budget"
	"industrydash/internal/export"
	"industrydash/internal/progress"
)

// BudgetCharts draws the 预算执行 page: 支出进度 against 序时进度 for the
// department, its categories and function classes; the projects (against
// their 用款计划 where one is set); the ceilings (三公, 机关运行经费) as
// budget against spending; and spending by budget unit.
func BudgetCharts(rep budget.Report) ([]Chart, error) {
	var top, fns, prjs, ceils, units []budget.Result
	top = append(top, rep.Total)
	for _, r := range rep.Lines {
		switch {
		case r.Group == budget.GroupCategory:
			top = append(top, r)
		case r.Group == budget.GroupFunction && r.Level == 1:
			fns = append(fns, r)
		case r.Group == budget.GroupProject && r.Level == 2:
			prjs = append(prjs, r)
		case r.Group == budget.GroupCeiling:
			ceils = append(ceils, r)
		case r.Group == budget.GroupUnit:
			units = append(units, r)
		}
	}
	sub := fmt.Sprintf("%s 序时进度 %s", rep.PeriodLabel, progress.FormatPct(rep.TimeProgressPct))
	if !rep.HasPayments {
		sub = "尚无支付数据"
	}
	dept, err := executionChart("budget_department", "部门支出进度", sub, append(top, fns...))
	if err != nil {
		return nil, err
	}
	pc, err := executionChart("budget_projects", "项目支出进度", sub+"；有用款计划的项目按用款计划", prjs)
	if err != nil {
		return nil, err
	}
	cc, err := ceilingChart(ceils, rep.PeriodLabel)
	if err != nil {
		return nil, err
	}
	uc, err := unitChart(units, rep.PeriodLabel)
	if err != nil {
		return nil, err
	}
	all, err := linesTable(rep)
	if err != nil {
		return nil, err
	}
	return []Chart{dept, pc, cc, uc, all}, nil
}

// resultRow is the table row every budget chart shares.
func resultRow(r budget.Result) []export.Cell {
	against := "序时进度"
	if r.PlanBased {
		against = "用款计划"
	}
	var exec, tp *float64
	if r.ExecutionPct != nil {
		e := progress.Round1(*r.ExecutionPct)
		exec = &e
	}
	if r.Budget != nil {
		t := progress.Round1(r.TimeProgressPct)
		tp = &t
	}
	return []export.Cell{export.Text(r.Name), export.NumFixed(r.Budget, 2), export.Fixed(r.Spent, 2), export.Fixed(r.SpentCarryover, 2),
		export.Num(exec), export.Num(tp), export.Text(against), export.Num(r.GapPP), export.Text(r.StatusLabel), export.Text(r.Sentence)}
}

var resultColumns = []string{"项目", "预算（万元）", "支出（万元）", "其中上年结转（万元）", "支出进度（%）", "序时/计划进度（%）", "对照", "差（百分点）", "状态", "表述"}

// executionChart draws 支出进度 bars coloured by status with the time
// progress (or plan) as a line.
func executionChart(id, title, sub string, rows []budget.Result) (Chart, error) {
	t := export.Table{Columns: resultColumns}
	var names []string
	var bars []opts.BarData
	var marks []opts.LineData
	for _, r := range rows {
		t.Rows = append(t.Rows, resultRow(r))
		names = append(names, r.Name)
		if r.ExecutionPct == nil {
			bars = append(bars, opts.BarData{Value: "-"})
		} else {
			bars = append(bars, opts.BarData{Value: progress.Round1(*r.ExecutionPct), ItemStyle: &opts.ItemStyle{Color: StatusColour(r.Color)}})
		}
		marks = append(marks, opts.LineData{Value: progress.Round1(r.TimeProgressPct)})
	}
	h := 80 + 30*len(names)
	if h < 240 {
		h = 240
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, fmt.Sprintf("%dpx", h))),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: sub}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Top: "60", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "%"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, Inverse: opts.Bool(true)}),
	)
	bar.AddSeries("支出进度", bars)
	line := charts.NewLine()
	line.AddSeries("序时进度/用款计划", marks, charts.WithLineChartOpts(opts.LineChart{Step: "middle"}))
	bar.Overlap(line)
	return finish(id, title, bar, &bar.BaseConfiguration, t)
}

// ceilingChart draws each ceiling's budget against what was spent.
func ceilingChart(rows []budget.Result, period string) (Chart, error) {
	id, title := "budget_ceilings", "“三公”经费和机关运行经费"
	t := export.Table{Columns: resultColumns}
	var names []string
	var bud, spent []opts.BarData
	for _, r := range rows {
		t.Rows = append(t.Rows, resultRow(r))
		names = append(names, r.Name)
		bud = append(bud, opts.BarData{Value: f(r.Budget)})
		spent = append(spent, opts.BarData{Value: round2(r.Spent), ItemStyle: &opts.ItemStyle{Color: StatusColour(r.Color)}})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, fmt.Sprintf("%dpx", 100+34*len(names)))),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: period + "支出与预算（上限，万元）：超过即“超预算”"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Top: "60", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "万元"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, Inverse: opts.Bool(true)}),
	)
	bar.AddSeries("预算（上限）", bud)
	bar.AddSeries("支出", spent)
	return finish(id, title, bar, &bar.BaseConfiguration, t)
}

// unitChart draws each budget unit's spending, 本年 and 结转 stacked.
func unitChart(rows []budget.Result, period string) (Chart, error) {
	id, title := "budget_units", "分预算单位支出"
	t := export.Table{Columns: resultColumns}
	var names []string
	var cur, carry []opts.BarData
	for _, r := range rows {
		t.Rows = append(t.Rows, resultRow(r))
		names = append(names, r.Name)
		cur = append(cur, opts.BarData{Value: round2(r.SpentCurrent)})
		carry = append(carry, opts.BarData{Value: round2(r.SpentCarryover)})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, "260px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: period + "（万元；分单位预算未公开，不计算支出进度）"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "6%", Top: "60", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "万元"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, Inverse: opts.Bool(true)}),
	)
	bar.AddSeries("本年资金", cur, charts.WithBarChartOpts(opts.BarChart{Stack: "s"}))
	bar.AddSeries("上年结转", carry, charts.WithBarChartOpts(opts.BarChart{Stack: "s"}))
	return finish(id, title, bar, &bar.BaseConfiguration, t)
}

// linesTable is every judged line, as a table (its chart is a status pie).
func linesTable(rep budget.Report) (Chart, error) {
	id, title := "budget_lines", "预算执行明细"
	t := export.Table{Columns: append([]string{"类别", "层级"}, resultColumns...)}
	counts := map[string]int{}
	groupName := map[budget.Group]string{budget.GroupTotal: "合计", budget.GroupCategory: "支出性质", budget.GroupUnit: "预算单位",
		budget.GroupFunction: "功能分类", budget.GroupProject: "项目", budget.GroupCeiling: "上限控制"}
	for _, r := range append([]budget.Result{rep.Total}, rep.Lines...) {
		t.Rows = append(t.Rows, append([]export.Cell{export.Text(groupName[r.Group]), export.Count(r.Level)}, resultRow(r)...))
		counts[r.Color]++
	}
	pie := charts.NewPie()
	pie.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, "260px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: "各行状态分布"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
	)
	var data []opts.PieData
	for _, l := range []struct{ key, name string }{{"green", "正常/未超预算"}, {"amber", "偏慢/支出偏快"}, {"red", "预警/超预算"}, {"grey", "无数据/未公开预算"}} {
		data = append(data, opts.PieData{Name: l.name, Value: counts[l.key], ItemStyle: &opts.ItemStyle{Color: StatusColour(l.key)}})
	}
	pie.AddSeries("行数", data, donutOpts()...)
	return finish(id, title, pie, &pie.BaseConfiguration, t)
}
