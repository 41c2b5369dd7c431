package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"industrydash/internal/store"
)

// Issue 11, finding 3: anonymous requests get a small body limit; only
// upload routes get large bodies.
func TestBodyLimits(t *testing.T) {
	e := newEnv(t, false)
	cl := newClient(serve(t, e.App))
	adminCk, adminCSRF := e.session(t, store.RoleAdmin, "")
	repCk, repCSRF := e.session(t, store.RoleReporter, "150203")
	big := func(n int) string { return strings.Repeat("x", n) }

	// The refusal says why, in Chinese (read from the first attempt whose
	// answer arrives before the server closes the connection).
	var st int
	var body string
	for range 5 {
		if st, body = cl.sendOrReset(t, "POST", "/login", "name=a&password="+big(20<<10), "Content-Type", formType); st != 0 {
			break
		}
	}
	if st != 413 || !strings.Contains(body, "请求内容过大") {
		t.Errorf("anonymous 20 KB login: %d %.200s", st, body)
	}
	// A forged cookie does not buy a larger limit.
	if ok, st := cl.refusedAsTooLarge(t, "POST", "/login", "name=a&password="+big(20<<10), "Content-Type", formType, "Cookie", "ids_session=forged"); !ok {
		t.Errorf("anonymous 20 KB login with a forged cookie: %d", st)
	}
	// A signed-in form of 2 MB is refused; of 100 KB it is read.
	if ok, st := cl.refusedAsTooLarge(t, "POST", "/users", form("csrf", adminCSRF, "name", "x", "display_name", big(2<<20)), "Content-Type", formType, "Cookie", adminCk); !ok {
		t.Errorf("signed-in 2 MB form: %d", st)
	}
	st, _ = cl.send(t, "POST", "/users", form("csrf", adminCSRF, "name", "x", "display_name", big(100<<10)), "Content-Type", formType, "Cookie", adminCk)
	if st == 413 {
		t.Errorf("signed-in 100 KB form refused as too large")
	}
	// An upload of 2 MB reaches the handler (which judges the file).
	mp, ct := multipartFile(t, repCSRF, "big.xlsx", []byte(big(2<<20)))
	st, body = cl.send(t, "POST", "/submissions/150203/2024-10/upload", mp, "Content-Type", ct, "Cookie", repCk)
	if st == 413 || strings.Contains(body, "请求内容过大") {
		t.Errorf("2 MB upload refused by the body limit: %d", st)
	}
}

// Issue 11, finding 3: notes and reasons are limited with a Chinese 422
// naming the field, and audit entries stay bounded.
func TestNoteAndReasonLimits(t *testing.T) {
	e := newEnv(t, false)
	rep := e.token(t, store.RoleReporter, "150203")
	ana := e.token(t, store.RoleAnalyst, "")
	js := func(tok string) []string {
		return []string{"Authorization", "Bearer " + tok, "Content-Type", "application/json"}
	}
	note := strings.Repeat("说", 2001)
	body := `{"org_unit":"150203","period":"2024-10","values":[{"indicator":"industry.output_value","value":123.4,"value_type":"ytd","note":"` + note + `"}]}`
	resp, out := e.do(t, "POST", "/api/v1/submissions", body, js(rep)...)
	if resp.StatusCode != 422 || !strings.Contains(out, "说明不能超过 2000 个字符") || !strings.Contains(out, "note") {
		t.Fatalf("2001-character note: %d %.300s", resp.StatusCode, out)
	}
	ok := strings.Replace(body, note, strings.Repeat("说", 2000), 1)
	ok = strings.Replace(ok, `"values"`, `"submit":true,"values"`, 1)
	if resp, out := e.do(t, "POST", "/api/v1/submissions", ok, js(rep)...); resp.StatusCode != 200 && resp.StatusCode != 201 {
		t.Fatalf("2000-character note: %d %.300s", resp.StatusCode, out)
	}
	reason := `{"reason":"` + strings.Repeat("因", 2001) + `"}`
	resp, out = e.do(t, "POST", "/api/v1/submissions/150203-2024-10/return", reason, js(ana)...)
	if resp.StatusCode != 422 || !strings.Contains(out, "退回原因") {
		t.Fatalf("2001-character reason: %d %.300s", resp.StatusCode, out)
	}
	// The form page says the same about the note field.
	repCk, repCSRF := e.session(t, store.RoleReporter, "150203")
	e.do(t, "POST", "/api/v1/submissions/150203-2024-10/return", `{"reason":"请核对"}`, js(ana)...)
	resp, out = e.do(t, "POST", "/submissions/150203/2024-10", form("csrf", repCSRF, "value_industry.output_value", "123.4",
		"note_industry.output_value", note, "action", "save"), "Content-Type", formType, "Cookie", repCk)
	if resp.StatusCode != 422 || !strings.Contains(out, "说明不能超过 2000 个字符") {
		t.Fatalf("form with a 2001-character note: %d", resp.StatusCode)
	}
	entries, err := e.Store.AuditLog(t.Context(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		b, _ := json.Marshal(en)
		if len([]rune(en.New)) > store.AuditTextLimit || len([]rune(en.Old)) > store.AuditTextLimit {
			t.Errorf("audit entry of %d bytes: %.200s", len(b), b)
		}
	}
}
