package briefing

import (
	"fmt"
	"math"
	"strings"
)

// The 简报's body fits two A4 pages by construction, whatever the data: the
// body is laid out the way the Word document is (its paragraph styles have
// exact line heights, so a line count is a height), paginated, and cut one
// step further — fewer problems given with their figures, fewer named, fewer
// footnotes and suggestions — until it fits with room to spare. The PDF
// (Chromium, print CSS) sets the same text in less height on a taller and
// wider text block, so a body that fits the Word layout fits the PDF.
//
// Every cut names what it leaves out ("等n项", "另有n条说明"), and the 附表
// and 总览 keep everything.

// trim is one step of cutting the body.
type trim struct {
	// detailed and named bound each problem list: the first detailed with
	// their figures, then by name up to named in all, then 等n项. named 0
	// gives the count only.
	detailed, named int
	// amberDetailed gives short 略慢 lists (≤ 3) with their figures.
	amberDetailed int
	// notes is how many footnotes are printed (−1: all); the markers of
	// the others are left out, and their number is said.
	notes int
	// suggestions is how many suggestions of 四 are printed (−1: all).
	suggestions int
}

// trims are the steps, from the full body to the barest.
var trims = []trim{
	{detailed: 5, named: 12, amberDetailed: 3, notes: -1, suggestions: -1},
	{detailed: 4, named: 10, amberDetailed: 3, notes: 8, suggestions: -1},
	{detailed: 3, named: 8, amberDetailed: 2, notes: 5, suggestions: 5},
	{detailed: 2, named: 6, amberDetailed: 0, notes: 3, suggestions: 4},
	{detailed: 1, named: 4, amberDetailed: 0, notes: 2, suggestions: 3},
	{detailed: 0, named: 2, amberDetailed: 0, notes: 1, suggestions: 3},
	{detailed: 0, named: 0, amberDetailed: 0, notes: 0, suggestions: 2},
}

// Layout of the Word document, in twentieths of a point (twips): see
// docxStyles and docxSectPr.
const (
	pageHeightTwips = 16838 - 1134 - 1020 // A4 less the top and bottom margins
	// fitShare is the share of the second page the estimate may fill: the
	// rest absorbs what the estimate cannot know (kerning, line breaking
	// rules, a font's wider digits).
	fitShare = 0.96
)

// docxMetric is a paragraph style's line height, font size (em) and space
// before and after, in twips; indent is the first-line indent.
type docxMetric struct{ line, em, before, after, indent int }

var docxMetrics = map[string]docxMetric{
	"Masthead":   {line: 760, em: 520},
	"IssueNo":    {line: 315, em: 210},
	"MastLine":   {line: 315, em: 210, after: 120 + 60},
	"Title":      {line: 440, em: 300, before: 60},
	"Subtitle":   {line: 315, em: 190, after: 80},
	"Notice":     {line: 280, em: 180, after: 60 + 40, indent: 160},
	"Heading1":   {line: 360, em: 240, before: 100, after: 20},
	"BodyText":   {line: 315, em: 210, indent: 420},
	"Note":       {line: 260, em: 170},
	"Caption":    {line: 280, em: 180, before: 40, after: 20},
	"TableText":  {line: 250, em: 170},
	"AfterTable": {line: 120, em: 80},
	"Closing":    {line: 315, em: 180, before: 60},
}

// textTwips estimates the width of s at font size em: a CJK character or
// full-width sign is one em, anything else a little over half.
func textTwips(s string, em int) int {
	w := 0
	for _, r := range s {
		switch {
		case r >= 0x2E80 || r == '—' || r == '…' || r == '“' || r == '”':
			w += em
		default:
			w += em * 52 / 100
		}
	}
	return w
}

// lines is how many lines s takes in a column width wide.
func lines(s string, m docxMetric, width int) int {
	if s == "" {
		return 1
	}
	n := int(math.Ceil(float64(m.indent+textTwips(s, m.em)) / float64(width)))
	return max(n, 1)
}

// pager paginates estimated heights the way a word processor does: lines
// of a paragraph flow onto the next page, a table row never splits, a
// heading keeps with what follows it.
type pager struct {
	page, pos int
	// keep is the height of a heading waiting for its next line.
	keep int
}

func (p *pager) add(h int) {
	if p.pos+p.keep+h > pageHeightTwips {
		p.page++
		p.pos = 0
	}
	p.pos += p.keep + h
	p.keep = 0
}

