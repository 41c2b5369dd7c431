package web

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/budget"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// access is the rule a route is served under. Every route is registered with
// one (h.route); NewApp refuses to start when a route has none, and the
// role × route test covers each.
type access int

const (
	// accessPublic: anyone, logged in or not (login, health, static files).
	accessPublic access = iota + 1
	// accessUser: any logged-in user.
	accessUser
	// accessCity: city-wide dashboards, briefing and their API: admins,
	// analysts and leaders; reporters get 403.
	accessCity
	// accessUnit: one unit's series (indicator page, series API, its
	// export): everyone who may read the city, and reporters for their own
	// unit only (?org_unit defaults to it; any other unit is 403).
	accessUnit
	// accessSubmit: submission pages and API: analysts, admins and
	// reporters (the handler checks the unit row by row); leaders get 403.
	accessSubmit
	// accessStaff: reviewing, imports, targets: analysts and admins.
	accessStaff
	// accessAdmin: the system administrator only.
	accessAdmin
	// accessAccounts: the list of accounts: system and security
	// administrators.
	accessAccounts
	// accessUserAdmin: creating, disabling and enabling accounts: the
	// system administrator.
	accessUserAdmin
	// accessSecurity: roles, password resets, unlocking, revoking tokens,
	// audit-log grants: the security administrator (and the system
	// administrator unless -separation-of-duties).
	accessSecurity
	// accessAudit: reading and exporting the audit log: the audit
	// administrator, analysts granted it (and the system administrator
	// unless -separation-of-duties).
	accessAudit
	// accessBudget: the department budget (预算执行, 绩效运行监控表): everyone
	// who may read the city, and reporters bound to a budget unit, who see
	// their own unit's lines and projects only (the handlers filter every
	// row); district reporters get 403.
	accessBudget
)

const (
	sessionCookie = "ids_session"
	preCSRFCookie = "ids_precsrf"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
	localUser     = "user"
	localSession  = "session"
	localIP       = "client_ip" // set by identify (clientIP)
)

// route registers a handler under an access rule.
func (h *Handler) route(app *fiber.App, method, path string, a access, handler fiber.Handler) {
	h.rules[method+" "+path] = a
	app.Add(method, path, h.guard(a), handler)
}

// checkRules reports the first registered route without an access rule.
func (h *Handler) checkRules(app *fiber.App) error {
	for _, r := range app.GetRoutes(true) {
		m := r.Method
		if m == fiber.MethodHead {
			m = fiber.MethodGet
		}
		if _, ok := h.rules[m+" "+r.Path]; !ok {
			return fmt.Errorf("web: route %s %s has no access rule; register it with h.route", r.Method, r.Path)
		}
	}
	return nil
}

// currentUser returns the logged-in user, if any.
func currentUser(c *fiber.Ctx) (store.User, bool) {
	u, ok := c.Locals(localUser).(store.User)
	return u, ok
}

func currentSession(c *fiber.Ctx) (store.Session, bool) {
	s, ok := c.Locals(localSession).(store.Session)
	return s, ok
}

// actor is who acts in this request, for the audit log.
func actor(c *fiber.Ctx) auth.Actor {
	u, _ := currentUser(c)
	rid, _ := c.Locals("requestid").(string)
	ip, _ := c.Locals(localIP).(string)
	if ip == "" {
		ip = c.IP()
	}
	return auth.ActorOf(u, ip, rid)
}

func wantsJSON(c *fiber.Ctx) bool {
	return strings.HasPrefix(c.Path(), "/api/") || strings.Contains(c.Get(fiber.HeaderAccept), fiber.MIMEApplicationJSON)
}

func forbidden(code msg.Code, args ...any) error {
	return &userError{status: fiber.StatusForbidden, err: msg.New(code, args...)}
}

