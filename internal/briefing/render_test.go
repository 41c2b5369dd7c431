package briefing_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/briefing"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
	"industrydash/internal/progress"
	"industrydash/seeds"
	"industrydash/seeds/demo"
)

// The acceptance figures of the rare-earth May case, in the engine's words.
var acceptance = []string{"稀土产业产值", "45.2%", "超序时进度3.5个百分点"}

var (
	tagRE   = regexp.MustCompile(`(?s)<[^>]*>`)
	paraRE  = regexp.MustCompile(`(?s)<(h1|h2|h3|p)\b[^>]*>(.*?)</(?:h1|h2|h3|p)>`)
	spaceRE = regexp.MustCompile(`\s+`)
)

// htmlParagraphs returns the text of the page's headings and paragraphs.
func htmlParagraphs(page []byte) []string {
	var out []string
	for _, m := range paraRE.FindAllSubmatch(page, -1) {
		out = append(out, strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(string(m[2]), ""))))
	}
	return out
}

func TestHTMLIsPrintReady(t *testing.T) {
	_, _, b := rareEarthMay(t)
	b.Appendix = true // the chart is in the 附表
	page, err := briefing.HTML(b)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{"@page", "size: A4", `"Noto Sans CJK SC"`, "@media print", `name="viewport"`,
		"<svg", b.Title, b.Headline, findItem(t, b, "rare_earth.output_value").Sentence, "<sup>[1]</sup>",
		"含新投产企业产值，已与统计局核对", "序时进度为41.7%"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "http://", "https://", "示例数据"} {
		if strings.Contains(strings.ReplaceAll(s, `xmlns="http://www.w3.org/2000/svg"`, ""), banned) {
			t.Errorf("page contains %q (must be self-contained; no demo label without demo data)", banned)
		}
	}
}

// docxText opens a .docx, parses every XML part (failing on any that is not
// well-formed) and returns the text of word/document.xml paragraph by paragraph.
func docxText(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	names := map[string]bool{}
	var paras []string
	for _, f := range zr.File {
		names[f.Name] = true
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(rc)
		var cur strings.Builder
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
			if f.Name != "word/document.xml" {
				continue
			}
			switch tk := tok.(type) {
			case xml.StartElement:
				inText = tk.Name.Local == "t"
				if tk.Name.Local == "p" {
					cur.Reset()
				}
			case xml.EndElement:
				if tk.Name.Local == "t" {
					inText = false
				}
				if tk.Name.Local == "p" {
					paras = append(paras, cur.String())
				}
			case xml.CharData:
				if inText {
					cur.Write(tk)
				}
			}
		}
		rc.Close()
	}
	for _, part := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
		if !names[part] {
			t.Errorf("docx lacks the part %s", part)
		}
	}
	return paras
}

func TestDOCXMatchesHTML(t *testing.T) {
	_, _, b := rareEarthMay(t)
	b.Appendix = true // with every table
	page, err := briefing.HTML(b)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := briefing.DOCX(b)
	if err != nil {
		t.Fatal(err)
	}
	paras := docxText(t, doc)
	if len(paras) < 10 {
		t.Fatalf("docx has %d paragraphs; want an editable document with the briefing's paragraphs", len(paras))
	}
	inDoc := map[string]bool{}
	for _, p := range paras {
		inDoc[strings.TrimPrefix(p, "● ")] = true
	}
	for _, p := range htmlParagraphs(page) {
		if !inDoc[p] {
			t.Errorf("paragraph of the page missing from the docx: %q", p)
		}
	}
	checkDOCXTables(t, doc)
	all := strings.Join(paras, "\n")
	for _, want := range append(acceptance, b.Heading(), b.IssueLabel(), "四、下步工作建议", briefing.ChartCaption+"：数据", "附表2  各旗县区规上工业总产值增速排名（1—5月）", "昆都仑区", "工业总产值超千亿元园区个数") {
		if !strings.Contains(all, want) {
			t.Errorf("docx lacks %q", want)
		}
	}
}

