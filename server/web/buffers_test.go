package web_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"

	"industrydash/internal/app"
	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/store/postgres"
	"industrydash/internal/testenv/chtest"
	"industrydash/internal/testenv/pgtest"
)

// client is a real HTTP client against a served app: keep-alive
// connections, so the server reuses its request buffers between requests,
// and no redirects followed.
type client struct {
	base string
	hc   *http.Client
}

func newClient(base string) *client {
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	return &client{base: base, hc: &http.Client{Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (cl *client) send(t *testing.T, method, path, body string, hdr ...string) (int, string) {
	t.Helper()
	st, b, err := cl.do(t, method, path, body, hdr...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return st, b
}

// do sends one request and returns its status and body, or the transport
// error.
func (cl *client) do(t *testing.T, method, path, body string, hdr ...string) (int, string, error) {
	t.Helper()
	req, err := http.NewRequest(method, cl.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := cl.hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

// isReset reports whether err is the connection cut while the body was
// still being written (a server refusing the body unread).
func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// sendOrReset is send, except that a connection reset while writing the
// body returns status 0 instead of failing.
func (cl *client) sendOrReset(t *testing.T, method, path, body string, hdr ...string) (int, string) {
	t.Helper()
	st, b, err := cl.do(t, method, path, body, hdr...)
	if err != nil && !isReset(err) {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return st, b
}

// refusedAsTooLarge sends a body the server must refuse before reading it
// and reports whether it did: a 413, or the connection cut while the body
// was still being written (the server answers 413 and closes without
// reading the rest, so the client may see the reset before the answer; how
// far it gets depends on timing, not on the server). In the second case the
// server must still answer the next request.
func (cl *client) refusedAsTooLarge(t *testing.T, method, path, body string, hdr ...string) (bool, int) {
	t.Helper()
	st, _ := cl.sendOrReset(t, method, path, body, hdr...)
	if st == 0 {
		if h, _ := cl.send(t, http.MethodGet, "/healthz", ""); h != http.StatusOK {
			t.Fatalf("after refusing a large body the server answers /healthz with %d", h)
		}
		return true, 0
	}
	return st == http.StatusRequestEntityTooLarge, st
}

// preLogin returns the Cookie header and csrf field value of the login form.
func (cl *client) preLogin(t *testing.T) (cookie, csrf string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, cl.base+"/login", nil)
	resp, err := cl.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "ids_precsrf" {
			return c.Name + "=" + c.Value, c.Value
		}
	}
	t.Fatal("GET /login set no pre-login CSRF cookie")
	return "", ""
}

// TestStoredValuesSurviveLaterRequests stores values from requests (a user,
// a submission with a note and a return reason, audit entries, failed
// logins) and then hammers the server with other requests whose fields sit
// at the same places in the request buffers. Nothing stored may change:
// Fiber reuses request buffers, and a store that kept a request's string
// would see it overwritten (issue 11, finding 1).
func TestStoredValuesSurviveLaterRequests(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { hammer(t, newEnv(t, false)) })
	t.Run("clickhouse+postgres", func(t *testing.T) { hammer(t, newEnvOn(t, productionStores(t), nil)) })
}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Shutdown()
	chtest.Shutdown()
	os.Exit(code)
}

// productionStores is the production pair on the test's private servers:
// facts in ClickHouse, workflow in PostgreSQL, each on a fresh database.
func productionStores(t *testing.T) envStore {
	t.Helper()
	ctx := context.Background()
	wf, err := postgres.Open(ctx, postgres.Config{DSN: pgtest.NewDatabase(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wf.Close() })
	if err := wf.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return splitStore{envFacts: clickhouseStore(t), envWorkflow: wf}
}

// clickhouseStore is a migrated, bootstrapped ClickHouse store on a fresh
// database of the test's private server.
func clickhouseStore(t *testing.T) *clickhouse.Store {
	t.Helper()
	ctx := context.Background()
	st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: chtest.NewDatabase(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := app.Bootstrap(ctx, st, false, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return st
}

func hammer(t *testing.T, e *env) {
	base := serve(t, e.App)
	cl := newClient(base)
	ctx := context.Background()
	adminCk, adminCSRF := e.session(t, store.RoleAdmin, "")
	repCk, repCSRF := e.session(t, store.RoleReporter, "150203")
	anaCk, anaCSRF := e.session(t, store.RoleAnalyst, "")

	// A user created through the page.
	if st, out := cl.send(t, "POST", "/users", form("csrf", adminCSRF, "name", "victima", "display_name", "受害者甲",
		"role", "analyst", "password", testPassword), "Cookie", adminCk, "Content-Type", formType); st != 200 || !strings.Contains(out, "victima") {
		t.Fatalf("create victima: %d", st)
	}
	// A submission with a note, submitted, then returned with a reason.
	code := "industry.output_value"
	if st, _ := cl.send(t, "POST", "/submissions/150203/2024-10", form("csrf", repCSRF, "value_"+code, "123.4",
		"note_"+code, "备注原文NOTE", "action", "submit"), "Cookie", repCk, "Content-Type", formType); st != 303 {
		t.Fatalf("submit: %d", st)
	}
	if st, _ := cl.send(t, "POST", "/submissions/150203/2024-10/return", form("csrf", anaCSRF, "reason", "退回原因REASON"),
		"Cookie", anaCk, "Content-Type", formType); st != 303 {
		t.Fatalf("return: %d", st)
	}
	// victimb fails to log in MaxFailures-1 times: one more failure locks it.
	if _, err := e.Auth.AddUser(ctx, auth.NewUser{Name: "victimb", Role: store.RoleLeader, Password: testPassword}, auth.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	preCk, preCSRF := cl.preLogin(t)
	for i := range e.Auth.Config().MaxFailures - 1 { // from several addresses: one address would be throttled on the name
		if _, err := e.Auth.Login(ctx, "victimb", "wrong-password-1", fmt.Sprintf("192.0.2.%d", 100+i), ""); !errors.Is(err, auth.ErrLoginFailed) {
			t.Fatalf("wrong password: %v", err)
		}
	}
	before, err := e.Store.AuditLog(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := e.Store.SubmissionByID(ctx, review.SubmissionID("150203", domain.Period{Year: 2024, From: 10, To: 10}))
	if err != nil {
		t.Fatal(err)
	}
	events, err := e.Store.SubmissionEvents(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The hammer: anonymous logins and bodies of every shape, in parallel
	// over kept-alive connections.
	bodies := []string{
		"name=ZZZZZZ&display_name=QQQQQQQQQ&role=leadert&password=PPPPPPPPPPPPPP",
		"csrf=" + strings.Repeat("X", len(adminCSRF)) + "&name=ZZZZZZZ&display_name=QQQQQQQQQ&role=leadert&password=" + strings.Repeat("P", 20),
		"csrf=" + strings.Repeat("Y", len(repCSRF)) + "&value_" + code + "=999&note_" + code + "=覆盖覆盖覆盖&action=submit",
		"csrf=" + strings.Repeat("Z", len(anaCSRF)) + "&reason=" + strings.Repeat("W", 40),
		"csrf=" + preCSRF + "&name=victimc&password=" + strings.Repeat("Q", 16),
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				b := bodies[(w+i)%len(bodies)]
				path := []string{"/login", "/users", "/submissions/150203/2024-10", "/setup"}[(w*7+i)%4]
				req, _ := http.NewRequest("POST", base+path+"?name=ZZZZZZ&next=/QQQQQQQQ", strings.NewReader(b))
				req.Header.Set("Content-Type", formType)
				req.Header.Set("Cookie", preCk)
				resp, err := cl.hc.Do(req)
				if err != nil {
					t.Errorf("hammer: %v", err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()

	// Users: listed unchanged, and victima still logs in.
	users, err := e.Store.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range users {
		if strings.Contains(u.Name, "ZZZ") || strings.Contains(u.DisplayName, "QQQ") || !auth.ValidRole(u.Role) {
			t.Errorf("stored user overwritten: %+v", u)
		}
		if u.Name == "victima" {
			found = true
			if u.DisplayName != "受害者甲" || u.Role != store.RoleAnalyst {
				t.Errorf("victima changed: %+v", u)
			}
		}
	}
	if !found {
		t.Error("victima is gone from the users")
	}
	st, page := cl.send(t, "GET", "/users", "", "Cookie", adminCk)
	if st != 200 || !strings.Contains(page, "victima") || !strings.Contains(page, "受害者甲") || strings.Contains(page, "ZZZZZZ") {
		t.Errorf("/users page after the hammer: %d, victima listed: %v", st, strings.Contains(page, "victima"))
	}
	if _, err := e.Auth.Login(ctx, "victima", testPassword, "192.0.2.9", ""); err != nil {
		t.Errorf("victima cannot log in after the hammer: %v", err)
	}
	// Sessions: the ones made before still work.
	for _, ck := range []string{adminCk, repCk, anaCk} {
		if st, _ := cl.send(t, "GET", "/account/password", "", "Cookie", ck); st != 200 {
			t.Errorf("session %s… no longer works: %d", ck[:20], st)
		}
	}
	// Submissions, notes, reasons, events.
	after, err := e.Store.SubmissionByID(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after) != fmt.Sprint(sub) || after.Reason != "退回原因REASON" || len(after.Values) != 1 || after.Values[0].Note != "备注原文NOTE" {
		t.Errorf("submission changed:\nbefore %+v\nafter  %+v", sub, after)
	}
	evAfter, err := e.Store.SubmissionEvents(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(evAfter) != fmt.Sprint(events) {
		t.Errorf("submission events changed:\nbefore %+v\nafter  %+v", events, evAfter)
	}
	// Audit entries written before the hammer are unchanged.
	all, err := e.Store.AuditLog(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < len(before) || fmt.Sprint(all[len(all)-len(before):]) != fmt.Sprint(before) {
		t.Errorf("audit entries changed:\nbefore %+v\nafter  %+v", before, all[max(0, len(all)-len(before)):])
	}
	// The lock-out count: one more failure for victimb locks it, so even
	// the right password then fails.
	if st, _ := cl.send(t, "POST", "/login", form("csrf", preCSRF, "name", "victimb", "password", "wrong-password-1"),
		"Cookie", preCk, "Content-Type", formType); st != 401 {
		t.Fatalf("last wrong password: %d", st)
	}
	if _, err := e.Auth.Login(ctx, "victimb", testPassword, "192.0.2.10", ""); err == nil {
		t.Error("victimb was not locked after MaxFailures failures spread around the hammer")
	}
}