// identify runs before every route: it finds the user from a Bearer token
// or the session cookie, sends everyone to /setup while no user exists, and
// checks the CSRF token of every state-changing request made with a session.
func (h *Handler) identify(c *fiber.Ctx) error {
	c.Locals(localIP, h.clientIP(c))
	ctx := c.UserContext()
	has, err := h.auth.HasUsers(ctx)
	if err != nil {
		return err
	}
	if !has {
		p := c.Path()
		if p == "/setup" || strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/readyz" || p == "/favicon.ico" {
			return c.Next()
		}
		if wantsJSON(c) {
			return userErr(fiber.StatusServiceUnavailable, msg.WebNotSetUp)
		}
		return c.Redirect("/setup", fiber.StatusSeeOther)
	}
	if authz := c.Get(fiber.HeaderAuthorization); authz != "" {
		tok, ok := strings.CutPrefix(authz, "Bearer ")
		if !ok {
			return userErr(fiber.StatusUnauthorized, msg.WebBadAuthorization)
		}
		u, err := h.auth.TokenUser(ctx, strings.TrimSpace(tok))
		if errors.Is(err, auth.ErrNoSession) {
			return userErr(fiber.StatusUnauthorized, msg.WebBadToken)
		}
		if err != nil {
			return err
		}
		c.Locals(localUser, u)
		return c.Next() // Bearer requests carry no cookies: no CSRF check
	}
	if ck := c.Cookies(sessionCookie); ck != "" {
		u, sess, extended, err := h.auth.Authenticate(ctx, ck)
		switch {
		case err == nil:
			c.Locals(localUser, u)
			c.Locals(localSession, sess)
			if extended { // the idle end moved: the cookie's Expires follows
				h.setSessionCookie(c, ck, sess)
			}
		case errors.Is(err, auth.ErrNoSession):
			h.clearSessionCookie(c)
		default:
			return err
		}
	}
	if sess, ok := currentSession(c); ok && unsafeMethod(c.Method()) {
		tok := c.Get(csrfHeader)
		if tok == "" {
			tok = bodyValue(c, csrfField) // never the query string
		}
		if !auth.SameSecret(tok, sess.CSRF) {
			return forbidden(msg.WebCSRFMissing)
		}
	}
	if u, ok := currentUser(c); ok {
		if _, isSession := currentSession(c); isSession && !passwordChangeExempt(c.Path()) {
			if due, why := h.auth.PasswordChangeDue(u); due {
				if wantsJSON(c) {
					return forbidden(msg.WebPasswordChangeDue, why)
				}
				return c.Redirect("/account/password", fiber.StatusSeeOther)
			}
		}
	}
	return c.Next()
}

// passwordChangeExempt lists what a user who must change the password may
// still reach: the change itself, logging out, and the static files and
// health checks.
func passwordChangeExempt(p string) bool {
	switch p {
	case "/account/password", "/logout", "/healthz", "/readyz", "/favicon.ico":
		return true
	}
	return strings.HasPrefix(p, "/static/")
}

func unsafeMethod(m string) bool {
	switch m {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return false
	}
	return true
}

