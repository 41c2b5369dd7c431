package budgetdoc_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/budget"
	"industrydash/internal/budgetdoc"
	"industrydash/seeds"
)

func form(t *testing.T) budget.MonitorForm {
	t.Helper()
	b, err := seeds.BuiltinBudget(2024)
	if err != nil {
		t.Fatal(err)
	}
	pays := []budget.Payment{{Year: 2024, Unit: "dsj", FunctionCode: "2150550", Project: "prj.dengbao", Source: budget.SourceCurrent,
		From: 1, To: 6, ValueType: budget.ValueYTD, Amount: 2.5}}
	rep, err := budget.Execute(*b, nil, pays, 6, budget.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	f, err := budget.BuildMonitorForm(*b, rep, "prj.dengbao", []budget.MonitorEntry{
		{Index: 0, Progress: "已为76个网站提供服务", Estimate: "76个"},
		{Index: 1, Progress: "测评进行中", Estimate: "年底前通过", Reason: "测评机构排期", Measure: "9月底前完成整改"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMonitorForm(t *testing.T) {
	f := form(t)
	if f.Budget != 5 || f.Spent != 2.5 || *f.ExecutionPct != 50 || f.Unit != "包头市大数据中心" || f.EstimateFullYear != 5 {
		t.Errorf("budget block %+v", f)
	}
	if len(f.Rows) != 2 || f.Rows[0].Level1 != "产出指标" || f.Rows[0].Level2 != "数量指标" || f.Rows[0].Target != "76个" || f.Rows[1].Measure != "9月底前完成整改" {
		t.Errorf("rows %+v", f.Rows)
	}
	b, _ := seeds.BuiltinBudget(2024)
	if _, err := budget.BuildMonitorForm(*b, budget.Report{}, "exp.basic", nil); err == nil {
		t.Error("a line without performance targets has no form")
	}
	if n := len(budget.MonitorProjects(*b)); n != 6 {
		t.Errorf("%d projects with performance targets, want 6", n)
	}
}

func TestMonitorXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := budgetdoc.WriteXLSX(&buf, form(t)); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("绩效运行监控表")
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, w := range []string{"绩效运行监控表（2024年1—6月）", "年度资金总额|5.00|2.50|50.0%|50.0%|5.00", "产出指标|数量指标|提供技术支撑服务的政务网站数|76个|已为76个网站提供服务|76个",
		"测评机构排期|9月底前完成整改", "实施单位"} {
		if !strings.Contains(text, w) {
			t.Errorf("xlsx lacks %q:\n%s", w, text)
		}
	}
	merged, _ := x.GetMergeCells("绩效运行监控表")
	if len(merged) < 3 {
		t.Errorf("standard layout has merged title and section rows: %d merges", len(merged))
	}
}

func TestMonitorDOCX(t *testing.T) {
	var buf bytes.Buffer
	if err := budgetdoc.WriteDOCX(&buf, form(t)); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			doc, _ = io.ReadAll(rc)
		}
	}
	if doc == nil {
		t.Fatal("no word/document.xml")
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	var texts []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml is not well-formed: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			texts = append(texts, string(cd))
		}
	}
	all := strings.Join(texts, "|")
	for _, w := range []string{"绩效运行监控表（2024年1—6月）", "年度资金总额|5.00|2.50|50.0%", "政务网站站群系统通过等保三级测评|通过|测评进行中", `w:orient="landscape"`} {
		if !strings.Contains(all, w) && !strings.Contains(string(doc), w) {
			t.Errorf("docx lacks %q", w)
		}
	}
}
