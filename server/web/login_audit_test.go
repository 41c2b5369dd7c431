package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/store"
	"industrydash/server/web"
)

// Issue 24, finding 3: 40 failed logins with made-up names from one
// address (an office behind NAT) leave another account's login from that
// address working, through the real server; each failure is audited.
func TestFailedLoginsFromOneAddressLeaveTheOfficeIn(t *testing.T) {
	ctx := context.Background()
	var sleeps atomic.Int32
	var au *auth.Service
	e := newEnvWith(t, false, func(o *web.Options) {
		st := o.Obs.(envStore)
		au = auth.New(st, st, auth.Config{Sleep: func(context.Context, time.Duration) error { sleeps.Add(1); return nil }})
		o.Auth = au
	})
	if _, err := au.AddUser(ctx, auth.NewUser{Name: "kun", Role: store.RoleAdmin, Password: testPassword}, auth.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	cl := newClient(serve(t, e.App))
	ck, csrf := cl.preLogin(t)
	for i := range 40 {
		if st, _ := cl.send(t, "POST", "/login", form("csrf", csrf, "name", fmt.Sprintf("guess%02d", i), "password", "wrong-password"),
			"Cookie", ck, "Content-Type", formType); st != 401 {
			t.Fatalf("made-up name %d: %d", i, st)
		}
	}
	if st, _ := cl.send(t, "POST", "/login", form("csrf", csrf, "name", "kun", "password", testPassword), "Cookie", ck, "Content-Type", formType); st != 303 {
		t.Fatalf("the right password of another account from the same address: %d, want 303", st)
	}
	if sleeps.Load() == 0 {
		t.Error("the address was not slowed down after 40 failures")
	}
	failed, err := e.Store.AuditLog(ctx, store.AuditFilter{Action: "session.login_failed"})
	if err != nil || len(failed) != 40 {
		t.Fatalf("%d failed logins in the audit log, want 40 (%v)", len(failed), err)
	}
	// The same name from the same address, again and again: throttled with
	// a Retry-After, and audited.
	for range 3 {
		cl.send(t, "POST", "/login", form("csrf", csrf, "name", "kun", "password", "wrong-password"), "Cookie", ck, "Content-Type", formType)
	}
	st, body := cl.send(t, "POST", "/login", form("csrf", csrf, "name", "kun", "password", "wrong-password"), "Cookie", ck, "Content-Type", formType)
	if st != 429 || !strings.Contains(body, "秒后再试") {
		t.Fatalf("fourth failure in a row on one name: %d", st)
	}
	if es, err := e.Store.AuditLog(ctx, store.AuditFilter{Action: "session.throttled"}); err != nil || len(es) != 1 || es[0].Actor != "kun" {
		t.Errorf("throttled login in the audit log: %+v %v", es, err)
	}
}

// Issue 24, finding 4: refusals (403), throttled requests (429) and
// downloads of data are in the audit log, with who, what and from where.
func TestRefusalsAndExportsAreAudited(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, false)
	repCk, _ := e.session(t, store.RoleReporter, "150203")
	if r, _ := e.do(t, "GET", "/districts", "", "Cookie", repCk); r.StatusCode != 403 {
		t.Fatalf("reporter on /districts: %d", r.StatusCode)
	}
	denied, err := e.Store.AuditLog(ctx, store.AuditFilter{Action: "access.denied"})
	if err != nil || len(denied) != 1 || denied[0].Actor != "reporter_150203" || denied[0].Object != "GET /districts" {
		t.Fatalf("403 in the audit log: %+v %v", denied, err)
	}
	anaCk, _ := e.session(t, store.RoleAnalyst, "")
	if r, _ := e.do(t, "GET", "/export/districts/all.xlsx", "", "Cookie", anaCk); r.StatusCode != 200 {
		t.Fatalf("export: %d", r.StatusCode)
	}
	exports, err := e.Store.AuditLog(ctx, store.AuditFilter{Action: "data.export"})
	if err != nil || len(exports) != 1 || exports[0].Actor != "analyst" || !strings.Contains(exports[0].New, "districts.xlsx") {
		t.Fatalf("export in the audit log: %+v %v", exports, err)
	}
	// A page that is not a download is not an export.
	e.do(t, "GET", "/districts", "", "Cookie", anaCk)
	if again, _ := e.Store.AuditLog(ctx, store.AuditFilter{Action: "data.export"}); len(again) != 1 {
		t.Errorf("a page view was audited as an export: %d entries", len(again))
	}
}
