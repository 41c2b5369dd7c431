package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"industrydash/internal/store"
	"industrydash/internal/testenv/browser"
)

// TestImportPreviewInHeadlessChromium: an analyst chooses a statistics
// workbook (two-row merged header, a district sheet, an explanation sheet)
// on the real 数据导入 page, previews it, maps the name the catalogue does
// not know, saves the layout and confirms; the figures reach the API.
func TestImportPreviewInHeadlessChromium(t *testing.T) {
	e := newEnv(t, false)
	ck, _ := e.session(t, store.RoleAnalyst, "")
	appCookies.Store(e.App, ck)
	f := excelize.NewFile()
	rows := [][]any{
		{"2024年1—10月包头市规模以上工业主要指标"},
		{"指标名称", "计量单位", "绝对数", nil, "增长（%）", nil},
		{nil, nil, "10月", "1—10月", "10月", "1—10月"},
		{"规模以上工业增加值", "%", "—", "—", 8.5, 12.3},
		{"规上工业产值（现价）", "亿元", 520.3, 5003.2, 5.1, 9.8},
		{"注：增加值增速按可比价计算。"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "F1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "D2"}, {"E2", "F2"}} {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("说明"); err != nil {
		t.Fatal(err)
	}
	_ = f.SetCellValue("说明", "A1", "资料来源：包头市统计局")
	path := filepath.Join(t.TempDir(), "统计月报.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}

	base := serve(t, e.App)
	b := browser.New(t, browser.WindowSize(1400, 1000))
	loginBrowser(b, base, "analyst")
	b.Navigate(base + "/import")
	b.Do(chromedp.SetUploadFiles(`input[type="file"]`, []string{path}),
		chromedp.Click(`#import-preview`), chromedp.WaitVisible(`#import-preview-result`))
	preview := browser.Eval[string](b, `document.querySelector("#import-preview-result").textContent`)
	for _, want := range []string{"尚未导入", "规模以上工业增加值增速", "12.3", "工作表“说明”未读取", "规上工业产值(现价)"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q: %s", want, preview)
		}
	}
	b.Screenshot("import_preview")
	b.Do(chromedp.SendKeys(`input.map-to`, "industry.output_value"),
		chromedp.SendKeys(`input[name="layout"]`, "统计局月报"),
		chromedp.Click(`#import-confirm-button`), chromedp.WaitVisible(`#import-notes`))
	done := browser.Eval[string](b, `document.querySelector("main").textContent`)
	if !strings.Contains(done, "新增 4 条") || !strings.Contains(done, "已保存导入模板“统计局月报”") {
		t.Errorf("after confirming: %s", done)
	}
	pr := apiProgress(t, base, "year=2024&period=2024-10")
	found := false
	for _, p := range pr.Progress {
		if p.Indicator == "industry.output_value" && strings.Contains(p.Sentence, "5003.2亿元") {
			found = true
		}
	}
	if !found {
		t.Error("规上工业总产值 1—10月 5003.2 not in /api/v1/progress")
	}
}
