package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/store"
	"industrydash/server/web"
)

// testClock is an injectable clock for the auth service.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Outcomes of a request in the role × route matrix.
const (
	ok    = "ok"    // served (any status but 401/403 and the login redirect)
	deny  = "403"   // refused with 403
	login = "login" // anonymous: 401 (API) or a redirect to /login?next=
)

// Who may do what, per rule; roles in order: anonymous, reporter (own
// unit), reporter (other unit), leader, analyst, admin, reporter of a
// budget unit (局本级, whose projects include prj.yikatong; the {unit} of
// the path is a district's), security administrator, audit administrator,
// analyst granted the audit log.
var rules = map[string][10]string{
	"public": {ok, ok, ok, ok, ok, ok, ok, ok, ok, ok},
	"user":   {login, ok, ok, ok, ok, ok, ok, ok, ok, ok},
	"city":   {login, deny, deny, ok, ok, ok, deny, deny, deny, ok},
	"unit":   {login, ok, deny, ok, ok, ok, deny, deny, deny, ok},
	"submit": {login, ok, deny, deny, ok, ok, deny, deny, deny, ok},
	"board":  {login, ok, ok, deny, ok, ok, ok, deny, deny, ok},
	"staff":  {login, deny, deny, deny, ok, ok, deny, deny, deny, ok},
	"admin":  {login, deny, deny, deny, deny, ok, deny, deny, deny, deny},
	// budget: the department budget's pages; a budget unit's reporter
	// sees its own unit's rows, district reporters nothing.
	"budget": {login, deny, deny, ok, ok, ok, ok, deny, deny, ok},
	// budgetfill: filling the 绩效运行监控表: staff and the project's unit.
	"budgetfill": {login, deny, deny, deny, ok, ok, ok, deny, deny, ok},
	// 三员分立 (issue 24): the account list, account management (system
	// administrator), security administration and the audit log. Without
	// -separation-of-duties the admin does all three.
	"accounts":  {login, deny, deny, deny, deny, ok, deny, ok, deny, deny},
	"useradmin": {login, deny, deny, deny, deny, ok, deny, deny, deny, deny},
	"security":  {login, deny, deny, deny, deny, ok, deny, ok, deny, deny},
	"audit":     {login, deny, deny, deny, deny, ok, deny, deny, ok, ok},
}

// separatedRules are the rules that differ under -separation-of-duties:
// the admin no longer administers security or reads the audit log.
var separatedRules = map[string][10]string{
	"security": {login, deny, deny, deny, deny, deny, deny, ok, deny, deny},
	"audit":    {login, deny, deny, deny, deny, deny, deny, deny, ok, ok},
}

// routeCase is how the matrix calls one route: a path where {unit} stands
// for the unit under test, a body, and the rule it must obey.
type routeCase struct {
	path, body, rule string
	json             bool
}