// checkDOCXTables checks that every table row has as many cells as the
// table's grid has columns: Word refuses or mangles tables that do not.
func checkDOCXTables(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	tables, grid, cells := 0, 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "tbl":
				tables, grid = tables+1, 0
			case "gridCol":
				grid++
			case "tr":
				cells = 0
			case "tc":
				cells++
			}
		case xml.EndElement:
			if tk.Name.Local == "tr" && cells != grid {
				t.Errorf("table %d: a row has %d cells, the grid %d columns", tables, cells, grid)
			}
		}
	}
	if tables < 2 {
		t.Errorf("docx has %d tables; want the chart data, district ranking and park tiers as tables", tables)
	}
}

func TestXLSXTablesAndChart(t *testing.T) {
	_, _, b := rareEarthMay(t)
	data, err := briefing.XLSX(b)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("workbook does not open: %v", err)
	}
	defer f.Close()
	want := []string{briefing.SheetBriefing, briefing.SheetTargets, briefing.SheetLagging, briefing.SheetDistricts, briefing.SheetParks, briefing.SheetChart}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows, err := f.GetRows(briefing.SheetTargets)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var re []string
	for _, r := range rows[1:] {
		if len(r) > col["指标代码"] && r[col["指标代码"]] == "rare_earth.output_value" {
			re = r
		}
	}
	if re == nil {
		t.Fatal("no rare-earth row in the targets sheet")
	}
	a := findItem(t, b, "rare_earth.output_value").Assessment
	cells := []struct {
		header string
		want   string
	}{
		{"指标", "稀土产业产值"},
		{"目标值", "1000.0"},
		{"实际值", "452.0"},
		{"完成率（%）", progress.FormatNumber(*a.CompletionPct)},
		{"序时进度（%）", progress.FormatNumber(*a.TimeProgressPct)},
		{"与序时进度差（百分点）", progress.FormatNumber(*a.GapPP)},
		{"状态", a.StatusLabel},
	}
	for _, c := range cells {
		i, ok := col[c.header]
		if !ok || i >= len(re) {
			t.Errorf("no column %q", c.header)
			continue
		}
		if re[i] != c.want {
			t.Errorf("%s = %q, want %q", c.header, re[i], c.want)
		}
	}
	if re[col["完成率（%）"]] != "45.2" || re[col["与序时进度差（百分点）"]] != "3.5" {
		t.Errorf("completion %q gap %q, want 45.2 and 3.5", re[col["完成率（%）"]], re[col["与序时进度差（百分点）"]])
	}
	// The stored value keeps full precision; only the display rounds.
	raw, err := f.GetCellValue(briefing.SheetTargets, cellRef(t, col["完成率（%）"], rowIndex(rows, re)), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := strconv.ParseFloat(raw, 64); err != nil || v != 45.2 {
		t.Errorf("raw completion %q, want the number 45.2", raw)
	}
	text, err := f.GetRows(briefing.SheetBriefing)
	if err != nil {
		t.Fatal(err)
	}
	var joined []string
	for _, r := range text {
		joined = append(joined, strings.Join(r, ""))
	}
	if s := strings.Join(joined, "\n"); !strings.Contains(s, findItem(t, b, "rare_earth.output_value").Sentence) {
		t.Errorf("briefing sheet lacks the rare-earth sentence:\n%s", s)
	}

	// A native chart: a chart part referenced from the chart sheet's drawing.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var chart, drawing bool
	for _, zf := range zr.File {
		switch {
		case strings.HasPrefix(zf.Name, "xl/charts/chart") && strings.HasSuffix(zf.Name, ".xml"):
			rc, _ := zf.Open()
			body, _ := io.ReadAll(rc)
			rc.Close()
			chart = bytes.Contains(body, []byte("barChart>")) && bytes.Contains(body, []byte(`<barDir val="bar">`)) && bytes.Contains(body, []byte(briefing.SheetChart))
		case strings.HasPrefix(zf.Name, "xl/drawings/drawing"):
			drawing = true
		}
	}
	if !chart || !drawing {
		t.Errorf("workbook chart part %v, drawing %v: want a native bar chart over the chart sheet", chart, drawing)
	}
}

func rowIndex(rows [][]string, r []string) int {
	for i := range rows {
		if len(rows[i]) > 0 && &rows[i][0] == &r[0] {
			return i + 1
		}
	}
	return 0
}

