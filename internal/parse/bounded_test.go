package parse_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

// bigSheet is a well-formed workbook whose one sheet has rows×3 cells of
// varied numbers: sheet XML of about 24 bytes a cell, compressed about
// 8:1, so it passes the zip checks and only the row and cell limits stop it.
func bigSheet(t *testing.T, rows int, doctype string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + doctype + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	bw.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>指标代码</t></is></c><c r="B1" t="inlineStr"><is><t>期间</t></is></c><c r="C1" t="inlineStr"><is><t>数值</t></is></c></row>`)
	x := uint32(12345)
	for r := 2; r <= rows; r++ {
		fmt.Fprintf(bw, `<row r="%d">`, r)
		for _, col := range "ABC" {
			x = x*1664525 + 1013904223
			fmt.Fprintf(bw, `<c r="%c%d"><v>%d</v></c>`, col, r, x%100000)
		}
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// peakRSS runs f and returns how far the process's resident memory rose
// above where it stood before (from the kernel's high-water mark, reset
// first), in MB.
func peakRSS(t *testing.T, f func()) float64 {
	t.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the RSS high-water mark: %v", err)
	}
	before := procStatus(t, "VmRSS")
	f()
	return float64(procStatus(t, "VmHWM")-before) / 1024
}

func procStatus(t *testing.T, key string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	t.Fatalf("no %s in /proc/self/status", key)
	return 0
}

// Issue 24, finding 1: one reporter's template upload of a few MB with
// 44 MB of sheet XML took the server to 1.9 GB. The template's row limit
// is met while streaming, so memory stays bounded whatever the sheet holds.
func TestTemplateWithHugeSheetStaysSmall(t *testing.T) {
	b := bigSheet(t, 620_000, "")
	t.Logf("workbook %.1f MB", float64(len(b))/(1<<20))
	var err error
	grew := peakRSS(t, func() {
		_, err = parse.ReadXLSXWith(bytes.NewReader(b), "模板.xlsx", parse.TemplateLimits)
	})
	fileError(t, err, "超过 500 行")
	fileError(t, err, "填报模板")
	t.Logf("resident memory rose %.0f MB", grew)
	if grew > 120 {
		t.Errorf("parsing a refused template raised resident memory by %.0f MB, want under 120 MB", grew)
	}
	// The analysts' import limit is met the same way.
	grew = peakRSS(t, func() {
		_, err = parse.BytesWith(b, "import.xlsx", parse.UploadLimits)
	})
	fileError(t, err, "超过 200000 行")
	if grew > 200 {
		t.Errorf("an over-limit import raised resident memory by %.0f MB, want under 200 MB", grew)
	}
}

// A CSV of one 15 MB line (no newline) is refused by the line limit before
// it is decoded.
func TestCSVLineLimit(t *testing.T) {
	b := bytes.Repeat([]byte("1234567,"), 15<<20/8)
	var err error
	grew := peakRSS(t, func() { _, err = parse.BytesWith(b, "x.csv", parse.UploadLimits) })
	fileError(t, err, "第1行超过 64 KB")
	if grew > 60 {
		t.Errorf("a one-line CSV raised resident memory by %.0f MB", grew)
	}
}

// Issue 24, finding 6: an XLSX with an XML entity bomb gets a message
// about the entity declaration, not about merged cells.
func TestEntityBombMessage(t *testing.T) {
	bomb := `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>`
	b := bigSheet(t, 3, bomb)
	_, err := parse.Bytes(b, "bomb.xlsx")
	fileError(t, err, "实体炸弹")
	if strings.Contains(msg.Text(err), "合并单元格") {
		t.Errorf("entity bomb reported as a merged-cell problem: %v", err)
	}
	_, err = parse.ReadXLSXWith(bytes.NewReader(b), "bomb.xlsx", parse.TemplateLimits)
	fileError(t, err, "实体炸弹")
}

// A sheet within the limits still reads, through the streaming reader.
func TestStreamingReaderReads(t *testing.T) {
	b := bigSheet(t, 50, "")
	_, err := parse.ReadXLSXWith(bytes.NewReader(b), "ok.xlsx", parse.TemplateLimits)
	// The generated sheet has no 指标/期间 text in its rows, so the loader
	// would refuse it; the reader must get as far as the header.
	if err != nil && (strings.Contains(msg.Text(err), "超过") || strings.Contains(msg.Text(err), "损坏")) {
		t.Fatalf("a 50-row sheet is within the template limits: %v", err)
	}
}
