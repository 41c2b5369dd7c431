package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/msg"
	"industrydash/internal/store"
	"industrydash/internal/testenv/seeded"
)

// Issue 24, finding 4: a password expires after PasswordMaxAge, and a new
// one may not repeat the last PasswordHistory ones.
func TestPasswordExpiryAndHistory(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { expiryAndHistory(t, seeded.Store(t, false)) })
	t.Run("postgres", func(t *testing.T) { expiryAndHistory(t, postgresStore(t)) })
}

func expiryAndHistory(t *testing.T, st lockStore) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	s := auth.New(st, st, auth.Config{Now: c.now, PasswordHistory: 2})
	u := addUser(t, s, "kun", store.RoleLeader, "")
	if due, _ := s.PasswordChangeDue(u); due {
		t.Fatal("a new password is due at once")
	}
	c.t = c.t.Add(91 * 24 * time.Hour)
	r, err := s.Login(ctx, "kun", pw, "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	if due, why := s.PasswordChangeDue(r.User); !due || !strings.Contains(why, "90 天") {
		t.Fatalf("a 91-day-old password: due=%v %q", due, why)
	}
	a := auth.Actor{Name: "kun"}
	next := []string{"Second#Pass-2", "Third#Pass-3", "Fourth#Pass-4"}
	old := pw
	for _, p := range next {
		if err := s.ChangePassword(ctx, u.ID, old, p, "", a); err != nil {
			t.Fatal(err)
		}
		old = p
	}
	// The two before the current one are refused; the third back is out of
	// the history and allowed.
	if err := s.ChangePassword(ctx, u.ID, old, next[1], "", a); err == nil || !strings.Contains(msg.Text(err), "最近 2 次") {
		t.Fatalf("reusing the previous password: %v", err)
	}
	if err := s.ChangePassword(ctx, u.ID, old, pw, "", a); err != nil {
		t.Fatalf("a password out of the history: %v", err)
	}
	got, err := st.UserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := s.PasswordChangeDue(got); due || len(got.PasswordHistory) != 2 {
		t.Errorf("after a change: due=%v, history %d hashes", due, len(got.PasswordHistory))
	}
}

// Issue 24, finding 4: after an administrator sets a password the user
// must change it at the next login; the console's reset leaves the choice
// to -must-change.
func TestForcedChangeAfterAdminReset(t *testing.T) {
	ctx := context.Background()
	s, _ := realService(t, auth.Config{})
	addUser(t, s, "kun", store.RoleLeader, "")
	admin := auth.Actor{Name: "root", Role: store.RoleAdmin}
	u, err := s.ResetPassword(ctx, "kun", "Reset#Pass-2024", true, admin)
	if err != nil {
		t.Fatal(err)
	}
	if due, why := s.PasswordChangeDue(u); !due || !strings.Contains(why, "管理员") {
		t.Fatalf("after an admin's reset: due=%v %q", due, why)
	}
	if err := s.ChangePassword(ctx, u.ID, "Reset#Pass-2024", "Mine#Own-Pass-7", "", auth.Actor{Name: "kun"}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Login(ctx, "kun", "Mine#Own-Pass-7", "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := s.PasswordChangeDue(r.User); due {
		t.Error("still due after the user's own change")
	}
	u, err = s.ResetPassword(ctx, "kun", "Script#Pass-2024", false, admin)
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := s.PasswordChangeDue(u); due {
		t.Error("a reset without must-change forces a change")
	}
}

// Issue 24, finding 4: API tokens expire and record when they were last used.
func TestTokensExpireAndRecordUse(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	s, st := realService(t, auth.Config{Now: c.now})
	u := addUser(t, s, "kun", store.RoleLeader, "")
	tok, err := s.CreateToken(ctx, "kun", "ci", 48*time.Hour, auth.Actor{Name: "root"})
	if err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(time.Hour)
	if _, err := s.TokenUser(ctx, tok); err != nil {
		t.Fatal(err)
	}
	ts, err := st.TokensOfUser(ctx, u.ID)
	if err != nil || len(ts) != 1 {
		t.Fatal(ts, err)
	}
	if !ts[0].LastUsedAt.Equal(c.t) || !ts[0].ExpiresAt.Equal(c.t.Add(47*time.Hour)) {
		t.Errorf("token last used %v (want %v), expires %v", ts[0].LastUsedAt, c.t, ts[0].ExpiresAt)
	}
	c.t = c.t.Add(48 * time.Hour)
	if _, err := s.TokenUser(ctx, tok); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("an expired token still works: %v", err)
	}
	// The default life is 90 days.
	tok2, err := s.CreateToken(ctx, "kun", "ci", 0, auth.Actor{Name: "root"})
	if err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(89 * 24 * time.Hour)
	if _, err := s.TokenUser(ctx, tok2); err != nil {
		t.Errorf("a token at 89 days: %v", err)
	}
	c.t = c.t.Add(2 * 24 * time.Hour)
	if _, err := s.TokenUser(ctx, tok2); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("a token at 91 days: %v", err)
	}
}

