package briefing

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"industrydash/internal/palette"
	"industrydash/internal/progress"
)

// The Word document is written as plain OOXML (WordprocessingML) with
// archive/zip and encoding/xml escaping: a handful of small parts that Word,
// WPS and LibreOffice open and edit, without a third-party dependency.

// docxStatusColour is a traffic-light text colour (hex without #), "" for
// no status.
func docxStatusColour(key string) string {
	if key == "" {
		return ""
	}
	return palette.Hex(key)
}

// WriteDOCX writes the briefing as an editable Word document (.docx) with
// the same headings, sentences and tables as the HTML page. The completion
// chart becomes a table of the same figures, which stays editable.
func WriteDOCX(w io.Writer, b *Briefing) error {
	var body strings.Builder
	d := &docxWriter{b: &body}
	d.para("Masthead", "", run{text: "工业经济运行简报"})
	d.para("IssueNo", "", run{text: b.IssueLabel()})
	d.para("MastLine", "", run{text: b.Issuer + "编"}, run{tab: true}, run{text: b.IssueDateLabel()})
	d.para("Title", "", run{text: b.Heading()})
	d.para("Subtitle", "", run{text: "数据期：" + b.DataPeriodLabel() + "　　数据截至：" + b.AsOfLabel()})
	if b.Demo {
		d.para("Notice", "", run{text: DemoNotice, bold: true, colour: "7A4A00"})
	}
	if s := b.PendingNotice(); s != "" {
		d.para("Notice", "", run{text: s, colour: "7A4A00"})
	}
	for _, bl := range outline(b) {
		switch bl.Kind {
		case blockHeading:
			d.para("Heading1", "", run{text: bl.Text})
		case blockTitle:
			d.para("Heading1", "", run{text: bl.Text})
		case blockSubheading:
			d.para("Heading2", "", run{text: bl.Text})
		case blockPara:
			runs := []run{{text: bl.Lead, bold: true, font: docxSans}, {text: bl.Text}}
			d.para("BodyText", "", append(runs, noteRuns(bl.Notes)...)...)
		case blockItem:
			runs := []run{{text: "● ", colour: docxStatusColour(bl.Status)}, {text: bl.Text}}
			d.para("BodyText", "", append(runs, noteRuns(bl.Notes)...)...)
		case blockNote:
			d.para("Note", "", run{text: bl.Text})
		case blockBreak:
			d.b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
		case blockChart:
			d.table(chartTable(b))
		case blockTable:
			d.table(bl.Table)
		}
	}
	d.para("Closing", "", run{text: "（" + b.Issuer + "　" + b.IssueDateLabel() + "印发）"})

	zw := zip.NewWriter(w)
	now := b.AsOf.UTC().Format(time.RFC3339)
	if b.AsOf.IsZero() {
		now = time.Now().UTC().Format(time.RFC3339)
	}
	parts := []struct{ name, content string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRootRels},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/document.xml", docxDocumentHead + body.String() + docxSectPr + `</w:body></w:document>`},
		{"word/styles.xml", docxStyles},
		{"word/fontTable.xml", docxFontTable},
		{"word/footer1.xml", docxFooter},
		{"word/settings.xml", docxSettings},
		{"docProps/core.xml", fmt.Sprintf(docxCore, esc(b.Title), esc(b.Issuer), now, now)},
		{"docProps/app.xml", docxApp},
	}
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: b.AsOf})
		if err != nil {
			return fmt.Errorf("write briefing docx: %w", err)
		}
		if _, err := io.WriteString(f, p.content); err != nil {
			return fmt.Errorf("write briefing docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write briefing docx: %w", err)
	}
	return nil
}

// DOCX returns the Word document (see WriteDOCX).
func DOCX(b *Briefing) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// chartTable is the completion chart's data as a table.
func chartTable(b *Briefing) *table {
	t := &table{Caption: ChartCaption + "：数据", Num: map[int]bool{1: true, 2: true},
		Header: []string{"指标", "完成率", "序时进度", "状态"}}
	for _, c := range b.Chart {
		t.Rows = append(t.Rows, []cell{{Text: c.Label}, {Text: progress.FormatPct(c.CompletionPct)},
			{Text: progress.FormatPct(c.TimeProgress)}, {Text: c.StatusLabel, Status: c.StatusKey}})
	}
	return t
}

type run struct {
	text   string
	bold   bool
	sup    bool
	tab    bool
	colour string
	font   string
}

// The fonts of the document: Noto CJK (fonts-noto-cjk) is what the server
// and LibreOffice have; fontTable.xml names 宋体/黑体 as their alternates so
// that Word and WPS without Noto substitute the usual Chinese faces.
const (
	docxSerif = "Noto Serif CJK SC"
	docxSans  = "Noto Sans CJK SC"
)