// guard enforces a route's access rule.
func (h *Handler) guard(a access) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if a == accessPublic {
			return c.Next()
		}
		u, ok := currentUser(c)
		if !ok {
			if wantsJSON(c) {
				c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="industrydash"`)
				return userErr(fiber.StatusUnauthorized, msg.WebLoginRequired)
			}
			next := c.OriginalURL()
			if unsafeMethod(c.Method()) {
				next = "/"
			}
			return c.Redirect("/login?next="+url.QueryEscape(next), fiber.StatusSeeOther)
		}
		switch a {
		case accessCity:
			if !auth.CanReadCity(u) {
				return forbidden(msg.WebCityForbidden, u.OrgUnit)
			}
		case accessUnit:
			if err := h.scopeUnit(c, u); err != nil {
				return err
			}
		case accessSubmit:
			if !auth.IsStaff(u) && u.Role != store.RoleReporter {
				if u.Role == store.RoleLeader {
					return forbidden(msg.WebLeaderNoSubmissions)
				}
				return forbidden(msg.WebRoleNoSubmissions, auth.RoleLabel(u.Role))
			}
		case accessStaff:
			if !auth.IsStaff(u) {
				return forbidden(msg.WebAnalystOrAdminOnly)
			}
		case accessAdmin:
			if u.Role != store.RoleAdmin {
				return forbidden(msg.WebAdminOnly)
			}
		case accessAccounts:
			if !h.auth.CanListUsers(u) {
				return forbidden(msg.WebUserListForbidden)
			}
		case accessUserAdmin:
			if !h.auth.CanManageUsers(u) {
				return forbidden(msg.WebUserCreateForbidden)
			}
		case accessSecurity:
			if !h.auth.CanAdministerSecurity(u) {
				if h.auth.SeparateDuties() {
					return forbidden(msg.WebSecurityAdminOnlySeparated)
				}
				return forbidden(msg.WebSecurityAdminOnly)
			}
		case accessAudit:
			if !h.auth.CanReadAudit(u) {
				return forbidden(msg.WebAuditForbidden)
			}
		case accessBudget:
			if _, _, err := h.budgetScope(c.UserContext(), u); err != nil {
				return err
			}
		}
		return c.Next()
	}
}

// scopeUnit keeps a reporter to their own unit on unit-scoped routes: an
// empty ?org_unit becomes theirs, any other unit is refused, and of the
// exports only the indicator page's is theirs to download.
func (h *Handler) scopeUnit(c *fiber.Ctx, u store.User) error {
	if auth.CanReadCity(u) {
		return nil
	}
	if u.Role != store.RoleReporter || u.OrgUnit == "" {
		return forbidden(msg.WebDataForbidden)
	}
	if bu, ok, err := h.lookupBudgetUnit(c.UserContext(), u.OrgUnit); err != nil {
		return err
	} else if ok {
		return forbidden(msg.WebBudgetUnitNoIndicators, bu.Name)
	}
	if p := c.Params("page"); p != "" && p != "indicator" {
		return forbidden(msg.WebCityDownloadForbidden)
	}
	want := strings.TrimSpace(c.Query("org_unit"))
	if want == "" {
		c.Request().URI().QueryArgs().Set("org_unit", u.OrgUnit)
		return nil
	}
	unit, ok, err := h.review.LookupUnit(c.UserContext(), want)
	if err != nil {
		return err
	}
	if !ok || unit.Code != u.OrgUnit {
		return forbidden(msg.WebOtherUnitForbidden, u.OrgUnit, want)
	}
	return nil
}

// budgetScope says whose budget u may see: everyone who reads the city sees
// the whole department (restricted false); a reporter bound to a budget
// unit sees only that unit (restricted true, unit its code); anyone else
// is refused.
func (h *Handler) budgetScope(ctx context.Context, u store.User) (unit string, restricted bool, err error) {
	if auth.CanReadCity(u) {
		return "", false, nil
	}
	if u.Role == store.RoleReporter {
		bu, ok, err := h.lookupBudgetUnit(ctx, u.OrgUnit)
		if err != nil {
			return "", false, err
		}
		if ok && bu.Code == u.OrgUnit {
			return bu.Code, true, nil
		}
		return "", false, forbidden(msg.WebBudgetOtherUnitForbidden, u.OrgUnit)
	}
	return "", false, forbidden(msg.WebBudgetForbidden)
}

// lookupBudgetUnit finds a stored budget unit by code, name or short name
// (none when the budget is not enabled).
func (h *Handler) lookupBudgetUnit(ctx context.Context, s string) (budget.Unit, bool, error) {
	if h.budget == nil {
		return budget.Unit{}, false, nil
	}
	return h.budget.LookupUnit(ctx, s)
}

// requireUnit checks that the user may fill in the figures of unit code
// (reporters: their own unit only).
func requireUnit(c *fiber.Ctx, code string) error {
	u, _ := currentUser(c)
	if !auth.CanSubmit(u, code) {
		return forbidden(msg.WebOtherUnitSubmissionForbidden, u.OrgUnit, code)
	}
	return nil
}
