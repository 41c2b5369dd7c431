// Package budgetdoc writes the 绩效运行监控表 (双监控 form) as Excel and Word
// documents in the standard layout: a title, the project's particulars, the
// budget execution block and the performance indicator block, with the
// columns the implementing unit fills in left editable.
package budgetdoc

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/budget"
	"industrydash/internal/progress"
)

// formTable is the form as rows of cells, shared by both writers. A cell's
// span says how many columns it covers (1 when zero).
type cell struct {
	text string
	span int
	bold bool
}

func pct(p *float64) string {
	if p == nil {
		return "—"
	}
	return progress.FormatPct(*p)
}

func amount(v float64) string { return budget.FormatMoney(v) }

// The form has 8 columns.
const cols = 8

func rows(f budget.MonitorForm) [][]cell {
	period := f.PeriodLabel
	if period == "" {
		period = "截至目前"
	}
	against := "序时进度"
	if f.PlanBased {
		against = "用款计划进度"
	}
	out := [][]cell{
		{{text: "项目名称", bold: true}, {text: f.Name, span: 7}},
		{{text: "主管部门", bold: true}, {text: f.Department, span: 3}, {text: "实施单位", bold: true}, {text: f.Unit, span: 3}},
		{{text: "预算执行情况（万元）", bold: true, span: 8}},
		{{text: "项目资金", bold: true}, {text: "年度预算数", bold: true}, {text: period + "执行数", bold: true}, {text: "执行率", bold: true},
			{text: against, bold: true}, {text: "全年预计执行数", bold: true}, {text: "偏差原因", bold: true}, {text: "纠偏措施", bold: true}},
		{{text: "年度资金总额"}, {text: amount(f.Budget)}, {text: amount(f.Spent)}, {text: pct(f.ExecutionPct)},
			{text: progress.FormatPct(f.TimeProgressPct)}, {text: amount(f.EstimateFullYear)}, {text: f.Reason}, {text: f.Measure}},
		{{text: "其中：本年财政拨款"}, {text: ""}, {text: amount(f.SpentCurrent)}, {text: ""}, {text: ""}, {text: ""}, {text: ""}, {text: ""}},
		{{text: "　　　上年结转资金"}, {text: ""}, {text: amount(f.SpentCarryover)}, {text: ""}, {text: ""}, {text: ""}, {text: ""}, {text: ""}},
		{{text: "绩效指标完成情况", bold: true, span: 8}},
		{{text: "一级指标", bold: true}, {text: "二级指标", bold: true}, {text: "三级指标", bold: true}, {text: "年度指标值", bold: true},
			{text: period + "执行情况", bold: true}, {text: "全年预计完成情况", bold: true}, {text: "偏差原因分析", bold: true}, {text: "纠偏措施", bold: true}},
	}
	for _, r := range f.Rows {
		out = append(out, []cell{{text: r.Level1}, {text: r.Level2}, {text: r.Name}, {text: r.Target},
			{text: r.Progress}, {text: r.Estimate}, {text: r.Reason}, {text: r.Measure}})
	}
	out = append(out, []cell{{text: "执行情况说明", bold: true}, {text: f.Sentence, span: 7}})
	return out
}

// WriteXLSX writes the form as a one-sheet workbook.
func WriteXLSX(w io.Writer, f budget.MonitorForm) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := "绩效运行监控表"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("monitor xlsx: %w", err)
	}
	title, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}
	plain, _ := x.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	bold, _ := x.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEEEEE"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}})
	last, _ := excelize.CoordinatesToCellName(cols, 1)
	if err := x.MergeCell(sheet, "A1", last); err != nil {
		return fmt.Errorf("monitor xlsx: %w", err)
	}
	_ = x.SetCellValue(sheet, "A1", f.Title())
	_ = x.SetCellStyle(sheet, "A1", last, title)
	for i, r := range rows(f) {
		row := i + 2
		col := 1
		for _, c := range r {
			span := max(c.span, 1)
			a, _ := excelize.CoordinatesToCellName(col, row)
			b, _ := excelize.CoordinatesToCellName(col+span-1, row)
			if span > 1 {
				if err := x.MergeCell(sheet, a, b); err != nil {
					return fmt.Errorf("monitor xlsx: %w", err)
				}
			}
			_ = x.SetCellValue(sheet, a, c.text)
			st := plain
			if c.bold {
				st = bold
			}
			_ = x.SetCellStyle(sheet, a, b, st)
			col += span
		}
	}
	_ = x.SetColWidth(sheet, "A", "B", 16)
	_ = x.SetColWidth(sheet, "C", "C", 30)
	_ = x.SetColWidth(sheet, "D", "F", 14)
	_ = x.SetColWidth(sheet, "G", "H", 24)
	_ = x.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: ptr("landscape"), Size: ptr(9)})
	return x.Write(w)
}

func ptr[T any](v T) *T { return &v }

// WriteDOCX writes the form as an editable Word document (landscape A4, one
// table), as plain WordprocessingML.
func WriteDOCX(w io.Writer, f budget.MonitorForm) error {
	var body strings.Builder
	body.WriteString(`<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t>` + esc(f.Title()) + `</w:t></w:r></w:p>`)
	body.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		body.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	body.WriteString(`</w:tblBorders></w:tblPr><w:tblGrid>`)
	for i := 0; i < cols; i++ {
		body.WriteString(`<w:gridCol w:w="1800"/>`)
	}
	body.WriteString(`</w:tblGrid>`)
	for _, r := range rows(f) {
		body.WriteString(`<w:tr>`)
		for _, c := range r {
			body.WriteString(`<w:tc><w:tcPr>`)
			if c.span > 1 {
				fmt.Fprintf(&body, `<w:gridSpan w:val="%d"/>`, c.span)
			}
			if c.bold {
				body.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>`)
			}
			body.WriteString(`</w:tcPr><w:p><w:r>`)
			if c.bold {
				body.WriteString(`<w:rPr><w:b/></w:rPr>`)
			}
			body.WriteString(`<w:t xml:space="preserve">` + esc(c.text) + `</w:t></w:r></w:p></w:tc>`)
		}
		body.WriteString(`</w:tr>`)
	}
	body.WriteString(`</w:tbl>`)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
		`<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>` +
		`</w:body></w:document>`
	return writeDocx(w, doc)
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
