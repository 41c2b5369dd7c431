package briefing

import (
	"context"
	"io"

	"industrydash/internal/htmlpdf"
)

// ErrNoPDFEngine is returned by PDF when no Chromium is installed (see
// htmlpdf.ErrNoPDFEngine): its message says, in Chinese, what is missing.
var ErrNoPDFEngine = htmlpdf.ErrNoPDFEngine

// ChromiumPathEnv names the environment variable that points at the browser.
const ChromiumPathEnv = htmlpdf.ChromiumPathEnv

// ChromiumPath returns the browser PDF uses (htmlpdf.ChromiumPath).
func ChromiumPath() (string, error) { return htmlpdf.ChromiumPath() }

// PDF prints the briefing's HTML page to an A4 PDF with headless Chromium.
// It returns ErrNoPDFEngine (wrapped) when Chromium is missing.
func PDF(ctx context.Context, b *Briefing) ([]byte, error) {
	if _, err := htmlpdf.ChromiumPath(); err != nil {
		return nil, err
	}
	page, err := HTML(b)
	if err != nil {
		return nil, err
	}
	return htmlpdf.Print(ctx, page)
}

// WritePDF writes the PDF of the briefing to w (see PDF).
func WritePDF(ctx context.Context, w io.Writer, b *Briefing) error {
	buf, err := PDF(ctx, b)
	if err != nil {
		return err
	}
	_, err = w.Write(buf)
	return err
}