// Issue 24, finding 4: with MaxSessions, a login beyond the cap ends the
// user's oldest session.
func TestConcurrentSessionLimit(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	s, _ := realService(t, auth.Config{Now: c.now, MaxSessions: 2})
	addUser(t, s, "kun", store.RoleLeader, "")
	var cookies []string
	for range 3 {
		r, err := s.Login(ctx, "kun", pw, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		cookies = append(cookies, r.Cookie)
		c.t = c.t.Add(time.Minute)
	}
	if _, _, err := s.SessionUser(ctx, cookies[0]); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("the oldest of three sessions (cap 2) still works: %v", err)
	}
	for i, ck := range cookies[1:] {
		if _, _, err := s.SessionUser(ctx, ck); err != nil {
			t.Errorf("session %d: %v", i+2, err)
		}
	}
}

// Issue 24, finding 6: login names come from a safe alphabet, never
// starting with a spreadsheet formula character.
func TestLoginNameAlphabet(t *testing.T) {
	ctx := context.Background()
	s, _ := realService(t, auth.Config{})
	for _, name := range []string{"=cmd", "+sum", "-minus", "@at", "a b", "a<b>", "a'b", ".dot", "_x", "a\tb"} {
		if _, err := s.AddUser(ctx, auth.NewUser{Name: name, Role: store.RoleLeader, Password: pw}, auth.Actor{Name: "root"}); err == nil ||
			!strings.Contains(msg.Text(err), "只能由字母") {
			t.Errorf("login name %q: %v", name, err)
		}
	}
	for _, name := range []string{"张三", "zhang.san_01", "li-si", "王五2"} {
		if _, err := s.AddUser(ctx, auth.NewUser{Name: name, Role: store.RoleLeader, Password: "Kunqu#Steel7-" + name}, auth.Actor{Name: "root"}); err != nil {
			t.Errorf("login name %q: %v", name, err)
		}
	}
}

// Issue 24, finding 4: under separation of duties the system administrator
// cannot hand out an administrator role; the security administrator (and
// the console) can, and analysts read the audit log only when granted.
func TestSeparationOfDutiesGrants(t *testing.T) {
	ctx := context.Background()
	s, _ := realService(t, auth.Config{SeparationOfDuties: true})
	admin := auth.Actor{Name: "root", Role: store.RoleAdmin}
	sec := auth.Actor{Name: "sec", Role: store.RoleSecAdmin}
	for _, role := range []string{store.RoleAdmin, store.RoleSecAdmin, store.RoleAuditor} {
		if _, err := s.AddUser(ctx, auth.NewUser{Name: "x" + role, Role: role, Password: pw}, admin); err == nil || !strings.Contains(msg.Text(err), "三员分立") {
			t.Errorf("admin creates a %s under separation of duties: %v", role, err)
		}
	}
	ana := addUser(t, s, "ana", store.RoleAnalyst, "")
	if _, err := s.SetRole(ctx, "ana", store.RoleAuditor, "", admin); err == nil {
		t.Error("admin made an analyst an auditor under separation of duties")
	}
	if s.CanReadAudit(ana) {
		t.Error("an analyst reads the audit log without a grant")
	}
	ana, err := s.SetAuditReader(ctx, "ana", true, sec)
	if err != nil || !s.CanReadAudit(ana) {
		t.Fatalf("granted analyst: %v", err)
	}
	aud, err := s.SetRole(ctx, "ana", store.RoleAuditor, "", sec)
	if err != nil || !s.CanReadAudit(aud) || auth.CanReadCity(aud) {
		t.Fatalf("auditor by the security admin: %v, reads city data: %v", err, auth.CanReadCity(aud))
	}
	if s.CanReadAudit(store.User{Role: store.RoleAdmin}) || s.CanAdministerSecurity(store.User{Role: store.RoleAdmin}) {
		t.Error("the admin keeps audit or security duties under separation of duties")
	}
	one := auth.New(nil, nil, auth.Config{})
	if !one.CanReadAudit(store.User{Role: store.RoleAdmin}) || !one.CanAdministerSecurity(store.User{Role: store.RoleAdmin}) {
		t.Error("without separation of duties the admin lost audit or security duties")
	}
}
