package briefing

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/domain"
	"industrydash/internal/palette"
)

// The workbook's sheet names.
const (
	SheetBriefing  = "简报"
	SheetTargets   = "目标完成情况"
	SheetLagging   = "滞后指标"
	SheetDistricts = "旗县区排名"
	SheetParks     = "园区梯次"
	SheetChart     = "完成率图表"
)

// WriteXLSX writes the briefing as an Excel workbook: the briefing text,
// every target with its figures as numbers (target, actual, completion, time
// progress, gap, status), the lagging targets, the district ranking, the park
// tiers, and a native Excel bar chart of completion against time progress.
func WriteXLSX(w io.Writer, b *Briefing) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f}
	if err := x.build(b); err != nil {
		return fmt.Errorf("write briefing xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write briefing xlsx: %w", err)
	}
	return nil
}

// XLSX returns the workbook (see WriteXLSX).
func XLSX(b *Briefing) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type xlsxWriter struct {
	f                          *excelize.File
	err                        error
	header, num1, wrap, title  int
	green, amber, red, greyish int
}

func (x *xlsxWriter) check(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

func (x *xlsxWriter) style(s *excelize.Style) int {
	id, err := x.f.NewStyle(s)
	x.check(err)
	return id
}

func (x *xlsxWriter) set(sheet string, col, row int, v any) {
	ref, err := excelize.CoordinatesToCellName(col, row)
	x.check(err)
	x.check(x.f.SetCellValue(sheet, ref, v))
}

func (x *xlsxWriter) styleCell(sheet string, col, row, style int) {
	ref, err := excelize.CoordinatesToCellName(col, row)
	x.check(err)
	x.check(x.f.SetCellStyle(sheet, ref, ref, style))
}

// num sets a number cell, or leaves it blank when p is nil (never a zero
// that is not there).
func (x *xlsxWriter) num(sheet string, col, row int, p *float64) {
	if p == nil {
		return
	}
	x.set(sheet, col, row, *p)
	x.styleCell(sheet, col, row, x.num1)
}

func (x *xlsxWriter) statusStyle(key string) int {
	switch key {
	case "green":
		return x.green
	case "amber":
		return x.amber
	case "red":
		return x.red
	}
	return x.greyish
}

// headerRow writes a bold, shaded, frozen header row.
func (x *xlsxWriter) headerRow(sheet string, row int, cols []string, widths []float64) {
	for i, c := range cols {
		x.set(sheet, i+1, row, c)
		x.styleCell(sheet, i+1, row, x.header)
		if i < len(widths) {
			name, _ := excelize.ColumnNumberToName(i + 1)
			x.check(x.f.SetColWidth(sheet, name, name, widths[i]))
		}
	}
	ref, _ := excelize.CoordinatesToCellName(1, row+1)
	x.check(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: ref, ActivePane: "bottomLeft"}))
}

// build writes every sheet of the workbook in order and returns the first
// error met on the way.
func (x *xlsxWriter) build(b *Briefing) error {
	x.styles()
	x.briefingSheet(b)
	x.targetsSheet(b)
	x.laggingSheet(b)
	x.districtsSheet(b)
	x.parksSheet(b)
	x.chartSheet(b)
	x.finish(b)
	return x.err
}

// styles registers the workbook's cell styles: header, one-decimal number,
// wrapped text, title and one bold colour per status.
func (x *xlsxWriter) styles() {
	font := "Noto Sans CJK SC"
	x.header = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: font},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"ECEFF1"}},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	fmt1 := "0.0"
	x.num1 = x.style(&excelize.Style{CustomNumFmt: &fmt1})
	x.wrap = x.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	x.title = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Color: "B71C1C", Family: font}})
	colour := func(c string) int { return x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Color: c}}) }
	x.green, x.amber, x.red, x.greyish = colour(palette.Hex("green")), colour(palette.Hex("amber")), colour(palette.Hex("red")), colour(palette.Hex("grey"))
}

