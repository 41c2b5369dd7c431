package web_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"industrydash/internal/export"
	"industrydash/internal/store"
)

// Issue 11, finding 5: the post-login redirect stays on this site.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	e := newEnv(t, false)
	ck, _ := e.session(t, store.RoleAnalyst, "")
	tests := map[string]string{
		"/districts?year=2024":         "/districts?year=2024",
		"/":                            "/",
		"/\t/evil.example":             "/",
		"/%09/evil.example":            "/%09/evil.example", // still encoded: a path here
		"/\r\n/evil.example":           "/",
		"//evil.example":               "/",
		"/\\evil.example":              "/",
		"\\/evil.example":              "/",
		"https://evil.example/":        "/",
		"http:/evil.example":           "/",
		"javascript:alert(1)":          "/",
		"/\u200b/evil.example":         "/",
		"/ /evil.example":              "/ /evil.example", // a path on this site
		"evil.example":                 "/",
		"/indicators/x?next=//evil.ex": "/indicators/x?next=//evil.ex",
	}
	for next, want := range tests {
		resp, _ := e.do(t, "GET", "/login?next="+url.QueryEscape(next), "", "Cookie", ck)
		if resp.StatusCode != 303 {
			t.Errorf("next=%q: status %d", next, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("next=%q redirects to %q, want %q", next, got, want)
		}
	}
}

// Issue 11, finding 9: the CSRF token is accepted from the form body or the
// header, never from the query string.
func TestCSRFTokenNotFromQueryString(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleAdmin, "")
	body := form("name", "newuser1", "role", "leader", "password", "a-long-enough-pw-9")
	resp, _ := e.do(t, "POST", "/users?csrf="+url.QueryEscape(csrf), body, "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 403 {
		t.Errorf("CSRF token in the query string: %d, want 403", resp.StatusCode)
	}
	resp, _ = e.do(t, "POST", "/users", body, "Cookie", ck, "Content-Type", formType, "X-CSRF-Token", csrf)
	if resp.StatusCode != 200 {
		t.Errorf("CSRF token in the header: %d", resp.StatusCode)
	}
	body2 := form("csrf", csrf, "name", "newuser2", "role", "leader", "password", "a-long-enough-pw-9")
	resp, _ = e.do(t, "POST", "/users", body2, "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 200 {
		t.Errorf("CSRF token in the body: %d", resp.StatusCode)
	}
	// The pre-login forms likewise.
	resp, _ = e.do(t, "GET", "/login", "")
	var pre string
	for _, c := range resp.Cookies() {
		if c.Name == "ids_precsrf" {
			pre = c.Value
		}
	}
	resp, _ = e.do(t, "POST", "/login?csrf="+pre, form("name", "admin", "password", testPassword), "Cookie", "ids_precsrf="+pre, "Content-Type", formType)
	if resp.StatusCode != 403 {
		t.Errorf("pre-login CSRF token in the query string: %d, want 403", resp.StatusCode)
	}
}

// Issue 11, finding 9: CSV exports (the audit log and every table export
// go through export.WriteCSV) neutralise cells that a spreadsheet would run
// as formulas.
func TestCSVExportsNeutraliseFormulas(t *testing.T) {
	tab := export.Table{Columns: []string{"=HEAD", "b"}, Rows: [][]export.Cell{
		{export.Text("=HYPERLINK(\"http://evil\")"), export.Text("+1+1")},
		{export.Text("-2+3"), export.Text("@SUM(A1)")},
		{export.Text("\tx"), export.Text("\rx")},
		{export.Text("-3.5"), export.Value(-2)},
		{export.Text("昆都仑区"), export.Text("a=b")},
	}}
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	got := strings.TrimPrefix(buf.String(), "\ufeff")
	for _, want := range []string{`'=HEAD`, `"'=HYPERLINK(""http://evil"")"`, `'+1+1`, `'-2+3`, `'@SUM(A1)`, "'\tx", "-3.5,-2", "昆都仑区,a=b"} {
		if !strings.Contains(got, want) {
			t.Errorf("CSV lacks %q:\n%s", want, got)
		}
	}
}
