package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/app"
	"industrydash/internal/auth"
	"industrydash/internal/budget"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/metrics"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/publish"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/targets"
	"industrydash/internal/testenv/seeded"
	"industrydash/seeds"
	"industrydash/server/web"
)

// appCookies holds the session cookie get sends for each app (or base URL).
var appCookies sync.Map

// testPassword is every test user's password.
const testPassword = "test-password-2024"

// env is a server over a fresh embedded store, wired like server/main.go.
type env struct {
	App     *fiber.App
	Store   envStore
	Monitor *monitor.Service
	Metrics *metrics.Metrics
	Auth    *auth.Service
	Review  *review.Service
	users   map[string]store.User
}

func newEnv(t testing.TB, demo bool) *env { t.Helper(); return newEnvWith(t, demo, nil) }

// envStore is what a test server runs on: the embedded store (facts and
// workflow in one), or ClickHouse and PostgreSQL joined (splitStore).
type envStore interface {
	app.FactStore
	store.Workflow
}

type (
	envFacts    = app.FactStore
	envWorkflow = store.Workflow
)

// splitStore joins a fact store and a workflow store into an envStore.
type splitStore struct {
	envFacts
	envWorkflow
}

func (s splitStore) Migrate(ctx context.Context) error {
	if err := s.envFacts.Migrate(ctx); err != nil {
		return err
	}
	return s.envWorkflow.Migrate(ctx)
}

func (s splitStore) Ping(ctx context.Context) error {
	if err := s.envFacts.Ping(ctx); err != nil {
		return err
	}
	return s.envWorkflow.Ping(ctx)
}

func (s splitStore) SchemaStatus(ctx context.Context) (applied, expected int, err error) {
	return s.envFacts.SchemaStatus(ctx)
}

func (s splitStore) Close() error { return errors.Join(s.envWorkflow.Close(), s.envFacts.Close()) }

// newEnvWith is newEnv with the handler's options adjusted by opt.
func newEnvWith(t testing.TB, demo bool, opt func(*web.Options)) *env {
	t.Helper()
	return newEnvOn(t, seeded.Store(t, demo), opt)
}

// newEnvOn is a test server over st (migrated and bootstrapped).
func newEnvOn(t testing.TB, st envStore, opt func(*web.Options)) *env {
	t.Helper()
	return newEnvReview(t, st, nil, opt)
}

// newEnvReview is newEnvOn with the review service's configuration
// adjusted by rc.
func newEnvReview(t testing.TB, st envStore, rc func(*review.Config), opt func(*web.Options)) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cat, _ := seeds.Builtin(2024)
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New()
	rcfg := review.Config{Store: st, Forms: forms, Publisher: publish.New(st, st, log), Log: log}
	if rc != nil {
		rc(&rcfg)
	}
	rev, err := review.New(rcfg)
	if err != nil {
		t.Fatal(err)
	}
	svc := monitor.MustNew(monitor.Config{Reader: m.Reader(st, "embedded"), Engine: progress.DefaultConfig(), Log: log, Overlay: rev})
	m.WatchViewCache(svc.CacheCounts)
	au := auth.New(st, budgetsvc.ReporterUnits{Catalogue: st, Budget: st}, auth.Config{})
	bud := budgetsvc.New(app.BudgetStore(st, st), st, budget.DefaultConfig(), log)
	if err := bud.Bootstrap(context.Background()); err != nil {
		t.Fatal(err)
	}
	o := web.Options{Monitor: svc, Meta: st, Obs: st, Leading: st, Units: st, Log: log, StoreLabel: "test", Auth: au, Review: rev, Audit: st, Budget: bud,
		Targets: targets.New(st, st, nil), Metrics: m, Notify: st}
	if opt != nil {
		opt(&o)
	}
	h, err := web.New(o)
	if err != nil {
		t.Fatal(err)
	}
	a, err := h.NewApp()
	if err != nil {
		t.Fatal(err)
	}
	return &env{App: a, Store: st, Monitor: svc, Metrics: m, Auth: o.Auth, Review: rev, users: map[string]store.User{}}
}

// user returns the test user of a role (and unit), creating it once. Its
// name is the role, or reporter_<unit>.
func (e *env) user(t testing.TB, role, unit string) store.User {
	t.Helper()
	name := role
	if unit != "" {
		name += "_" + unit
	}
	if u, ok := e.users[name]; ok {
		return u
	}
	u, err := e.Auth.AddUser(context.Background(), auth.NewUser{Name: name, DisplayName: name, Role: role, OrgUnit: unit, Password: testPassword}, auth.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	e.users[name] = u
	return u
}

// session logs the role's test user in and returns the Cookie header value
// and the session's CSRF token.
func (e *env) session(t *testing.T, role, unit string) (cookie, csrf string) {
	t.Helper()
	sess, ck, err := e.Auth.NewSession(context.Background(), e.user(t, role, unit))
	if err != nil {
		t.Fatal(err)
	}
	return "ids_session=" + ck, sess.CSRF
}

// token returns an API token of the role's test user.
func (e *env) token(t testing.TB, role, unit string) string {
	t.Helper()
	u := e.user(t, role, unit)
	tok, err := e.Auth.CreateToken(context.Background(), u.Name, "test", 0, auth.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// do sends a request through the app; hdr are header name/value pairs.
func (e *env) do(t *testing.T, method, path, body string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := e.App.Test(req, 60000)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// form encodes form fields.
func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}

const formType = "application/x-www-form-urlencoded"
