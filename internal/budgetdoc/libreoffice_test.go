package budgetdoc_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"industrydash/internal/budgetdoc"
	"industrydash/internal/testenv/office"
)

// TestMonitorDOCXInLibreOffice lays the Word form out as a reader's word
// processor does and checks it is one landscape page with the form's text.
func TestMonitorDOCXInLibreOffice(t *testing.T) {
	soffice := office.Soffice(t, "the Word form test")
	for _, tool := range []string{"pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s (poppler-utils) is needed", tool)
		}
	}
	var buf bytes.Buffer
	if err := budgetdoc.WriteDOCX(&buf, form(t)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "monitor.docx")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := office.ToPDF(t, soffice, file)
	info, err := exec.Command("pdfinfo", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, info)
	}
	if m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info); m == nil || string(m[1]) != "1" {
		t.Errorf("the form is not one page:\n%s", info)
	}
	if m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+)`).FindSubmatch(info); m != nil {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if w <= h {
			t.Errorf("the form is not landscape: %s x %s", m[1], m[2])
		}
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(text)), "")
	for _, w := range []string{"绩效运行监控表（2024年1—6月）", "年度资金总额", "产出指标", "测评进行中", "测评机构排期", "包头市大数据中心"} {
		if !strings.Contains(flat, w) {
			t.Errorf("the form as laid out lacks %q:\n%s", w, text)
		}
	}
}
