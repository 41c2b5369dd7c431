package web_test

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
	"sync"
	"testing"

	"industrydash/internal/store"
)

// hugeTemplate is a workbook of a few MB whose one sheet holds rows×6
// cells: about 44 MB of sheet XML, compressed about 15:1, as in the probe.
func hugeTemplate(t *testing.T, rows int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := 1; r <= rows; r++ {
		fmt.Fprintf(bw, `<row r="%d">`, r)
		for _, col := range "ABCDEF" {
			fmt.Fprintf(bw, `<c r="%c%d" t="inlineStr"><is><t>规上工业总产值</t></is></c>`, col, r)
		}
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	bw.Flush()
	zw.Close()
	return buf.Bytes()
}

func rssKB(t *testing.T, key string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	t.Fatalf("no %s", key)
	return 0
}

// Issue 24, finding 1: one district reporter's template upload of a few MB
// with 44 MB of sheet XML took the server to 1.9 GB, two at once to 3.5 GB.
// Two reporters upload such a file at the same time; the server's resident
// memory (this process: the server runs in it) must stay far below that.
func TestHugeTemplateUploadsKeepMemoryBounded(t *testing.T) {
	e := newEnv(t, false)
	b := hugeTemplate(t, 105_000)
	t.Logf("workbook %.1f MB", float64(len(b))/(1<<20))
	type rep struct{ ck, csrf, unit string }
	var reps []rep
	for _, unit := range []string{"150203", "150202"} {
		ck, csrf := e.session(t, store.RoleReporter, unit)
		reps = append(reps, rep{ck, csrf, unit})
	}
	runtime.GC()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the RSS high-water mark: %v", err)
	}
	before := rssKB(t, "VmRSS")
	var wg sync.WaitGroup
	codes := make([]int, len(reps))
	pages := make([]string, len(reps))
	for i, r := range reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, ct := multipartFile(t, r.csrf, "模板.xlsx", b)
			resp, page := e.do(t, "POST", "/submissions/"+r.unit+"/2024-10/upload", body, "Cookie", r.ck, "Content-Type", ct)
			codes[i], pages[i] = resp.StatusCode, page
		}()
	}
	wg.Wait()
	grew := float64(rssKB(t, "VmHWM")-before) / 1024
	t.Logf("resident memory rose %.0f MB", grew)
	for i := range codes {
		if codes[i] != 400 && codes[i] != 429 || codes[i] == 400 && !strings.Contains(pages[i], "超过 500 行") {
			t.Errorf("upload %d: %d, want 400 naming the 500-row limit (or 429 while the other is read)", i, codes[i])
		}
	}
	if grew > 250 {
		t.Errorf("two huge template uploads raised the server's memory by %.0f MB, want under 250 MB", grew)
	}
}
