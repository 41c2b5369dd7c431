package web_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"industrydash/internal/auth"
	"industrydash/internal/store"
	"industrydash/server/web"
)

// loginFrom logs in (or fails to) through a served app with the given
// X-Forwarded-For and returns the status.
func loginFrom(t *testing.T, cl *client, name, pw, xff string) int {
	t.Helper()
	ck, csrf := cl.preLogin(t)
	st, _ := cl.send(t, "POST", "/login", form("csrf", csrf, "name", name, "password", pw), "Cookie", ck,
		"Content-Type", formType, "X-Forwarded-For", xff)
	return st
}

// Issue 11, finding 7: behind a trusted proxy the limiter and the audit log
// key on the client address the proxy reports; from anyone else the header
// is ignored.
func TestTrustedProxies(t *testing.T) {
	ctx := context.Background()
	var au *auth.Service
	e := newEnvWith(t, false, func(o *web.Options) {
		st := o.Obs.(envStore)
		au = auth.New(st, st, auth.Config{})
		o.Auth = au
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	if _, err := au.AddUser(ctx, auth.NewUser{Name: "kun", Role: store.RoleLeader, Password: testPassword}, auth.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	cl := newClient(serve(t, e.App))
	// Client A fails three times with one name through the proxy: A is
	// throttled on that name, B is not.
	for range 3 {
		if st := loginFrom(t, cl, "ghost", "wrong-password", "203.0.113.7"); st != 401 {
			t.Fatalf("client A: %d", st)
		}
	}
	if st := loginFrom(t, cl, "ghost", "wrong-password", "203.0.113.7"); st != 429 {
		t.Fatalf("client A after its limit: %d, want 429", st)
	}
	// A spoofed left-most entry does not move A to another address.
	if st := loginFrom(t, cl, "ghost", "wrong-password", "198.51.100.99, 203.0.113.7"); st != 429 {
		t.Fatalf("client A spoofing X-Forwarded-For: %d, want 429", st)
	}
	if st := loginFrom(t, cl, "kun", testPassword, "203.0.113.8"); st != 303 {
		t.Fatalf("client B behind the same proxy: %d, want a login", st)
	}
	entries, err := e.Store.AuditLog(ctx, store.AuditFilter{Action: "session.login"})
	if err != nil || len(entries) == 0 || entries[0].IP != "203.0.113.8" {
		t.Fatalf("audit IP: %+v %v", entries, err)
	}

	// Without -trusted-proxies the header is ignored: everyone is the peer.
	var au2 *auth.Service
	e2 := newEnvWith(t, false, func(o *web.Options) {
		st := o.Obs.(envStore)
		au2 = auth.New(st, st, auth.Config{})
		o.Auth = au2
	})
	if _, err := au2.AddUser(ctx, auth.NewUser{Name: "kun", Role: store.RoleLeader, Password: testPassword}, auth.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	cl2 := newClient(serve(t, e2.App))
	for i, xff := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		if st := loginFrom(t, cl2, "ghost", "wrong-password", xff); st != 401 {
			t.Fatalf("attempt %d: %d", i, st)
		}
	}
	if st := loginFrom(t, cl2, "ghost", "wrong-password", "203.0.113.4"); st != 429 {
		t.Fatalf("a forged X-Forwarded-For from an untrusted peer escaped the limit: %d", st)
	}
}

// Issue 11, finding 9: /readyz shows no host, port, database or path to
// anonymous callers.
func TestReadyzHidesTheStoreAddress(t *testing.T) {
	e := newEnvWith(t, false, func(o *web.Options) { o.StoreLabel = "ClickHouse clickhouse://ids:***@db.internal:9000/industry" })
	_, body := e.do(t, "GET", "/readyz", "")
	if strings.Contains(body, "db.internal") || strings.Contains(body, "9000") || strings.Contains(body, "industry") || !strings.Contains(body, "ClickHouse") {
		t.Errorf("anonymous /readyz: %s", body)
	}
	ck, _ := e.session(t, store.RoleAdmin, "")
	if _, body := e.do(t, "GET", "/readyz", "", "Cookie", ck); !strings.Contains(body, "db.internal") {
		t.Errorf("an admin's /readyz lacks the address: %s", body)
	}
}
