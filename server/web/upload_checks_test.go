package web_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"industrydash/internal/parse"
	"industrydash/internal/store"
)

// zipBomb is a real zip of about 100 KB whose sheet unpacks past the limit.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, 1<<20)
	for n := 0; n < parse.MaxUnzippedBytes+(4<<20); n += len(zero) {
		w.Write(zero)
	}
	zw.Close()
	return buf.Bytes()
}

// Issue 11, finding 4: /import and the template upload check every zip by
// content, whatever the file is called.
func TestZipBombUploadsAreRefused(t *testing.T) {
	e := newEnv(t, false)
	b := zipBomb(t)
	anaCk, anaCSRF := e.session(t, store.RoleAnalyst, "")
	repCk, repCSRF := e.session(t, store.RoleReporter, "150203")
	for _, name := range []string{"bomb.xlsm", "bomb.xls", "bomb", "bomb.csv"} {
		body, ct := multipartFile(t, anaCSRF, name, b)
		resp, page := e.do(t, "POST", "/import", body, "Cookie", anaCk, "Content-Type", ct)
		if resp.StatusCode != 400 || !strings.Contains(page, "压缩炸弹") {
			t.Errorf("/import %s: %d", name, resp.StatusCode)
		}
		body, ct = multipartFile(t, repCSRF, name, b)
		resp, page = e.do(t, "POST", "/submissions/150203/2024-10/upload", body, "Cookie", repCk, "Content-Type", ct)
		if resp.StatusCode != 400 || !strings.Contains(page, "已拒绝") {
			t.Errorf("template upload %s: %d", name, resp.StatusCode)
		}
	}
	// An empty file says it is empty.
	body, ct := multipartFile(t, anaCSRF, "empty.csv", nil)
	if resp, page := e.do(t, "POST", "/import", body, "Cookie", anaCk, "Content-Type", ct); resp.StatusCode != 400 || !strings.Contains(page, "文件是空的") {
		t.Errorf("/import of an empty file: %d", resp.StatusCode)
	}
}
