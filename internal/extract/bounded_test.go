package extract_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"testing"

	"industrydash/internal/extract"
)

func docx(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, body)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Issue 24, finding 2 and 6: extraction is bounded by text and pages, and a
// .docx declaring entities is refused.
func TestExtractionBounds(t *testing.T) {
	ctx := context.Background()
	bomb := `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`
	if _, err := extract.Text(ctx, "plan.docx", docx(t, bomb)); !errors.Is(err, extract.ErrEntity) {
		t.Errorf("entity bomb: %v, want ErrEntity", err)
	}
	var big strings.Builder
	big.WriteString(`<w:document xmlns:w="x"><w:body>`)
	para := `<w:p><w:r><w:t>` + strings.Repeat("规上工业增加值增长15%以上。", 100) + `</w:t></w:r></w:p>`
	for big.Len() < 2*extract.MaxTextBytes {
		big.WriteString(para)
	}
	big.WriteString(`</w:body></w:document>`)
	if _, err := extract.Text(ctx, "plan.docx", docx(t, big.String())); !errors.Is(err, extract.ErrTooLong) {
		t.Errorf("a docx of over %d MB of text: %v, want ErrTooLong", extract.MaxTextBytes>>20, err)
	}
	if _, err := extract.Text(ctx, "plan.txt", bytes.Repeat([]byte("a"), extract.MaxTextBytes+1)); !errors.Is(err, extract.ErrTooLong) {
		t.Errorf("a long text: %v, want ErrTooLong", err)
	}
}

// manyPagesPDF writes a PDF of n pages, each with lines of text.
func manyPagesPDF(n, lines int) []byte {
	var b bytes.Buffer
	var offs []int
	obj := func(s string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), s)
	}
	b.WriteString("%PDF-1.4\n")
	kids := make([]string, n)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, strings.Join(kids, " ")))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	var content strings.Builder
	content.WriteString("BT /F1 4 Tf 20 830 Td 5 TL\n")
	for l := 0; l < lines; l++ {
		content.WriteString("(Industrial output value target 6000 and growth 15 percent line of text.) '\n")
	}
	content.WriteString("ET")
	for i := 0; i < n; i++ {
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents " + fmt.Sprintf("%d 0 R", 5+2*i) + " >>")
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

func TestPDFExtractionBounded(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	ctx := context.Background()
	// 3,000 pages of 150 lines: about 30 MB of text; only MaxPDFPages pages
	// are read and the text kept stops at MaxTextBytes.
	pdf := manyPagesPDF(3000, 150)
	txt, err := extract.Text(ctx, "plan.pdf", pdf)
	if !errors.Is(err, extract.ErrTooLong) {
		t.Errorf("a 3000-page PDF: %v (%d bytes of text), want ErrTooLong", err, len(txt))
	}
	// A short one reads.
	txt, err = extract.Text(ctx, "plan.pdf", manyPagesPDF(2, 3))
	if err != nil || !strings.Contains(txt, "Industrial output value") {
		t.Errorf("a 2-page PDF: %q %v", txt, err)
	}
	// A client that has gone (its context cancelled) stops the extraction.
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := extract.Text(gone, "plan.pdf", pdf); err == nil {
		t.Error("extraction went on for a cancelled request")
	}
}