func cellRef(t *testing.T, col0, row int) string {
	t.Helper()
	ref, err := excelize.CoordinatesToCellName(col0+1, row)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

// needPDFTools skips (loudly) without Chromium or pdftotext, and fails under
// CI=true, where both must be installed.
func needPDFTools(t *testing.T) {
	t.Helper()
	var missing []string
	if _, err := briefing.ChromiumPath(); err != nil {
		missing = append(missing, "chromium (scripts/ensure-chromium.sh)")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		missing = append(missing, "pdftotext (apt-get install poppler-utils)")
	}
	if len(missing) == 0 {
		return
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatalf("PDF test needs %s (CI=true, so this fails instead of skipping)", strings.Join(missing, ", "))
	}
	t.Skipf("SKIPPED: PDF test needs %s", strings.Join(missing, ", "))
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "briefing.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return spaceRE.ReplaceAllString(string(out), "")
}

func TestPDFCarriesTheBriefing(t *testing.T) {
	needPDFTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a safety net, not an assertion
	defer cancel()

	_, _, b := rareEarthMay(t)
	pdf, err := briefing.PDF(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	text := pdfText(t, pdf)
	for _, want := range append(acceptance, "稀土", "全市工业经济运行情况", "工业经济运行简报", "完成年度目标的45.2%", "包头市工业和信息化局") {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "示例数据") {
		t.Error("PDF says 示例数据 without demo data")
	}
	// A4 portrait: 595 × 842 points.
	if m := regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)`).FindSubmatch(pdf); m == nil {
		t.Error("no page size in the PDF")
	} else if w, _ := strconv.ParseFloat(string(m[1]), 64); w < 590 || w > 600 {
		t.Errorf("page width %s pt, want A4 (595)", m[1])
	}
}

func TestPDFWithoutChromium(t *testing.T) {
	t.Setenv(briefing.ChromiumPathEnv, filepath.Join(t.TempDir(), "no-such-chromium"))
	_, _, b := rareEarthMay(t)
	_, err := briefing.PDF(context.Background(), b)
	if !errors.Is(err, briefing.ErrNoPDFEngine) {
		t.Fatalf("err %v, want ErrNoPDFEngine", err)
	}
	for _, want := range []string{"Chromium", "scripts/ensure-chromium.sh", "PDF"} {
		if !strings.Contains(msg.Text(err), want) {
			t.Errorf("message %q should say %q", msg.Text(err), want)
		}
	}
}

// TestDemoLabelInEveryFormat: demo data are labelled 示例数据 everywhere.
func TestDemoLabelInEveryFormat(t *testing.T) {
	st := openStore(t)
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	appendObs(t, st, demo.Generate(cat, demo.Options{Seed: 7, Through: domain.Month(2024, 10)})...)
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	b, err := briefing.Compose(context.Background(), svc, monitor.Query{Year: 2024, Month: 10},
		briefing.Options{Now: func() time.Time { return time.Date(2024, 11, 20, 9, 0, 0, 0, domain.Beijing) }})
	if err != nil {
		t.Fatal(err)
	}
	page, err := briefing.HTML(b)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := briefing.DOCX(b)
	if err != nil {
		t.Fatal(err)
	}
	book, err := briefing.XLSX(b)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(briefing.SheetBriefing)
	var sheet []string
	for _, r := range rows {
		sheet = append(sheet, strings.Join(r, ""))
	}
	formats := map[string]string{
		"html": string(page),
		"docx": strings.Join(docxText(t, doc), "\n"),
		"xlsx": strings.Join(sheet, "\n"),
	}
	for name, text := range formats {
		if !strings.Contains(text, briefing.DemoNotice) {
			t.Errorf("%s lacks the 示例数据 label", name)
		}
		if len(b.Lagging) > 0 && !strings.Contains(text, b.Lagging[0].Name) {
			t.Errorf("%s lacks the first lagging target %s", name, b.Lagging[0].Name)
		}
	}
	if os.Getenv("BRIEFING_ARTIFACTS") != "" { // for a look by eye: BRIEFING_ARTIFACTS=dir go test
		dir := os.Getenv("BRIEFING_ARTIFACTS")
		_ = os.WriteFile(filepath.Join(dir, "demo.html"), page, 0o644)
		_ = os.WriteFile(filepath.Join(dir, "demo.docx"), doc, 0o644)
		_ = os.WriteFile(filepath.Join(dir, "demo.xlsx"), book, 0o644)
	}
}
