// Package office lays Word documents out as a reader's word processor does,
// for tests: headless LibreOffice converts a .docx to PDF. Missing, a test
// skips with the install hint, or fails under CI=true.
package office

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Soffice finds LibreOffice; what names what needs it in the skip message
// ("the Word briefing test").
func Soffice(t testing.TB, what string) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatal(what + " needs LibreOffice (scripts/ensure-libreoffice.sh); CI=true, so this fails instead of skipping")
	}
	t.Skip("SKIPPED: " + what + " needs LibreOffice (scripts/ensure-libreoffice.sh)")
	return ""
}

// ToPDF converts the document at docx with LibreOffice, in a profile of its
// own (so concurrent tests do not share one), and returns the PDF's path in
// a temporary directory of t.
func ToPDF(t testing.TB, soffice, docx string) string {
	t.Helper()
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a safety net, not an assertion
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(out, "profile"),
		"--convert-to", "pdf", "--outdir", out, docx)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to pdf: %v\n%s", err, msg)
	}
	pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(docx), filepath.Ext(docx))+".pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	return pdf
}