func (p *pager) para(style, text string, width int) {
	m := docxMetrics[style]
	n := lines(text, m, width)
	if style == "Heading1" || style == "Caption" {
		p.keep += m.before + n*m.line + m.after
		return
	}
	p.add(m.before + m.line)
	for i := 1; i < n; i++ {
		p.add(m.line)
	}
	p.pos += m.after
}

func (p *pager) table(t *table) {
	if t == nil {
		return
	}
	p.para("Caption", t.Caption, textWidth)
	widths := columnWidths(t)
	m := docxMetrics["TableText"]
	row := func(cells []string) int {
		h := 1
		for i, c := range cells {
			if i < len(widths) {
				h = max(h, lines(c, docxMetric{em: m.em}, widths[i]-2*60))
			}
		}
		return h*m.line + 30 // borders and cell margins
	}
	header := row(t.Header)
	p.add(header)
	for _, r := range t.Rows {
		var cells []string
		for _, c := range r {
			cells = append(cells, c.Text+NoteMarks(c.Notes))
		}
		h := row(cells)
		if p.pos+h > pageHeightTwips { // the header row repeats on the new page
			p.page++
			p.pos = header
		}
		p.pos += h
	}
	p.add(docxMetrics["AfterTable"].line)
}

// estimate lays the body out as the Word document does and returns the
// number of the page it ends on (1, 2, …) and how far down that page.
func estimate(b *Briefing) (page int, fill float64) {
	var p pager
	p.para("Masthead", "工业经济运行简报", textWidth)
	p.para("IssueNo", b.IssueLabel(), textWidth)
	p.para("MastLine", b.Issuer+"编　"+b.IssueDateLabel(), textWidth)
	p.para("Title", b.Heading(), textWidth)
	p.para("Subtitle", "数据期："+b.DataPeriodLabel()+"　　数据截至："+b.AsOfLabel(), textWidth)
	if b.Demo {
		p.para("Notice", DemoNotice, textWidth)
	}
	if s := b.PendingNotice(); s != "" {
		p.para("Notice", s, textWidth)
	}
	for _, bl := range outline(b) {
		switch bl.Kind {
		case blockBreak:
			return p.page + 1, float64(p.pos) / pageHeightTwips
		case blockHeading, blockTitle:
			p.para("Heading1", bl.Text, textWidth)
		case blockSubheading:
			p.para("Heading1", bl.Text, textWidth)
		case blockPara, blockItem:
			p.para("BodyText", bl.Lead+bl.Text+NoteMarks(bl.Notes), textWidth)
		case blockNote:
			p.para("Note", bl.Text, textWidth)
		case blockTable:
			p.table(bl.Table)
		case blockChart:
			p.table(chartTable(b))
		}
	}
	p.para("Closing", "（"+b.Issuer+"　"+b.IssueDateLabel()+"印发）", textWidth)
	return p.page + 1, float64(p.pos) / pageHeightTwips
}

// fits reports whether the body ends on the first page, or on the second
// with room to spare.
func fits(b *Briefing) bool {
	page, fill := estimate(b)
	return page == 1 || page == 2 && fill <= fitShare
}

// fit picks the first trim at which the body fits two pages (the last,
// barest one when none does).
func fit(b *Briefing) {
	for i := range trims {
		b.trim = &trims[i]
		if fits(b) {
			return
		}
	}
}

// cut returns the trim in force (the full body when fit has not run).
func (b *Briefing) cut() trim {
	if b.trim == nil {
		return trims[0]
	}
	return *b.trim
}

// keepNotes drops the footnote markers the trim leaves out.
func (b *Briefing) keepNotes(notes []int) []int {
	limit := b.cut().notes
	if limit < 0 {
		return notes
	}
	var out []int
	for _, n := range notes {
		if n <= limit {
			out = append(out, n)
		}
	}
	return out
}

// omittedNotes says how many footnotes the trim leaves out: "" when none.
func (b *Briefing) omittedNotes() string {
	limit := b.cut().notes
	if limit < 0 || len(b.Footnotes) <= limit {
		return ""
	}
	return fmt.Sprintf("另有%d条填报说明未在正文列出，见附表和各指标详情页。", len(b.Footnotes)-limit)
}

// cutSuggestions is the suggestions the trim prints.
func (b *Briefing) cutSuggestions() []string {
	n := b.cut().suggestions
	if n < 0 || len(b.Suggestions) <= n {
		return b.Suggestions
	}
	return b.Suggestions[:n]
}

// countOnly words a problem list cut to its count.
func countOnly(n int) string {
	return strings.TrimSpace(fmt.Sprintf("名单见附表1（共%d项）", n))
}