func noteRuns(notes []int) []run {
	var out []run
	for _, n := range notes {
		out = append(out, run{text: fmt.Sprintf("[%d]", n), sup: true, colour: "1A237E"})
	}
	return out
}

type docxWriter struct{ b *strings.Builder }

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (d *docxWriter) runs(rs []run) {
	for _, r := range rs {
		if r.tab {
			d.b.WriteString("<w:r><w:tab/></w:r>")
			continue
		}
		if r.text == "" {
			continue
		}
		d.b.WriteString("<w:r>")
		if r.bold || r.sup || r.colour != "" || r.font != "" {
			d.b.WriteString("<w:rPr>")
			if r.font != "" {
				fmt.Fprintf(d.b, `<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s"/>`, r.font, r.font, r.font)
			}
			if r.bold {
				d.b.WriteString("<w:b/>")
			}
			if r.colour != "" {
				fmt.Fprintf(d.b, `<w:color w:val="%s"/>`, r.colour)
			}
			if r.sup {
				d.b.WriteString(`<w:vertAlign w:val="superscript"/>`)
			}
			d.b.WriteString("</w:rPr>")
		}
		fmt.Fprintf(d.b, `<w:t xml:space="preserve">%s</w:t></w:r>`, esc(r.text))
	}
}

// para writes a paragraph of style; jc optionally sets the alignment.
func (d *docxWriter) para(style, jc string, rs ...run) {
	d.b.WriteString("<w:p>")
	if style != "" || jc != "" {
		d.b.WriteString("<w:pPr>")
		if style != "" {
			fmt.Fprintf(d.b, `<w:pStyle w:val="%s"/>`, style)
		}
		if jc != "" {
			fmt.Fprintf(d.b, `<w:jc w:val="%s"/>`, jc)
		}
		d.b.WriteString("</w:pPr>")
	}
	d.runs(rs)
	d.b.WriteString("</w:p>")
}

// textWidth is the A4 text width (11906 − 2 × 1077) in twentieths of a point.
const textWidth = 9752