// briefingSheet writes 简报: the same text as the page, one paragraph per
// row, after the title, issuer, heading, data period and notices.
func (x *xlsxWriter) briefingSheet(b *Briefing) {
	x.check(x.f.SetSheetName("Sheet1", SheetBriefing))
	x.check(x.f.SetColWidth(SheetBriefing, "A", "A", 120))
	row := 1
	x.set(SheetBriefing, 1, row, "工业经济运行简报　"+b.IssueLabel())
	x.styleCell(SheetBriefing, 1, row, x.title)
	row++
	x.set(SheetBriefing, 1, row, b.Issuer+"编　"+b.IssueDateLabel())
	row++
	x.set(SheetBriefing, 1, row, b.Heading())
	x.styleCell(SheetBriefing, 1, row, x.header)
	row++
	x.set(SheetBriefing, 1, row, "数据期："+b.DataPeriodLabel()+"　数据截至："+b.AsOfLabel())
	row++
	if b.Demo {
		x.set(SheetBriefing, 1, row, DemoNotice)
		x.styleCell(SheetBriefing, 1, row, x.amber)
		row++
	}
	if s := b.PendingNotice(); s != "" {
		x.set(SheetBriefing, 1, row, s)
		row++
	}
	for _, bl := range outline(b) {
		row = x.outlineBlock(bl, row)
	}
}

// outlineBlock writes one block of the page's outline to 简报 at row and
// returns the next free row; tables and the chart are named by the sheet
// that holds them.
func (x *xlsxWriter) outlineBlock(bl block, row int) int {
	switch bl.Kind {
	case blockHeading, blockSubheading, blockPara, blockItem, blockNote, blockTitle:
		x.set(SheetBriefing, 1, row, bl.Lead+bl.Text+NoteMarks(bl.Notes))
		if bl.Kind == blockHeading || bl.Kind == blockSubheading || bl.Kind == blockTitle {
			x.styleCell(SheetBriefing, 1, row, x.header)
		} else {
			x.styleCell(SheetBriefing, 1, row, x.wrap)
		}
		row++
	case blockTable:
		x.set(SheetBriefing, 1, row, bl.Table.Caption+"（见“"+sheetOfTable(bl.Table.Caption)+"”工作表）")
		row++
	case blockChart:
		x.set(SheetBriefing, 1, row, bl.Text+"（见“"+SheetChart+"”工作表）")
		row++
	}
	return row
}

// targetsSheet writes 目标完成情况: every target with its figures as
// numbers, under an auto-filter.
func (x *xlsxWriter) targetsSheet(b *Briefing) {
	_, err := x.f.NewSheet(SheetTargets)
	x.check(err)
	x.headerRow(SheetTargets, 1, []string{"序号", "产业链/板块", "指标", "指标代码", "单位", "年度目标", "目标值",
		"数据截至（月）", "实际值", "完成率（%）", "序时进度（%）", "与序时进度差（百分点）", "与目标差（百分点）",
		"同比（%）", "状态", "说明"},
		[]float64{6, 14, 34, 30, 9, 18, 10, 9, 11, 10, 10, 12, 12, 10, 9, 80})
	for i, it := range b.Targets {
		x.targetRow(i, it)
	}
	if n := len(b.Targets); n > 0 {
		x.check(x.f.AutoFilter(SheetTargets, fmt.Sprintf("A1:P%d", n+1), nil))
	}
}

// targetRow writes the i-th target (0-based) to its row of 目标完成情况;
// a milestone's actual value is its text, every other one a number.
func (x *xlsxWriter) targetRow(i int, it Item) {
	r, a := i+2, it.Assessment
	x.set(SheetTargets, 1, r, i+1)
	x.set(SheetTargets, 2, r, it.Indicator.Chain)
	x.set(SheetTargets, 3, r, it.Name)
	x.set(SheetTargets, 4, r, it.Indicator.Code)
	x.set(SheetTargets, 5, r, it.Indicator.Unit)
	x.set(SheetTargets, 6, r, it.TargetText)
	x.num(SheetTargets, 7, r, a.Target)
	if a.Month > 0 {
		x.set(SheetTargets, 8, r, a.Month)
	}
	if it.Indicator.Kind == domain.Milestone {
		if a.Value != nil {
			x.set(SheetTargets, 9, r, it.ValueText)
		}
	} else {
		x.num(SheetTargets, 9, r, a.Value)
	}
	x.num(SheetTargets, 10, r, a.CompletionPct)
	x.num(SheetTargets, 11, r, a.TimeProgressPct)
	x.num(SheetTargets, 12, r, a.GapPP)
	x.num(SheetTargets, 13, r, a.VsTargetPP)
	x.num(SheetTargets, 14, r, a.YoYPct)
	x.set(SheetTargets, 15, r, a.StatusLabel)
	x.styleCell(SheetTargets, 15, r, x.statusStyle(a.StatusKey))
	x.set(SheetTargets, 16, r, it.Sentence+NoteMarks(it.Notes))
}

