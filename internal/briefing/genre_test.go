package briefing_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
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

	"industrydash/internal/app"
	"industrydash/internal/briefing"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/testenv/browser"
	"industrydash/internal/testenv/office"
	"industrydash/seeds"
	"industrydash/seeds/demo"
)

// sectionHeadings are the four headings of the genre, in order.
var sectionHeadings = []string{"一、总体情况", "二、重点产业", "三、存在问题", "四、下步工作建议"}

// demoBriefing composes the 1—10月 briefing over the full demo data set:
// every target has figures, many lag, so the body is as long as it gets.
func demoBriefing(t *testing.T, appendix bool) *briefing.Briefing {
	t.Helper()
	return composeDemo(t, appendix, 1)
}

// laggingBriefing is the demo briefing of a bad year: every amount of 2024
// at 55% of the demo's, so most flow targets lag far behind 序时进度 and the
// 存在问题 lists are as long as they get.
func laggingBriefing(t *testing.T) *briefing.Briefing {
	t.Helper()
	return composeDemo(t, false, 0.55)
}

// composeDemo composes the 1—10月 briefing over the demo data set with this
// year's flow amounts scaled by scale.
func composeDemo(t *testing.T, appendix bool, scale float64) *briefing.Briefing {
	t.Helper()
	return composeCase(t, layoutCase{appendix: appendix, scale: scale, month: 10})
}

// layoutCase is one data set the two-page rule is checked on.
type layoutCase struct {
	name     string
	appendix bool
	scale    float64 // this year's flow amounts × scale
	month    int     // the data month
	issuer   string  // "" for the default
	issued   time.Time
	// notes puts an explanation (说明) on every city figure of the month,
	// so the body has as many footnotes as targets.
	notes bool
	// demo loads the demo as the product does (app.LoadDemo): its
	// enterprises and its project register too, so the 简报 has the project
	// lists' group.
	demo bool
}

