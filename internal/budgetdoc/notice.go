package budgetdoc

import (
	"archive/zip"
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"industrydash/internal/budget"
	"industrydash/internal/htmlpdf"
)

//go:embed templates/notice.html
var noticeFS embed.FS

var noticeTmpl = template.Must(template.New("notice.html").Funcs(template.FuncMap{
	"date":        budget.DateLabel,
	"draftNotice": func() string { return budget.NoticeDraftNotice },
}).ParseFS(noticeFS, "templates/notice.html"))

// NoticeHTML renders the 预算执行情况通报 as a self-contained A4 page (no
// scripts, no external resources): the page view and the PDF's source.
func NoticeHTML(n budget.Notice) ([]byte, error) {
	var buf bytes.Buffer
	if err := noticeTmpl.Execute(&buf, n); err != nil {
		return nil, fmt.Errorf("notice html: %w", err)
	}
	return buf.Bytes(), nil
}

// NoticePDF prints the notice's page to an A4 PDF (htmlpdf; returns
// htmlpdf.ErrNoPDFEngine wrapped when Chromium is missing).
func NoticePDF(ctx context.Context, n budget.Notice) ([]byte, error) {
	if _, err := htmlpdf.ChromiumPath(); err != nil {
		return nil, err
	}
	page, err := NoticeHTML(n)
	if err != nil {
		return nil, err
	}
	return htmlpdf.Print(ctx, page)
}

// WriteNoticeDOCX writes the notice as an editable Word document (portrait
// A4; 黑体 headings, 仿宋/宋体 body, as offices lay such notices out).
func WriteNoticeDOCX(w io.Writer, n budget.Notice) error {
	var body strings.Builder
	para := func(text string, jc string, size int, bold bool, color string, indent bool) {
		body.WriteString(`<w:p><w:pPr>`)
		if jc != "" {
			body.WriteString(`<w:jc w:val="` + jc + `"/>`)
		}
		if indent {
			body.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
		}
		body.WriteString(`<w:spacing w:after="60" w:line="400" w:lineRule="exact"/></w:pPr><w:r><w:rPr>`)
		font := "Noto Serif CJK SC"
		if bold {
			font = "Noto Sans CJK SC"
			body.WriteString(`<w:b/>`)
		}
		body.WriteString(`<w:rFonts w:ascii="` + font + `" w:eastAsia="` + font + `" w:hAnsi="` + font + `"/>`)
		if color != "" {
			body.WriteString(`<w:color w:val="` + color + `"/>`)
		}
		fmt.Fprintf(&body, `<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, size, size, esc(text))
	}
	para(n.Title(), "center", 52, true, "C00000", false)
	para(n.Department+"　　"+n.IssueLabel()+"　　"+budget.DateLabel(n.IssuedAt), "center", 24, false, "", false)
	body.WriteString(`<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="C00000"/></w:pBdr></w:pPr></w:p>`)
	para(n.Heading(), "center", 32, true, "", false)
	para(n.AsOfLabel(), "center", 21, false, "333333", false)
	if n.Empty {
		para(n.EmptyText(), "both", 28, false, "", true)
	}
	for _, s := range n.Sections {
		para(s.Title, "", 28, true, "", true)
		if s.Draft {
			para(budget.NoticeDraftNotice, "", 22, false, "7A4A00", false)
		}
		for _, p := range s.Paras {
			para(p, "both", 28, false, "", true)
		}
	}
	para("（"+n.Department+"　"+budget.DateLabel(n.IssuedAt)+"印发）", "right", 24, false, "", false)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1247" w:bottom="1247" w:left="1247" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>` +
		`</w:body></w:document>`
	return writeDocx(w, doc)
}

// writeDocx packs a WordprocessingML main part into a .docx.
func writeDocx(w io.Writer, doc string) error {
	parts := []struct{ name, content string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", doc},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		fw, err := zw.Create(p.name)
		if err != nil {
			return fmt.Errorf("docx: %w", err)
		}
		if _, err := io.WriteString(fw, p.content); err != nil {
			return fmt.Errorf("docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