// laggingSheet writes 滞后指标: the lagging targets, or a line saying there
// are none.
func (x *xlsxWriter) laggingSheet(b *Briefing) {
	_, err := x.f.NewSheet(SheetLagging)
	x.check(err)
	x.headerRow(SheetLagging, 1, []string{"序号", "产业链/板块", "指标", "年度目标", "当前", "完成率（%）", "序时进度（%）", "差距", "状态", "后续要求"},
		[]float64{6, 14, 34, 18, 14, 10, 10, 26, 9, 60})
	if len(b.Lagging) == 0 {
		x.set(SheetLagging, 1, 2, "本期没有进度滞后或略慢的指标。")
	}
	for i, l := range b.Lagging {
		r, a := i+2, l.Assessment
		x.set(SheetLagging, 1, r, i+1)
		x.set(SheetLagging, 2, r, l.Indicator.Chain)
		x.set(SheetLagging, 3, r, l.Name)
		x.set(SheetLagging, 4, r, l.TargetText)
		x.set(SheetLagging, 5, r, l.ValueText)
		x.num(SheetLagging, 6, r, a.CompletionPct)
		x.num(SheetLagging, 7, r, a.TimeProgressPct)
		x.set(SheetLagging, 8, r, l.GapText)
		x.set(SheetLagging, 9, r, a.StatusLabel)
		x.styleCell(SheetLagging, 9, r, x.statusStyle(a.StatusKey))
		x.set(SheetLagging, 10, r, l.Pace)
	}
}

// districtsSheet writes 旗县区排名, when the briefing has a district
// ranking: its title, the ranked rows, the lead and the remainder.
func (x *xlsxWriter) districtsSheet(b *Briefing) {
	d := b.Districts
	if d == nil {
		return
	}
	_, err := x.f.NewSheet(SheetDistricts)
	x.check(err)
	x.set(SheetDistricts, 1, 1, d.Title)
	x.styleCell(SheetDistricts, 1, 1, x.title)
	x.headerRow(SheetDistricts, 2, []string{"排名", "地区", "累计（" + d.Indicator.Unit + "）", "同比增速（%）", "完成率（%）", "与序时进度差（百分点）"},
		[]float64{8, 26, 14, 14, 12, 16})
	for i, dr := range d.Rows {
		r := i + 3
		if dr.Rank > 0 {
			x.set(SheetDistricts, 1, r, dr.Rank)
		} else {
			x.set(SheetDistricts, 1, r, "—")
		}
		x.set(SheetDistricts, 2, r, dr.Name)
		x.num(SheetDistricts, 3, r, dr.Value)
		x.num(SheetDistricts, 4, r, dr.YoYPct)
		x.num(SheetDistricts, 5, r, dr.CompletionPct)
		x.num(SheetDistricts, 6, r, dr.GapPP)
	}
	r := len(d.Rows) + 4
	x.set(SheetDistricts, 1, r, d.Lead)
	if d.Remainder != "" {
		x.set(SheetDistricts, 1, r+1, d.Remainder)
	}
}

// parksSheet writes 园区梯次, when the briefing has park tiers: one row per
// tier, then the total and the basis.
func (x *xlsxWriter) parksSheet(b *Briefing) {
	p := b.Parks
	if p == nil {
		return
	}
	_, err := x.f.NewSheet(SheetParks)
	x.check(err)
	x.headerRow(SheetParks, 1, []string{"梯次", "目标", "现有", "园区", "状态", "说明"}, []float64{34, 12, 10, 50, 9, 60})
	for i, l := range p.Tiers {
		r := i + 2
		x.set(SheetParks, 1, r, l.Name)
		x.set(SheetParks, 2, r, l.TargetText)
		x.set(SheetParks, 3, r, l.CountText)
		x.set(SheetParks, 4, r, l.Parks)
		x.set(SheetParks, 5, r, l.StatusLabel)
		x.styleCell(SheetParks, 5, r, x.statusStyle(l.StatusKey))
		x.set(SheetParks, 6, r, l.Sentence)
	}
	r := len(p.Tiers) + 3
	if p.Total != "" {
		x.set(SheetParks, 1, r, p.Total)
		r++
	}
	x.set(SheetParks, 1, r, p.Basis)
}

