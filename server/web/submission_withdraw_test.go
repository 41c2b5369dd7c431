package web_test

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
)

// TestUploadAsksBeforeWithdrawing: uploading a template over a submission
// that waits for review would withdraw it, so the form asks first and the
// server refuses without the confirmation.
func TestUploadAsksBeforeWithdrawing(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, "reporter", "150203")
	const base = "/submissions/150203/2024-10"
	resp, page := e.do(t, "POST", base, form("csrf", csrf, "action", "submit", "value_industry.output_value", "1300"),
		"Cookie", ck, "Content-Type", formType)
	if resp.StatusCode >= 400 {
		t.Fatalf("submit: %d %s", resp.StatusCode, page)
	}
	_, page = e.do(t, "GET", base, "", "Cookie", ck)
	if !strings.Contains(page, `data-status="submitted"`) {
		t.Fatalf("the submission is not waiting for review: %s", page)
	}
	if !strings.Contains(page, `name="withdraw"`) {
		t.Error("the upload form does not ask before withdrawing the submission")
	}
	upload := func(withdraw bool) string {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("csrf", csrf)
		if withdraw {
			_ = w.WriteField("withdraw", "1")
		}
		fw, _ := w.CreateFormFile("file", "模板.xlsx")
		fw.Write([]byte("not really a workbook"))
		w.Close()
		_, page := e.do(t, "POST", base+"/upload", buf.String(), "Cookie", ck, "Content-Type", w.FormDataContentType())
		return page
	}
	if page := upload(false); !strings.Contains(page, "撤回") {
		t.Errorf("an unconfirmed upload over a pending submission is not refused: %s", page)
	}
	_, page = e.do(t, "GET", base, "", "Cookie", ck)
	if !strings.Contains(page, `data-status="submitted"`) {
		t.Error("the refused upload changed the submission's status")
	}
	// Confirmed, the upload goes on to read the file (which is not a workbook).
	if page := upload(true); strings.Contains(page, "等待审核。上传模板会撤回") {
		t.Error("the confirmed upload is still refused")
	}
}