func composeCase(t *testing.T, c layoutCase) *briefing.Briefing {
	t.Helper()
	st := openStore(t)
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	if c.demo {
		if err := st.PutOrgUnits(context.Background(), demo.Enterprises(cat)); err != nil {
			t.Fatal(err)
		}
		reg, err := demo.Register(cat)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.LoadProjects(context.Background(), st, reg); err != nil {
			t.Fatal(err)
		}
		cat = cat.WithProjects(reg)
	}
	obs := demo.Generate(cat, demo.Options{Seed: 7, Through: domain.Month(2024, c.month)})
	for i := range obs {
		if ind, ok := cat.Indicator(obs[i].Indicator); ok && ind.Kind == domain.Flow && obs[i].Period.Year == 2024 {
			obs[i].Value *= c.scale
			obs[i].SubmittedValue *= c.scale
		}
		if c.notes && obs[i].OrgUnit == domain.CityCode && obs[i].Period.Year == 2024 && obs[i].Period.To == c.month {
			obs[i].Note = "受主要企业检修、订单变化和价格波动影响，本月数据与去年同期相比变动较大，已与企业核实"
		}
	}
	appendObs(t, st, obs...)
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	issued := c.issued
	if issued.IsZero() {
		issued = time.Date(2024, time.Month(c.month+1), 20, 9, 0, 0, 0, domain.Beijing)
	}
	b, err := briefing.Compose(context.Background(), svc, monitor.Query{Year: 2024, Month: c.month},
		briefing.Options{Observations: st, Appendix: c.appendix, Issuer: c.issuer,
			Now: func() time.Time { return issued }})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// layoutCases are the data sets the body must fit two pages on: the demo,
// a lagging year, a year where nearly every target is red, one with an
// explanation on every figure, a long issuing organ and a long date.
func layoutCases(t *testing.T) []struct {
	name string
	b    *briefing.Briefing
} {
	long := "包头市工业和信息化局（包头市中小企业服务局、包头市国防科技工业办公室）经济运行科"
	var out []struct {
		name string
		b    *briefing.Briefing
	}
	for _, c := range []layoutCase{
		{name: "briefing", scale: 1, month: 10},
		{name: "briefing_lagging", scale: 0.55, month: 10},
		{name: "briefing_nov", scale: 1, month: 11, demo: true},
		{name: "briefing_red", scale: 0.2, month: 11, issuer: long, issued: time.Date(2024, 12, 31, 23, 59, 0, 0, domain.Beijing)},
		{name: "briefing_notes", scale: 0.4, month: 9, notes: true, issuer: long},
	} {
		out = append(out, struct {
			name string
			b    *briefing.Briefing
		}{c.name, composeCase(t, c)})
	}
	return out
}

func TestGenreStructure(t *testing.T) {
	b := demoBriefing(t, false)
	if b.IssueLabel() != "2024年第10期" || b.IssueDateLabel() != "2024年11月20日" || b.DataPeriodLabel() != "2024年1—10月" {
		t.Errorf("header: %q %q %q", b.IssueLabel(), b.IssueDateLabel(), b.DataPeriodLabel())
	}
	if n := len(b.Key); n < 4 || n > 6 {
		t.Errorf("%d headline figures, want 4-6", n)
	}
	var keys []string
	for _, k := range b.Key {
		keys = append(keys, k.Indicator.Code)
	}
	for _, want := range []string{"industry.value_added_growth", "industry.output_value", "rare_earth.output_value", "silicon.output_value"} {
		if !contains(keys, want) {
			t.Errorf("headline figures %v lack %s", keys, want)
		}
	}
	for _, k := range b.Key {
		if k.Benchmark == "" || !strings.Contains(k.Benchmark, "目标") && !strings.Contains(k.Benchmark, "序时进度") {
			t.Errorf("headline figure %s without a benchmark: %q", k.Name, k.Benchmark)
		}
	}
	var titles []string
	for _, f := range b.Focus {
		titles = append(titles, f.Title)
	}
	for _, want := range []string{"工业总体", "稀土产业", "硅产业", "工业园区"} {
		if !contains(titles, want) {
			t.Errorf("二、重点产业 lacks %s: %v", want, titles)
		}
	}
	if len(titles) != 6 {
		t.Errorf("二、重点产业 has %v; want the four key chains and the two that moved most", titles)
	}
	// Every lagging target appears in 三、存在问题, exactly once, red ones
	// with their gap and, for flows, the pace still required.
	seen := map[string]int{}
	for _, g := range b.Problems {
		for _, p := range append(append([]briefing.Problem{}, g.Red...), g.Amber...) {
			seen[p.Name]++
		}
		for _, p := range g.Red {
			if g.Kind == domain.Flow && (!strings.Contains(p.Detail, "序时进度") || !strings.Contains(p.Detail, "需月均")) {
				t.Errorf("red flow %s: detail %q lacks the gap or the required pace", p.Name, p.Detail)
			}
		}
	}
	for _, l := range b.Lagging {
		if seen[l.Name] != 1 {
			t.Errorf("lagging %s appears %d times in 三、存在问题", l.Name, seen[l.Name])
		}
	}
	if len(b.Suggestions) < len(b.Problems) {
		t.Errorf("%d suggestions for %d problem groups", len(b.Suggestions), len(b.Problems))
	}
	if len(b.Problems) > 0 && !strings.Contains(strings.Join(b.Suggestions, ""), b.Problems[0].Red[0].Name) {
		t.Errorf("suggestions %q do not name the furthest-behind target %s", b.Suggestions, b.Problems[0].Red[0].Name)
	}

	page, err := briefing.HTML(b)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	last := -1
	for _, h := range sectionHeadings {
		i := strings.Index(s, "<h2>"+h+"</h2>")
		if i < last {
			t.Errorf("heading %s missing or out of order", h)
		}
		last = i
	}
	for _, want := range []string{"2024年第10期", "包头市工业和信息化局编", "数据期：2024年1—10月", "数据截至：2024年11月20日 09:00", briefing.DraftNotice} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(s, "附表") {
		t.Error("the 附表 is printed without being asked for")
	}
	withApp, err := briefing.HTML(demoBriefing(t, true))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"附表1", "附表2", "附表3", "pagebreak", "稀土永磁材料产能"} {
		if !strings.Contains(string(withApp), want) {
			t.Errorf("the page with &appendix=1 lacks %q", want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// pdfPages counts the pages of a PDF file with pdfinfo.
func pdfPages(t *testing.T, file string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v\n%s", file, err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count in\n%s", file, out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pagesToPNG renders each page of a PDF to test-artifacts/<name>-<n>.png,
// to be looked at.
func pagesToPNG(t *testing.T, file, name string) {
	t.Helper()
	prefix := filepath.Join(browser.ArtifactsDir(t), name)
	old, _ := filepath.Glob(prefix + "-*.png")
	for _, f := range old {
		_ = os.Remove(f)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "80", file, prefix).CombinedOutput(); err != nil {
		t.Errorf("pdftoppm: %v\n%s", err, out)
	}
}

func TestPDFFitsTwoPages(t *testing.T) {
	needPDFTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a safety net, not an assertion
	defer cancel()
	for _, v := range []struct {
		name     string
		appendix bool
		b        *briefing.Briefing
	}{{"briefing_appendix", true, demoBriefing(t, true)}} {
		appendix, name := v.appendix, v.name
		pdf, err := briefing.PDF(ctx, v.b)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(browser.ArtifactsDir(t), name+".pdf")
		if err := os.WriteFile(file, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		n := pdfPages(t, file)
		text := pdfText(t, pdf)
		if !appendix {
			if n > 2 {
				t.Errorf("%s: the briefing's PDF has %d pages; the main body must fit two A4 pages", name, n)
			}
			for _, h := range sectionHeadings {
				if !strings.Contains(text, h) {
					t.Errorf("PDF lacks %s", h)
				}
			}
			pagesToPNG(t, file, strings.Replace(name, "briefing", "briefing_pdf", 1))
		} else if n < 3 {
			t.Errorf("the PDF with the 附表 has %d pages; want the body's two and the table after a page break", n)
		}
	}
	for _, v := range layoutCases(t) {
		pdf, err := briefing.PDF(ctx, v.b)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(browser.ArtifactsDir(t), v.name+".pdf")
		if err := os.WriteFile(file, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		if n := pdfPages(t, file); n > 2 {
			t.Errorf("%s: the briefing's PDF has %d pages; the main body must fit two A4 pages", v.name, n)
		}
		text := pdfText(t, pdf)
		for _, h := range append(sectionHeadings, "印发") {
			if !strings.Contains(text, h) {
				t.Errorf("%s: PDF lacks %s", v.name, h)
			}
		}
		pagesToPNG(t, file, strings.Replace(v.name, "briefing", "briefing_pdf", 1))
	}
}

// TestDOCXFitsTwoPagesInLibreOffice lays the Word document out as a reader's
// word processor does (LibreOffice, headless, converting to PDF) and counts
// the pages.
func TestDOCXFitsTwoPagesInLibreOffice(t *testing.T) {
	soffice := office.Soffice(t, "the Word briefing test")
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Fatal("pdfinfo (poppler-utils) is needed")
	}
	for _, v := range layoutCases(t) {
		doc, err := briefing.DOCX(v.b)
		if err != nil {
			t.Fatal(err)
		}
		art := browser.ArtifactsDir(t)
		file := filepath.Join(art, v.name+".docx")
		if err := os.WriteFile(file, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		pdf := office.ToPDF(t, soffice, file)
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if n := pdfPages(t, pdf); n > 2 {
			t.Errorf("%s: the Word briefing is %d pages as LibreOffice lays it out; the main body must fit two", v.name, n)
		}
		text := pdfText(t, data)
		for _, h := range append(sectionHeadings, "2024年第", "数据期", "印发") {
			if !strings.Contains(text, h) {
				t.Errorf("%s: the Word briefing as laid out lacks %q", v.name, h)
			}
		}
		_ = os.WriteFile(filepath.Join(art, v.name+"_docx.pdf"), data, 0o644)
		pagesToPNG(t, pdf, strings.Replace(v.name, "briefing", "briefing_docx", 1))
	}
}

// TestProblemListsAreBounded: however many targets lag, 三、存在问题 gives
// the furthest behind with their figures (at most 5 a list), names at most 12
// and counts the rest ("等n项"), so the 简报 keeps its two pages.
func TestProblemListsAreBounded(t *testing.T) {
	b := laggingBriefing(t)
	red := 0
	for _, g := range b.Problems {
		red += len(g.Red)
	}
	if red < 15 {
		t.Fatalf("the lagging demo has %d red targets; the test needs a long list", red)
	}
	page, err := briefing.HTML(b)
	if err != nil {
		t.Fatal(err)
	}
	var section string
	for _, p := range htmlParagraphs(page) {
		if strings.HasPrefix(p, "（") && strings.Contains(p, "滞后") && strings.Contains(p, "项：") {
			section += p + "\n"
		}
	}
	if section == "" {
		t.Fatalf("no 存在问题 paragraph in %q", htmlParagraphs(page))
	}
	for _, g := range b.Problems {
		if len(g.Red) <= 12 {
			continue
		}
		want := fmt.Sprintf("等%d项", len(g.Red))
		if !strings.Contains(section, want) {
			t.Errorf("a group of %d red targets is not counted with %q:\n%s", len(g.Red), want, section)
		}
		if strings.Contains(section, g.Red[12].Name+"、") || strings.Contains(section, "、"+g.Red[12].Name+"等") {
			t.Errorf("the 13th red target %s is named:\n%s", g.Red[12].Name, section)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(section), "\n") {
		if n := strings.Count(line, "（完成年度目标的"); n > 5 {
			t.Errorf("%d problems given with figures in one list (at most 5):\n%s", n, line)
		}
	}
}

// TestXLSXPrintsAndColours: every sheet prints fitted to one page wide, the
// headings are left-aligned, and each completion bar has its status colour.
func TestXLSXPrintsAndColours(t *testing.T) {
	b := demoBriefing(t, false)
	data, err := briefing.XLSX(b)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sh)
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetSheetProps(sh)
		if err != nil {
			t.Fatal(err)
		}
		if pl.FitToWidth == nil || *pl.FitToWidth != 1 || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("sheet %s does not print fitted to one page wide", sh)
		}
	}
	id, err := f.GetCellStyle(briefing.SheetTargets, "C1")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Alignment == nil || st.Alignment.Horizontal != "left" {
		t.Errorf("heading alignment %+v, want left", st.Alignment)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var chart string
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, _ := zf.Open()
			raw, _ := io.ReadAll(rc)
			rc.Close()
			chart = string(raw)
		}
	}
	// One series per status, each in its colour, holding exactly the bars
	// of that status (the sheet's columns E-G).
	colours := map[string]struct{ col, rgb string }{"green": {"E", "2E7D32"}, "amber": {"F", "EF8F00"}, "red": {"G", "C62828"}}
	want := map[string]int{}
	for _, c := range b.Chart {
		want[c.StatusKey]++
	}
	for key, c := range colours {
		if !strings.Contains(chart, `<a:srgbClr val="`+c.rgb+`"`) || !strings.Contains(chart, "$"+c.col+"$2") {
			t.Errorf("chart lacks the %s series in %s", key, c.rgb)
		}
		rows, _ := f.GetCols(briefing.SheetChart)
		n := 0
		col := int(c.col[0] - 'A')
		if col < len(rows) {
			for _, v := range rows[col][1:] {
				if v != "" {
					n++
				}
			}
		}
		if n != want[key] {
			t.Errorf("%s column holds %d bars, want %d", key, n, want[key])
		}
	}
}

// TestKeyFiguresCarryBenchmarks: where 全国 and 全区 publish the same figure,
// the headline table prints them beside the city's.
func TestKeyFiguresCarryBenchmarks(t *testing.T) {
	st := openStore(t)
	at := time.Date(2024, 6, 10, 9, 0, 0, 0, domain.Beijing)
	rate := func(unit string, v float64) domain.Observation {
		o := ytd(briefing.HeadlineIndicator, unit, 5, v, at, "")
		o.SubmittedUnit = "%"
		return o
	}
	appendObs(t, st, rate(domain.CityCode, 9.2), rate("100000", 5.8), rate("150000", 7.1))
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	b, err := briefing.Compose(context.Background(), svc, monitor.Query{Year: 2024, Month: 5},
		briefing.Options{Now: func() time.Time { return composedAt }})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Key) == 0 || b.Key[0].Indicator.Code != briefing.HeadlineIndicator {
		t.Fatalf("key figures %v: want the value-added growth first", b.Key)
	}
	if got := b.Key[0].Peers; !strings.Contains(got, "全国5.8%") || !strings.Contains(got, "全区7.1%") {
		t.Errorf("peers %q, want 全国5.8%% and 全区7.1%%", got)
	}
	page, err := briefing.HTML(b)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "<th>全国、全区</th>") {
		t.Error("the headline table has no 全国、全区 column")
	}
}
