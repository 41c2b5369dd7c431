package web_test

import (
	"net/url"
	"strings"
	"testing"

	"industrydash/internal/auth"
	"industrydash/internal/store"
)

// Issue 11, finding 6: an admin cuts off a compromised account at once,
// through the JSON API and the 用户 page; everything is audited.
func TestAdminCutsOffAnAccount(t *testing.T) {
	e := newEnv(t, false)
	admin := e.token(t, store.RoleAdmin, "")
	api := func(method, path, body string) (int, string) {
		resp, out := e.do(t, method, path, body, "Authorization", "Bearer "+admin, "Content-Type", "application/json")
		return resp.StatusCode, out
	}
	repCk, _ := e.session(t, store.RoleReporter, "150203")
	repTok := e.token(t, store.RoleReporter, "150203")
	reporterWorks := func() (bool, bool) {
		r1, _ := e.do(t, "GET", "/api/v1/submissions", "", "Cookie", repCk)
		r2, _ := e.do(t, "GET", "/api/v1/submissions", "", "Authorization", "Bearer "+repTok)
		return r1.StatusCode == 200, r2.StatusCode == 200
	}
	if s, tk := reporterWorks(); !s || !tk {
		t.Fatalf("before: session %v token %v", s, tk)
	}

	st, out := api("GET", "/api/v1/users", "")
	if st != 200 || !strings.Contains(out, `"name":"reporter_150203"`) || strings.Contains(out, "argon2") {
		t.Fatalf("GET /api/v1/users: %d %s", st, out)
	}
	// Disable: the session and the token (both just used, so remembered)
	// stop working on the next request.
	if st, out := api("POST", "/api/v1/users/reporter_150203/disable", ""); st != 200 || !strings.Contains(out, `"disabled":true`) {
		t.Fatalf("disable: %d %s", st, out)
	}
	if s, tk := reporterWorks(); s || tk {
		t.Fatalf("after disabling: session works %v, token works %v", s, tk)
	}
	// Enabling brings neither back; a new login works.
	if st, _ := api("POST", "/api/v1/users/reporter_150203/enable", ""); st != 200 {
		t.Fatalf("enable: %d", st)
	}
	if s, tk := reporterWorks(); s || tk {
		t.Fatalf("after enabling: old session works %v, old token works %v", s, tk)
	}
	if _, err := e.Auth.Login(t.Context(), "reporter_150203", testPassword, "192.0.2.1", ""); err != nil {
		t.Fatalf("login after enabling: %v", err)
	}
	// Token revocation.
	repTok = e.token(t, store.RoleReporter, "150203")
	if st, out := api("POST", "/api/v1/users/reporter_150203/tokens/revoke", ""); st != 200 || !strings.Contains(out, "1 个 API 令牌") {
		t.Fatalf("revoke: %d %s", st, out)
	}
	if r, _ := e.do(t, "GET", "/api/v1/submissions", "", "Authorization", "Bearer "+repTok); r.StatusCode != 401 {
		t.Fatalf("revoked token: %d", r.StatusCode)
	}
	// Password reset ends the sessions; the new password works.
	repCk, _ = e.session(t, store.RoleReporter, "150203")
	if st, out := api("POST", "/api/v1/users/reporter_150203/password", `{"password":"short"}`); st != 400 || !strings.Contains(out, "至少") {
		t.Fatalf("weak reset: %d %s", st, out)
	}
	if st, _ := api("POST", "/api/v1/users/reporter_150203/password", `{"password":"new-secret-pass-77"}`); st != 200 {
		t.Fatalf("reset: %d", st)
	}
	if r, _ := e.do(t, "GET", "/api/v1/submissions", "", "Cookie", repCk); r.StatusCode == 200 {
		t.Fatal("a session survived the password reset")
	}
	if _, err := e.Auth.Login(t.Context(), "reporter_150203", "new-secret-pass-77", "192.0.2.1", ""); err != nil {
		t.Fatalf("login with the reset password: %v", err)
	}
	// Role change applies to the next request.
	leadCk, _ := e.session(t, store.RoleLeader, "")
	if r, _ := e.do(t, "GET", "/districts", "", "Cookie", leadCk); r.StatusCode != 200 {
		t.Fatalf("leader before: %d", r.StatusCode)
	}
	if st, out := api("POST", "/api/v1/users/leader/role", `{"role":"reporter","org_unit":"昆都仑区"}`); st != 200 || !strings.Contains(out, `"org_unit":"150203"`) {
		t.Fatalf("role: %d %s", st, out)
	}
	if r, _ := e.do(t, "GET", "/districts", "", "Cookie", leadCk); r.StatusCode != 403 {
		t.Fatalf("demoted leader still reads the city: %d", r.StatusCode)
	}
	// The last admin cannot be disabled or demoted, an admin not disable themself.
	if st, out := api("POST", "/api/v1/users/admin/disable", ""); st != 400 {
		t.Fatalf("admin disabling themself: %d %s", st, out)
	}
	if st, _ := api("POST", "/api/v1/users/nobody/disable", ""); st != 404 {
		t.Fatalf("unknown user: %d", st)
	}
	// A Chinese login name, percent-encoded in the path as the page writes it.
	if _, err := e.Auth.AddUser(t.Context(), auth.NewUser{Name: "张三", Role: store.RoleLeader, Password: testPassword}, auth.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	if st, out := api("POST", "/api/v1/users/"+url.PathEscape("张三")+"/disable", ""); st != 200 {
		t.Fatalf("disable 张三: %d %s", st, out)
	}
	// The page does the same.
	ck, csrf := e.session(t, store.RoleAdmin, "")
	e.user(t, store.RoleAnalyst, "")
	resp, page := e.do(t, "POST", "/users/analyst/disable", form("csrf", csrf), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 200 || !strings.Contains(page, "已停用用户“analyst”") {
		t.Fatalf("page disable: %d", resp.StatusCode)
	}
	// Audited.
	entries, err := e.Store.AuditLog(t.Context(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, en := range entries {
		seen[en.Action] = true
	}
	for _, a := range []string{"user.disable", "user.enable", "token.revoke", "user.password_reset", "user.role"} {
		if !seen[a] {
			t.Errorf("%s is not in the audit log", a)
		}
	}
}

// Issue 11, finding 6: changing one's own password ends one's other sessions
// and keeps the one that made the change.
func TestChangingOwnPasswordEndsOtherSessions(t *testing.T) {
	e := newEnv(t, false)
	mine, csrf := e.session(t, store.RoleAnalyst, "")
	other, _ := e.session(t, store.RoleAnalyst, "")
	resp, _ := e.do(t, "POST", "/account/password", form("csrf", csrf, "old", testPassword, "new", "brand-new-pass-42", "new2", "brand-new-pass-42"),
		"Cookie", mine, "Content-Type", formType)
	if resp.StatusCode != 200 {
		t.Fatalf("change password: %d", resp.StatusCode)
	}
	if r, _ := e.do(t, "GET", "/account/password", "", "Cookie", mine); r.StatusCode != 200 {
		t.Errorf("the session that changed the password ended: %d", r.StatusCode)
	}
	if r, _ := e.do(t, "GET", "/account/password", "", "Cookie", other); r.StatusCode == 200 {
		t.Error("another session survived the password change")
	}
}