// matrix lists EVERY route the app registers; a route missing here fails
// TestEveryRouteHasAnAccessRule.
var matrix = map[string]routeCase{
	"GET /healthz":                                 {path: "/healthz", rule: "public"},
	"GET /metrics":                                 {path: "/metrics", rule: "admin"}, // and loopback clients: respcache_test.go
	"GET /readyz":                                  {path: "/readyz", rule: "public"},
	"GET /favicon.ico":                             {path: "/favicon.ico", rule: "public"},
	"GET /login":                                   {path: "/login", rule: "public"},
	"POST /login":                                  {path: "/login", body: "name=admin&password=" + testPassword, rule: "public"},
	"GET /setup":                                   {path: "/setup", rule: "public"},
	"POST /setup":                                  {path: "/setup", body: "name=x", rule: "public"},
	"POST /logout":                                 {path: "/logout", rule: "user"},
	"GET /account/password":                        {path: "/account/password", rule: "user"},
	"POST /account/password":                       {path: "/account/password", body: "old=a&new=b&new2=b", rule: "user"},
	"GET /users":                                   {path: "/users", rule: "accounts"},
	"POST /users":                                  {path: "/users", body: "name=", rule: "useradmin"},
	"GET /audit":                                   {path: "/audit", rule: "audit"},
	"POST /users/:name/disable":                    {path: "/users/nobody/disable", rule: "useradmin"},
	"POST /users/:name/enable":                     {path: "/users/nobody/enable", rule: "useradmin"},
	"POST /users/:name/password":                   {path: "/users/nobody/password", body: "password=x", rule: "security"},
	"POST /users/:name/role":                       {path: "/users/nobody/role", body: "role=leader", rule: "security"},
	"POST /users/:name/tokens/revoke":              {path: "/users/nobody/tokens/revoke", rule: "security"},
	"POST /users/:name/unlock":                     {path: "/users/nobody/unlock", rule: "security"},
	"POST /users/:name/audit-reader":               {path: "/users/nobody/audit-reader", body: "on=1", rule: "security"},
	"GET /api/v1/users":                            {path: "/api/v1/users", rule: "accounts"},
	"POST /api/v1/users/:name/disable":             {path: "/api/v1/users/nobody/disable", json: true, rule: "useradmin"},
	"POST /api/v1/users/:name/enable":              {path: "/api/v1/users/nobody/enable", json: true, rule: "useradmin"},
	"POST /api/v1/users/:name/password":            {path: "/api/v1/users/nobody/password", body: `{"password":"x"}`, json: true, rule: "security"},
	"POST /api/v1/users/:name/role":                {path: "/api/v1/users/nobody/role", body: `{"role":"leader"}`, json: true, rule: "security"},
	"POST /api/v1/users/:name/tokens/revoke":       {path: "/api/v1/users/nobody/tokens/revoke", json: true, rule: "security"},
	"POST /api/v1/users/:name/unlock":              {path: "/api/v1/users/nobody/unlock", json: true, rule: "security"},
	"POST /api/v1/users/:name/audit-reader":        {path: "/api/v1/users/nobody/audit-reader", body: `{"on":true}`, json: true, rule: "security"},
	"GET /import":                                  {path: "/import", rule: "staff"},
	"POST /import":                                 {path: "/import", rule: "staff"},
	"GET /audit/export/:format":                    {path: "/audit/export/csv", rule: "audit"},
	"GET /subscriptions":                           {path: "/subscriptions", rule: "user"},
	"POST /subscriptions":                          {path: "/subscriptions", body: "event=approved&channel=email&address=a%40example.org", rule: "user"},
	"POST /subscriptions/:id/delete":               {path: "/subscriptions/nope/delete", rule: "user"},
	"GET /unsubscribe/:token":                      {path: "/unsubscribe/nope", rule: "public"},
	"POST /unsubscribe/:token":                     {path: "/unsubscribe/nope", rule: "public"},
	"GET /deliveries":                              {path: "/deliveries", rule: "admin"},
	"GET /api/v1/subscriptions":                    {path: "/api/v1/subscriptions", rule: "user"},
	"POST /api/v1/subscriptions":                   {path: "/api/v1/subscriptions", body: `{"event":"approved","channel":"email","address":"a@example.org"}`, json: true, rule: "user"},
	"DELETE /api/v1/subscriptions/:id":             {path: "/api/v1/subscriptions/nope", rule: "user"},
	"GET /api/v1/deliveries":                       {path: "/api/v1/deliveries", rule: "admin"},
	"POST /import/alias":                           {path: "/import/alias", body: "alias=&indicator=", rule: "staff"},
	"GET /":                                        {path: "/", rule: "user"},
	"GET /chain/:name":                             {path: "/chain/" + url.PathEscape("稀土"), rule: "city"},
	"GET /districts":                               {path: "/districts", rule: "city"},
	"GET /parks":                                   {path: "/parks", rule: "city"},
	"GET /indicators/:code":                        {path: "/indicators/industry.output_value?org_unit={unit}", rule: "unit"},
	"GET /leading":                                 {path: "/leading", rule: "city"},
	"GET /api/v1/leading":                          {path: "/api/v1/leading", rule: "city"},
	"GET /budget":                                  {path: "/budget", rule: "budget"},
	"GET /budget/report":                           {path: "/budget/report", rule: "city"},
	"POST /budget/payments":                        {path: "/budget/payments", rule: "staff"},
	"GET /budget/monitor/:project":                 {path: "/budget/monitor/prj.yikatong", rule: "budget"},
	"POST /budget/monitor/:project":                {path: "/budget/monitor/prj.yikatong", body: "action=save", rule: "budgetfill"},
	"GET /budget/monitor/:project/:file":           {path: "/budget/monitor/prj.yikatong/form.xlsx", rule: "budget"},
	"GET /api/v1/budget":                           {path: "/api/v1/budget", rule: "budget"},
	"GET /screen":                                  {path: "/screen", rule: "city"},
	"GET /briefing":                                {path: "/briefing", rule: "city"},
	"GET /export/:page/:file":                      {path: "/export/indicator/indicator_history.csv?code=industry.output_value&org_unit={unit}", rule: "unit"},
	"GET /submissions":                             {path: "/submissions", rule: "board"},
	"GET /submissions/:unit/:period":               {path: "/submissions/{unit}/2024-10", rule: "submit"},
	"POST /submissions/:unit/:period":              {path: "/submissions/{unit}/2024-10", body: "action=save", rule: "submit"},
	"GET /targets":                                 {path: "/targets", rule: "staff"},
	"POST /targets/extract":                        {path: "/targets/extract", body: "text=" + url.QueryEscape("2025年新增规上企业100户以上。"), rule: "staff"},
	"POST /targets/publish":                        {path: "/targets/publish", body: "year=2025&n=0&document=x&date=2025-02-01", rule: "staff"},
	"POST /targets/revise":                         {path: "/targets/revise", body: "year=2024", rule: "staff"},
	"POST /targets/catalogue":                      {path: "/targets/catalogue", rule: "staff"},
	"GET /targets/split":                           {path: "/targets/split?indicator=industry.output_value", rule: "staff"},
	"POST /targets/split":                          {path: "/targets/split", body: "indicator=industry.output_value&document=x", rule: "staff"},
	"GET /submissions/:unit/:period/template.xlsx": {path: "/submissions/{unit}/2024-10/template.xlsx", rule: "submit"},
	"POST /submissions/:unit/:period/upload":       {path: "/submissions/{unit}/2024-10/upload", rule: "submit"},
	"POST /submissions/:unit/:period/approve":      {path: "/submissions/{unit}/2024-10/approve", rule: "staff"},
	"POST /submissions/:unit/:period/return":       {path: "/submissions/{unit}/2024-10/return", body: "reason=x", rule: "staff"},
	"POST /submissions/:unit/:period/reopen":       {path: "/submissions/{unit}/2024-10/reopen", body: "reason=x", rule: "staff"},
	"GET /api/v1/openapi.json":                     {path: "/api/v1/openapi.json", rule: "public"},
	"GET /api/v1/targets":                          {path: "/api/v1/targets", rule: "city"},
	"GET /api/v1/progress":                         {path: "/api/v1/progress", rule: "city"},
	"POST /api/v1/targets/revisions":               {path: "/api/v1/targets/revisions", body: `{"year":2024}`, json: true, rule: "staff"},
	"GET /api/v1/indicators/:code/series":          {path: "/api/v1/indicators/industry.output_value/series?org_unit={unit}", rule: "unit"},
	"GET /api/v1/districts":                        {path: "/api/v1/districts", rule: "city"},
	"GET /api/v1/parks":                            {path: "/api/v1/parks", rule: "city"},
	"GET /api/v1/briefing":                         {path: "/api/v1/briefing?format=html", rule: "city"},
	"GET /api/v1/submissions":                      {path: "/api/v1/submissions?org_unit={unit}", rule: "submit"},
	"POST /api/v1/submissions":                     {path: "/api/v1/submissions", body: `{"org_unit":"{unit}","period":"2024-10","draft":true,"values":[]}`, json: true, rule: "submit"},
	"GET /api/v1/submissions/:id":                  {path: "/api/v1/submissions/{unit}-2024-10", rule: "submit"},
	"POST /api/v1/submissions/:id/approve":         {path: "/api/v1/submissions/{unit}-2024-10/approve", json: true, rule: "staff"},
	"POST /api/v1/submissions/:id/return":          {path: "/api/v1/submissions/{unit}-2024-10/return", body: `{"reason":"x"}`, json: true, rule: "staff"},
	"POST /api/v1/submissions/:id/reopen":          {path: "/api/v1/submissions/{unit}-2024-10/reopen", body: `{"reason":"x"}`, json: true, rule: "staff"},
}