// chartSheet writes 完成率图表: the chart's data and a native bar chart, or
// a line saying no target has a completion to chart.
func (x *xlsxWriter) chartSheet(b *Briefing) {
	_, err := x.f.NewSheet(SheetChart)
	x.check(err)
	// Columns E-G split the completion by status, so that each bar takes
	// its status colour; the 序时进度 bar is drawn behind them (overlap 100),
	// so a shortfall shows as grey beyond the coloured bar.
	x.headerRow(SheetChart, 1, []string{"指标", "完成率（%）", "序时进度（%）", "状态", "完成率：达标/超进度", "完成率：略慢", "完成率：滞后"},
		[]float64{34, 12, 12, 10, 12, 12, 12})
	statusCol := map[string]int{"green": 5, "amber": 6, "red": 7}
	for i, c := range b.Chart {
		r := i + 2
		x.set(SheetChart, 1, r, c.Label)
		x.num(SheetChart, 2, r, &c.CompletionPct)
		x.num(SheetChart, 3, r, &c.TimeProgress)
		x.set(SheetChart, 4, r, c.StatusLabel)
		x.styleCell(SheetChart, 4, r, x.statusStyle(c.StatusKey))
		if col, ok := statusCol[c.StatusKey]; ok {
			x.num(SheetChart, col, r, &c.CompletionPct)
		}
	}
	if n := len(b.Chart); n > 0 {
		x.barChart(b, n)
	} else {
		x.set(SheetChart, 1, 2, "本期没有可计算完成率的产值类目标。")
	}
}

// barChart adds the bar chart of completion against time progress over the
// n data rows of 完成率图表: the grey 序时进度 series behind one series per
// status colour.
func (x *xlsxWriter) barChart(b *Briefing, n int) {
	last := n + 1
	ref := func(col string) string { return fmt.Sprintf("'%s'!$%s$2:$%s$%d", SheetChart, col, col, last) }
	gap, overlap, vary := uint(50), 100, false
	series := []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$C$1", SheetChart), Categories: ref("A"), Values: ref("C"),
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"CFD8DC"}}}}
	for _, st := range []struct{ col, key string }{{"E", "green"}, {"F", "amber"}, {"G", "red"}} {
		series = append(series, excelize.ChartSeries{Name: fmt.Sprintf("'%s'!$%s$1", SheetChart, st.col), Categories: ref("A"), Values: ref(st.col),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{palette.Hex(st.key)}}})
	}
	x.check(x.f.AddChart(SheetChart, "I2", &excelize.Chart{
		Type:       excelize.Bar,
		Series:     series,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "主要产值类目标完成率与序时进度（" + b.Period.ShortLabel() + "）"}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		XAxis:      excelize.ChartAxis{ReverseOrder: true},
		YAxis:      excelize.ChartAxis{MajorGridLines: true},
		Dimension:  excelize.ChartDimension{Width: 720, Height: uint(160 + 36*n)},
		GapWidth:   &gap,
		Overlap:    &overlap,
		VaryColors: &vary,
	}))
}

// finish fits every sheet to the page (the tables landscape), makes 简报
// the active sheet and sets the document properties.
func (x *xlsxWriter) finish(b *Briefing) {
	f := x.f
	for _, sh := range f.GetSheetList() {
		x.printFit(sh, sh != SheetBriefing)
	}
	idx, err := f.GetSheetIndex(SheetBriefing)
	x.check(err)
	f.SetActiveSheet(idx)
	x.check(f.SetDocProps(&excelize.DocProperties{Title: b.Title, Creator: b.Issuer, Language: "zh-CN"}))
}

// printFit sets a sheet to print on A4 fitted to one page wide (as many
// pages tall as needed), landscape for the wide tables.
func (x *xlsxWriter) printFit(sheet string, landscape bool) {
	a4, one, any := 9, 1, 0
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	x.check(x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &one, FitToHeight: &any}))
	fit := true
	x.check(x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
}

// sheetOfTable names the sheet that holds a table of the page.
func sheetOfTable(caption string) string {
	switch {
	case strings.Contains(caption, "滞后"):
		return SheetLagging
	case strings.Contains(caption, "旗县区"):
		return SheetDistricts
	case strings.Contains(caption, "园区"):
		return SheetParks
	}
	return SheetTargets
}
