package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// ErrNoPDFTool is returned by Text for a PDF when pdftotext is not installed.
var ErrNoPDFTool = errors.New("pdftotext not found")

// Text returns the plain text of a plan document: .docx (the body's
// paragraphs), .pdf (through pdftotext -layout when it is installed) or any
// other file as UTF-8 text. name only decides the format.
func Text(ctx context.Context, name string, data []byte) (string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return docxText(data)
	case ".pdf":
		return pdfText(ctx, data)
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%s: not UTF-8 text", name)
	}
	return strings.TrimPrefix(string(data), "\ufeff"), nil
}

// docxText reads word/document.xml: one line per paragraph (w:p), tabs kept.
func docxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("docx: %w", err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		if f.UncompressedSize64 > 64<<20 {
			return "", fmt.Errorf("docx: document.xml too large (%d bytes)", f.UncompressedSize64)
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("docx: %w", err)
		}
		defer rc.Close()
		return docxBody(io.LimitReader(rc, 64<<20))
	}
	return "", errors.New("docx: word/document.xml missing")
}

func docxBody(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return "", fmt.Errorf("docx: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteString("\n\n")
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
}

// pdfText runs pdftotext on data.
func pdfText(ctx context.Context, data []byte) (string, error) {
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", ErrNoPDFTool
	}
	cmd := exec.CommandContext(ctx, path, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("pdftotext: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out.String(), nil
}