// TestEveryRouteHasAnAccessRule calls every route as every role, with and
// without -separation-of-duties.
func TestEveryRouteHasAnAccessRule(t *testing.T) {
	t.Run("one admin", func(t *testing.T) { routeMatrix(t, false) })
	t.Run("separation of duties", func(t *testing.T) { routeMatrix(t, true) })
}

func routeMatrix(t *testing.T, separate bool) {
	e := newEnvWith(t, false, func(o *web.Options) {
		st := o.Obs.(envStore)
		o.Auth = auth.New(st, budgetsvc.ReporterUnits{Catalogue: st, Budget: st}, auth.Config{SeparationOfDuties: separate})
	})
	e.user(t, store.RoleAdmin, "")
	type actor struct {
		name, role, unit, pathUnit string
	}
	actors := []actor{
		{"anonymous", "", "", "150203"},
		{"reporter(own)", store.RoleReporter, "150203", "150203"},
		{"reporter(other)", store.RoleReporter, "150203", "150202"},
		{"leader", store.RoleLeader, "", "150203"},
		{"analyst", store.RoleAnalyst, "", "150203"},
		{"admin", store.RoleAdmin, "", "150203"},
		{"reporter(budget unit)", store.RoleReporter, "gxj", "150203"},
		{"secadmin", store.RoleSecAdmin, "", "150203"},
		{"auditor", store.RoleAuditor, "", "150203"},
		{"analyst(audit reader)", store.RoleAnalyst, "reader", "150203"},
	}
	// The granted analyst: a second analyst with the audit log.
	reader, err := e.Auth.AddUser(t.Context(), auth.NewUser{Name: "analyst_reader", Role: store.RoleAnalyst, Password: testPassword}, auth.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if reader, err = e.Auth.SetAuditReader(t.Context(), reader.Name, true, auth.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	e.users["analyst_reader"] = reader
	seen := map[string]bool{}
	for _, r := range e.App.GetRoutes(true) {
		if r.Method == "HEAD" {
			continue
		}
		key := r.Method + " " + r.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		rc, has := matrix[key]
		if !has {
			t.Errorf("route %s has no entry in the access matrix: add it with its rule", key)
			continue
		}
		want := rules[rc.rule]
		if sep, ok := separatedRules[rc.rule]; ok && separate {
			want = sep
		}
		for i, a := range actors {
			path := strings.ReplaceAll(rc.path, "{unit}", a.pathUnit)
			body := strings.ReplaceAll(rc.body, "{unit}", a.pathUnit)
			pre := "matrixprecsrf0123456789abcdefghijklmnopqrstuvwxyz"
			hdr := []string{"Cookie", "ids_precsrf=" + pre}
			if a.role != "" {
				ck, csrf := e.session(t, a.role, a.unit)
				hdr = []string{"Cookie", ck + "; ids_precsrf=" + pre, "X-CSRF-Token", csrf}
			}
			if r.Method == "POST" {
				if rc.json {
					hdr = append(hdr, "Content-Type", "application/json")
				} else {
					hdr = append(hdr, "Content-Type", formType)
					body = form("csrf", pre) + "&" + body
				}
			}
			resp, out := e.do(t, r.Method, path, body, hdr...)
			got := ok
			loc := resp.Header.Get("Location")
			switch {
			case resp.StatusCode == 403:
				got = deny
			case resp.StatusCode == 401 || (resp.StatusCode == 303 && strings.HasPrefix(loc, "/login?next=")):
				got = login
			}
			if got != want[i] {
				t.Errorf("%s as %s: status %d (%s), want %s: %.200s", key, a.name, resp.StatusCode, loc, want[i], out)
			}
			if got == deny && !strings.ContainsAny(out, "无权只有领导") {
				t.Errorf("%s as %s: 403 without a Chinese reason: %.200s", key, a.name, out)
			}
		}
	}
	for key := range matrix {
		if !seen[key] {
			t.Errorf("the matrix lists %s, which the app does not register", key)
		}
	}
}

func TestCSRFIsRequiredOnStateChanges(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleReporter, "150203")
	body := form("action", "save", "value_industry.output_value", "120")
	for name, tok := range map[string]string{"missing": "", "wrong": "not-the-token"} {
		t.Run(name, func(t *testing.T) {
			b := body
			if tok != "" {
				b += "&" + form("csrf", tok)
			}
			resp, out := e.do(t, "POST", "/submissions/150203/2024-10", b, "Cookie", ck, "Content-Type", formType)
			if resp.StatusCode != 403 || !strings.Contains(out, "CSRF") {
				t.Fatalf("status %d: %.300s", resp.StatusCode, out)
			}
		})
	}
	resp, out := e.do(t, "POST", "/submissions/150203/2024-10", body+"&"+form("csrf", csrf), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 303 {
		t.Fatalf("with the right token: %d %.300s", resp.StatusCode, out)
	}
	// API calls with a Bearer token need no CSRF token.
	tok := e.token(t, store.RoleReporter, "150203")
	resp, out = e.do(t, "POST", "/api/v1/submissions", `{"org_unit":"150203","period":"2024-09","draft":true,"values":[{"indicator":"industry.output_value","value":100,"value_type":"ytd"}]}`,
		"Authorization", "Bearer "+tok, "Content-Type", "application/json")
	if resp.StatusCode != 201 {
		t.Fatalf("bearer: %d %s", resp.StatusCode, out)
	}
}

func TestLoginLocksOutAfterFiveFailures(t *testing.T) {
	clk := &testClock{t: time.Date(2024, 11, 3, 9, 0, 0, 0, time.UTC)}
	e := newEnvWith(t, false, func(o *web.Options) {
		st := o.Obs.(envStore)
		o.Auth = auth.New(st, st, auth.Config{Now: clk.now})
	})
	e.user(t, store.RoleAnalyst, "")
	pre := "lockoutprecsrf0123456789abcdefghijklmnopqrstuvwxyz"
	try := func(pw string) (int, string) {
		resp, out := e.do(t, "POST", "/login", form("csrf", pre, "name", "analyst", "password", pw),
			"Cookie", "ids_precsrf="+pre, "Content-Type", formType)
		if resp.StatusCode == 429 { // the same name from the same address: wait as told, then retry
			secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			clk.add(time.Duration(secs) * time.Second)
			resp, out = e.do(t, "POST", "/login", form("csrf", pre, "name", "analyst", "password", pw),
				"Cookie", "ids_precsrf="+pre, "Content-Type", formType)
		}
		return resp.StatusCode, out
	}
	for i := 0; i < 5; i++ {
		if code, _ := try("wrong-password!"); code != 401 {
			t.Fatalf("failure %d: status %d", i+1, code)
		}
	}
	code, out := try(testPassword)
	if code != 401 || !strings.Contains(out, "锁定") {
		t.Fatalf("the right password got in during the lock-out: %d", code)
	}
	// An unknown user gets the very same page text.
	resp, unknown := e.do(t, "POST", "/login", form("csrf", pre, "name", "nobody", "password", "x"), "Cookie", "ids_precsrf="+pre, "Content-Type", formType)
	if resp.StatusCode != 401 || !strings.Contains(unknown, "用户名或密码不正确") {
		t.Fatalf("unknown user: %d", resp.StatusCode)
	}
	log, _ := e.Store.AuditLog(t.Context(), store.AuditFilter{Action: "user.lock"})
	if len(log) != 1 {
		t.Errorf("lock-outs in the audit log: %d", len(log))
	}
}

func TestFirstRunGoesToSetup(t *testing.T) {
	e := newEnv(t, false)
	resp, _ := e.do(t, "GET", "/districts", "")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/setup" {
		t.Fatalf("no users yet: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	pre := "setupprecsrf0123456789abcdefghijklmnopqrstuvwxyz"
	resp, out := e.do(t, "POST", "/setup", form("csrf", pre, "name", "root", "password", "A-strong-password", "password2", "A-strong-password"),
		"Cookie", "ids_precsrf="+pre, "Content-Type", formType)
	if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Set-Cookie"), "ids_session=") {
		t.Fatalf("setup: %d %.300s", resp.StatusCode, out)
	}
	if c := resp.Header.Get("Set-Cookie"); !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
		t.Errorf("session cookie %s", c)
	}
	resp, _ = e.do(t, "GET", "/setup", "")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/login" {
		t.Fatalf("setup is still open: %d", resp.StatusCode)
	}
	resp, _ = e.do(t, "GET", "/districts", "")
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=%2Fdistricts") {
		t.Fatalf("anonymous page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, out = e.do(t, "GET", "/api/v1/progress", "")
	if resp.StatusCode != 401 || !strings.Contains(out, "登录") {
		t.Fatalf("anonymous API: %d %s", resp.StatusCode, out)
	}
}
