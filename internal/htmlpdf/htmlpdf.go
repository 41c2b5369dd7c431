// Package htmlpdf prints a self-contained HTML page to PDF with the
// installed Chromium (headless), for every printable report of the product
// (the 简报, the 预算执行情况通报). It starts one browser per document and
// allows two at a time.
package htmlpdf

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"industrydash/internal/msg"
)

// ErrNoPDFEngine is returned by PDF when no Chromium is installed. Its
// message is meant for the page: it says, in Chinese, what is missing and
// how to install it.
var ErrNoPDFEngine = msg.New(msg.HtmlpdfNoPDFEngine)

// ChromiumPathEnv names the environment variable that points at the browser.
const ChromiumPathEnv = "CHROMIUM_PATH"

// pdfTimeout bounds one PDF rendering when the caller's context has no
// deadline: a hung browser must not hold a request for ever.
const pdfTimeout = 90 * time.Second

// pdfSlots limits concurrent renderings: each one starts a browser, and the
// server may run on two cores.
var pdfSlots = make(chan struct{}, 2)

// ChromiumPath returns the browser PDF uses: $CHROMIUM_PATH, else
// /usr/bin/chromium, else chromium or chromium-browser on PATH. It returns
// ErrNoPDFEngine when there is none.
func ChromiumPath() (string, error) {
	if p := os.Getenv(ChromiumPathEnv); p != "" {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
		return "", msg.Wrap(ErrNoPDFEngine, msg.HtmlpdfNoEngine, ChromiumPathEnv, p)
	}
	if st, err := os.Stat("/usr/bin/chromium"); err == nil && !st.IsDir() {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoPDFEngine
}

// Print lays a self-contained HTML page (no scripts, no external
// resources) out as an A4 PDF with headless Chromium, honouring the page's
// CSS @page size, so the PDF shows exactly what the page shows. It returns
// ErrNoPDFEngine (wrapped) when Chromium is missing.
func Print(ctx context.Context, page []byte) ([]byte, error) {
	path, err := ChromiumPath()
	if err != nil {
		return nil, err
	}
	select {
	case pdfSlots <- struct{}{}:
		defer func() { <-pdfSlots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("print pdf: %w", ctx.Err())
	}

	dir, err := os.MkdirTemp("", "htmlpdf-")
	if err != nil {
		return nil, fmt.Errorf("print pdf: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		return nil, fmt.Errorf("print pdf: %w", err)
	}
	profile := filepath.Join(dir, "profile")

	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, pdfTimeout)
		defer cancel()
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // servers and containers run as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.CombinedOutput(io.Discard),
	)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()

	u := url.URL{Scheme: "file", Path: file}
	if err := chromedp.Do(tab, chromedp.Navigate(u.String())); err != nil {
		return nil, fmt.Errorf("print pdf: load page in chromium (%s): %w", path, err)
	}
	buf, err := chromedp.Run(tab, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
	))
	if err != nil {
		return nil, fmt.Errorf("print pdf: print: %w", err)
	}
	// Close the browser before its profile directory is removed.
	_ = chromedp.Cancel(tab)
	return buf, nil
}