func (d *docxWriter) table(t *table) {
	if t == nil {
		return
	}
	d.para("Caption", "", run{text: t.Caption, bold: true})
	n := len(t.Header)
	widths := columnWidths(t)
	fmt.Fprintf(d.b, `<w:tbl><w:tblPr><w:tblStyle w:val="BriefingTable"/><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`, textWidth)
	for _, wd := range widths {
		fmt.Fprintf(d.b, `<w:gridCol w:w="%d"/>`, wd)
	}
	d.b.WriteString(`</w:tblGrid>`)
	d.b.WriteString(`<w:tr><w:trPr><w:tblHeader/></w:trPr>`)
	for i, h := range t.Header {
		fmt.Fprintf(d.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="ECEFF1"/></w:tcPr>`, widths[i])
		d.para("TableText", "center", run{text: h, bold: true})
		d.b.WriteString(`</w:tc>`)
	}
	d.b.WriteString(`</w:tr>`)
	for _, row := range t.Rows {
		d.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for i := 0; i < n; i++ {
			var c cell
			if i < len(row) {
				c = row[i]
			}
			fmt.Fprintf(d.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, widths[i])
			jc := ""
			if t.Num[i] {
				jc = "right"
			}
			rs := []run{{text: c.Text, colour: docxStatusColour(c.Status), bold: c.Status != ""}}
			d.para("TableText", jc, append(rs, noteRuns(c.Notes)...)...)
			d.b.WriteString(`</w:tc>`)
		}
		d.b.WriteString(`</w:tr>`)
	}
	d.b.WriteString(`</w:tbl>`)
	d.para("AfterTable", "") // Word needs a paragraph between adjacent tables
}

// columnWidths shares the text width among the columns by what their
// longest text needs (max-min fair): a column that fits its fair share gets
// just what it needs and stays on one line; the wide columns split the rest
// in proportion to their needs and wrap.
func columnWidths(t *table) []int {
	n := len(t.Header)
	need := make([]int, n)
	for i := range n {
		w := twips(t.Header[i], true)
		for _, r := range t.Rows {
			if i < len(r) {
				w = max(w, twips(r[i].Text+NoteMarks(r[i].Notes), r[i].Status != ""))
			}
		}
		need[i] = w + 2*60 + 20 // cell margins and a little air
	}
	out := make([]int, n)
	open := make([]bool, n)
	for i := range open {
		open[i] = true
	}
	left, cols := textWidth, n
	for changed := true; changed && cols > 0; {
		changed = false
		share := left / cols
		for i := range n {
			if open[i] && need[i] <= share {
				out[i], open[i] = need[i], false
				left -= need[i]
				cols--
				changed = true
			}
		}
	}
	total := 0
	for i := range n {
		if open[i] {
			total += need[i]
		}
	}
	for i := range n {
		if open[i] {
			out[i] = left * need[i] / total
		}
	}
	if cols == 0 { // everything fits: spread the slack evenly
		extra := left / n
		for i := range out {
			out[i] += extra
		}
	}
	return out
}

// twips estimates the width of s in the table font (8.5pt): a CJK
// character is one em (170 twips), other characters about half.
func twips(s string, bold bool) int {
	w := 0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 170
		} else {
			w += 95
		}
	}
	if bold {
		w = w * 21 / 20
	}
	return w
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const docxRootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const docxDocumentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

const docxDocumentHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`

// docxSectPr is an A4 portrait page with 2cm/1.9cm margins and the page
// number in the footer.
const docxSectPr = `<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1077" w:bottom="1020" w:left="1077" w:header="567" w:footer="454" w:gutter="0"/><w:cols w:space="425"/></w:sectPr>`

const docxSettings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

const docxCore = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<dc:title>%s</dc:title><dc:creator>%s</dc:creator><dc:language>zh-CN</dc:language>` +
	`<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>` +
	`</cp:coreProperties>`

const docxApp = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>industrydash</Application></Properties>`

// docxFooter is the page footer: "— 1 —", the page number as a field.
const docxFooter = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
	`<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r>` +
	`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
	`<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`

// docxFontTable declares the Noto CJK faces with 宋体/黑体 as alternates.
const docxFontTable = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:font w:name="Noto Serif CJK SC"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="Noto Sans CJK SC"><w:altName w:val="黑体"/><w:charset w:val="86"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

// docxStyles are the document's named styles, so that the briefing edits
// well: 标题 (Masthead, Title, Heading 1), 正文 (Body Text, Note) and 表格
// (Briefing Table, Table Text). Line spacing is exact, so that Word, WPS
// and LibreOffice lay the pages out alike.
const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Noto Serif CJK SC" w:hAnsi="Noto Serif CJK SC" w:eastAsia="Noto Serif CJK SC" w:cs="Noto Serif CJK SC"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="315" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Masthead"><w:name w:val="Masthead"/><w:basedOn w:val="Normal"/><w:next w:val="IssueNo"/><w:qFormat/><w:pPr><w:spacing w:line="760" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="Noto Sans CJK SC" w:hAnsi="Noto Sans CJK SC" w:eastAsia="Noto Sans CJK SC"/><w:b/><w:color w:val="CC0000"/><w:spacing w:val="20"/><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="IssueNo"><w:name w:val="Issue Number"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="MastLine"><w:name w:val="Masthead Line"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="18" w:space="3" w:color="CC0000"/></w:pBdr><w:tabs><w:tab w:val="right" w:pos="9752"/></w:tabs><w:spacing w:after="120"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Subtitle"/><w:qFormat/><w:pPr><w:spacing w:before="60" w:line="440" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="Noto Sans CJK SC" w:hAnsi="Noto Sans CJK SC" w:eastAsia="Noto Sans CJK SC"/><w:b/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="80"/><w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="333333"/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="100" w:after="20" w:line="360" w:lineRule="exact"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Noto Sans CJK SC" w:hAnsi="Noto Sans CJK SC" w:eastAsia="Noto Sans CJK SC"/><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="60"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="Noto Sans CJK SC" w:hAnsi="Noto Sans CJK SC" w:eastAsia="Noto Sans CJK SC"/><w:b/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="420"/><w:jc w:val="both"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="260" w:lineRule="exact"/></w:pPr><w:rPr><w:color w:val="333333"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Closing"><w:name w:val="Closing"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="60"/><w:jc w:val="right"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Notice"><w:name w:val="Notice"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="1" w:color="EF8F00"/><w:left w:val="single" w:sz="4" w:space="4" w:color="EF8F00"/><w:bottom w:val="single" w:sz="4" w:space="1" w:color="EF8F00"/><w:right w:val="single" w:sz="4" w:space="4" w:color="EF8F00"/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="FFF8E1"/><w:spacing w:after="60" w:line="280" w:lineRule="exact"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="40" w:after="20" w:line="280" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="Noto Sans CJK SC" w:hAnsi="Noto Sans CJK SC" w:eastAsia="Noto Sans CJK SC"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="250" w:lineRule="exact"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="AfterTable"><w:name w:val="After Table"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="120" w:lineRule="exact"/></w:pPr><w:rPr><w:sz w:val="8"/><w:szCs w:val="8"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="BriefingTable"><w:name w:val="Briefing Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="666666"/><w:left w:val="single" w:sz="4" w:space="0" w:color="666666"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="666666"/><w:right w:val="single" w:sz="4" w:space="0" w:color="666666"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="666666"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="666666"/></w:tblBorders><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`
