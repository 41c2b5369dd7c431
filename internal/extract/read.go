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
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// ErrNoPDFTool is returned by Text for a PDF when pdftotext is not installed.
var ErrNoPDFTool = errors.New("pdftotext not found")

// ErrTooLong is returned by Text when a document's text exceeds MaxTextBytes
// (a work plan is some tens of kilobytes; megabytes of text are not a plan).
var ErrTooLong = errors.New("extract: document text over the limit")

// ErrEntity is returned by Text for a .docx whose XML declares a DOCTYPE
// (how an entity bomb is built; Word never writes one).
var ErrEntity = errors.New("extract: xml doctype in docx")

// Bounds of text extraction: the text kept, the PDF pages read, and the
// time one extraction may take. Text stops at whichever comes first.
const (
	MaxTextBytes = 2 << 20
	MaxPDFPages  = 300
	Deadline     = 30 * time.Second
)

// Text returns the plain text of a plan document: .docx (the body's
// paragraphs), .pdf (through pdftotext -layout when it is installed) or any
// other file as UTF-8 text. name only decides the format.
func Text(ctx context.Context, name string, data []byte) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, Deadline)
	defer cancel()
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return docxText(data)
	case ".pdf":
		return pdfText(ctx, data)
	}
	if len(data) > MaxTextBytes {
		return "", ErrTooLong
	}
	if !utf8.Valid(data) {
		text, ok := legacyText(data)
		if !ok {
			return "", fmt.Errorf("%s: not UTF-8, GB18030 or Big5 text", name)
		}
		return text, nil
	}
	return strings.TrimPrefix(string(data), "\ufeff"), nil
}

// legacyText decodes a text file saved in GB18030 (GBK, GB2312: how Windows
// saves simplified Chinese) or Big5 (traditional): of the readings with no
// undecodable byte, the one with more of the characters plans are made of
// (the other reads as rare characters).
func legacyText(data []byte) (string, bool) {
	best, bestScore := "", -1
	for _, enc := range []encoding.Encoding{simplifiedchinese.GB18030, traditionalchinese.Big5} {
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
			continue
		}
		score := 0
		for _, r := range string(out) {
			if strings.ContainsRune(commonPlanRunes, r) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = string(out), score
		}
	}
	return best, bestScore >= 0
}

// commonPlanRunes are characters every plan text uses, in both scripts.
const commonPlanRunes = "的年和工业業增长長发發展万萬亿億个個元全市区區计划劃目标標新在"

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
		case xml.Directive:
			return "", ErrEntity
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
		if b.Len() > MaxTextBytes {
			return "", ErrTooLong
		}
	}
}

// pdfText runs pdftotext on data.
func pdfText(ctx context.Context, data []byte) (string, error) {
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", ErrNoPDFTool
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-enc", "UTF-8", "-l", strconv.Itoa(MaxPDFPages), "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out := &cappedBuffer{max: MaxTextBytes, over: cancel}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	err = cmd.Run()
	switch {
	case out.exceeded:
		return "", ErrTooLong
	case ctx.Err() != nil:
		return "", fmt.Errorf("pdftotext: %w", ctx.Err())
	case err != nil:
		return "", fmt.Errorf("pdftotext: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out.String(), nil
}

// cappedBuffer keeps at most max bytes; past that it stops the producer.
// It has no ReadFrom, so io.Copy goes through Write.
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int
	exceeded bool
	over     func()
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.max {
		if !b.exceeded {
			b.exceeded = true
			b.over()
		}
		return 0, ErrTooLong
	}
	return b.buf.Write(p)
}

// String returns the text kept.
func (b *cappedBuffer) String() string {
	return b.buf.String()
}
