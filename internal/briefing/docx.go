package briefing

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"industrydash/internal/progress"
)

// The Word document is written as plain OOXML (WordprocessingML) with
// archive/zip and encoding/xml escaping: a handful of small parts that Word,
// WPS and LibreOffice open and edit, without a third-party dependency.

// docxStatusColours are the traffic-light text colours (hex without #).
var docxStatusColours = map[string]string{"green": "2E7D32", "amber": "EF8F00", "red": "C62828", "grey": "757575"}

// WriteDOCX writes the briefing as an editable Word document (.docx) with
// the same headings, sentences and tables as the HTML page. The completion
// chart becomes a table of the same figures, which stays editable.
func WriteDOCX(w io.Writer, b *Briefing) error {
	var body strings.Builder
	d := &docxWriter{b: &body}
	d.para("Title", "", run{text: b.Title})
	d.para("Subtitle", "", run{text: b.Subtitle()})
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
		case blockSubheading:
			d.para("Heading2", "", run{text: bl.Text})
		case blockPara:
			d.para("BodyText", "", append([]run{{text: bl.Text}}, noteRuns(bl.Notes)...)...)
		case blockItem:
			runs := []run{{text: "● ", colour: docxStatusColours[bl.Status]}, {text: bl.Text}}
			d.para("BodyText", "", append(runs, noteRuns(bl.Notes)...)...)
		case blockNote:
			d.para("Note", "", run{text: bl.Text})
		case blockChart:
			d.table(chartTable(b))
		case blockTable:
			d.table(bl.Table)
		}
	}

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
	colour string
}

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
		if r.text == "" {
			continue
		}
		d.b.WriteString("<w:r>")
		if r.bold || r.sup || r.colour != "" {
			d.b.WriteString("<w:rPr>")
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

// textWidth is 210mm − 2 × 25.4mm… the A4 text width in twentieths of a point.
const textWidth = 9638

func (d *docxWriter) table(t *table) {
	if t == nil {
		return
	}
	d.para("Caption", "", run{text: t.Caption, bold: true})
	n := len(t.Header)
	widths := columnWidths(t)
	d.b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="BriefingTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="autofit"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
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
			rs := []run{{text: c.Text, colour: docxStatusColours[c.Status], bold: c.Status != ""}}
			d.para("TableText", jc, append(rs, noteRuns(c.Notes)...)...)
			d.b.WriteString(`</w:tc>`)
		}
		d.b.WriteString(`</w:tr>`)
	}
	d.b.WriteString(`</w:tbl>`)
	d.para("BodyText", "") // Word needs a paragraph between adjacent tables
}

// columnWidths shares the text width by the longest text of each column.
func columnWidths(t *table) []int {
	n := len(t.Header)
	weight := make([]int, n)
	total := 0
	for i := range n {
		w := len([]rune(t.Header[i]))
		for _, r := range t.Rows {
			if i < len(r) {
				w = max(w, min(len([]rune(r[i].Text)), 30))
			}
		}
		weight[i] = max(w, 2)
		total += weight[i]
	}
	out := make([]int, n)
	for i := range n {
		out[i] = textWidth * weight[i] / total
	}
	return out
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
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
	`</Relationships>`

const docxDocumentHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`

// docxSectPr is an A4 portrait page with 2.54cm/2.2cm margins.
const docxSectPr = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1134" w:bottom="1247" w:left="1134" w:header="851" w:footer="851" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>`

const docxSettings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

const docxCore = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<dc:title>%s</dc:title><dc:creator>%s</dc:creator><dc:language>zh-CN</dc:language>` +
	`<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>` +
	`</cp:coreProperties>`

const docxApp = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>industrydash</Application></Properties>`

// docxStyles: 宋体 body, 黑体 headings, 楷体 subheadings, the fonts every
// Chinese Word/WPS installation has; Noto CJK is the fallback elsewhere.
const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Subtitle"/><w:qFormat/><w:pPr><w:spacing w:before="120" w:after="120"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:color w:val="B71C1C"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:pBdr><w:bottom w:val="double" w:sz="6" w:space="4" w:color="C62828"/></w:pBdr><w:spacing w:after="200"/><w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="444444"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="60"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="40"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体"/><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="444444"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Notice"><w:name w:val="Notice"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="1" w:color="EF8F00"/><w:left w:val="single" w:sz="4" w:space="4" w:color="EF8F00"/><w:bottom w:val="single" w:sz="4" w:space="1" w:color="EF8F00"/><w:right w:val="single" w:sz="4" w:space="4" w:color="EF8F00"/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="FFF8E1"/></w:pPr><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="260" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="BriefingTable"><w:name w:val="Briefing Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/></w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`
