package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/store"
	"industrydash/server/web"
)

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// sessionCookieOf returns the ids_session cookie a response sets.
func sessionCookieOf(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == "ids_session" {
			return c
		}
	}
	return nil
}

// Issue 24, finding 4: a user whose password an administrator set on the
// page must change it before anything else: every page leads to 修改密码,
// the API refuses, and after the change the product opens as usual.
func TestForcedPasswordChangeOnThePage(t *testing.T) {
	e := newEnv(t, false)
	adminCk, adminCSRF := e.session(t, store.RoleAdmin, "")
	if r, out := e.do(t, "POST", "/users", form("csrf", adminCSRF, "name", "zhangsan", "role", "leader", "password", "Initial#Pass-1"),
		"Cookie", adminCk, "Content-Type", formType); r.StatusCode != 200 || !strings.Contains(out, "zhangsan") {
		t.Fatalf("create user: %d", r.StatusCode)
	}
	pre := "forcedprecsrf0123456789abcdefghijklmnopqrstuvwxyz"
	r, _ := e.do(t, "POST", "/login", form("csrf", pre, "name", "zhangsan", "password", "Initial#Pass-1"), "Cookie", "ids_precsrf="+pre, "Content-Type", formType)
	sc := sessionCookieOf(r)
	if r.StatusCode != 303 || r.Header.Get("Location") != "/account/password" || sc == nil {
		t.Fatalf("login with an admin-set password: %d → %s", r.StatusCode, r.Header.Get("Location"))
	}
	ck := "ids_session=" + sc.Value
	if r, _ := e.do(t, "GET", "/districts", "", "Cookie", ck); r.StatusCode != 303 || r.Header.Get("Location") != "/account/password" {
		t.Fatalf("a page before the change: %d → %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r, out := e.do(t, "GET", "/api/v1/progress", "", "Cookie", ck); r.StatusCode != 403 || !strings.Contains(out, "修改") {
		t.Fatalf("the API before the change: %d %s", r.StatusCode, out)
	}
	r, page := e.do(t, "GET", "/account/password", "", "Cookie", ck)
	m := csrfInput.FindStringSubmatch(page)
	if r.StatusCode != 200 || m == nil || !strings.Contains(page, "管理员为您设置或重置了密码") {
		t.Fatalf("the password page: %d", r.StatusCode)
	}
	if r, out := e.do(t, "POST", "/account/password", form("csrf", m[1], "old", "Initial#Pass-1", "new", "weakpassword", "new2", "weakpassword"),
		"Cookie", ck, "Content-Type", formType); r.StatusCode != 400 || !strings.Contains(out, "三类") {
		t.Fatalf("a weak new password: %d", r.StatusCode)
	}
	if r, _ := e.do(t, "POST", "/account/password", form("csrf", m[1], "old", "Initial#Pass-1", "new", "Only-Mine#2024", "new2", "Only-Mine#2024"),
		"Cookie", ck, "Content-Type", formType); r.StatusCode != 200 {
		t.Fatalf("the change: %d", r.StatusCode)
	}
	if r, _ := e.do(t, "GET", "/districts", "", "Cookie", ck); r.StatusCode != 200 {
		t.Fatalf("a page after the change: %d", r.StatusCode)
	}
	// An API reset by an admin forces the change too.
	if r, out := e.do(t, "POST", "/api/v1/users/zhangsan/password", `{"password":"Api#Reset-2024"}`, "Cookie", adminCk, "X-CSRF-Token", adminCSRF,
		"Content-Type", "application/json"); r.StatusCode != 200 {
		t.Fatalf("API reset: %d %s", r.StatusCode, out)
	}
	r, _ = e.do(t, "POST", "/login", form("csrf", pre, "name", "zhangsan", "password", "Api#Reset-2024"), "Cookie", "ids_precsrf="+pre, "Content-Type", formType)
	if r.StatusCode != 303 || r.Header.Get("Location") != "/account/password" {
		t.Fatalf("login after an API reset: %d → %s", r.StatusCode, r.Header.Get("Location"))
	}
}

// Issue 24, finding 4: using a session moves its idle end, and the
// response sends the cookie again with the new Expires.
func TestSessionCookieExpiresIsRefreshed(t *testing.T) {
	clk := &testClock{t: time.Now().UTC().Truncate(time.Second)}
	e := newEnvWith(t, false, func(o *web.Options) {
		st := o.Obs.(envStore)
		o.Auth = auth.New(st, st, auth.Config{Now: clk.now})
	})
	e.user(t, store.RoleLeader, "")
	pre := "idleprecsrf0123456789abcdefghijklmnopqrstuvwxyz"
	r, _ := e.do(t, "POST", "/login", form("csrf", pre, "name", "leader", "password", testPassword), "Cookie", "ids_precsrf="+pre, "Content-Type", formType)
	first := sessionCookieOf(r)
	if first == nil || !first.Expires.Equal(clk.now().Add(30*time.Minute)) {
		t.Fatalf("login cookie %+v, want Expires 30 min from now", first)
	}
	ck := "ids_session=" + first.Value
	clk.add(10 * time.Minute)
	r, _ = e.do(t, "GET", "/districts", "", "Cookie", ck)
	again := sessionCookieOf(r)
	if r.StatusCode != 200 || again == nil || again.Value != first.Value || !again.Expires.Equal(clk.now().Add(30*time.Minute)) {
		t.Fatalf("after 10 min of use: %d, cookie %+v, want Expires 30 min from now", r.StatusCode, again)
	}
	clk.add(31 * time.Minute)
	if r, _ := e.do(t, "GET", "/districts", "", "Cookie", ck); r.StatusCode != 303 {
		t.Fatalf("after 31 idle minutes: %d, want the login redirect", r.StatusCode)
	}
}
